"""Articles in: text plus optional metadata, decoded robustly and refused when unusable."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from summarizer.errors import InputError

__all__ = ["Article", "ArticleMeta", "decode_article_bytes", "load_article", "MAX_ARTICLE_CHARS"]

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")

MAX_ARTICLE_CHARS = 400_000
"""Hard limit on article size (about 100k tokens); longer input is refused, not truncated."""


class ArticleMeta(BaseModel):
    """What is known about an article besides its text. Every field is optional."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = Field(
        default=None, description="Publication date; anchors 'Tuesday' and years left unwritten."
    )
    language: str | None = Field(default=None, description="BCP-47 code such as 'en' or 'fr'.")


class Article(BaseModel):
    """An article's text and metadata. The text is data, never instructions."""

    model_config = ConfigDict(extra="forbid")

    text: str
    meta: ArticleMeta = Field(default_factory=ArticleMeta)


def decode_article_bytes(data: bytes, *, name: str = "article") -> str:
    """Decode bytes as UTF-8 (BOM or not), then UTF-16 by BOM, then cp1252; refuse binary."""
    if not data.strip():
        raise InputError(f"{name} is empty: give an article with some text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        if b"\x00" in data[:8192]:
            raise InputError(f"{name} looks binary (NUL bytes): give a plain-text article")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return check_text(text, name=name)


def check_text(text: str, *, name: str = "article") -> str:
    """Refuse text that is empty, binary-looking, or over the hard size limit."""
    if not text.strip():
        raise InputError(f"{name} is empty: give an article with some text")
    sample = text[:8192]
    controls = len(_CONTROL_CHARS.findall(sample))
    if "\x00" in sample or controls > max(8, len(sample) // 100):
        raise InputError(f"{name} looks binary (control bytes): give a plain-text article")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            f"{name} has {len(text):,} characters, over the limit of {MAX_ARTICLE_CHARS:,}: split it first"
        )
    return text


def load_article(source: str | Path | bytes | Article, meta: ArticleMeta | None = None) -> Article:
    """Build an Article from text, a path, bytes, or an Article (meta given here wins)."""
    if isinstance(source, Article):
        article = source
    elif isinstance(source, bytes):
        article = Article(text=decode_article_bytes(source))
    elif isinstance(source, Path):
        if not source.is_file():
            raise InputError(f"no article file at {source}")
        article = Article(text=decode_article_bytes(source.read_bytes(), name=str(source)))
    else:
        article = Article(text=check_text(source))
    if meta is not None:
        merged = article.meta.model_dump(exclude_none=True) | meta.model_dump(exclude_none=True)
        article = Article(text=article.text, meta=ArticleMeta(**merged))
    return article
