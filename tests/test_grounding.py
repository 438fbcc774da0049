"""Grounding: exact, normalized, fuzzy and not-found quotes, with offsets into the article."""

from __future__ import annotations

from typing import Any

from summarizer.grounding import evidence_quotes, ground, locate
from summarizer.schemas.incident import IncidentSummary

TEXT = "Fourteen Malian soldiers were killed and eleven wounded on Tuesday January 10.\n“Enemy side”the army claims."


def test_exact_quote_gets_exact_offsets() -> None:
    g = locate("eleven wounded", TEXT)
    assert g.status == "exact" and TEXT[g.start : g.end] == "eleven wounded"  # type: ignore[misc]


def test_whitespace_case_and_curly_quotes_are_normalized() -> None:
    g = locate('"enemy side"THE army', TEXT)
    assert g.status == "normalized"
    assert TEXT[g.start : g.end] == "“Enemy side”the army"  # type: ignore[misc]


def test_small_typos_match_fuzzily_above_the_threshold() -> None:
    g = locate("Fourteen Malian soldier were kiled and eleven wounded", TEXT)
    assert g.status == "fuzzy" and g.score >= 0.85
    assert TEXT[g.start : g.end].startswith("Fourteen Malian")  # type: ignore[misc]


def test_invented_quote_is_not_found_and_kept() -> None:
    g = locate("Wagner took control of the town of Gao", TEXT)
    assert g.status == "not_found" and g.start is None and not g.grounded


def test_every_evidence_field_of_the_seed_answer_grounds_exactly(seed_answer: dict[str, Any], seed_text: str) -> None:
    record = IncidentSummary.model_validate(seed_answer)
    results = ground(record, seed_text)
    assert len(results) == len(list(evidence_quotes(record))) == 50
    assert all(g.status == "exact" for g in results)
    assert all(seed_text[g.start : g.end] == g.quote for g in results)  # type: ignore[misc]


def test_ungrounded_quote_is_flagged_on_its_path(seed_answer: dict[str, Any], seed_text: str) -> None:
    seed_answer["casualty_figures"][3]["evidence"] = ["the army says 40 terrorists died"]
    results = ground(IncidentSummary.model_validate(seed_answer), seed_text)
    bad = [g for g in results if not g.grounded]
    assert [g.path for g in bad] == ["casualty_figures[3].evidence[0]"]
