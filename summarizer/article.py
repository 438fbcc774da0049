"""Articles in: text plus optional metadata, decoded robustly and refused when unusable."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from summarizer.errors import InputError

__all__ = [
    "Article",
    "ArticleMeta",
    "DecodedText",
    "MAX_ARTICLE_CHARS",
    "check_article",
    "check_meta",
    "check_text",
    "decode_article_bytes",
    "decode_text",
    "escaped",
    "load_article",
]

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


@dataclass(frozen=True)
class DecodedText:
    """Bytes turned into text, and what it took: `replaced` invalid bytes became U+FFFD."""

    text: str
    encoding: str
    replaced: int = 0
    notice: str | None = None
    """One line for the user when the decoding was not clean UTF-8 (None when it was)."""


# A well-formed multi-byte UTF-8 sequence (RFC 3629 table 3-7): no overlongs, no surrogates.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_ASCII = bytes(range(0x80))


def _utf8_census(data: bytes) -> tuple[int, int]:
    """(valid multi-byte UTF-8 characters, non-ASCII bytes that belong to none)."""
    sequences = _UTF8_SEQUENCE.findall(data)
    non_ascii = len(data.translate(None, _ASCII))
    return len(sequences), non_ascii - sum(len(seq) for seq in sequences)


def decode_text(data: bytes, *, name: str = "article") -> DecodedText:
    """Decode article bytes; never raises, never drops text (the checks come after, in check_text).

    The rule: a UTF-16 BOM selects UTF-16. Otherwise UTF-8 (a UTF-8 BOM is dropped). Bytes that
    are not valid UTF-8 are replaced with U+FFFD, counted and reported, unless the bytes are
    mostly not UTF-8 (more invalid sequences than valid multi-byte UTF-8 characters) and decode
    as Windows-1252, which is then used, with a notice. One stray byte never re-reads a whole
    UTF-8 article as cp1252 ("Ségou" would become "SÃ©gou").
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        replaced = text.count("\ufffd") - data.decode("utf-16", errors="ignore").count("\ufffd")
        notice = f"{name}: {replaced} byte(s) are not valid UTF-16 and were replaced with U+FFFD" if replaced else None
        return DecodedText(text, "utf-16", replaced, notice)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    valid, invalid = _utf8_census(data)
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())  # one per invalid sequence
    if broken > valid:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            notice = (
                f"{name} is not UTF-8 ({invalid} non-ASCII byte(s) are not UTF-8): read as Windows-1252 (cp1252); "
                "re-save it as UTF-8 if accented letters look wrong"
            )
            return DecodedText(data.decode("cp1252"), "cp1252", 0, notice)
    notice = f"{name}: {invalid} byte(s) are not valid UTF-8 and were replaced with U+FFFD (the rest of the text is kept)"
    return DecodedText(text, "utf-8", invalid, notice)


def decode_article_bytes(data: bytes, *, name: str = "article", notices: list[str] | None = None) -> str:
    """Decoded (see decode_text) and checked (see check_text) text; a decoding notice goes to `notices`."""
    decoded = decode_text(data, name=name)
    text = check_text(decoded.text, name=name)
    if decoded.notice is not None and notices is not None:
        notices.append(decoded.notice)
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")
# Letters, digits, punctuation and symbols are visible; separators (Z*), controls and format
# characters (C*: zero-width space, BOM, joiners) and lone combining marks (M*) are not, nor
# these blank letters that fonts draw as nothing.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_PLAIN_VISIBLE = re.compile("[0-9A-Za-z]")


def _has_visible(text: str) -> bool:
    if _PLAIN_VISIBLE.search(text):
        return True
    return any(unicodedata.category(ch)[0] in "LNPS" and ch not in _BLANK_LETTERS for ch in text)


def escaped(value: str) -> str:
    """`value` quoted, with anything unprintable (controls, lone surrogates, zero-width
    characters) as a Python escape, so it can be shown on one line and read back."""
    return repr(value)


_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not _CONTROL_CHARS.match(chr(b)))
"""Every byte but the control bytes _CONTROL_CHARS matches: deleting them from UTF-8 leaves the controls."""


