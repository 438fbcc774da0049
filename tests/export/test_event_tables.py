"""The events tables: one row per event `summarizer events` finds, every figure kept with its claimant."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.export import read_results, tables
from summarizer.testing.event_results import ONE_ATTACK, write_event_results

runner = CliRunner()


def events_found(results: Path, tmp_path: Path) -> list[dict[str, Any]]:
    out = tmp_path / "events.json"
    result = runner.invoke(app, ["events", str(results), "-o", str(out)])
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))
    return found


def exported(results: Path, tmp_path: Path, name: str) -> list[dict[str, str]]:
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", str(results), "--to", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with open(out / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_events_table_has_one_row_per_event_summarizer_events_finds(tmp_path: Path) -> None:
    results = write_event_results(tmp_path / "results.jsonl")
    found = events_found(results, tmp_path)
    rows = exported(results, tmp_path, "events")
    assert len(rows) == len(found) == 2
    assert [r["event_id"] for r in rows] == [e["id"] for e in found]
    assert [r["articles"].split(";") for r in rows] == [e["articles"] for e in found] == [list(ONE_ATTACK), ["douentza-0302"]]


def test_the_same_count_on_a_500_article_batch(batch_500: tuple[Path, list[Any]], tmp_path: Path) -> None:
    found = events_found(batch_500[0], tmp_path)
    assert len(tables(read_results(batch_500[0]))["events"].rows) == len(found) > 400


def test_an_event_row_names_its_incidents_span_place_and_each_claimants_latest_figure(tmp_path: Path) -> None:
    (boni, douentza) = exported(write_event_results(tmp_path / "results.jsonl"), tmp_path, "events")
    assert json.loads(boni["incidents"]) == [["wire-0302", "I1"], ["army-0303", "I1"]]
    assert (boni["type"], boni["date_start"], boni["date_end"], boni["country"]) == ("armed_clash", "2026-03-02", "2026-03-02", "Mali")
    assert json.loads(boni["places"]) == ["Boni"] and json.loads(douentza["places"]) == ["Douentza"]
    by_claimant = json.loads(boni["by_claimant"])
    assert {c: v["killed"]["soldiers"]["count"] for c, v in by_claimant.items()} == {
        "AFP": "at least 12", "Malian army": "14", "JNIM": "30"}
    assert by_claimant["Malian army"]["killed"]["soldiers"]["reported_on"] == "2026-03-03"
    assert json.loads(boni["links"])[0]["score"] == 5 and json.loads(douentza["links"]) == []


def test_event_figures_keep_every_figure_with_its_claimant_article_and_report_date(tmp_path: Path) -> None:
    rows = exported(write_event_results(tmp_path / "results.jsonl"), tmp_path, "event_figures")
    assert [(r["event_id"], r["article_id"], r["figure_id"], r["claimant"], r["count_value"], r["count_qualifier"],
             r["reported_on"], r["report_date"]) for r in rows] == [
        ("E1", "wire-0302", "F1", "AFP", "12", "at_least", "", "2026-03-02"),
        ("E1", "army-0303", "F1", "Malian army", "14", "exact", "2026-03-03", "2026-03-03"),
        ("E1", "army-0303", "F2", "JNIM", "30", "exact", "", "2026-03-03"),
        ("E2", "douentza-0302", "F1", "local officials", "3", "exact", "", "2026-03-02"),
    ]  # fmt: skip


def test_event_figures_join_the_figures_table_one_to_one(tmp_path: Path) -> None:
    t = tables(read_results(write_event_results(tmp_path / "results.jsonl")))
    figures = {(r["article_id"], r["figure_id"]): r for r in t["figures"].records()}
    event_figures = t["event_figures"].records()
    assert sorted((r["article_id"], r["figure_id"]) for r in event_figures) == sorted(figures)
    assert all(figures[(r["article_id"], r["figure_id"])]["claimant"] == r["claimant"] for r in event_figures)


def test_two_results_for_one_article_are_a_one_line_error(tmp_path: Path) -> None:
    results = write_event_results(tmp_path / "results.jsonl")
    first = results.read_text(encoding="utf-8").splitlines(keepends=True)[0]
    results.write_text(results.read_text(encoding="utf-8") + first, encoding="utf-8")
    result = runner.invoke(app, ["export", str(results), "--to", "csv", "--out", str(tmp_path / "out")])
    assert result.exit_code != 0 and "'wire-0302' has two results" in str(result.exception)
