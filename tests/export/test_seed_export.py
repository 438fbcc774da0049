"""The seed's gold record exports exactly the tables written by hand before the code (expected/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from summarizer.export import csv_text, tables
from summarizer.export.fatalities import incident_fatalities
from summarizer.schemas.incident import CasualtyFigure

EXPECTED = Path(__file__).parent / "expected"


def test_figures_table_equals_the_hand_written_csv(seed_gold_item: Any) -> None:
    got = csv_text(tables([seed_gold_item])["figures"])
    assert got == (EXPECTED / "seed-figures.csv").read_text(encoding="utf-8")


def test_acled_table_equals_the_hand_written_csv(seed_gold_item: Any) -> None:
    got = csv_text(tables([seed_gold_item])["acled"])
    assert got == (EXPECTED / "seed-acled.csv").read_text(encoding="utf-8")


def test_every_figure_has_a_row_and_every_claimant_an_id(seed_gold_item: Any) -> None:
    rows = tables([seed_gold_item])["figures"].records()
    assert len(rows) == len(seed_gold_item.record.casualty_figures) == 10
    assert {r["claimant_id"]: r["claimant"] for r in rows} == {
        "C1": "the Malian army", "C2": "officers of the army and the gendarmerie", "C3": "JNIM"}


def figure(claimant: str, value: int | None, *, ids: list[str], kind: str = "state_force", text: str = "n",
           qualifier: str = "exact", outcome: str = "killed") -> CasualtyFigure:
    return CasualtyFigure.model_validate({
        "party": "soldiers", "party_kind": kind, "outcome": outcome, "outcome_word": outcome,
        "count": {"value": value, "qualifier": qualifier, "text": text},
        "claimant": {"name": claimant, "kind": "military", "evidence": []}, "incident_ids": ids, "evidence": []})


def test_conflicting_reports_take_the_most_conservative_figure() -> None:
    f = incident_fatalities("I1", [figure("army", 14, ids=["I1"]), figure("rebels", 30, ids=["I1"])])
    assert f.fatalities == 14 and f.by_claimant == {"army": 14, "rebels": 30} and f.disputed


def test_sides_counted_by_different_claimants_add_up() -> None:
    f = incident_fatalities("I1", [figure("army", 14, ids=["I1"]), figure("rebels", 5, ids=["I1"], kind="non_state_armed_group")])
    assert f.fatalities == 19


def test_a_toll_covering_two_incidents_is_split_evenly_remainder_first() -> None:
    figures = [figure("army", 5, ids=["I1", "I2"])]
    assert (incident_fatalities("I1", figures).fatalities, incident_fatalities("I2", figures).fatalities) == (3, 2)


def test_dozens_is_coded_twelve_as_acled_does() -> None:
    assert incident_fatalities("I1", [figure("army", None, ids=["I1"], text="dozens", qualifier="unspecified")]).fatalities == 12


def test_an_unknown_number_is_unknown_never_zero() -> None:
    f = incident_fatalities("I1", [figure("army", None, ids=["I1"], text="an unknown number", qualifier="unknown")])
    assert f.fatalities is None and f.by_claimant == {"army": None} and not f.disputed


def test_wounded_figures_do_not_count_as_fatalities() -> None:
    assert incident_fatalities("I1", [figure("army", 11, ids=["I1"], outcome="wounded")]).fatalities is None
