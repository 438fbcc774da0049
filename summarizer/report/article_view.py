"""One article's view: text layers, facts and quotes, and gold-vs-predicted rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from summarizer.report.card import incident_cards
from summarizer.report.facts import collect_facts, marks_of
from summarizer.report.fields import field_rows
from summarizer.report.highlight import build_layers
from summarizer.report.views import ArticleView, FactView, QuoteView
from summarizer.result import QuoteGrounding

__all__ = ["article_view"]


def _unplaced(facts: Sequence[FactView], bad_ids: set[str]) -> tuple[QuoteView, ...]:
    return tuple(q for f in facts for q in f.quotes if q.quote_id in bad_ids)


def article_view(
    *,
    anchor: str,
    case_id: str,
    title: str | None,
    text: str | None,
    record: BaseModel | None,
    grounding: Sequence[QuoteGrounding],
    gold: Mapping[str, Any] | None = None,
    predicted: Mapping[str, Any] | None = None,
    fields: Mapping[str, Sequence[int]] | None = None,
    f1: float | None = None,
    key_ok: bool | None = None,
    error: str | None = None,
    sample: int = 0,
    note: str | None = None,
) -> ArticleView:
    """Build the view; ids are prefixed with `anchor` so several articles share one page safely.

    Quotes whose offsets do not fit the text are listed as unplaced, never dropped.
    """
    facts = tuple(collect_facts(record, grounding, prefix=f"{anchor}-")) if record is not None else ()
    layers: tuple[Any, ...] = ()
    unplaced: tuple[QuoteView, ...] = ()
    if text is not None:
        layers, bad = build_layers(text, marks_of(facts))
        unplaced = _unplaced(facts, {m.quote_id for m in bad})
    return ArticleView(
        anchor=anchor,
        case_id=case_id,
        title=title,
        text=text,
        layers=layers,
        facts=facts,
        unplaced=unplaced,
        fields=field_rows(gold, predicted, fields) if fields is not None else (),
        f1=f1,
        key_ok=key_ok,
        error=error,
        sample=sample,
        note=note,
        cards=incident_cards(record),
    )


def quote_index(articles: Sequence[ArticleView]) -> dict[str, Any]:
    """The JSON the page script reads: for each fact its quote ids, for each quote its fact."""
    facts: dict[str, list[str]] = {}
    quotes: dict[str, dict[str, Any]] = {}
    for article in articles:
        for fact in article.facts:
            facts[fact.fact_id] = [q.quote_id for q in fact.quotes if q.grounded]
            for q in fact.quotes:
                quotes[q.quote_id] = {"fact": fact.fact_id, "path": q.path, "status": q.status}
    return {"facts": facts, "quotes": quotes}
