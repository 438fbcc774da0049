"""GTT template F1 on hand-computed cases, and the bounded mapping search against GTT's own enumeration."""

from __future__ import annotations

import random
from typing import Any

from summarizer.evals.muc4.counts import Counts
from summarizer.evals.muc4.gtt import (
    KEYS,
    best_mapping,
    compatible,
    dedupe_gold,
    exhaustive_mapping,
    gtt_document,
    gtt_f1,
    pair_counts,
)
from summarizer.evals.muc4.roles import ROLES

T1 = {
    "incident_type": "attack",
    "PerpOrg": [["fmln", "farabundo marti national liberation front"]],
    "Target": [["bus"]],
}
T2 = {"incident_type": "bombing", "Weapon": [["bomb"]], "Target": [["bank", "banco de bogota"]]}


def totals(counts: dict[str, Counts]) -> tuple[float, int, float, int]:
    c = counts["micro"]
    return (c.p_num, c.p_den, c.r_num, c.r_den)


def doc(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> tuple[float, int, float, int]:
    return totals(gtt_f1([(gold, pred)]))


def test_perfect() -> None:
    assert doc([T1, T2], [T1, T2]) == (6, 6, 6, 6)


def test_every_key_is_counted_apart_the_type_included() -> None:
    counts = gtt_document([T1, T2], [T1, T2])
    assert list(counts) == list(KEYS)
    assert (counts["incident_type"].p_num, counts["Target"].r_den, counts["Victim"].p_den) == (2, 2, 0)


def test_a_predicted_entity_repeated_counts_right_twice() -> None:
    # GTT counts each predicted entity that fits some gold entity: both "fmln"s are right (P 3/3),
    # and the one gold entity is found once (R 3/3 with the type and the bus).
    pred = {"incident_type": "attack", "PerpOrg": [["FMLN"], ["the FMLN"]], "Target": [["bus"]]}
    assert doc([T1], [pred]) == (4, 4, 3, 3)


def test_one_predicted_entity_finds_two_gold_entities_it_fits() -> None:
    gold = {"incident_type": "attack", "PerpInd": [["guerrillas"], ["guerrillas", "rebels"]]}
    pred = {"incident_type": "attack", "PerpInd": [["guerrillas"]]}
    assert pair_counts(gold, pred).r == (1, 2, 0, 0, 0, 0)


def test_type_compatibility_is_gtts_substring_test() -> None:
    assert compatible("bombing / attack", "attack") and compatible("attack / bombing", "bombing")
    assert not compatible("attack", "bombing / attack") and not compatible("attack", "kidnapping")
    assert doc([{"incident_type": "attack"}], [{"incident_type": "kidnapping"}]) == (0, 1, 0, 1)


def test_duplicate_gold_templates_are_dropped_by_their_raw_strings() -> None:
    same = dict(T1)
    recased = {**T1, "Target": [["BUS"]]}  # equal once normalized, but GTT compares before normalizing
    assert dedupe_gold([T1, same, recased]) == [T1, recased]
    assert doc([T1, same], [T1]) == (3, 3, 3, 3)


def test_an_unpaired_predicted_template_adds_its_fillers_to_the_predicted_count() -> None:
    extra = {"incident_type": "attack", "PerpInd": [["gunmen"]]}
    assert doc([T1], [T1, extra]) == (3, 5, 3, 3)


def test_an_irrelevant_text_with_a_prediction_only_costs_precision() -> None:
    assert totals(gtt_f1([([], [T1]), ([T2], [T2])])) == (3, 6, 3, 3)


def test_ties_go_to_the_first_mapping_in_gtts_order() -> None:
    # Both golds fit the prediction equally: GTT keeps gold 0 (the first it tries).
    gold = [{"incident_type": "attack", "Target": [["bus"]]}, {"incident_type": "attack", "Target": [["car"]]}]
    assert best_mapping(gold, [{"incident_type": "attack"}]) == (0,)
    assert best_mapping(gold, [{"incident_type": "arson"}]) == (0,)  # incompatible everywhere: the first mapping


def _random_templates(rng: random.Random, n: int, *, gold: bool) -> list[dict[str, Any]]:
    words = ["fmln", "army", "bus", "bomb", "the guerrillas", "police"]
    types = ["attack", "bombing / attack", "kidnapping"] if gold else ["attack", "bombing", "kidnapping"]
    out = []
    for _ in range(n):
        t: dict[str, Any] = {"incident_type": rng.choice(types)}
        for role in ROLES:
            t[role] = [rng.sample(words, rng.randint(1, 2)) for _ in range(rng.randint(0, 2))]
        out.append(t)
    if out and rng.random() < 0.3:  # repeats make ties, where the enumeration order decides
        out.append(dict(rng.choice(out)))
    return out


def test_the_bounded_search_picks_the_mapping_gtts_enumeration_picks() -> None:
    rng = random.Random(16)
    for _ in range(400):
        gold = _random_templates(rng, rng.randint(0, 3), gold=True)
        pred = _random_templates(rng, rng.randint(0, 4), gold=False)
        assert best_mapping(gold, pred) == exhaustive_mapping(gold, pred), (gold, pred)


def test_ten_by_ten_templates_are_searched_without_enumerating() -> None:
    # 11 ** 10 mappings would take hours; bench/muc4_gtt.py times this (well under a second).
    rng = random.Random(10)
    gold = _random_templates(rng, 10, gold=True)[:10]
    pred = _random_templates(rng, 10, gold=False)[:10]
    mapping = best_mapping(gold, pred)
    assert len(mapping) == 10
    paired = [j for j in mapping if j >= 0]
    assert len(paired) == len(set(paired))
    identical = [T1] * 10
    assert best_mapping(identical, identical) == tuple(range(10))
