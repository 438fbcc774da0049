"""Many articles in from a table: Parquet or CSV with the columns of a JSONL input line.

Columns: `id` plus `text` or `path` (relative to the table's folder), and any of title, outlet,
url, published, language. A row is checked exactly as a JSONL line is (same rules, same
messages, with the row number); `read_input` picks the reader from the file's suffix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from summarizer.article import Article
from summarizer.batch.inputs import _ALLOWED, _unique, line_article, read_jsonl
from summarizer.errors import InputError

__all__ = ["INPUT_SUFFIXES", "article_of_row", "check_columns", "read_input", "read_table"]

INPUT_SUFFIXES = (".jsonl", ".parquet", ".csv")


def check_columns(columns: list[str], where: str) -> None:
    """Refuse a table whose columns cannot make articles, before anything runs."""
    unknown = sorted(set(columns) - _ALLOWED)
    if unknown:
        raise InputError(f"{where}: unknown column(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_ALLOWED))}")
    if "id" not in columns or not ({"text", "path"} & set(columns)):
        raise InputError(f"{where}: needs an 'id' column and a 'text' or 'path' column")


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    """Null cells are absent keys; an empty text or path cell is absent when the other one is given
    (a CSV with both columns leaves one empty per row)."""
    out = {k: v for k, v in row.items() if v is not None}
    for key, other in (("text", "path"), ("path", "text")):
        if out.get(key) == "" and out.get(other):
            del out[key]
    for key in ("title", "outlet", "url", "published", "language"):
        if out.get(key) == "":
            del out[key]
    return out


def article_of_row(row: dict[str, Any], base: Path, where: str, notices: list[str] | None = None) -> Article:
    """One row as an Article, checked like a JSONL line (InputError saying what to fix)."""
    return line_article(_clean(row), base, where, notices)


def read_table(path: Path, *, notices: list[str] | None = None) -> list[Article]:
    """Every article of a Parquet or CSV input file (texts checked later, per article)."""
    if not path.is_file():
        raise InputError(f"no input file at {path}")
    try:
        import pyarrow.csv as pcsv
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("Parquet and CSV inputs need pyarrow: pip install 'incident-summarizer[parquet]'") from None
    try:
        if path.suffix.lower() == ".parquet":
            table = pq.read_table(path)
        else:
            strings = pcsv.ConvertOptions(strings_can_be_null=False, column_types={"id": "string", "text": "string"})
            table = pcsv.read_csv(path, convert_options=strings)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise InputError(f"{path}: not a readable {path.suffix[1:]} table ({str(exc).splitlines()[0]})") from None
    check_columns(table.column_names, str(path))
    places = [f"{path} row {n}" for n in range(1, table.num_rows + 1)]
    articles = [article_of_row(row, path.parent, where, notices) for row, where in zip(table.to_pylist(), places)]
    return _unique(articles, str(path), places)


def read_input(path: Path, *, notices: list[str] | None = None) -> list[Article]:
    """Articles from a .parquet or .csv input, by suffix; any other file is JSON Lines."""
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".csv"):
        return read_table(path, notices=notices)
    return read_jsonl(path, notices=notices)  # any other name is read as JSON Lines, as before
