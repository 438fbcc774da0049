"""Many articles in: a JSON Lines file (one article per line) or a list of files.

JSONL line: {"id": "...", "text": "..."} or {"id": "...", "path": "relative/to/the/jsonl.txt"},
plus any of title, outlet, url, published (YYYY-MM-DD), language. Every id must be unique:
it is what resume matches on. Problems are reported with the line number, before any call.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from pydantic import ValidationError

from summarizer.article import Article, ArticleMeta, decode_article_bytes
from summarizer.errors import InputError

__all__ = ["META_KEYS", "as_articles", "read_files", "read_jsonl"]

META_KEYS = ("title", "outlet", "url", "published", "language")
_ALLOWED = {"id", "text", "path", *META_KEYS}


def _unique(articles: list[Article], where: str) -> list[Article]:
    seen: set[str] = set()
    for article in articles:
        ident = article.meta.id
        if not ident:
            raise InputError(f"{where}: every article needs an id (resume matches on it)")
        if ident in seen:
            raise InputError(f"{where}: the id {ident!r} appears twice; ids must be unique")
        seen.add(ident)
    return articles


def _line_article(obj: object, base: Path, where: str) -> Article:
    if not isinstance(obj, dict):
        raise InputError(f"{where}: each line must be a JSON object with 'id' and 'text' (or 'path')")
    unknown = sorted(set(obj) - _ALLOWED)
    if unknown:
        raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_ALLOWED))}")
    ident = obj.get("id")
    if not isinstance(ident, str) or not ident.strip():
        raise InputError(f"{where}: 'id' must be a non-empty string (resume matches on it)")
    if ("text" in obj) == ("path" in obj):
        raise InputError(f"{where}: give exactly one of 'text' or 'path'")
    if "path" in obj:
        path = base / str(obj["path"])
        if not path.is_file():
            raise InputError(f"{where}: no article file at {path}")
        text = _decode(path)
    elif isinstance(obj["text"], str):
        text = obj["text"]
    else:
        raise InputError(f"{where}: 'text' must be a string")
    try:
        meta = ArticleMeta(id=ident, **{k: obj[k] for k in META_KEYS if k in obj})
    except ValidationError as exc:
        problems = "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors(include_url=False))
        raise InputError(f"{where}: {problems}") from None
    return Article.model_construct(text=text, meta=meta)  # text is checked per article, at run time


def _decode(path: Path) -> str:
    """Decoded text; undecodable or empty files stay as they are and fail alone, at run time."""
    data = path.read_bytes()
    try:
        return decode_article_bytes(data, name=str(path))
    except InputError:
        return data.decode("utf-8", "replace")


def read_jsonl(path: Path) -> list[Article]:
    """Every article of a JSONL input file (texts checked later, per article, so one bad text fails alone)."""
    if not path.is_file():
        raise InputError(f"no input file at {path}")
    articles = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not JSON ({exc.msg})") from None
        articles.append(_line_article(obj, path.parent, where))
    return _unique(articles, str(path))


def read_files(paths: Iterable[str | Path]) -> list[Article]:
    """One article per file, its id the file name without extension."""
    articles = []
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise InputError(f"no article file at {path}")
        articles.append(Article.model_construct(text=_decode(path), meta=ArticleMeta(id=path.stem)))
    return _unique(articles, "input files")


def as_articles(items: Iterable[Article] | Mapping[str, str | Article]) -> list[Article]:
    """Articles from Article objects (each with meta.id) or a mapping id -> text or Article."""
    if isinstance(items, Mapping):
        out = []
        for ident, value in items.items():
            if isinstance(value, Article):
                out.append(value.model_copy(update={"meta": value.meta.model_copy(update={"id": ident})}))
            else:
                out.append(Article.model_construct(text=value, meta=ArticleMeta(id=ident)))
        return _unique(out, "articles")
    return _unique(list(items), "articles")
