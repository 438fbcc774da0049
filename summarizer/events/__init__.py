"""Event linking across articles: incidents that report one event grouped, every figure kept.

Modules: refs (what linking reads of an incident, from records or gold files), link (the
deterministic rules, a score and reasons per link, conservative grouping), record (the event
record: incidents, every casualty figure with its claimant, article and date, a timeline per
claimant, sources), results (reading results files). Evaluation: summarizer.evals.events.
"""

from summarizer.events.link import Link, LinkRules, compare, group
from summarizer.events.record import Event, EventFigure, build_events, link_records
from summarizer.events.refs import IncidentKey, IncidentRef, refs_from_gold, refs_from_summary

__all__ = [
    "Event",
    "EventFigure",
    "IncidentKey",
    "IncidentRef",
    "Link",
    "LinkRules",
    "build_events",
    "compare",
    "group",
    "link_records",
    "refs_from_gold",
    "refs_from_summary",
]
