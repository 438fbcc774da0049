"""The incident card: the answer first (date, place, type, perpetrators, figures by claimant).

Shown at the top of an article view so a reader sees what the record says before the evidence.
Values come from the record as they are; the templates escape them like any article text.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from summarizer.schemas.incident import Attribution, CasualtyFigure, Incident, IncidentSummary

__all__ = ["ClaimantFigures", "IncidentCard", "incident_cards"]


@dataclass(frozen=True)
class FigureRow:
    party: str
    outcome: str
    count: str
    reported_on: str | None


@dataclass(frozen=True)
class ClaimantFigures:
    claimant: str
    kind: str
    rows: tuple[FigureRow, ...]


@dataclass(frozen=True)
class IncidentCard:
    incident_id: str
    type: str
    date: str
    place: str
    perpetrators: tuple[tuple[str, str], ...]  # (name, who attributes it and how)
    claimants: tuple[ClaimantFigures, ...]


def _date(inc: Incident) -> str:
    d = inc.date
    if d.start is None:
        return "no date given"
    text = d.start.isoformat() if d.end is None else f"{d.start.isoformat()} to {d.end.isoformat()}"
    notes = [f"{d.precision.value} precision"] + (["year inferred"] if d.year_inferred else [])
    return f"{text} ({', '.join(notes)})"


def _place(inc: Incident) -> str:
    loc = inc.location
    parts = [*loc.places, *loc.regions, *([loc.country] if loc.country else [])]
    where = ", ".join(parts) or "no place given"
    return f"{where} ({loc.description})" if loc.description else where


def _attribution(attributions: list[Attribution]) -> str:
    if not attributions:
        return "stated by the outlet"
    return "; ".join(f"{a.stance.value} by {a.by or 'the outlet'}" for a in attributions)


def _count(f: CasualtyFigure) -> str:
    c = f.count
    number = "" if c.value is None else (f"{c.value}-{c.high}" if c.high is not None else str(c.value))
    return f"{c.text} ({c.qualifier.value}{', ' + number if number else ''})"


def _claimants(inc: Incident, figures: list[CasualtyFigure]) -> tuple[ClaimantFigures, ...]:
    groups: dict[tuple[str, str], list[FigureRow]] = {}
    for f in figures:
        if inc.id not in f.incident_ids:
            continue
        row = FigureRow(f.party, f"{f.outcome.value} ({f.outcome_word})", _count(f),
                        f.reported_on.isoformat() if f.reported_on else None)  # fmt: skip
        groups.setdefault((f.claimant.name, f.claimant.kind.value), []).append(row)
    return tuple(ClaimantFigures(name, kind, tuple(rows)) for (name, kind), rows in groups.items())


def incident_cards(record: BaseModel | None) -> tuple[IncidentCard, ...]:
    """One card per incident of an incident record; none for other tasks' records."""
    if not isinstance(record, IncidentSummary):
        return ()
    return tuple(
        IncidentCard(
            incident_id=inc.id, type=inc.type.value, date=_date(inc), place=_place(inc),
            perpetrators=tuple((a.name, _attribution(a.attributions))
                               for a in (*inc.perpetrator_organizations, *inc.perpetrator_individuals)),
            claimants=_claimants(inc, record.casualty_figures),
        )  # fmt: skip
        for inc in record.incidents
    )
