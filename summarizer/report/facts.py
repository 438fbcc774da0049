"""The facts of a record, for display: every object with an evidence field, its own values, and
its quotes joined to where grounding located them. Works for any task schema."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from enum import Enum
from typing import Any

from pydantic import BaseModel

from summarizer.grounding import is_evidence_field
from summarizer.report.views import FactView, Mark, QuoteView
from summarizer.result import QuoteGrounding

__all__ = ["collect_facts", "format_value", "marks_of"]


def format_value(value: Any) -> str:
    """A field value as short plain text (enums by value, dates ISO, lists comma-joined)."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(v) for v in value)
    if value is None:
        return "null"
    return str(value)


def _has_evidence(model: BaseModel) -> bool:
    return any(is_evidence_field(type(model), name) for name in type(model).model_fields)


def _own_values(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Scalar values of `model`, flattening nested objects that carry no evidence of their own."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        label = f"{prefix}{name}"
        if is_evidence_field(type(model), name):
            continue
        if isinstance(value, BaseModel):
            if not _has_evidence(value):
                yield from _own_values(value, label + ".")
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            continue
        elif value not in (None, "", []):
            yield label, format_value(value)


def _children(model: BaseModel, path: str) -> Iterator[tuple[str, BaseModel]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        sub = f"{path}.{name}" if path else name
        if isinstance(value, BaseModel) and _has_evidence(value):
            yield sub, value
        elif isinstance(value, BaseModel):
            yield from _children(value, sub)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield f"{sub}[{i}]", item


def collect_facts(record: BaseModel, grounding: Sequence[QuoteGrounding], *, prefix: str) -> list[FactView]:
    """Facts depth first in field order; ids are `{prefix}f{n}` and `{prefix}q{n}`, unique per page.

    A quote with no grounding entry is shown as not found rather than left out.
    """
    by_path = {g.path: g for g in grounding}
    facts: list[FactView] = []
    counter = [0]

    def visit(model: BaseModel, path: str, depth: int) -> None:
        quotes: list[QuoteView] = []
        for name in type(model).model_fields:
            if not is_evidence_field(type(model), name):
                continue
            for i, quote in enumerate(getattr(model, name) or []):
                qpath = f"{path}.{name}[{i}]" if path else f"{name}[{i}]"
                g = by_path.get(qpath)
                counter[0] += 1
                qid = f"{prefix}q{counter[0]}"
                if g is None:
                    quotes.append(QuoteView(qid, qpath, str(quote), "not_found", None, None, 0.0))
                else:
                    quotes.append(QuoteView(qid, qpath, g.quote, g.status.value, g.start, g.end, g.score))
        facts.append(
            FactView(
                fact_id=f"{prefix}f{len(facts) + 1}",
                path=path or "(record)",
                depth=depth,
                values=tuple(_own_values(model)),
                quotes=tuple(quotes),
                has_evidence=_has_evidence(model),
            )
        )
        for sub, child in _children(model, path):
            visit(child, sub, depth + 1)

    visit(record, "", 0)
    return facts


def marks_of(facts: Sequence[FactView]) -> list[Mark]:
    """One mark per located quote, pointing back to its fact."""
    return [
        Mark(q.quote_id, f.fact_id, q.start, q.end, q.status)
        for f in facts
        for q in f.quotes
        if q.grounded and q.start is not None and q.end is not None
    ]
