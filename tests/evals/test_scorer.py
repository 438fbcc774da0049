"""The field scorer on small records, with counts computed by hand."""

from __future__ import annotations

from typing import Any

from summarizer.evals.scoring.scorer import score_record
from summarizer.schemas.incident import IncidentSummary


def incident(iid: str, place: str, *, country: str = "Mali", start: str = "2023-01-10", **extra: Any) -> dict[str, Any]:
    return {"id": iid, "type": "armed_clash", "description": f"Clash at {place}.",
            "date": {"start": start, "precision": "day"},
            "location": {"country": country, "places": [place]}, **extra}  # fmt: skip


def figure(value: int, iids: list[str], *, party: str = "soldiers", claimant: str = "army", qualifier: str = "exact") -> dict[str, Any]:
    return {"party": party, "party_kind": "state_force", "outcome": "killed", "outcome_word": "killed",
            "count": {"value": value, "qualifier": qualifier, "text": str(value)},
            "claimant": {"name": claimant, "kind": "military"}, "incident_ids": iids}  # fmt: skip


def record(**fields: Any) -> dict[str, Any]:
    return {"summary": "s", **fields}


def score(gold: dict[str, Any], pred: dict[str, Any] | None) -> dict[str, list[int]]:
    predicted = IncidentSummary.model_validate(pred) if pred is not None else None
    return score_record(gold, predicted, IncidentSummary).fields


def test_unlabeled_field_is_not_scored() -> None:
    gold = {"incidents": [{"id": "I1", "type": "bombing", "location": {"country": "Mali"}}]}
    fields = score(gold, record(incidents=[incident("I1", "Gao")]))
    assert fields == {"incidents.type": [0, 0, 1, 0, 0], "incidents.location.country": [1, 0, 0, 0, 0]}


def test_not_stated_field_with_a_prediction_is_hallucinated() -> None:
    gold = {"incidents": [{"id": "I1", "date": {"start": None}}], "casualty_figures": []}
    fields = score(gold, record(incidents=[incident("I1", "Gao")], casualty_figures=[figure(3, ["I1"])]))
    assert fields["incidents.date.start"] == [0, 0, 0, 0, 1]
    # a spurious figure counts every fact it states (defaults such as anonymous=false are not facts)
    assert fields["casualty_figures.count.value"] == [0, 0, 0, 0, 1]
    assert fields["casualty_figures.incident_ids"] == [0, 0, 0, 0, 1]
    assert "casualty_figures.claimant.anonymous" not in fields


def test_not_stated_and_not_predicted_counts_nothing() -> None:
    gold = {"incidents": [{"id": "I1", "date": {"start": None}}]}
    pred = record(incidents=[{**incident("I1", "Gao"), "date": {"start": None, "precision": "unknown"}}])
    assert score(gold, pred) == {}


def test_lists_align_regardless_of_order() -> None:
    gold = {"casualty_figures": [figure(14, []), figure(31, [], party="terrorists")]}
    pred = record(casualty_figures=[figure(31, [], party="terrorists"), figure(14, [])])
    fields = score(gold, pred)
    assert fields["casualty_figures.count.value"] == [2, 0, 0, 0, 0]
    assert fields["casualty_figures.party"] == [2, 0, 0, 0, 0]


def test_unmatched_gold_is_missed_and_unmatched_prediction_is_spurious() -> None:
    gold = {"incidents": [incident("I1", "Gao"), incident("I2", "Kidal", country="Niger", start="2023-02-01")]}
    other = {**incident("B", "Timbuktu", country="Chad", start="2021-05-05"), "type": "kidnapping",
             "description": "Kidnapping of a mayor in Chad."}  # fmt: skip
    pred = record(incidents=[incident("A", "Gao"), other])
    result = score_record(gold, IncidentSummary.model_validate(pred), IncidentSummary)
    # B vs I2: type 0, description 0, date (start 0, precision 1) 0.5, location 0 -> 0.125 < 0.3: no match
    assert result.items["incidents"] == [1, 1, 1]
    assert result.fields["incidents.type"] == [1, 0, 0, 1, 1]
    assert result.fields["incidents.location.country"] == [1, 0, 0, 1, 1]
    assert result.fields["incidents.location.places"] == [1, 0, 0, 1, 1]


