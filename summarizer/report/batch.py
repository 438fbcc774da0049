"""The batch viewer: one self-contained page over a results file.

A table of articles with filters (failed, ungrounded quotes, no incident, claimants disagree,
country, type, date, event); a row opens that article's view (incident cards, text, facts) below.
Events are the export's (summarizer.export.events, conservative linking), with the same ids as the
events table: each row names the events of its incidents, the event filter shows the articles of
one event, and "group by event" puts the articles of each event next to each other.
"Claimants disagree" means what the ACLED export's `fatalities_disputed` means: for some
incident, claimants give different killed totals (summarizer.export.fatalities).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from summarizer.events import Event
from summarizer.export._items import ExportItem
from summarizer.export.events import export_events
from summarizer.export.fatalities import incident_fatalities
from summarizer.report.article_view import article_view, quote_index
from summarizer.report.render import render
from summarizer.report.views import ArticleView

__all__ = ["BatchEvent", "BatchRow", "batch_page", "batch_rows"]


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
    events: tuple[str, ...] = ()
    event_order: int = 0  # the position of its first event: sorting on it groups an event's articles
    shared: bool = False  # one of its events is reported by another article too

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


@dataclass(frozen=True)
class BatchEvent:
    """An event reported by more than one article, as the event filter lists it."""

    id: str
    articles: tuple[str, ...]
    type: str
    label: str


def _batch_event(e: Event) -> BatchEvent:
    label = f"{e.id} · {e.incidents[0].type} · {len(e.articles)} articles"
    return BatchEvent(e.id, tuple(e.articles), e.incidents[0].type, label)


def batch_rows(items: Sequence[ExportItem], events: Sequence[Event] | None = None) -> list[BatchRow]:
    """One row per article, with the events of its incidents (`events` defaults to the export's linking)."""
    events = export_events(items) if events is None else events
    of_article: dict[str, list[tuple[int, Event]]] = {}
    for n, e in enumerate(events):
        for article in e.articles:
            of_article.setdefault(article, []).append((n, e))
    rows = []
    for n, item in enumerate(items, 1):
        mine = of_article.get(item.article_id, [])
        rows.append(replace(_row(n, item), events=tuple(e.id for _, e in mine),
                            event_order=mine[0][0] if mine else len(events) + n,
                            shared=any(len(e.articles) > 1 for _, e in mine)))  # fmt: skip
    return rows


def _view(row: BatchRow, item: ExportItem, text: str | None) -> ArticleView:
    return article_view(
        anchor=row.anchor, case_id=item.article_id, title=row.title, text=text, record=item.record,
        grounding=item.result.grounding if item.result else (), error=row.error,
    )  # fmt: skip


def batch_page(items: Sequence[ExportItem], *, texts: Mapping[str, str] | None = None, title: str = "batch") -> str:
    """The page; `texts` (article id -> text) adds highlighted text to each article view."""
    events = export_events(items)
    rows = batch_rows(items, events)
    shared = [_batch_event(e) for e in events if len(e.articles) > 1]
    views = [_view(r, item, (texts or {}).get(item.article_id)) for r, item in zip(rows, items)]
    countries = sorted({c for r in rows for c in r.countries})
    types = sorted({t for r in rows for t in r.types})
    return render("batch.html.j2", title=f"batch · {title}", data=quote_index(views), rows=rows,
                  views=views, countries=countries, types=types, events=shared, source=title)  # fmt: skip
