"""MUC-4 key templates mapped onto the incident schema as partial gold (evals/MUC4.md has the table).

Only what MUC-4 labels in a way our schema can be scored against is labeled; everything else is
left absent (unlabeled), and every raw slot stays under "$source" so nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from summarizer.evals.muc4.keys import SLOT_NAMES, Filler, KeyTemplate
from summarizer.evals.muc4.targets import human_targets

__all__ = [
    "CONFIDENCE_MAP",
    "HUMAN_KIND_MAP",
    "STAGE_MAP",
    "TYPE_MAP",
    "country_of",
    "incident_gold",
    "parse_key_date",
    "raw_template",
]

TYPE_MAP: dict[str, list[str]] = {
    "ATTACK": [
        "armed_clash",
        "shelling_or_strike",
        "attack_on_civilians",
        "assassination",
        "other",
    ],
    "BOMBING": ["bombing"],
    "KIDNAPPING": ["kidnapping"],
    "ARSON": ["arson"],
    "ROBBERY": ["robbery"],
    "FORCED WORK STOPPAGE": ["forced_work_stoppage"],
}
"""MUC-4 INCIDENT: TYPE to IncidentType alternatives (the inverse of incident_map.MUC4_TYPE)."""

STAGE_MAP = {"ACCOMPLISHED": "accomplished", "ATTEMPTED": "attempted", "THREATENED": "threatened"}

CONFIDENCE_MAP: dict[str, list[str]] = {
    "REPORTED AS FACT": ["stated"],
    "CLAIMED OR ADMITTED": ["claimed"],
    "ACKNOWLEDGED": ["acknowledged"],
    "SUSPECTED OR ACCUSED": ["suspected", "alleged"],
    "SUSPECTED OR ACCUSED BY AUTHORITIES": ["suspected", "alleged"],
    "POSSIBLE": ["possible"],
}
"""PERP: ORGANIZATION CONFIDENCE to Attribution.stance alternatives (cf. muc4_confidence)."""

HUMAN_KIND_MAP = {
    "CIVILIAN": "civilians",
    "ACTIVE MILITARY": "state_force",
    "LAW ENFORCEMENT": "state_force",
}
"""HUM TGT: TYPE values with a clear ActorKind; the others (GOVERNMENT OFFICIAL, POLITICAL FIGURE, ...) stay unlabeled."""

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1
    )
}
_DAY = r"(\d{1,2}) ([A-Z]{3}) (\d{2})"


def _date(d: str, m: str, y: str) -> dt.date | None:
    try:
        return dt.date(1900 + int(y), _MONTHS[m], int(d))
    except (KeyError, ValueError):
        return None


def parse_key_date(value: str) -> tuple[str, dt.date | None, dt.date | None]:
    """One INCIDENT: DATE alternative as (form, start, end): form is day, range, on_or_before or unknown."""
    v = " ".join(value.split())
    if m := re.fullmatch(_DAY, v):
        return "day", _date(*m.groups()), None
    if m := re.fullmatch(_DAY + " - " + _DAY, v):
        return "range", _date(*m.groups()[:3]), _date(*m.groups()[3:])
    if m := re.fullmatch("- " + _DAY, v):
        return "on_or_before", None, _date(*m.groups())
    return "unknown", None, None


def raw_template(t: KeyTemplate) -> dict[str, Any]:
    """Every slot of a key template as written (fill lines), plus its parsed fillers, for "$source"."""
    slots: dict[str, Any] = {}
    for n, name in enumerate(SLOT_NAMES):
        slot = t.slots[n]
        slots[f"{n}. {name}"] = slot.lines[0] if len(slot.lines) == 1 else slot.lines
    return {"template": t.number, "optional": t.optional, "comments": t.comments, "slots": slots}


def _any(values: list[str]) -> Any:
    uniq = list(dict.fromkeys(values))
    return uniq[0] if len(uniq) == 1 else {"$any": uniq}


def _item(obj: dict[str, Any], f: Filler) -> dict[str, Any]:
    return {**obj, "$optional": True} if f.optional else obj


def _refs(fillers: list[Filler], values: tuple[str, ...]) -> list[Filler]:
    """Fillers of a cross-referenced slot that point to the string filler with these alternatives."""
    return [f for f in fillers if f.ref and set(f.ref) & set(values)]


def _date_gold(t: KeyTemplate) -> dict[str, Any] | None:
    fills = t.fillers(2)
    if len(fills) != 1 or fills[0].optional:
        return None
    forms = [parse_key_date(v) for v in fills[0].values]
    if all(f == "day" and s is not None for f, s, _ in forms):
        return {"start": _any([s.isoformat() for _, s, _ in forms if s]), "precision": "day"}
    if len(forms) == 1 and forms[0][0] == "range":
        _, start, end = forms[0]
        if start is not None and end is not None:
            return {"start": start.isoformat(), "end": end.isoformat(), "precision": "range"}
    return None


def country_of(location: str) -> str:
    """The country of one LOCATION alternative: the name before the first colon ("PERU: LIMA (CITY)" -> "Peru")."""
    return location.split(":")[0].split("(")[0].strip().title()


def _country(t: KeyTemplate) -> Any:
    fills = t.fillers(3)
    if len(fills) != 1 or fills[0].optional:
        return None
    countries = [country_of(v) for v in fills[0].values]
    return _any([c for c in countries if c]) if all(countries) else None


def _perp_orgs(t: KeyTemplate) -> list[dict[str, Any]]:
    out = []
    for f in t.fillers(10):
        actor: dict[str, Any] = {"name": _any(list(f.values))}
        stances = [
            s
            for c in _refs(t.fillers(11), f.values)
            for v in c.values
            for s in CONFIDENCE_MAP.get(v, [])
        ]
        confidence = _refs(t.fillers(11), f.values)
        if stances and not any(c.optional for c in confidence):
            actor["attributions"] = [{"stance": _any(stances)}]
        out.append(_item(actor, f))
    return out


def _human_targets(t: KeyTemplate) -> list[dict[str, Any]]:
    out = []
    for target in human_targets(t):
        actor: dict[str, Any] = {"name": _any(list(target.ids))}
        desc = [d for d in target.description if not d.optional]
        if target.named and desc:
            actor["description"] = _any([v for d in desc for v in d.values])
        kinds = {HUMAN_KIND_MAP.get(v) for k in target.type for v in k.values}
        if len(kinds) == 1 and None not in kinds:
            actor["kind"] = kinds.pop()
        out.append(_item(actor, target.filler))
    return out


def _named(t: KeyTemplate, slot: int) -> list[dict[str, Any]]:
    return [_item({"name": _any(list(f.values))}, f) for f in t.fillers(slot)]


def incident_gold(t: KeyTemplate, *, incident_id: str) -> dict[str, Any]:
    """One key template as a partial `Incident` gold item (optional template -> "$optional")."""
    inc: dict[str, Any] = {"id": incident_id}
    types = [x for f in t.fillers(4) for v in f.values for x in TYPE_MAP.get(v, [])]
    if types:
        inc["type"] = _any(types)
    date = _date_gold(t)
    if date is not None:
        inc["date"] = date
    country = _country(t)
    if country is not None:
        inc["location"] = {"country": country}
    lists = {
        "perpetrator_organizations": (10, _perp_orgs(t)),
        "perpetrator_individuals": (9, _named(t, 9)),
        "human_targets": (18, _human_targets(t)),
        "physical_targets": (12, _named(t, 12)),
        "weapons": (6, _named(t, 6)),
    }
    for field, (slot, items) in lists.items():
        # "*" (inapplicable to this incident type) leaves the field unlabeled; "-" labels it empty.
        if not t.slots[slot].inapplicable:
            inc[field] = items
    stages = [
        STAGE_MAP[v] for f in t.fillers(5) if not f.optional for v in f.values if v in STAGE_MAP
    ]
    if stages:
        inc["stage"] = _any(stages)
    if t.optional:
        inc["$optional"] = True
    return inc