def test_incident_ids_are_mapped_through_the_incident_alignment() -> None:
    gold = {"incidents": [incident("I1", "Gao"), incident("I2", "Kidal", start="2023-01-11")],
            "casualty_figures": [figure(5, ["I2"])]}  # fmt: skip
    # The prediction numbers the same incidents the other way round.
    pred = record(incidents=[incident("X", "Kidal", start="2023-01-11"), incident("Y", "Gao")],
                  casualty_figures=[figure(5, ["X"])])  # fmt: skip
    fields = score(gold, pred)
    assert fields["casualty_figures.incident_ids"] == [1, 0, 0, 0, 0]
    wrong = record(incidents=pred["incidents"], casualty_figures=[figure(5, ["Y"])])
    assert score(gold, wrong)["casualty_figures.incident_ids"] == [0, 0, 0, 1, 1]


def test_location_gives_credit_by_level() -> None:
    gold = {"incidents": [incident("I1", "Gao")]}
    fields = score(gold, record(incidents=[incident("I1", "Kidal")]))
    assert fields["incidents.location.country"] == [1, 0, 0, 0, 0]  # right country
    assert fields["incidents.location.places"] == [0, 0, 0, 1, 1]  # wrong place: missed one, invented one


def test_at_least_in_gold_accepts_a_higher_count() -> None:
    gold = {"casualty_figures": [figure(12, [], qualifier="at_least")]}
    fields = score(gold, record(casualty_figures=[figure(14, [], qualifier="exact")]))
    assert fields["casualty_figures.count.value"] == [1, 0, 0, 0, 0]
    assert fields["casualty_figures.count.qualifier"] == [0, 0, 1, 0, 0]


def test_range_in_gold_accepts_a_value_inside() -> None:
    gold_figure = figure(0, [])
    gold_figure["count"] = {"value": {"$range": [10, 15]}}
    fields = score({"casualty_figures": [gold_figure]}, record(casualty_figures=[figure(12, [])]))
    assert fields["casualty_figures.count.value"] == [1, 0, 0, 0, 0]


def test_optional_item_is_matched_if_predicted_and_ignored_if_not() -> None:
    gold = {"casualty_figures": [figure(14, []), {**figure(3, [], party="civilians"), "$optional": True}]}
    assert score(gold, record(casualty_figures=[figure(14, [])]))["casualty_figures.count.value"] == [1, 0, 0, 0, 0]
    both = score(gold, record(casualty_figures=[figure(14, []), figure(3, [], party="civilians")]))
    assert both["casualty_figures.count.value"] == [2, 0, 0, 0, 0]


def test_partial_name_counts_as_partial() -> None:
    gold = {"casualty_figures": [figure(14, [], party="Malian soldiers")]}
    fields = score(gold, record(casualty_figures=[figure(14, [], party="soldiers")]))
    assert fields["casualty_figures.party"] == [0, 1, 0, 0, 0]


def test_failed_case_counts_every_gold_value_as_missed() -> None:
    gold = {"summary": "x", "incidents": [incident("I1", "Gao")], "casualty_figures": [figure(14, ["I1"])]}
    fields = score(gold, None)
    assert fields["incidents.location.places"] == [0, 0, 0, 1, 0]
    assert fields["casualty_figures.count.value"] == [0, 0, 0, 1, 0]
    assert fields["summary"] == [0, 0, 0, 1, 0]
    assert all(c[0] == c[1] == c[2] == c[4] == 0 for c in fields.values())


def test_any_with_null_accepts_not_stated_or_the_value() -> None:
    gold = {"incidents": [{"id": "I1", "location": {"country": "Mali", "description": {"$any": [None, "along a road"]}}}]}
    silent = record(incidents=[incident("I1", "Gao")])
    assert "incidents.location.description" not in score(gold, silent)
    said = record(incidents=[{**incident("I1", "Gao"), "location": {"country": "Mali", "description": "along a road"}}])
    assert score(gold, said)["incidents.location.description"] == [1, 0, 0, 0, 0]
    # and a failed case does not count it as missed either
    assert "incidents.location.description" not in score(gold, None)


def test_a_count_text_that_is_only_an_article_still_compares() -> None:
    gold_figure = figure(1, [])
    gold_figure["count"]["text"] = "an"
    pred_figure = figure(1, [])
    pred_figure["count"]["text"] = "an"
    fields = score({"casualty_figures": [gold_figure]}, record(casualty_figures=[pred_figure]))
    assert fields["casualty_figures.count.text"] == [1, 0, 0, 0, 0]


def test_incident_ids_are_compared_as_is_when_gold_leaves_incidents_unlabeled() -> None:
    gold = {"casualty_figures": [figure(5, ["I1"])]}
    pred = record(incidents=[incident("I1", "Gao")], casualty_figures=[figure(5, ["I1"])])
    assert score(gold, pred)["casualty_figures.incident_ids"] == [1, 0, 0, 0, 0]
