"""Self-contained HTML pages: one summarize() result, one eval run, or two runs compared.

Every page is one file with its CSS and script inline, a CSP that allows nothing else, and no
network use, so it opens from file:// offline. Article text and model output are untrusted and
only ever reach the page through autoescaped templates or script_json().
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from summarizer.report.article_view import article_view, quote_index
from summarizer.report.render import render
from summarizer.result import SummaryResult

if TYPE_CHECKING:  # the eval harness (numpy, scipy) loads only for run pages
    from summarizer.evals.dataset import Dataset
    from summarizer.evals.runs import RunRecord

__all__ = ["compare_page", "run_page", "summary_page"]


def summary_page(result: SummaryResult[Any], article_text: str) -> str:
    """The article with every evidence quote highlighted and linked to its fact (no gold, no scores)."""
    article = article_view(
        anchor="a1", case_id=result.article.id or "article", title=result.article.title, text=article_text,
        record=result.record, grounding=result.grounding,
    )  # fmt: skip
    title = f"summary · {result.article.title or result.article.id or 'article'}"
    return render("summary.html.j2", title=title, data=quote_index([article]), result=result, article=article)


def run_page(run: RunRecord, dataset: Dataset | None = None) -> str:
    """A stored eval run: summary, per-field F1 chart, and every article worst first.

    Without `dataset` the run's own dataset is loaded; if it cannot be, the page says so and shows
    scores and predictions without article texts and gold.
    """
    from summarizer.report.adapter import load_run_dataset, run_view

    notes: list[str] = []
    if dataset is None:
        dataset, note = load_run_dataset(run)
        notes += [note] if note else []
    view = run_view(run, dataset, notes=notes)
    return render("run.html.j2", title=f"run {run.id} · {run.dataset}", data=quote_index(view.articles), run=view)


def compare_page(a: RunRecord, b: RunRecord, dataset: Dataset | None = None) -> str:
    """Run B against baseline A: per-field deltas and exactly the articles whose scores changed."""
    from summarizer.report.adapter import compare_view, load_run_dataset

    notes: list[str] = []
    if a.dataset != b.dataset:
        notes.append(f"the runs are on different datasets ({a.dataset} vs {b.dataset}): only shared case ids count")
    if a.repeat > 1 or b.repeat > 1:
        notes.append("with repeats, counts are summed over samples and predicted values are the first sample's")
    if dataset is None:
        dataset, note = load_run_dataset(b)
        notes += [note.replace("article texts and gold are", "gold is")] if note else []
    view = compare_view(a, b, dataset, notes=notes)
    return render("compare.html.j2", title=f"compare {a.id} → {b.id}", data={}, cmp=view)
