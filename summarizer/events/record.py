"""The event record: the incidents it joins and every casualty figure from every article, never merged.

A figure stays as its article gave it, with its claimant, article and report date (the figure's
`reported_on`, else the article's publication date); the timeline lists each claimant's figures
in date order, so "at least 12" from the first wire and "14" from the army the next day are both
there. A figure naming incidents of two events is kept in each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, Field

from summarizer.events.link import Link, LinkRules, group
from summarizer.events.refs import IncidentRef, refs_from_summary
from summarizer.schemas.incident import IncidentSummary

__all__ = ["Event", "EventFigure", "EventIncident", "EventLink", "Records", "build_events", "link_records"]


class EventIncident(BaseModel):
    article: str
    incident: str
    type: str
    description: str = ""


class EventFigure(BaseModel):
    """One casualty figure of one article, as given."""

    article: str
    figure: str = Field(description="F1, F2... in the article's order of figures, as in the export's figures table.")
    incidents: list[str] = Field(description="Ids of the article's incidents the figure counts.")
    claimant: str
    claimant_kind: str
    party: str
    outcome: str
    value: int | None
    high: int | None = None
    qualifier: str
    text: str
    reported_on: dt.date | None = Field(description="The figure's own report date, else the article's publication date.")


class EventLink(BaseModel):
    """Why two incidents were joined."""

    a: tuple[str, str]
    b: tuple[str, str]
    score: int
    reasons: list[str]


class Event(BaseModel):
    """Incidents of one or more articles that report one event."""

    id: str
    incidents: list[EventIncident]
    articles: list[str]
    sources: list[str] = Field(description="Outlets of the articles and the sources they cite, first-seen order.")
    figures: list[EventFigure]
    timeline: dict[str, list[EventFigure]] = Field(description="Per claimant, its figures by report date.")
    links: list[EventLink]


Records = Mapping[str, tuple[IncidentSummary, dt.date | None, str | None]]
"""Per article id: its record, publication date and outlet."""


def _figures(article: str, ids: set[str], record: IncidentSummary, published: dt.date | None) -> list[EventFigure]:
    out = []
    for n, f in enumerate(record.casualty_figures, 1):
        if not set(f.incident_ids) & ids:
            continue
        out.append(
            EventFigure(
                article=article,
                figure=f"F{n}",
                incidents=list(f.incident_ids),
                claimant=f.claimant.name,
                claimant_kind=str(f.claimant.kind),
                party=f.party,
                outcome=str(f.outcome),
                value=f.count.value,
                high=f.count.high,
                qualifier=str(f.count.qualifier),
                text=f.count.text,
                reported_on=f.reported_on or published,
            )
        )
    return out


def build_events(groups: Sequence[Sequence[IncidentRef]], links: Sequence[Link], records: Records) -> list[Event]:
    """One Event per group, with every figure of its incidents and the links that joined it."""
    events = []
    for n, members in enumerate(groups, 1):
        keys = {m.key for m in members}
        articles = list(dict.fromkeys(m.article for m in members))
        figures: list[EventFigure] = []
        sources: list[str] = []
        for article in articles:
            if article not in records:
                continue
            record, published, outlet = records[article]
            ids = {m.incident for m in members if m.article == article}
            figures += _figures(article, ids, record, published)
            sources += [outlet] if outlet else []
            sources += [s.name for s in record.sources]
        timeline: dict[str, list[EventFigure]] = {}
        for f in figures:
            timeline.setdefault(f.claimant, []).append(f)
        for claimed in timeline.values():
            claimed.sort(key=lambda f: (f.reported_on is None, f.reported_on or dt.date.min))
        events.append(
            Event(
                id=f"E{n}",
                incidents=[EventIncident(article=m.article, incident=m.incident, type=m.type, description=m.description)
                           for m in members],  # fmt: skip
                articles=articles,
                sources=list(dict.fromkeys(sources)),
                figures=figures,
                timeline=timeline,
                links=[EventLink(a=lk.a, b=lk.b, score=lk.score, reasons=list(lk.reasons))
                       for lk in links if lk.a in keys and lk.b in keys],  # fmt: skip
            )
        )
    return events


def link_records(records: Records, rules: LinkRules = LinkRules()) -> list[Event]:
    """Records (in the order given) linked into events: what `summarizer events` and the exports both call,
    so event ids (E1, E2...) are the same in the events JSON, the export tables and the batch viewer."""
    refs = [r for article, (record, published, outlet) in records.items()
            for r in refs_from_summary(record, article=article, published=published, outlet=outlet)]  # fmt: skip
    groups, links = group(refs, rules)
    return build_events(groups, links, records)
