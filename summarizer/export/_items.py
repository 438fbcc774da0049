"""What an export reads: one item per article, a record or the article's error, from a results file.

A results file is the batch's JSON Lines (`{"id", "ok", "result" | "error"}` per line) or a
Parquet file with the same columns (`result` as JSON text). A line that cannot be read as an
incident result becomes that article's error item, never a dropped row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer.article import ArticleMeta
from summarizer.errors import InputError
from summarizer.result import SummaryResult
from summarizer.schemas.incident import IncidentSummary

__all__ = ["ExportItem", "read_results"]


@dataclass(frozen=True)
class ExportItem:
    """One article: its record when it succeeded, else the error that stopped it."""

    article_id: str
    record: IncidentSummary | None
    article: ArticleMeta | None = None
    result: SummaryResult[IncidentSummary] | None = None
    error_type: str | None = None
    error_message: str | None = None

    @property
    def ok(self) -> bool:
        return self.record is not None

    @classmethod
    def of_record(cls, article_id: str, record: IncidentSummary, *, article: ArticleMeta | None = None) -> ExportItem:
        return cls(article_id=article_id, record=record, article=article)

    @classmethod
    def of_result(cls, article_id: str, result: SummaryResult[IncidentSummary]) -> ExportItem:
        return cls(article_id=article_id, record=result.record, article=result.article, result=result)


def _item(obj: dict[str, Any], where: str) -> ExportItem:
    ident = obj.get("id")
    if not isinstance(ident, str):
        raise InputError(f"{where} has no string 'id': is this a results file written by `summarizer summarize`?")
    if not obj.get("ok"):
        raw_error = obj.get("error")
        error: dict[str, Any] = raw_error if isinstance(raw_error, dict) else {}
        return ExportItem(ident, None, error_type=str(error.get("type") or "Error"),
                          error_message=str(error.get("message") or "failed"))  # fmt: skip
    raw = obj.get("result")
    try:
        data = json.loads(raw) if isinstance(raw, str) else raw
        result = SummaryResult[IncidentSummary].model_validate(data)
    except (ValidationError, ValueError, TypeError) as exc:
        first = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        return ExportItem(ident, None, error_type="ExportError", error_message=f"not an incident result: {first}")
    return ExportItem.of_result(ident, result)


def _jsonl(path: Path) -> Iterator[ExportItem]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            if not line.endswith("\n"):
                break  # a torn last line: the run that wrote it was killed mid-write
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                raise InputError(f"{path}:{number} is not a JSON line: pass a results file (.jsonl) or .parquet") from None
            if not isinstance(obj, dict):
                raise InputError(f"{path}:{number} is not a JSON object: pass a results file")
            yield _item(obj, f"{path}:{number}")


def _parquet(path: Path) -> Iterator[ExportItem]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("reading Parquet needs pyarrow: pip install 'incident-summarizer[parquet]'") from None
    for n, row in enumerate(pq.read_table(path).to_pylist(), 1):
        if "error" not in row and (row.get("error_type") or row.get("error_message")):
            row["error"] = {"type": row.get("error_type"), "message": row.get("error_message")}
        yield _item(row, f"{path} row {n}")


def read_results(path: Path) -> list[ExportItem]:
    """Every article of a results file, in file order."""
    if not path.is_file():
        raise InputError(f"{path} is not a file: pass the results file a batch wrote (--output)")
    return list(_parquet(path) if path.suffix == ".parquet" else _jsonl(path))
