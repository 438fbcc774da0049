"""CEAF-REE on hand-computed cases; these are the worked examples of evals/MUC4.md."""

from __future__ import annotations

import pytest

from summarizer.evals.muc4.ceaf_ree import ceaf_ree, entity_similarity, normalize

GOLD = {
    "PerpOrg": [[["farabundo marti national liberation front", 10], ["fmln", 52]], [["army", 80]]]
}


def scores(predicted: list[list[str]]) -> tuple[float, float, float]:
    c = ceaf_ree([(GOLD, {"PerpOrg": predicted})])["micro"]
    return c.precision, c.recall, c.f1


def test_perfect() -> None:
    assert scores([["FMLN"], ["army"]]) == (1.0, 1.0, 1.0)


def test_one_spurious_entity() -> None:
    # correct 2, predicted 3, gold 2: P 2/3, R 1, F1 0.8
    assert scores([["FMLN"], ["army"], ["police"]]) == pytest.approx((2 / 3, 1.0, 0.8))


def test_one_missed_entity() -> None:
    # correct 1, predicted 1, gold 2: P 1, R 1/2, F1 2/3
    assert scores([["FMLN"]]) == pytest.approx((1.0, 0.5, 2 / 3))


def test_one_gold_entity_predicted_twice_counts_once() -> None:
    # both predictions fit the FMLN cluster; one-to-one alignment credits one: correct 2 of 3 predicted
    assert scores(
        [["FMLN"], ["Farabundo Marti National Liberation Front"], ["army"]]
    ) == pytest.approx((2 / 3, 1.0, 0.8))


def test_a_predicted_mention_outside_the_gold_cluster_voids_the_entity() -> None:
    # strict: "fmln guerrillas" is not in the cluster, so the first entity scores 0: correct 1 of 2 and 2
    assert scores([["FMLN", "FMLN guerrillas"], ["army"]]) == pytest.approx((0.5, 0.5, 0.5))


def test_normalization_lowercases_drops_punctuation_articles_and_extra_spaces() -> None:
    assert normalize("The  F.M.L.N.'s   column") == "fmlns column"
    assert normalize("A MAN AND AN ARMY") == "man and army"
    assert normalize("Theatre") == "theatre"  # only standalone articles go
    assert entity_similarity([["the army", 0]], ["Army"]) == 1


def test_figures_are_the_reference_floats_to_the_last_digit() -> None:
    # GRIT's f1() on P 4/11 and R 4/5 prints 0.5000000000000001, not 0.5
    from summarizer.evals.muc4.counts import Counts

    assert Counts(4, 11, 4, 5).f1 == 0.5000000000000001


def test_counts_are_summed_over_documents_and_roles() -> None:
    doc1 = (GOLD, {"PerpOrg": [["FMLN"], ["army"]]})  # 2 correct of 2 predicted, 2 gold
    doc2 = ({"Target": [[["bus", 3]]]}, {"Target": []})  # 0 of 0, 1 gold
    counts = ceaf_ree([doc1, doc2])
    c = counts["micro"]
    assert (c.p_num, c.p_den, c.r_num, c.r_den) == (2, 2, 2, 3)
    assert c.f1 == pytest.approx(0.8)  # P 1, R 2/3
    assert counts["Target"].recall == 0.0 and counts["PerpOrg"].f1 == 1.0


def test_nothing_predicted_and_nothing_gold_scores_zero_not_an_error() -> None:
    c = ceaf_ree([({}, {})])["micro"]
    assert (c.precision, c.recall, c.f1) == (0.0, 0.0, 0.0)
