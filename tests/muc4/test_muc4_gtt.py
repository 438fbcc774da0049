"""GTT template F1 on hand-computed cases (worked examples of evals/MUC4.md), and the assignment vs brute force."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from summarizer.evals.muc4.gtt import (
    gtt_document,
    gtt_f1,
    merge_duplicates,
    pair_score,
    template_size,
)

T1 = {
    "incident_type": "attack",
    "PerpOrg": [["fmln", "farabundo marti national liberation front"]],
    "Target": [["bus"]],
}
T2 = {"incident_type": "bombing", "Weapon": [["bomb"]], "Target": [["bank", "banco de bogota"]]}


def test_template_size_counts_the_type_and_every_entity() -> None:
    assert template_size(T1) == 3 and template_size({"incident_type": "arson"}) == 1


def test_perfect() -> None:
    c = gtt_document([T1, T2], [T1, T2])
    assert (c.correct, c.predicted, c.gold) == (6, 6, 6)


def test_a_partly_filled_prediction() -> None:
    # pairs attack->T1 (type + FMLN + bus = 3) and bombing->T2 (type + bomb = 2): correct 5 of 5 predicted, 6 gold
    pred = [
        {"incident_type": "attack", "PerpOrg": [["FMLN"]], "Target": [["bus"]]},
        {"incident_type": "bombing", "Weapon": [["bomb"]]},
    ]
    c = gtt_document([T1, T2], pred)
    assert (c.correct, c.predicted, c.gold) == (5, 5, 6)
    assert c.f1 == pytest.approx(10 / 11)  # P 1, R 5/6


def test_incompatible_types_cannot_pair() -> None:
    c = gtt_document([T1], [{"incident_type": "kidnapping", "Target": [["bus"]]}])
    assert (c.correct, c.predicted, c.gold) == (0, 2, 3)


def test_a_gold_type_with_alternatives_accepts_either() -> None:
    gold = {"incident_type": "bombing / attack", "Target": [["bus"]]}
    assert pair_score(gold, {"incident_type": "attack", "Target": [["bus"]]}) == 2
    assert pair_score(gold, {"incident_type": "bombing"}) == 1


def test_duplicate_gold_templates_are_merged() -> None:
    c = gtt_document([T1, dict(T1)], [T1])
    assert (c.correct, c.predicted, c.gold) == (3, 3, 3)


def test_an_unpaired_predicted_template_adds_its_fillers_to_the_predicted_count() -> None:
    extra = {"incident_type": "attack", "PerpInd": [["gunmen"]]}
    c = gtt_document([T1], [T1, extra])
    assert (c.correct, c.predicted, c.gold) == (3, 5, 3)


def test_an_irrelevant_text_with_a_prediction_only_costs_precision() -> None:
    c = gtt_f1([([], [T1]), ([T2], [T2])])
    assert (c.correct, c.predicted, c.gold) == (3, 6, 3)


def _brute_force(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> float:
    """Best correct count over every injective partial mapping of predicted to gold templates."""
    best = 0.0
    for k in range(min(len(gold), len(pred)) + 1):
        for ps in itertools.permutations(range(len(pred)), k):
            for gs in itertools.combinations(range(len(gold)), k):
                best = max(best, sum(pair_score(gold[g], pred[p]) for g, p in zip(gs, ps)))
    return best


def test_the_assignment_finds_the_mapping_brute_force_finds() -> None:
    rng = random.Random(4)
    names = ["a", "b", "c", "d"]
    types = ["attack", "bombing", "kidnapping"]

    def template() -> dict[str, Any]:
        return {
            "incident_type": rng.choice(types),
            "PerpInd": [[n] for n in rng.sample(names, rng.randint(0, 2))],
            "Target": [[n] for n in rng.sample(names, rng.randint(0, 3))],
        }

    for _ in range(200):
        gold = [template() for _ in range(rng.randint(0, 3))]
        pred = [template() for _ in range(rng.randint(0, 4))]
        assert gtt_document(gold, pred).correct == _brute_force(list(merge_duplicates(gold)), pred)
