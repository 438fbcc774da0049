"""The events tables: one row per event (articles linked by summarizer.events), one per figure in an event.

`events` summarises each event: the incidents it joins, type, the days its dates may mean, country,
places, and per claimant its latest figure for each outcome and party. `event_figures` is the
lossless one: every casualty figure of every article in the event, with its claimant, article and
report date, never merged into one number; (article_id, figure_id) joins it to the figures table.
Linking is the conservative default of `summarizer events` (without --loose), so an export and
`summarizer events` over one results file find the same events with the same ids.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from summarizer.errors import InputError
from summarizer.events import Event, LinkRules, link_records
from summarizer.events.record import EventFigure
from summarizer.events.refs import date_span
from summarizer.export._items import ExportItem
from summarizer.export.tables import Table, ids, quotes
from summarizer.schemas.incident import IncidentSummary

__all__ = ["EVENTS", "EVENT_FIGURES", "event_tables", "export_events"]

EVENTS = ("event_id", "articles", "article_count", "incidents", "incident_count", "type", "date_start",
          "date_end", "country", "places", "claimants", "figure_count", "by_claimant", "sources", "links")  # fmt: skip
EVENT_FIGURES = ("event_id", "article_id", "figure_id", "incident_ids", "claimant", "claimant_kind", "party",
                 "outcome", "count_value", "count_high", "count_qualifier", "count_text", "reported_on",
                 "report_date")  # fmt: skip

_SAYS = {"exact": "{v}", "at_least": "at least {v}", "at_most": "at most {v}", "about": "about {v}",
         "range": "{v}-{h}"}  # fmt: skip


def export_events(items: Sequence[ExportItem], rules: LinkRules = LinkRules()) -> list[Event]:
    """The events of the articles that have a record (failed articles join none), in file order."""
    records: dict[str, tuple[IncidentSummary, dt.date | None, str | None]] = {}
    for i in items:
        if i.record is None:
            continue
        if i.article_id in records:
            raise InputError(f"article {i.article_id!r} has two results: events link articles by id, so ids must be unique")
        records[i.article_id] = (i.record, i.article.published if i.article else None, i.article.outlet if i.article else None)
    return link_records(records, rules)


def _count(f: EventFigure) -> str:
    """A figure's count as the claimant gave it: '14', 'at least 12', '10-15', else its words."""
    if f.value is None:
        return f.text
    return _SAYS.get(f.qualifier, "{v}").format(v=f.value, h=f.high if f.high is not None else f.value)


def _by_claimant(event: Event) -> str:
    """Per claimant (first-seen order): its latest figure per outcome and party, with its article and date."""
    out: dict[str, dict[str, dict[str, dict[str, str | None]]]] = {}
    for claimant, figures in event.timeline.items():  # each claimant's figures in report-date order
        latest: dict[str, dict[str, dict[str, str | None]]] = {}
        for f in figures:
            latest.setdefault(f.outcome, {})[f.party] = {
                "count": _count(f), "article": f.article, "reported_on": f.reported_on.isoformat() if f.reported_on else None,
            }  # fmt: skip
        out[claimant] = latest
    return json.dumps(out, ensure_ascii=False)


def _event_row(t: Table, event: Event, items: dict[str, ExportItem]) -> None:
    incidents = []
    for member in event.incidents:
        record = items[member.article].record
        incidents += [i for i in (record.incidents if record else []) if i.id == member.incident]
    spans = [s for i in incidents if (s := date_span(i.date.start, i.date.end, i.date.precision.value))]
    countries = list(dict.fromkeys(i.location.country for i in incidents if i.location.country))
    t.add(event_id=event.id, articles=ids(event.articles), article_count=len(event.articles),
          incidents=json.dumps([[m.article, m.incident] for m in event.incidents], ensure_ascii=False),
          incident_count=len(event.incidents), type=event.incidents[0].type,
          date_start=min(s[0] for s in spans).isoformat() if spans else None,
          date_end=max(s[1] for s in spans).isoformat() if spans else None,
          country=countries[0] if countries else None,
          places=quotes(list(dict.fromkeys(p for i in incidents for p in i.location.places))),
          claimants=quotes(list(event.timeline)), figure_count=len(event.figures), by_claimant=_by_claimant(event),
          sources=quotes(event.sources),
          links=json.dumps([{"a": list(lk.a), "b": list(lk.b), "score": lk.score, "reasons": lk.reasons}
                            for lk in event.links], ensure_ascii=False))  # fmt: skip


def event_tables(items: Sequence[ExportItem], events: Sequence[Event] | None = None) -> dict[str, Table]:
    """`events` and `event_figures`; `events` defaults to the conservative linking of `items`."""
    events = export_events(items) if events is None else events
    by_id = {i.article_id: i for i in items}
    out = {"events": Table("events", EVENTS), "event_figures": Table("event_figures", EVENT_FIGURES)}
    for event in events:
        _event_row(out["events"], event, by_id)
        for f in event.figures:
            record = by_id[f.article].record
            own = record.casualty_figures[int(f.figure[1:]) - 1].reported_on if record else None
            out["event_figures"].add(
                event_id=event.id, article_id=f.article, figure_id=f.figure, incident_ids=ids(f.incidents),
                claimant=f.claimant, claimant_kind=f.claimant_kind, party=f.party, outcome=f.outcome,
                count_value=f.value, count_high=f.high, count_qualifier=f.qualifier, count_text=f.text,
                reported_on=own.isoformat() if own else None,
                report_date=f.reported_on.isoformat() if f.reported_on else None,
            )  # fmt: skip
    return out
