"""Articles from what analysts have: text files, HTML pages, PDFs, and URLs (only when asked).

The article's text is what the model reads and what quotes are grounded in, so for HTML it is
the page's main text (trafilatura; title and date become metadata), for a PDF its text layer
(pypdf). Both are extras: `pip install 'incident-summarizer[html]'` / `[pdf]`. What cannot be
read (a folder, a Word file, a scanned PDF) is one InputError saying what to do instead.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import urllib.error
import urllib.request
from pathlib import Path

from summarizer.article import Article, ArticleMeta, decode_text, escaped
from summarizer.errors import InputError

__all__ = ["FETCH_MAX_BYTES", "FETCH_TIMEOUT_S", "fetch_url", "is_url", "read_bytes_as_article", "read_path"]

FETCH_TIMEOUT_S = 20.0
FETCH_MAX_BYTES = 10_000_000
"""A news page or PDF is far below this; a larger answer is refused, not truncated."""

_HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_MIN_PDF_CHARS = 40
"""A PDF whose text layer holds less than this is taken for a scan."""


def is_url(value: str) -> bool:
    return bool(re.match(r"^https?://", value, re.I))


def _kind(data: bytes, name: str) -> str:
    suffix = Path(name.split("?")[0]).suffix.lower()
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if suffix in (".docx", ".docm") or b"word/" in data[:4096] else "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if suffix in (".html", ".htm", ".xhtml") or _HTML_START.match(data[:2048]):
        return "html"
    return "text"


def read_bytes_as_article(data: bytes, *, name: str, notices: list[str] | None = None) -> Article:
    """An Article (text unchecked: the caller checks it) from the bytes of a text, HTML or PDF file."""
    kind = _kind(data, name)
    if kind == "pdf":
        return Article.model_construct(text=_pdf_text(data, name), meta=ArticleMeta())
    if kind in ("docx", "doc"):
        raise InputError(f"{name} is a Word document: save it as plain text (.txt) or PDF, then give that file")
    if kind == "zip":
        raise InputError(f"{name} is a zip archive: unpack it and give the article files inside")
    decoded = decode_text(data, name=name)
    if decoded.notice is not None and notices is not None:
        notices.append(decoded.notice)
    if kind == "html":
        return _html_article(decoded.text, name)
    return Article.model_construct(text=decoded.text, meta=ArticleMeta())


def read_path(path: Path, *, notices: list[str] | None = None) -> Article:
    """The article in the file at `path` (see read_bytes_as_article); folders and missing files refused."""
    shown = escaped(str(path))
    if path.is_dir():
        raise InputError(f"{shown} is a folder: give the article files inside it (e.g. {path}/*.txt), or list them in --input JSONL")
    if not path.is_file():
        raise InputError(f"no article file at {shown}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {shown}: {exc.strerror or exc}") from None
    return read_bytes_as_article(data, name=str(path), notices=notices)


def _html_article(html: str, name: str) -> Article:
    try:
        import trafilatura
    except ImportError:
        raise InputError(f"{name} is an HTML page: reading its main text needs pip install 'incident-summarizer[html]'") from None
    found = trafilatura.extract(html, output_format="json", with_metadata=True, include_comments=False, include_tables=False)
    data = json.loads(found) if found else {}
    text = str(data.get("text") or "")
    if not text.strip():
        raise InputError(f"{name}: found no article text in this HTML page: save the article's text and give that file")
    return Article.model_construct(text=text, meta=ArticleMeta(title=data.get("title") or None, published=_date(data.get("date"))))


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _pdf_text(data: bytes, name: str) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:
        raise InputError(f"{name} is a PDF: reading its text needs pip install 'incident-summarizer[pdf]'") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(f"{name} is an encrypted PDF: save an unprotected copy, then give that file")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(f"{name} is a damaged PDF ({type(exc).__name__}): re-export it, or give its text as a .txt file") from None
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if len(text.strip()) < _MIN_PDF_CHARS:
        raise InputError(
            f"{name} has no text layer (a scanned PDF?): run OCR on it first (e.g. ocrmypdf), or give its text as a .txt file"
        )
    return text


def fetch_url(url: str, *, timeout: float = FETCH_TIMEOUT_S, max_bytes: int = FETCH_MAX_BYTES, notices: list[str] | None = None) -> Article:
    """Download `url` (http or https) and read it as an article; only called when the user asked."""
    if not is_url(url):
        raise InputError(f"{escaped(url)} is not an http(s) URL")
    request = urllib.request.Request(url, headers={"User-Agent": "incident-summarizer", "Accept": "text/html, application/pdf, text/plain"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) checked above
            declared = response.headers.get("Content-Length")
            if declared is not None and declared.isdigit() and int(declared) > max_bytes:
                raise InputError(f"{url} is {int(declared):,} bytes, over the cap of {max_bytes:,}: save the article and give the file")
            data = response.read(max_bytes + 1)
    except InputError:
        raise
    except urllib.error.HTTPError as exc:
        raise InputError(f"fetching {url} failed: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise InputError(f"fetching {url} failed ({reason}): check the address, or save the page and give the file") from None
    if len(data) > max_bytes:
        raise InputError(f"{url} is larger than the cap of {max_bytes:,} bytes: save the article and give the file")
    article = read_bytes_as_article(data, name=url, notices=notices)
    return article.model_copy(update={"meta": article.meta.model_copy(update={"url": url})})
