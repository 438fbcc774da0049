"""Event linking across articles: the same attack in two outlets is one event, an attack elsewhere the same day is not."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli._app import app
from summarizer.errors import DatasetError
from summarizer.evals.dataset import load_dataset
from summarizer.evals.events import bcubed, evaluate_links, load_event_gold, pairwise
from summarizer.events import LinkRules, build_events, compare, group, refs_from_summary
from summarizer.schemas.incident import IncidentSummary, IncidentType


def figure(value: int, claimant: str, kind: str, *, qualifier: str = "exact", on: str | None = None) -> dict[str, Any]:
    return {"party": "soldiers", "party_kind": "state_force", "outcome": "killed", "outcome_word": "killed",
            "count": {"value": value, "qualifier": qualifier, "text": str(value)},
            "claimant": {"name": claimant, "kind": kind, "evidence": []},
            "reported_on": on, "incident_ids": ["I1"], "evidence": []}  # fmt: skip


def record(place: str, figures: list[dict[str, Any]], *, group_name: str = "JNIM", day: str = "2026-03-02") -> IncidentSummary:
    return IncidentSummary.model_validate(
        {"summary": "s",
         "incidents": [{"id": "I1", "type": "armed_clash", "description": f"An attack on the army post at {place}.",
                        "date": {"start": day, "precision": "day", "evidence": []},
                        "location": {"country": "Mali", "regions": ["Mopti"], "places": [place], "evidence": []},
                        "perpetrator_organizations": [{"name": group_name, "kind": "non_state_armed_group", "evidence": []}],
                        "evidence": []}],
         "casualty_figures": figures,
         "sources": [{"name": f["claimant"]["name"], "kind": f["claimant"]["kind"], "evidence": []} for f in figures]}
    )  # fmt: skip


WIRE = record("Boni", [figure(12, "AFP", "outlet", qualifier="at_least")])
ARMY = record("Boni", [figure(14, "Malian army", "military", on="2026-03-03"), figure(30, "JNIM", "armed_group")])
ELSEWHERE = record("Douentza", [figure(3, "local officials", "government")])
RESULTS = [("wire-0302", WIRE, "2026-03-02", "AFP"), ("army-0303", ARMY, "2026-03-03", "Reuters"),
           ("douentza-0302", ELSEWHERE, "2026-03-02", "RFI")]  # fmt: skip


def refs() -> list[Any]:
    return [r for a, rec, pub, outlet in RESULTS
            for r in refs_from_summary(rec, article=a, published=dt.date.fromisoformat(pub), outlet=outlet)]  # fmt: skip


def test_two_articles_on_one_attack_link_and_the_attack_elsewhere_the_same_day_does_not() -> None:
    groups, links = group(refs())
    assert [[m.key for m in g] for g in groups] == [
        [("wire-0302", "I1"), ("army-0303", "I1")],
        [("douentza-0302", "I1")],
    ]
    (link,) = links
    assert link.score == 5 and "same day (2026-03-02)" in link.reasons and "shared perpetrator (jnim)" in link.reasons


def test_the_event_keeps_every_figure_with_its_claimant_article_and_date() -> None:
    groups, links = group(refs())
    records = {a: (rec, dt.date.fromisoformat(pub), outlet) for a, rec, pub, outlet in RESULTS}
    event, other = build_events(groups, links, records)
    assert [(f.claimant, f.value, f.qualifier, f.article, str(f.reported_on)) for f in event.figures] == [
        ("AFP", 12, "at_least", "wire-0302", "2026-03-02"),
        ("Malian army", 14, "exact", "army-0303", "2026-03-03"),
        ("JNIM", 30, "exact", "army-0303", "2026-03-03"),
    ]
    assert list(event.timeline) == ["AFP", "Malian army", "JNIM"]
    assert event.articles == ["wire-0302", "army-0303"] and event.sources[:2] == ["AFP", "Reuters"]
    assert [f.value for f in other.figures] == [3]
    assert len(event.links) == 1 and event.links[0].reasons


def test_why_the_third_article_stays_apart() -> None:
    wire, _, elsewhere = refs()
    link = compare(wire, elsewhere)
    assert not link.linked and "places differ (one names a place the other does not)" in link.conflicts


def test_a_place_missing_on_one_side_links_only_when_loose() -> None:
    a = refs_from_summary(record("Boni", []), article="a")[0]
    bare = record("Boni", []).model_copy(deep=True)
    bare.incidents[0].location.places = []
    b = refs_from_summary(bare, article="b")[0]
    assert not compare(a, b).linked
    assert compare(a, b, LinkRules(require_places=False)).linked


def test_a_series_does_not_swallow_its_attacks() -> None:
    # the series names only the city; each attack names its street too: they conflict, so
    # complete-link grouping keeps the series and the attack apart even though both link elsewhere.
    series = [refs_from_summary(record("Belfast", []), article=a)[0] for a in ("bbc", "guardian")]
    street = record("Belfast", [])
    street.incidents[0].location.places = ["Oxford Street bus station", "Belfast"]
    attacks = [refs_from_summary(street, article=a)[0] for a in ("bbc-2", "guardian-2")]
    groups, _ = group([*series, *attacks])
    assert sorted(len(g) for g in groups) == [2, 2]


def test_pairwise_and_bcubed_on_a_hand_computed_case() -> None:
    gold = [{("a", "I1"), ("b", "I1"), ("c", "I1")}, {("d", "I1")}]
    pred = [[("a", "I1"), ("b", "I1")], [("c", "I1"), ("d", "I1")]]
    p = pairwise(pred, gold)  # gold pairs ab ac bc; predicted ab cd: 1 right
    assert (p.correct, p.predicted, p.gold) == (1, 2, 3)
    b = bcubed(pred, gold)  # precision: a 1, b 1, c 1/2, d 1/2 -> 0.75; recall: a 2/3, b 2/3, c 1/3, d 1 -> 2/3
    assert (b.precision, b.recall) == pytest.approx((0.75, 2 / 3))


def test_event_gold_naming_an_unknown_incident_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_text(json.dumps({"events": [{"id": "x", "incidents": [["a", "I9"]]}]}))
    with pytest.raises(DatasetError, match="names incidents no gold file has"):
        load_event_gold(path, {("a", "I1")})


def test_news_dev_event_gold_scores() -> None:
    scores = evaluate_links(load_dataset("news-dev"))
    assert scores.gold_links == 6 and scores.incidents == 40
    assert (scores.pairwise.correct, scores.pairwise.predicted) == (5, 5)  # the unplaced gunfight is missed


def test_cli_links_a_results_file(tmp_path: Path) -> None:
    lines = [json.dumps({"id": a, "ok": True, "result": {"record": rec.model_dump(mode="json"),
                         "article": {"id": a, "published": pub, "outlet": outlet}, "meta": {}}})
             for a, rec, pub, outlet in RESULTS] + [json.dumps({"id": "broken", "ok": False, "error": {"type": "X", "message": "m"}})]  # fmt: skip
    path = tmp_path / "results.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(app, ["events", str(path), "-o", str(tmp_path / "events.json")])
    assert result.exit_code == 0, result.output
    assert "3 incidents of 3 articles -> 2 events (1 reported by more than one article); 1 failed articles not linked: broken" in result.output
    events = json.loads((tmp_path / "events.json").read_text())
    assert [len(e["figures"]) for e in events] == [3, 1]


def _boston() -> IncidentSummary:
    rec = record("Boston", [], group_name="Tsarnaev brothers", day="2013-04-15")
    rec.incidents[0].location.country = "United States"
    rec.incidents[0].location.regions = []
    rec.incidents[0].type = IncidentType.bombing
    return rec


def test_records_of_a_run_are_scored_by_article_pairs() -> None:
    from summarizer.evals.events import evaluate_record_links

    data = load_dataset("news-dev")
    records = {"32_VOA_EN_NW_2014.06.04.1929720": _boston(), "65_VOA_EN_NW_2014.07.21.1962165": _boston()}
    s = evaluate_record_links(data, records)
    # gold article pairs: the two VOA reports, the two Lyon reports, the two Bloody Friday accounts
    assert (s.links.correct, s.links.predicted, s.links.gold) == (1, 1, 3)
    assert s.failed == 18 and s.articles == 20
    nothing = evaluate_record_links(data, {})
    assert (nothing.links.predicted, nothing.links.recall, nothing.failed) == (0, 0.0, 20)
