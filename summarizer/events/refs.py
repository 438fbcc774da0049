"""What event linking reads of an incident: type, date span, place, actors, and where it was reported.

Built from a validated record (`refs_from_summary`) or from a gold file, where each `$any` gives
its first alternative, the guideline's first choice (`refs_from_gold`): linking gold incidents
measures the rules alone, apart from extraction errors.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from summarizer.schemas.incident import IncidentSummary

__all__ = ["IncidentKey", "IncidentRef", "date_span", "place_key", "refs_from_gold", "refs_from_summary"]

IncidentKey = tuple[str, str]
"""(article id, incident id): an incident as its article names it."""

# Generic words that differ between outlets naming the same site ("rue Victor Hugo", "Victor Hugo street").
_GENERIC = {"the", "of", "rue", "street", "st", "road", "rd", "avenue", "ave", "city", "centre", "center", "central"}


def place_key(name: str) -> frozenset[str]:
    """A place name as a set of its distinctive words, lower-cased."""
    words = re.findall(r"[^\W_]+", name.lower())
    return frozenset(w for w in words if w not in _GENERIC) or frozenset(words)


def date_span(start: dt.date | None, end: dt.date | None, precision: str) -> tuple[dt.date, dt.date] | None:
    """The days a date may mean, from its precision (a month is its whole month); None when unknown."""
    if start is None:
        return None
    if precision == "month":
        return start.replace(day=1), start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision == "year":
        return dt.date(start.year, 1, 1), dt.date(start.year, 12, 31)
    if precision == "range" and end is not None:
        return start, end
    if precision in ("day", "range"):
        return start, start
    return None


@dataclass(frozen=True)
class IncidentRef:
    """One incident of one article, as linking sees it."""

    article: str
    incident: str
    type: str
    span: tuple[dt.date, dt.date] | None
    day: bool  # the span is one day given to the day
    country: str | None
    places: tuple[frozenset[str], ...]
    actors: frozenset[str]
    published: dt.date | None = None
    outlet: str | None = None
    description: str = ""
    label: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> IncidentKey:
        return (self.article, self.incident)


def _actor_key(name: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", name.lower().removeprefix("the ")))


def refs_from_summary(
    summary: IncidentSummary, *, article: str, published: dt.date | None = None, outlet: str | None = None
) -> list[IncidentRef]:
    """The incidents of one validated record."""
    out = []
    for inc in summary.incidents:
        span = date_span(inc.date.start, inc.date.end, str(inc.date.precision))
        out.append(
            IncidentRef(
                article=article,
                incident=inc.id,
                type=str(inc.type),
                span=span,
                day=span is not None and span[0] == span[1] and str(inc.date.precision) == "day",
                country=inc.location.country,
                places=tuple(place_key(p) for p in [*inc.location.places]),
                actors=frozenset(
                    _actor_key(n)
                    for a in [*inc.perpetrator_organizations, *inc.perpetrator_individuals]
                    for n in [a.name, *a.aliases]
                ),
                published=published,
                outlet=outlet,
                description=inc.description,
            )
        )
    return out


def _first(value: Any) -> Any:
    """A gold value with every `$any` resolved to its first alternative and markers dropped."""
    if isinstance(value, dict):
        if "$any" in value:
            return _first(value["$any"][0]) if value["$any"] else None
        return {k: _first(v) for k, v in value.items() if not k.startswith("$")}
    if isinstance(value, list):
        return [_first(v) for v in value]
    return value


def _date(text: Any) -> dt.date | None:
    return dt.date.fromisoformat(text) if isinstance(text, str) else None


def refs_from_gold(gold: dict[str, Any], *, article: str, published: dt.date | None = None) -> list[IncidentRef]:
    """The incidents of a gold file (first alternatives; `$optional` incidents included and marked)."""
    out = []
    for raw in gold.get("incidents", []):
        inc = _first(raw)
        date = inc.get("date") or {}
        precision = str(date.get("precision") or "unknown")
        span = date_span(_date(date.get("start")), _date(date.get("end")), precision)
        loc = inc.get("location") or {}
        actors = [
            n
            for field_name in ("perpetrator_organizations", "perpetrator_individuals")
            for a in inc.get(field_name) or []
            for n in [a.get("name"), *(a.get("aliases") or [])]
            if isinstance(n, str)
        ]
        out.append(
            IncidentRef(
                article=article,
                incident=str(inc.get("id")),
                type=str(inc.get("type")),
                span=span,
                day=span is not None and span[0] == span[1] and precision == "day",
                country=loc.get("country"),
                places=tuple(place_key(p) for p in loc.get("places") or [] if isinstance(p, str)),
                actors=frozenset(_actor_key(n) for n in actors),
                published=published,
                description=str(inc.get("description") or ""),
                label={"optional": bool(raw.get("$optional"))},
            )
        )
    return out
