"""What the pages say: facts and their grounding, gold beside prediction, run order, changed articles."""

from __future__ import annotations

from typing import Any

import pytest
from report_helpers import HOSTILE_ID, SEED_ID

from summarizer.report.adapter import compare_view, run_view
from summarizer.report.fields import values_at


def article(view: Any, case_id: str) -> Any:
    return next(a for a in view.articles if a.case_id == case_id)


def test_failed_outputs_first_then_worst_f1_first(run_a: Any, report_dataset: Any) -> None:
    view = run_view(run_a, report_dataset)
    order = [a.case_id for a in view.articles]
    assert order[0] == "quiet-council" and view.articles[0].error is not None
    scored = [a.f1 for a in view.articles if a.f1 is not None]
    assert scored == sorted(scored)


def test_article_f1_from_its_field_counts(run_a: Any, report_dataset: Any) -> None:
    # market: 13 correct (7 incident fields, 6 casualty fields), 2 incorrect (count of the wounded:
    # 12 exact against 'at least 20'): P = R = 13/15.
    market = article(run_view(run_a, report_dataset), "market-bomb-2023-10-14")
    assert market.f1 == pytest.approx(13 / 15)
    row = next(r for r in market.fields if r.path == "casualty_figures.count.value")
    assert (row.gold, row.predicted, row.status) == (("9", "20"), ("9", "12"), "incorrect")


def test_a_case_with_nothing_counted_has_no_score_rather_than_zero(run_a: Any, report_dataset: Any) -> None:
    quiet = article(run_view(run_a, report_dataset), "quiet-council")
    assert quiet.f1 is None and quiet.text is not None and quiet.facts == ()


def test_broken_quotes_are_flagged_and_never_highlighted(run_a: Any, report_dataset: Any) -> None:
    seed = article(run_view(run_a, report_dataset), SEED_ID)
    flagged = {f.path: f.grounding for f in seed.facts if f.grounding not in ("grounded", "container")}
    assert flagged == {"casualty_figures[3]": "ungrounded", "sources[5]": "ungrounded"}
    drawn = [s.mark for layer in seed.layers for s in layer.segments if s.mark]
    assert len(drawn) == 48  # 50 quotes in the fixture (jq count), 2 broken on purpose
    assert len({m.quote_id for m in drawn}) == 48


def test_every_mark_covers_exactly_its_quote(run_a: Any, report_dataset: Any) -> None:
    hostile = article(run_view(run_a, report_dataset), HOSTILE_ID)
    quotes = {q.quote_id: q.quote for q in hostile.quotes}
    for layer in hostile.layers:
        for seg in layer.segments:
            if seg.mark:
                assert seg.text == quotes[seg.mark.quote_id]


def test_gold_markup_reads_as_alternatives_and_ranges() -> None:
    gold = {"incidents": [{"perpetrator_organizations": [{"name": {"$any": ["JNIM", "GSIM"]}}]}],
            "casualty_figures": [{"count": {"value": {"$range": [10, 15]}}}, {"count": {"value": None}}]}
    assert values_at(gold, "incidents.perpetrator_organizations.name") == ["JNIM | GSIM"]
    assert values_at(gold, "casualty_figures.count.value") == ["10-15", "(not stated)"]


def test_compare_lists_exactly_the_articles_whose_scores_changed(run_a: Any, run_b: Any, report_dataset: Any) -> None:
    # B differs from A only in the seed (both incidents dated 2022) and the kidnapping (typed as a
    # clash, figure dropped); hostile, market and the failed quiet case are identical.
    view = compare_view(run_a, run_b, report_dataset)
    assert sorted(c.case_id for c in view.changed) == ["kidnap-diffa-2022-05-02", SEED_ID]
    assert view.unchanged == 3
    seed = next(c for c in view.changed if c.case_id == SEED_ID)
    rows = {(a or b).path: (a, b) for a, b in seed.rows}  # type: ignore[union-attr]
    assert list(rows) == ["incidents.date.start"]
    a, b = rows["incidents.date.start"]
    assert a is not None and b is not None
    assert (a.status, b.status) == ("correct", "incorrect")
    assert b.predicted == ("2022-01-10", "2022-01-10")


def test_compare_deltas_per_field(run_a: Any, run_b: Any, report_dataset: Any) -> None:
    view = compare_view(run_a, run_b, report_dataset)
    date = next(d for d in view.deltas if d.path == "incidents.date.start")
    # A: 5 dates correct (seed 2, hostile, market, kidnap); B: 3 correct, 2 incorrect -> F1 3/5.
    assert (date.a, date.b) == (pytest.approx(1.0), pytest.approx(0.6))


def test_a_run_whose_dataset_is_gone_still_renders_with_a_note(run_a: Any) -> None:
    from summarizer.report import run_page

    moved = run_a.model_copy(update={"dataset": "no-such-dataset", "dataset_path": "/nonexistent/dataset"})
    html = run_page(moved)
    assert "dataset &#39;no-such-dataset&#39; not found" in html
    assert "The article text is not available." in html
    assert html.count("<mark ") == 0
    seed = article(run_view(moved, None), SEED_ID)
    assert seed.text is None and seed.f1 is not None and seed.facts  # scores and facts survive
