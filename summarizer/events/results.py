"""Results files (`summarizer batch` output, or one SummaryResult JSON a line) read for linking.

A failed article's line is counted, not linked; a line that is neither is refused with its number.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer.errors import InputError
from summarizer.events.refs import IncidentRef, refs_from_summary
from summarizer.schemas.incident import IncidentSummary

__all__ = ["LinkInput", "read_results"]


@dataclass
class LinkInput:
    """What a results file gives linking: each article's record, the refs, and failed articles."""

    records: dict[str, tuple[IncidentSummary, dt.date | None, str | None]] = field(default_factory=dict)
    refs: list[IncidentRef] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _result(line: dict[str, Any]) -> dict[str, Any] | None:
    inner = line.get("result")
    if isinstance(inner, dict):
        return inner
    return line if "record" in line and "article" in line else None


def read_results(path: Path) -> LinkInput:
    if not path.is_file():
        raise InputError(f"no results file at {path}")
    out = LinkInput()
    for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not text.strip():
            continue
        try:
            line = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(line, dict):
            raise InputError(f"{path}:{n}: expected a JSON object (a batch line or a SummaryResult)")
        if line.get("ok") is False:
            out.failed.append(str(line.get("id", f"line {n}")))
            continue
        result = _result(line)
        if result is None:
            raise InputError(f"{path}:{n}: neither a batch line with 'result' nor a SummaryResult")
        article = result.get("article") or {}
        ident = str(line.get("id") or article.get("id") or f"line-{n}")
        if ident in out.records:
            raise InputError(f"{path}:{n}: a second result for article {ident!r}")
        try:
            record = IncidentSummary.model_validate(result["record"])
        except ValidationError as exc:
            raise InputError(f"{path}:{n}: the record of {ident!r} is not an IncidentSummary: {exc}") from None
        published = dt.date.fromisoformat(article["published"]) if article.get("published") else None
        outlet = article.get("outlet")
        out.records[ident] = (record, published, outlet)
        out.refs += refs_from_summary(record, article=ident, published=published, outlet=outlet)
    return out
