"""Many articles in: a JSON Lines file (one article per line) or a list of files.

JSONL line: {"id": "...", "text": "..."} or {"id": "...", "path": "relative/to/the/jsonl.txt"},
plus any of title, outlet, url, published (YYYY-MM-DD), language. Every id must be unique:
it is what resume matches on. Problems are reported with the line number, before any call.
An unusable id (control characters, a lone surrogate, nothing visible) refuses the input, shown
escaped with its line number; an unusable text or metadata value fails that article alone, at
run time. Decoding notices (invalid bytes replaced, cp1252 used) go to `notices` when given.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from pydantic import ValidationError

from summarizer.article import Article, ArticleMeta, escaped
from summarizer.errors import InputError
from summarizer.sources import fetch_url, is_url, read_path

__all__ = ["META_KEYS", "as_articles", "line_article", "parse_line", "read_files", "read_jsonl"]

META_KEYS = ("title", "outlet", "url", "published", "language")
_ALLOWED = {"id", "text", "path", *META_KEYS}

# Controls (NUL, newline, ...), lone surrogates, and the invisible format characters an id
# would otherwise hide (zero-width space and joiners, bidi marks, word joiner, BOM).
_BAD_ID_CHAR = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def check_id(ident: object, where: str) -> str:
    """The id if it can key a results line and be matched on resume; else a one-line InputError."""
    if not isinstance(ident, str) or not ident.strip():
        raise InputError(f"{where}: 'id' must be a non-empty string (resume matches on it)")
    bad = _BAD_ID_CHAR.search(ident)
    if bad is not None:
        what = "a lone surrogate" if "\ud800" <= bad.group() <= "\udfff" else "an invisible or control character"
        raise InputError(
            f"{where}: the id {escaped(ident)[:200]} is unusable: it has {what} (U+{ord(bad.group()):04X}); "
            "use plain printable text"
        )
    return ident


def _unique(articles: list[Article], where: str, places: list[str] | None = None) -> list[Article]:
    seen: set[str] = set()
    for n, article in enumerate(articles):
        place = places[n] if places is not None else f"{where}: item {n + 1}"
        ident = article.meta.id
        if not ident:
            raise InputError(f"{place}: every article needs an id (resume matches on it)")
        check_id(ident, place)
        if ident in seen:
            raise InputError(f"{place}: the id {escaped(ident)} appears twice; ids must be unique")
        seen.add(ident)
    return articles


def parse_line(line: str, base: Path, where: str, notices: list[str] | None = None) -> Article:
    """One JSONL line (its text, without the newline) as an Article; a one-line InputError naming
    `where` otherwise. Shared with summarizer.batchapi's streaming index, so both say the same."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not JSON ({exc.msg})") from None
    except RecursionError:
        raise InputError(f"{where}: the JSON is nested too deeply; give one flat object per line") from None
    return line_article(obj, base, where, notices)


def line_article(obj: object, base: Path, where: str, notices: list[str] | None = None) -> Article:
    """One parsed JSONL line as an Article (text unchecked: that is done per article, at run time);
    one-line InputError naming `where` otherwise (a table row's too: summarizer.batch.table_inputs)."""
    if not isinstance(obj, dict):
        raise InputError(f"{where}: each line must be a JSON object with 'id' and 'text' (or 'path')")
    unknown = sorted(set(obj) - _ALLOWED)
    if unknown:
        raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_ALLOWED))}")
    ident = check_id(obj.get("id"), where)
    if ("text" in obj) == ("path" in obj):
        raise InputError(f"{where}: give exactly one of 'text' or 'path'")
    found: dict[str, object] = {}
    if "path" in obj:
        source = _read(base / str(obj["path"]), where, notices)
        text = source.text
        found = source.meta.model_dump(exclude_none=True)  # a page's own title and date, unless the line gives them
    elif isinstance(obj["text"], str):
        text = obj["text"]
    else:
        raise InputError(f"{where}: 'text' must be a string")
    try:
        meta = ArticleMeta(**{**found, "id": ident, **{k: obj[k] for k in META_KEYS if k in obj}})
    except ValidationError as exc:
        problems = "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors(include_url=False))
        raise InputError(f"{where}: {problems}") from None
    return Article.model_construct(text=text, meta=meta)  # text is checked per article, at run time


def _read_bytes(path: Path, where: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{where}: cannot read {escaped(str(path))}: {exc.strerror or exc}") from None


def _read(path: Path, where: str, notices: list[str] | None) -> Article:
    """The article in a text, HTML or PDF file; its text is not refused here (empty or binary
    text fails alone, at run time), but a file that is no article at all refuses the input."""
    try:
        return read_path(path, notices=notices)
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None


def read_jsonl(path: Path, *, notices: list[str] | None = None) -> list[Article]:
    """Every article of a JSONL input file (texts checked later, per article, so one bad text fails alone)."""
    if not path.is_file():
        raise InputError(f"no input file at {path}")
    data = _read_bytes(path, str(path))
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        number = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{number}: not UTF-8 (byte 0x{data[exc.start]:02x}): a JSONL input must be UTF-8") from None
    articles = []
    places = []
    # split on "\n" only: str.splitlines() would also cut at U+2028 or U+0085 inside a JSON string
    for number, line in enumerate(content.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        articles.append(parse_line(line, path.parent, where, notices))
        places.append(where)
    return _unique(articles, str(path), places)


def read_files(paths: Iterable[str | Path], *, notices: list[str] | None = None, fetch: bool = False) -> list[Article]:
    """One article per file (its id the file name without extension) or, with `fetch`, per URL
    (its id the URL)."""
    articles = []
    places = []
    for raw in paths:
        if isinstance(raw, str) and is_url(raw):
            if not fetch:
                raise InputError(f"{escaped(raw)} is a URL: pass --fetch to download it (nothing is fetched unless asked)")
            article = fetch_url(raw, notices=notices)
            articles.append(article.model_copy(update={"meta": article.meta.model_copy(update={"id": raw})}))
            places.append(f"input URL {escaped(raw)}")
            continue
        path = Path(raw)
        article = read_path(path, notices=notices)
        articles.append(article.model_copy(update={"meta": article.meta.model_copy(update={"id": path.stem})}))
        places.append(f"input file {escaped(str(path))}")
    return _unique(articles, "input files", places)


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
