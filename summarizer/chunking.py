"""Articles longer than a model's context: split on paragraph boundaries, merge partial records.

The hard limit on article size is summarizer.article.MAX_ARTICLE_CHARS; below it, an article
longer than the profile's `context_chars` is cut into chunks of whole paragraphs (a single
over-long paragraph is cut at sentence ends). Partial records are merged field by field.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from summarizer.article import Article

__all__ = ["split_article", "merge_records"]


def _pieces(text: str, limit: int) -> list[str]:
    paragraphs = re.split(r"(\n\s*\n)", text)
    out: list[str] = []
    for part in paragraphs:
        if len(part) <= limit:
            out.append(part)
            continue
        sentences = re.split(r"(?<=[.!?])(\s+)", part)
        for sentence in sentences:
            while len(sentence) > limit:
                out.append(sentence[:limit])
                sentence = sentence[limit:]
            out.append(sentence)
    return out


def split_article(article: Article, limit: int) -> list[Article]:
    if len(article.text) <= limit:
        return [article]
    chunks: list[str] = []
    current = ""
    for piece in _pieces(article.text, limit):
        if current and len(current) + len(piece) > limit:
            chunks.append(current)
            current = ""
        current += piece
    if current.strip():
        chunks.append(current)
    return [Article(text=c, meta=article.meta) for c in chunks if c.strip()]


def _renumber(data: dict[str, Any], chunk: int) -> dict[str, Any]:
    """Make incident ids unique across chunks (I1 of chunk 2 becomes C2-I1) and fix references."""
    incidents = data.get("incidents")
    if chunk == 0 or not isinstance(incidents, list):
        return data
    mapping = {i["id"]: f"C{chunk + 1}-{i['id']}" for i in incidents if isinstance(i, dict) and "id" in i}

    def fix(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: ([mapping.get(r, r) for r in v] if k == "incident_ids" else mapping.get(v, v) if k == "id" and v in mapping else fix(v))
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value

    fixed: dict[str, Any] = fix(data)
    return fixed


def merge_records(records: list[BaseModel]) -> BaseModel:
    """Concatenate list fields, join summary strings, keep the first non-empty other value."""
    schema = type(records[0])
    dumps = [_renumber(r.model_dump(mode="json"), n) for n, r in enumerate(records)]
    merged: dict[str, Any] = {}
    for name in schema.model_fields:
        values = [d.get(name) for d in dumps]
        if all(isinstance(v, list) for v in values if v is not None):
            merged[name] = [item for v in values if v for item in v]
        elif name == "summary" and all(isinstance(v, str) for v in values):
            merged[name] = " ".join(v for v in values if v)
        else:
            merged[name] = next((v for v in values if v not in (None, "", [])), values[0])
    return schema.model_validate(merged)
