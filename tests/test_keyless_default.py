"""The keyless default: with no profile configured the rules baseline runs, says so, and grounds exactly."""

from __future__ import annotations

import pytest

from summarizer import summarize
from summarizer.config import Config
from summarizer.schemas.incident import IncidentSummary

MUC_STYLE = (
    "SAN SALVADOR, 3 FEB 90 (RADIO VENCEREMOS) -- [TEXT] URBAN GUERRILLAS OF THE FMLN TODAY ATTACKED "
    "A POLICE POST IN SOYAPANGO, KILLING TWO POLICEMEN, ACCORDING TO A MILITARY SPOKESMAN."
)


def test_no_profile_and_a_key_set_still_runs_the_baseline(seed_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-must-not-be-used")
    result = summarize(seed_text, config=Config())
    assert result.meta.baseline and result.meta.model == "rules/baseline"
    assert result.meta.notice is not None and "summarizer.toml" in result.meta.notice
    assert result.meta.date_inferred is True
    assert isinstance(result.record, IncidentSummary)
    army = {(f.count.value, f.outcome.value) for f in result.record.casualty_figures if "army" in f.claimant.name.lower()}
    assert {(14, "killed"), (11, "wounded")} <= army
    assert str(result.record.incidents[0].date.start) == "2023-01-10"
    assert result.grounding and all(g.status == "exact" for g in result.grounding)


def test_a_dateline_anchors_dates_so_they_are_not_inferred() -> None:
    result = summarize(MUC_STYLE, config=Config())
    assert result.meta.date_inferred is False
    assert isinstance(result.record, IncidentSummary)
    assert str(result.record.incidents[0].date.start) == "1990-02-03"
