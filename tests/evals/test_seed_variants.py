"""The issue's four seed errors each lose points on the right field and nowhere else.

Run against this suite's fixture gold and against the hand-labeled seed shipped in evals/datasets.
"""

from __future__ import annotations

from typing import Any

from summarizer.evals.gold import gold_as_record
from summarizer.evals.scoring.aggregate import key_fields_right
from summarizer.evals.scoring.plan import plan_for
from summarizer.evals.scoring.scorer import score_record
from summarizer.schemas.incident import IncidentSummary

KEY_FIELDS = plan_for(IncidentSummary).key_fields

Delta = tuple[int, int, int, int, int]


def _changed(gold: dict[str, Any], perfect: dict[str, Any], variant: dict[str, Any]) -> dict[str, Delta]:
    """Per field, the variant's counts minus the perfect prediction's, where they differ."""
    base = score_record(gold, IncidentSummary.model_validate(perfect), IncidentSummary).fields
    new = score_record(gold, IncidentSummary.model_validate(variant), IncidentSummary).fields
    zero = [0] * 5
    deltas = {p: tuple(n - b for n, b in zip(new.get(p, zero), base.get(p, zero))) for p in set(base) | set(new)}
    return {p: d for p, d in deltas.items() if any(d)}  # type: ignore[misc]


def _figure(record: dict[str, Any], value: int, claimant_kind: str, outcome: str = "killed") -> dict[str, Any]:
    found = [f for f in record["casualty_figures"]
             if f["count"]["value"] == value and f["claimant"]["kind"] == claimant_kind and f["outcome"] != "wounded"]  # fmt: skip
    assert len(found) == 1, found
    return found[0]


def _replace(record: dict[str, Any], old: dict[str, Any], new: dict[str, Any] | None) -> dict[str, Any]:
    figures = [new if f is old else f for f in record["casualty_figures"]]
    return {**record, "casualty_figures": [f for f in figures if f is not None]}


def test_perfect_prediction_has_nothing_wrong(any_seed_gold: dict[str, Any]) -> None:
    perfect = gold_as_record(any_seed_gold)
    score = score_record(any_seed_gold, IncidentSummary.model_validate(perfect), IncidentSummary)
    assert all(c[0] > 0 and sum(c[1:]) == 0 for c in score.fields.values())
    assert key_fields_right(score, KEY_FIELDS)


def test_merging_army_and_jnim_figures_loses_on_casualty_figures_only(any_seed_gold: dict[str, Any]) -> None:
    perfect = gold_as_record(any_seed_gold)
    army, jnim = _figure(perfect, 14, "military"), _figure(perfect, 7, "armed_group")
    merged = {**army, "claimant": {"name": "Malian army and JNIM", "kind": "other", "anonymous": False}}
    variant = _replace(_replace(perfect, army, merged), jnim, None)
    changed = _changed(any_seed_gold, perfect, variant)
    assert changed and all(p.startswith("casualty_figures.") for p in changed)
    # JNIM's 7 is missed; the merged figure matches the army's 14 with a half-right claimant
    assert changed["casualty_figures.count.value"] == (-1, 0, 0, 1, 0)
    assert changed["casualty_figures.party"] == (-1, 0, 0, 1, 0)
    assert changed["casualty_figures.claimant.name"] == (-2, 1, 0, 1, 0)
    assert changed["casualty_figures.claimant.kind"] == (-2, 0, 1, 1, 0)


def test_crediting_the_14_dead_to_jnim_loses_only_the_claimant(any_seed_gold: dict[str, Any]) -> None:
    perfect = gold_as_record(any_seed_gold)
    army = _figure(perfect, 14, "military")
    variant = _replace(perfect, army, {**army, "claimant": {"name": "JNIM", "kind": "armed_group", "anonymous": False}})
    changed = _changed(any_seed_gold, perfect, variant)
    assert changed == {
        "casualty_figures.claimant.name": (-1, 0, 1, 0, 0),
        "casualty_figures.claimant.kind": (-1, 0, 1, 0, 0),
    }


def test_counting_31_neutralized_militants_as_soldiers_loses_only_the_party(any_seed_gold: dict[str, Any]) -> None:
    perfect = gold_as_record(any_seed_gold)
    militants = _figure(perfect, 31, "military")
    variant = _replace(perfect, militants, {**militants, "party": "Malian soldiers", "party_kind": "state_force"})
    changed = _changed(any_seed_gold, perfect, variant)
    assert changed == {
        "casualty_figures.party": (-1, 0, 1, 0, 0),
        "casualty_figures.party_kind": (-1, 0, 1, 0, 0),
    }


def test_dating_the_attack_in_2022_loses_only_the_date(any_seed_gold: dict[str, Any]) -> None:
    perfect = gold_as_record(any_seed_gold)
    variant = {**perfect, "incidents": [{**i, "date": {**i["date"], "start": "2022-01-10"}} for i in perfect["incidents"]]}
    changed = _changed(any_seed_gold, perfect, variant)
    assert changed == {"incidents.date.start": (-2, 0, 2, 0, 0)}
    score = score_record(any_seed_gold, IncidentSummary.model_validate(variant), IncidentSummary)
    assert not key_fields_right(score, KEY_FIELDS)
