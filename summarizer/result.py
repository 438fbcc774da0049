"""What summarize() returns: the validated record, its grounding, and how it was made."""

from __future__ import annotations

import functools
from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SerializeAsAny

from summarizer.article import ArticleMeta

__all__ = ["GroundingStatus", "QuoteGrounding", "Usage", "ResultMeta", "SummaryResult", "RESULT_VERSION", "result_class", "result_json"]

RESULT_VERSION = 1
"""Bumped whenever a field of SummaryResult is renamed or reinterpreted."""

T = TypeVar("T", bound=BaseModel)


class GroundingStatus(StrEnum):
    exact = "exact"  # found character for character
    normalized = "normalized"  # found once whitespace, quote marks and case are normalized
    fuzzy = "fuzzy"  # a close match above the threshold; offsets are the best window
    not_found = "not_found"


class QuoteGrounding(BaseModel):
    """Where one evidence quote sits in the article. `path` is the JSON path of the quote."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="e.g. 'casualty_figures[0].evidence[1]'")
    quote: str
    status: GroundingStatus
    start: int | None = None
    end: int | None = None
    score: float = Field(default=0.0, description="1.0 for exact; the similarity for fuzzy.")

    @property
    def grounded(self) -> bool:
        return self.status is not _NOT_FOUND


_NOT_FOUND = GroundingStatus.not_found
"""Looked up once: the grounded checks run several times per quote per result."""


class Usage(BaseModel):
    """Tokens summed over every attempt, re-ask and chunk. `estimated` when counted offline."""

    input_tokens: int = 0
    output_tokens: int = 0
    requests: int = 0
    estimated: bool = False
    cost_usd: float | None = None
    cached_input_tokens: int = 0
    """Of `input_tokens`, those the provider read from its prompt cache (billed at the cached price)."""
    reasoning_tokens: int = 0
    """Of `output_tokens`, those spent reasoning or thinking (billed as output, never shown)."""

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    def __add__(self, other: Usage) -> Usage:
        cost = None
        if self.cost_usd is not None or other.cost_usd is not None:
            cost = (self.cost_usd or 0.0) + (other.cost_usd or 0.0)
        return Usage(
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            requests=self.requests + other.requests,
            estimated=self.estimated or other.estimated,
            cost_usd=cost,
            cached_input_tokens=self.cached_input_tokens + other.cached_input_tokens,
            reasoning_tokens=self.reasoning_tokens + other.reasoning_tokens,
        )


class ResultMeta(BaseModel):
    """How a record was produced: enough to reproduce, cache and compare it."""

    task: str
    provider: str
    model: str
    profile: str | None = None
    baseline: bool = Field(default=False, description="True when the keyless rules baseline made it.")
    prompt_version: str
    prompt_hash: str
    schema_name: str
    schema_hash: str
    notice: str | None = Field(default=None, description="Set when the keyless baseline ran: how to configure a model.")
    usage: Usage = Field(default_factory=Usage)
    attempts: int = 1
    latency_s: float = 0.0
    cached: bool = False
    chunks: int = 1
    date_inferred: bool = Field(
        default=False, description="No publication date was given: relative dates were resolved from the text."
    )
    raw_response: str | None = Field(default=None, description="The last raw model output, for debugging.")


class SummaryResult(BaseModel, Generic[T]):
    """A validated record, its quotes located in the article, and its provenance."""

    version: int = RESULT_VERSION
    record: SerializeAsAny[T]
    article: ArticleMeta
    grounding: list[QuoteGrounding] = Field(default_factory=list)
    meta: ResultMeta

    @property
    def ungrounded(self) -> list[QuoteGrounding]:
        return [g for g in self.grounding if g.status is _NOT_FOUND]

    @property
    def grounding_rate(self) -> float:
        return 1.0 if not self.grounding else 1.0 - len(self.ungrounded) / len(self.grounding)


@functools.cache
def result_class(schema: type[BaseModel]) -> type[SummaryResult[Any]]:
    """SummaryResult[schema], built once and kept: pydantic keeps parametrized classes only weakly,
    so `SummaryResult[X]` per call was rebuilt whenever the collector had freed it."""
    return SummaryResult[schema]  # type: ignore[valid-type]


_WITHOUT_RAW = {"meta": {"raw_response"}}


def result_json(result: SummaryResult[Any], *, keep_raw: bool = False) -> str:
    """The result as one JSON text for a results line or a cache row: without the raw model output
    (it repeats the record) unless the config's keep_raw_responses asks for it."""
    return result.model_dump_json(exclude=None if keep_raw else _WITHOUT_RAW)
