"""The batch viewer: one self-contained page over a results file.

A table of articles with filters (failed, ungrounded quotes, no incident, claimants disagree,
country, type, date); a row opens that article's view (incident cards, text, facts) below.
"Claimants disagree" means what the ACLED export's `fatalities_disputed` means: for some
incident, claimants give different killed totals (summarizer.export.fatalities).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from summarizer.export._items import ExportItem
from summarizer.export.fatalities import incident_fatalities
from summarizer.report.article_view import article_view, quote_index
from summarizer.report.render import render
from summarizer.report.views import ArticleView

__all__ = ["BatchRow", "batch_page", "batch_rows"]


@dataclass(frozen=True)
class BatchRow:
    anchor: str
    article_id: str
    title: str | None
    failed: bool
    error: str | None
    incidents: int
    figures: int
    ungrounded: int
    disagree: bool
    countries: tuple[str, ...]
    types: tuple[str, ...]
    dates: tuple[str, ...]

    @property
    def no_incident(self) -> bool:
        return not self.failed and self.incidents == 0


def _row(n: int, item: ExportItem) -> BatchRow:
    rec, res = item.record, item.result
    title = item.article.title if item.article else None
    if rec is None:
        return BatchRow(f"a{n}", item.article_id, title, True, f"{item.error_type}: {item.error_message}",
                        0, 0, 0, False, (), (), ())  # fmt: skip
    disagree = any(incident_fatalities(i.id, rec.casualty_figures).disputed for i in rec.incidents)
    return BatchRow(
        anchor=f"a{n}", article_id=item.article_id, title=title, failed=False, error=None,
        incidents=len(rec.incidents), figures=len(rec.casualty_figures),
        ungrounded=len(res.ungrounded) if res else 0, disagree=disagree,
        countries=tuple(sorted({i.location.country for i in rec.incidents if i.location.country})),
        types=tuple(sorted({i.type.value for i in rec.incidents})),
        dates=tuple(sorted({i.date.start.isoformat() for i in rec.incidents if i.date.start})),
    )  # fmt: skip


def batch_rows(items: Sequence[ExportItem]) -> list[BatchRow]:
    return [_row(n, item) for n, item in enumerate(items, 1)]


def _view(row: BatchRow, item: ExportItem, text: str | None) -> ArticleView:
    return article_view(
        anchor=row.anchor, case_id=item.article_id, title=row.title, text=text, record=item.record,
        grounding=item.result.grounding if item.result else (), error=row.error,
    )  # fmt: skip


def batch_page(items: Sequence[ExportItem], *, texts: Mapping[str, str] | None = None, title: str = "batch") -> str:
    """The page; `texts` (article id -> text) adds highlighted text to each article view."""
    rows = batch_rows(items)
    views = [_view(r, item, (texts or {}).get(item.article_id)) for r, item in zip(rows, items)]
    countries = sorted({c for r in rows for c in r.countries})
    types = sorted({t for r in rows for t in r.types})
    return render("batch.html.j2", title=f"batch · {title}", data=quote_index(views), rows=rows,
                  views=views, countries=countries, types=types, source=title)  # fmt: skip
