"""The values schema version 2 adds, each decided by a GUIDELINES rule: they validate, they reach
the model in the schema, and wrong forms are refused."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from summarizer.errors import DatasetError
from summarizer.evals.gold import validate_gold
from summarizer.evals.muc4.incident_map import muc4_confidence
from summarizer.schemas.incident import (
    Actor,
    ActorKind,
    IncidentDate,
    IncidentSummary,
    Source,
    SourceKind,
)


def test_a_lone_attacker_is_an_individual_actor() -> None:  # R-ACT-4
    actor = Actor(name="a man", kind="individual", evidence=["a man"])  # type: ignore[arg-type]
    assert actor.kind is ActorKind.individual


@pytest.mark.parametrize("kind", ["politician", "company"])
def test_politician_and_company_are_source_kinds(kind: str) -> None:  # R-SRC-2
    source = Source(name="Juan Guaido", kind=kind, evidence=["Guaido said"])  # type: ignore[arg-type]
    assert source.kind is SourceKind(kind)


@pytest.mark.parametrize("partial", ["--10-03", "--04", "--12-31"])
def test_a_date_with_no_fixable_year_keeps_its_day_and_month_in_partial(partial: str) -> None:  # R-DATE-3
    date = IncidentDate(start=None, partial=partial, precision="day" if len(partial) > 4 else "month", evidence=["Oct. 3"])  # type: ignore[arg-type]
    assert date.start is None and date.partial == partial


@pytest.mark.parametrize("bad", ["2023-10-03", "10-03", "--13", "--10-32", "Oct. 3"])
def test_partial_refuses_anything_but_iso_without_the_year(bad: str) -> None:
    with pytest.raises(ValidationError):
        IncidentDate(partial=bad, precision="day", evidence=["x"])  # type: ignore[arg-type]


def test_gold_with_the_new_values_validates() -> None:
    gold: dict[str, Any] = {
        "incidents": [
            {
                "date": {"start": None, "partial": "--10-02", "precision": "day"},
                "perpetrator_individuals": [{"name": "a man", "kind": {"$any": ["individual", "unknown"]}}],
            }
        ],
        "sources": [{"name": "a senior Conservative official", "kind": "politician", "anonymous": False}],
    }
    assert validate_gold(gold, IncidentSummary, where="case x") is gold


def test_gold_with_a_malformed_partial_date_names_the_field() -> None:
    with pytest.raises(DatasetError, match=r"incidents\[0\]\.date\.partial"):
        validate_gold({"incidents": [{"date": {"partial": "October 2"}}]}, IncidentSummary, where="case x")


def test_the_new_values_are_in_the_schema_the_model_reads() -> None:
    schema = IncidentSummary.model_json_schema()["$defs"]
    assert "individual" in schema["ActorKind"]["enum"]
    assert {"politician", "company"} <= set(schema["SourceKind"]["enum"])
    assert "partial" in schema["IncidentDate"]["properties"]


def test_a_cited_source_stating_a_perpetrator_as_fact_is_reported_as_fact() -> None:  # R-STANCE-2
    from summarizer.schemas.incident import Attribution

    army = Attribution(stance="stated", by="the army", by_kind="military", evidence=["the army said"])  # type: ignore[arg-type]
    assert muc4_confidence([army]) == "REPORTED AS FACT"
