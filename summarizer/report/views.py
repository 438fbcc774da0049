"""Typed view-models the HTML templates render. Only the adapters know run records and results;
the templates know only these, so a change in the harness's types touches one adapter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "STATUS_ORDER",
    "ArticleView",
    "ChangedArticle",
    "CompareView",
    "DeltaRow",
    "FactView",
    "FieldRow",
    "Layer",
    "Mark",
    "MetricRow",
    "QuoteView",
    "RunMeta",
    "RunView",
    "Segment",
    "Status",
]

Status = Literal["correct", "partial", "incorrect", "missed", "spurious"]
STATUS_ORDER: tuple[Status, ...] = ("correct", "partial", "incorrect", "missed", "spurious")
"""MUC-style outcomes of one field; `incorrect` is a gold value answered wrongly."""


@dataclass(frozen=True)
class Mark:
    """A highlighted quote: its id (unique in the page), offsets in the article, and the fact it supports."""

    quote_id: str
    fact_id: str
    start: int
    end: int
    status: str


@dataclass(frozen=True)
class Segment:
    text: str
    mark: Mark | None = None


@dataclass(frozen=True)
class Layer:
    """One overlay of the article text; quotes in one layer never overlap, so each is one element."""

    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class QuoteView:
    quote_id: str
    path: str
    quote: str
    status: str
    start: int | None
    end: int | None
    score: float

    @property
    def grounded(self) -> bool:
        return self.status != "not_found" and self.start is not None


@dataclass(frozen=True)
class FactView:
    """An object of the record that carries evidence: its path, its own values, and its quotes."""

    fact_id: str
    path: str
    depth: int
    values: tuple[tuple[str, str], ...]
    quotes: tuple[QuoteView, ...]
    has_evidence: bool = True
    """False for a container (the record itself) whose schema has no evidence field."""

    @property
    def grounding(self) -> Literal["grounded", "partly", "ungrounded", "no-evidence", "container"]:
        found = sum(q.grounded for q in self.quotes)
        if not self.has_evidence:
            return "container"
        if not self.quotes:
            return "no-evidence"
        if found == len(self.quotes):
            return "grounded"
        return "partly" if found else "ungrounded"


@dataclass(frozen=True)
class FieldRow:
    """One scored field path: gold and predicted values side by side, and its counts by status."""

    path: str
    gold: tuple[str, ...]
    predicted: tuple[str, ...]
    counts: tuple[tuple[Status, int], ...]

    @property
    def status(self) -> Status:
        """The worst outcome present, so a row with any miss reads as missed."""
        present = [s for s, n in self.counts if n]
        for s in ("incorrect", "missed", "spurious", "partial"):
            if s in present:
                return s
        return "correct"


@dataclass
class ArticleView:
    """Everything shown for one article (one output of one case, or one summarize() result)."""

    anchor: str
    case_id: str
    title: str | None
    text: str | None
    layers: tuple[Layer, ...] = ()
    facts: tuple[FactView, ...] = ()
    unplaced: tuple[QuoteView, ...] = ()
    fields: tuple[FieldRow, ...] = ()
    f1: float | None = None
    key_ok: bool | None = None
    error: str | None = None
    sample: int = 0
    note: str | None = None
    cards: tuple[Any, ...] = ()
    """Incident cards (summarizer.report.card) shown above the evidence; empty for other tasks."""

    @property
    def quotes(self) -> list[QuoteView]:
        return [q for f in self.facts for q in f.quotes]

    @property
    def grounded_quotes(self) -> int:
        return sum(q.grounded for q in self.quotes)


@dataclass(frozen=True)
class MetricRow:
    """One field's scores over a run; `ci` is the bootstrap 95% interval of F1 when there is one."""

    path: str
    f1: float
    precision: float
    recall: float
    ci: tuple[float, float] | None
    counts: tuple[tuple[Status, int], ...]


@dataclass(frozen=True)
class RunMeta:
    run_id: str
    created: str
    kind: str
    dataset: str
    task: str
    model: str | None
    profile: str | None
    prompt_versions: tuple[str, ...]
    input_tokens: int
    output_tokens: int
    cost_usd: float | None
    tokens_estimated: bool
    cases: int
    failed: int
    repeat: int = 1


@dataclass
class RunView:
    meta: RunMeta
    micro: MetricRow | None
    macro_f1: float | None
    key_fields_right: float | None
    key_fields_right_ci: tuple[float, float] | None
    grounding_rate: float | None
    metrics: tuple[MetricRow, ...]
    articles: tuple[ArticleView, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeltaRow:
    path: str
    a: float
    b: float
    delta: float
    ci: tuple[float, float] | None
    p_value: float | None
    significant: bool


@dataclass(frozen=True)
class ChangedArticle:
    """An article scored differently by the two runs, with only the field rows that changed."""

    case_id: str
    f1_a: float | None
    f1_b: float | None
    rows: tuple[tuple[FieldRow | None, FieldRow | None], ...]


@dataclass
class CompareView:
    a: RunMeta
    b: RunMeta
    micro: DeltaRow | None
    deltas: tuple[DeltaRow, ...]
    statements: tuple[str, ...]
    changed: tuple[ChangedArticle, ...]
    unchanged: int
    only_a: tuple[str, ...] = ()
    only_b: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
