"""Aggregates, bootstrap intervals, paired comparison and McNemar on hand-made scores."""

from __future__ import annotations

import pytest

from summarizer.evals.scoring.aggregate import ScoredCase, aggregate
from summarizer.evals.scoring.counts import prf
from summarizer.evals.scoring.scorer import ArticleScore
from summarizer.evals.scoring.stats import compare_cases


def case(cid: str, counts: dict[str, list[int]], *, key_ok: bool = True, sample: int = 0) -> ScoredCase:
    return ScoredCase(cid, ArticleScore(fields=counts), key_ok=key_ok, sample=sample)


def test_prf_counts_partial_as_half() -> None:
    # correct 3, partial 1, incorrect 1, missed 1, spurious 1: TP 3.5 of 6 actual and 6 possible
    m = prf([3, 1, 1, 1, 1])
    assert (m.precision, m.recall, m.f1) == pytest.approx((3.5 / 6, 3.5 / 6, 3.5 / 6))
    assert (m.tp, m.fp, m.fn) == (3.5, 2.5, 2.5)


def test_prf_of_nothing_is_zero_not_nan() -> None:
    assert prf([0, 0, 0, 0, 0]).f1 == 0.0


def test_micro_sums_counts_and_macro_averages_fields() -> None:
    report = aggregate([case("a", {"x": [1, 0, 0, 0, 0], "y": [0, 0, 0, 1, 0]}),
                        case("b", {"x": [1, 0, 0, 0, 0], "y": [1, 0, 0, 0, 0]})], samples=0)  # fmt: skip
    assert report.fields["x"].f1 == 1.0
    assert report.fields["y"].precision == 1.0 and report.fields["y"].recall == 0.5
    assert report.micro.f1 == pytest.approx(2 * 3 / (3 + 4))  # TP 3, actual 3, possible 4
    assert report.macro_f1 == pytest.approx((1.0 + 2 / 3) / 2)


def test_repeats_of_an_article_move_together_in_the_bootstrap() -> None:
    cases = [case("a", {"x": [1, 0, 0, 0, 0]}, sample=0), case("a", {"x": [0, 0, 1, 0, 0]}, sample=1, key_ok=False),
             case("b", {"x": [1, 0, 0, 0, 0]})]  # fmt: skip
    report = aggregate(cases, key_fields=("x",), samples=300)
    assert report.cases == 3 and report.articles == 2
    assert report.key_fields_right == pytest.approx(2 / 3)
    assert report.micro.f1_ci is not None and 0.5 <= report.micro.f1_ci[0] <= report.micro.f1_ci[1] <= 1.0


def test_identical_runs_differ_in_nothing() -> None:
    run = [case(f"c{i}", {"x": [i % 2, 0, 1 - i % 2, 0, 0]}, key_ok=bool(i % 2)) for i in range(30)]
    result = compare_cases(run, run, samples=200)
    assert result.micro_f1.delta == 0.0 and not result.micro_f1.significant
    assert result.mcnemar_p is None and "agree on every article" in result.statements[-1]


def test_only_shared_articles_are_compared() -> None:
    a = [case("c1", {"x": [1, 0, 0, 0, 0]}), case("c2", {"x": [1, 0, 0, 0, 0]})]
    b = [case("c2", {"x": [0, 0, 1, 0, 0]}, key_ok=False), case("c3", {"x": [1, 0, 0, 0, 0]})]
    result = compare_cases(a, b, samples=50)
    assert result.articles == 1 and result.micro_f1.a == 1.0 and result.micro_f1.b == 0.0
    assert result.statements[0].startswith("Warning: only 1 articles")
