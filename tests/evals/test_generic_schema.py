"""The gold format and the scorer derive from any schema, not only the incident one."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, ClassVar

import pytest
from pydantic import BaseModel, Field

from summarizer.errors import DatasetError
from summarizer.evals.gold import validate_gold
from summarizer.evals.scoring.aggregate import key_fields_right
from summarizer.evals.scoring.scorer import score_record
from summarizer.roles import ITEM_ID, RefersTo


class Verdict(StrEnum):
    guilty = "guilty"
    acquitted = "acquitted"


class Event(BaseModel):
    id: Annotated[str, ITEM_ID]
    court: str
    held_on: dt.date | None = None
    sentence_years: int | None = None


class Trial(BaseModel):
    key_fields: ClassVar[tuple[str, ...]] = ("verdict",)
    defendant: str
    verdict: Verdict
    events: list[Event] = Field(default_factory=list)
    event_ids: Annotated[list[str], RefersTo("events")] = Field(default_factory=list)
    remarks: str = Field(default="", json_schema_extra={"x-score": "skip"})


def test_user_schema_gold_is_validated_field_by_field() -> None:
    with pytest.raises(DatasetError, match=r"gold field events\[0\]\.held_on"):
        validate_gold({"events": [{"held_on": "yesterday"}]}, Trial, where="case t1")
    with pytest.raises(DatasetError, match="not a field of Trial"):
        validate_gold({"judge": "X"}, Trial, where="case t1")


def test_user_schema_is_scored_by_field_type() -> None:
    gold = {
        "defendant": {"$any": ["Abdelhamid Abou Zeid", "Abou Zeid"]},
        "verdict": "guilty",
        "events": [{"id": "E1", "court": "Bamako court", "held_on": "2024-05-02", "sentence_years": {"$range": [10, 20]}}],
        "event_ids": ["E1"],
        "remarks": "never scored",
    }
    pred = Trial(
        defendant="ABOU ZEID", verdict=Verdict.acquitted,
        events=[Event(id="x", court="the Bamako Court", held_on=dt.date(2024, 5, 2), sentence_years=15)],
        event_ids=["x"], remarks="something else",
    )  # fmt: skip
    score = score_record(validate_gold(gold, Trial, where="t"), pred, Trial)
    assert score.fields == {
        "defendant": [1, 0, 0, 0, 0],
        "verdict": [0, 0, 1, 0, 0],
        "events.court": [1, 0, 0, 0, 0],
        "events.held_on": [1, 0, 0, 0, 0],
        "events.sentence_years": [1, 0, 0, 0, 0],
        "event_ids": [1, 0, 0, 0, 0],  # 'x' maps to 'E1' through the events alignment
    }
    assert not key_fields_right(score, Trial.key_fields)