def _count_controls(sample: str, encoded: bytes | None = None) -> int:
    """How many characters of `sample` _CONTROL_CHARS matches, at C speed: each such character is
    one byte in UTF-8, and no other character's encoding holds a byte below 0x20. A regex scan
    cost ~10 ns a character, on every article. `encoded`: the sample's UTF-8, when already made."""
    try:
        data = encoded if encoded is not None else sample.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: refused later, with its offset
        return len(_CONTROL_CHARS.findall(sample))
    return len(data.translate(None, _NOT_CONTROL_BYTES))


def check_text(text: str, *, name: str = "article") -> str:
    """Refuse text that is empty, invisible, binary-looking, mis-encoded or over the size limit.

    Each refusal is one line saying what to fix. A lone surrogate or a NUL anywhere is refused
    (they cannot be sent or stored as UTF-8 text), not only in the first few kilobytes.
    """
    if not text or text.isspace():
        raise InputError(f"{name} is empty: give an article with some text")
    try:
        data: bytes | None = text.encode("utf-8")  # fails only at a lone surrogate; C speed, where a regex scan costs 10 ns a character
        surrogate = None
    except UnicodeEncodeError as exc:
        data, surrogate = None, exc
    sample = text[:8192]
    controls = _count_controls(sample, data if len(sample) == len(text) else None)
    if sample.count("\x00") > len(sample) // 100 or controls > max(8, len(sample) // 100):
        raise InputError(
            f"{name} looks binary (control bytes): give a plain-text article (UTF-16 text needs its byte-order mark)"
        )
    nul = text.find("\x00")
    if nul != -1:
        raise InputError(f"{name} has a NUL character at offset {nul}: remove the NULs, or give a plain-text article")
    if surrogate is not None:
        raise InputError(
            f"{name} has a lone surrogate (U+{ord(text[surrogate.start]):04X}) at offset {surrogate.start}: "
            "the text was mis-encoded; re-encode it as valid UTF-8"
        )
    if not _has_visible(text):
        raise InputError(f"{name} has no visible characters (only spaces, zero-width or format characters): give an article with some text")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            f"{name} has {len(text):,} characters, over the limit of {MAX_ARTICLE_CHARS:,}: split it first"
        )
    return text


def check_meta(meta: ArticleMeta, *, name: str = "article") -> ArticleMeta:
    """Refuse metadata strings that cannot be sent or stored (lone surrogates, NULs and other controls)."""
    for key, value in meta:
        if not isinstance(value, str):
            continue
        bad = _SURROGATE.search(value) or _CONTROL_CHARS.search(value)
        if bad is not None:
            raise InputError(
                f"{name}: {key} {escaped(value)[:120]} has an unusable character (U+{ord(bad.group()):04X}): fix it or leave {key} out"
            )
    return meta


def check_article(article: Article, *, name: str = "article") -> Article:
    """check_text and check_meta together: what one article must pass before any call."""
    check_text(article.text, name=name)
    check_meta(article.meta, name=name)
    return article


def load_article(
    source: str | Path | bytes | Article, meta: ArticleMeta | None = None, *, notices: list[str] | None = None
) -> Article:
    """Build a checked Article from text, a path, bytes, or an Article (meta given here wins).

    A path may name a text, HTML or PDF file (see summarizer.sources). A decoding notice (invalid bytes replaced, cp1252 used) is appended to `notices` when given.
    """
    if isinstance(source, Article):
        article = source
    elif isinstance(source, bytes):
        article = Article(text=decode_article_bytes(source, notices=notices))
    elif isinstance(source, Path):
        from summarizer.sources import read_path  # HTML and PDF files read as their text

        found = read_path(source, notices=notices)
        article = Article(text=check_text(found.text, name=str(source)), meta=found.meta)
    else:
        article = Article(text=check_text(source))
    if meta is not None:
        merged = article.meta.model_dump(exclude_none=True) | meta.model_dump(exclude_none=True)
        article = Article(text=article.text, meta=ArticleMeta(**merged))
    return check_article(article)
