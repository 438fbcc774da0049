"""The issue's four seed errors each lose points on the right field and nowhere else."""

from __future__ import annotations

from typing import Any

from summarizer.evals.scoring.aggregate import key_fields_right
from summarizer.evals.scoring.counts import COR, INC, MIS
from summarizer.evals.scoring.scorer import score_record
from summarizer.schemas.incident import IncidentSummary


def _changed(gold: dict[str, Any], perfect: dict[str, Any], variant: dict[str, Any]) -> dict[str, tuple[list[int], list[int]]]:
    """Fields whose counts differ between the perfect prediction and the variant."""
    base = score_record(gold, IncidentSummary.model_validate(perfect), IncidentSummary).fields
    new = score_record(gold, IncidentSummary.model_validate(variant), IncidentSummary).fields
    return {p: (base.get(p, [0] * 5), new.get(p, [0] * 5)) for p in set(base) | set(new) if base.get(p) != new.get(p)}


def _figure(record: dict[str, Any], value: int, claimant: str) -> dict[str, Any]:
    return next(f for f in record["casualty_figures"] if f["count"]["value"] == value and f["claimant"]["name"] == claimant)


def test_perfect_prediction_has_nothing_wrong(seed_gold: dict[str, Any], seed_perfect: dict[str, Any]) -> None:
    score = score_record(seed_gold, IncidentSummary.model_validate(seed_perfect), IncidentSummary)
    assert all(c[COR] > 0 and sum(c[1:]) == 0 for c in score.fields.values())
    assert score.items["casualty_figures"] == [7, 0, 0]  # the optional 'dozens injured' is not required
    assert key_fields_right(score, IncidentSummary.key_fields)


def test_merging_army_and_jnim_figures_loses_one_figure_only(seed_gold: dict[str, Any], seed_perfect: dict[str, Any]) -> None:
    variant = dict(seed_perfect)
    army = _figure(seed_perfect, 14, "Malian army")
    jnim = _figure(seed_perfect, 7, "JNIM")
    merged = {**army, "claimant": {"name": "Malian army and JNIM", "kind": "other", "anonymous": False}}
    variant["casualty_figures"] = [merged if f is army else f for f in seed_perfect["casualty_figures"] if f is not jnim]
    changed = _changed(seed_gold, seed_perfect, variant)
    assert changed and all(p.startswith("casualty_figures.") for p in changed)
    # The merged figure still matches the army's 14 (its claimant is now wrong: partial name, wrong kind) ...
    assert changed["casualty_figures.claimant.kind"][1][INC] == 1
    # ... and JNIM's 7 is missed in every field it labels.
    assert changed["casualty_figures.count.value"][1][MIS] == 1
    assert changed["casualty_figures.party"][1][MIS] == 1
    assert changed["casualty_figures.incident_ids"][1][MIS] == 1  # its one incident, I2


def test_crediting_the_14_dead_to_jnim_loses_only_the_claimant(seed_gold: dict[str, Any], seed_perfect: dict[str, Any]) -> None:
    variant = dict(seed_perfect)
    army = _figure(seed_perfect, 14, "Malian army")
    wrong = {**army, "claimant": {"name": "JNIM", "kind": "armed_group", "anonymous": False}}
    variant["casualty_figures"] = [wrong if f is army else f for f in seed_perfect["casualty_figures"]]
    changed = _changed(seed_gold, seed_perfect, variant)
    assert set(changed) == {"casualty_figures.claimant.name", "casualty_figures.claimant.kind"}
    assert changed["casualty_figures.claimant.name"][1] == [6, 0, 1, 0, 0]
    assert changed["casualty_figures.claimant.kind"][1] == [6, 0, 1, 0, 0]


def test_counting_31_neutralized_militants_as_soldiers_loses_only_the_party(seed_gold: dict[str, Any], seed_perfect: dict[str, Any]) -> None:
    variant = dict(seed_perfect)
    militants = _figure(seed_perfect, 31, "Malian army")
    wrong = {**militants, "party": "Malian soldiers", "party_kind": "state_force"}
    variant["casualty_figures"] = [wrong if f is militants else f for f in seed_perfect["casualty_figures"]]
    changed = _changed(seed_gold, seed_perfect, variant)
    assert set(changed) == {"casualty_figures.party", "casualty_figures.party_kind"}
    assert changed["casualty_figures.party"][1] == [6, 0, 1, 0, 0]


def test_dating_the_attack_in_2022_loses_only_the_date(seed_gold: dict[str, Any], seed_perfect: dict[str, Any]) -> None:
    variant = dict(seed_perfect)
    variant["incidents"] = [
        {**i, "date": {**i["date"], "start": "2022-01-10"}} for i in seed_perfect["incidents"]
    ]
    changed = _changed(seed_gold, seed_perfect, variant)
    assert set(changed) == {"incidents.date.start"}
    assert changed["incidents.date.start"][1] == [0, 0, 2, 0, 0]
    score = score_record(seed_gold, IncidentSummary.model_validate(variant), IncidentSummary)
    assert not key_fields_right(score, IncidentSummary.key_fields)
