"""Deterministic linking rules: which incidents of different articles report the same event.

Conservative by default (evals/GUIDELINES.md, "Event grouping"): two incidents link only when
they are of the same type, in the same country, their dates can be the same day, and they name
the same places (every place one names, the other names too); an attack the same day in another
village stays apart. Each comparison keeps its score and reasons, so every link can be checked.
Grouping is complete-link: two groups merge only when no pair across them conflicts, so a
series ("21 bombs across Belfast") never swallows its separate attacks through a shared link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from summarizer.events.refs import IncidentKey, IncidentRef

__all__ = ["Link", "LinkRules", "compare", "group"]

_NO_SPAN = (dt.date.min, dt.date.max)


@dataclass(frozen=True)
class LinkRules:
    """The rules' settings. `require_places=False` also links incidents that name no place
    (same type, country and day): more recall, and the risk of joining two attacks the same day."""

    require_places: bool = True
    min_score: int = 2


@dataclass(frozen=True)
class Link:
    """The comparison of two incidents: linked or not, its score, and why."""

    a: IncidentKey
    b: IncidentKey
    linked: bool
    score: int
    reasons: tuple[str, ...]
    conflicts: tuple[str, ...] = field(default=())


def _same_places(a: IncidentRef, b: IncidentRef) -> bool:
    def covered(xs: Sequence[frozenset[str]], ys: Sequence[frozenset[str]]) -> bool:
        return all(any(x == y for y in ys) for x in xs)

    return covered(a.places, b.places) and covered(b.places, a.places)


def compare(a: IncidentRef, b: IncidentRef, rules: LinkRules = LinkRules()) -> Link:
    """Score one pair: conflicts forbid a link; agreements add to the score."""
    conflicts: list[str] = []
    reasons: list[str] = []
    score = 0
    if a.article == b.article:
        conflicts.append("same article: an article's incidents are distinct by construction")
    if a.type != b.type:
        conflicts.append(f"types differ ({a.type} / {b.type})")
    else:
        reasons.append(f"same type ({a.type})")
    if a.country and b.country and a.country.lower() != b.country.lower():
        conflicts.append(f"countries differ ({a.country} / {b.country})")
    elif a.country and b.country:
        reasons.append(f"same country ({a.country})")
    if a.span and b.span:
        if a.span[1] < b.span[0] or b.span[1] < a.span[0]:
            conflicts.append(f"dates cannot meet ({a.span[0]}..{a.span[1]} / {b.span[0]}..{b.span[1]})")
        elif a.day and b.day:
            score += 2
            reasons.append(f"same day ({a.span[0]})")
        else:
            score += 1
            reasons.append("dates overlap within their precision")
    else:
        reasons.append("a date unknown: neither for nor against")
    if a.places and b.places:
        if _same_places(a, b):
            score += 2
            reasons.append("the same places named")
        else:
            conflicts.append("places differ (one names a place the other does not)")
    elif rules.require_places:
        conflicts.append("a place is missing on one side (required by the conservative rules)")
    if a.actors & b.actors:
        score += 1
        reasons.append(f"shared perpetrator ({sorted(a.actors & b.actors)[0]})")
    linked = not conflicts and score >= rules.min_score
    return Link(a.key, b.key, linked, score, tuple(reasons), tuple(conflicts))


def _candidates(refs: Sequence[IncidentRef]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of one type whose date spans can meet or are unknown: a sweep over start days."""
    by_type: dict[str, list[int]] = {}
    for i, ref in enumerate(refs):
        by_type.setdefault(ref.type, []).append(i)
    pairs: list[tuple[int, int]] = []
    for same in by_type.values():
        undated = [i for i in same if refs[i].span is None]
        dated = sorted((i for i in same if refs[i].span is not None), key=lambda i: (refs[i].span or _NO_SPAN)[0])
        for n, i in enumerate(undated):
            pairs += [(min(i, j), max(i, j)) for j in [*undated[n + 1:], *dated]]
        for n, i in enumerate(dated):
            end = (refs[i].span or _NO_SPAN)[1]
            for j in dated[n + 1:]:
                if (refs[j].span or _NO_SPAN)[0] > end:
                    break
                pairs.append((min(i, j), max(i, j)))
    return pairs


def group(refs: Sequence[IncidentRef], rules: LinkRules = LinkRules()) -> tuple[list[list[IncidentRef]], list[Link]]:
    """Incidents grouped into events (singletons included, first-seen order) and the links used.

    Links are taken best score first; two groups merge only if no pair across them conflicts.
    Only pairs that could link are compared up front: same type, dates that can meet (other pairs
    always conflict); the complete-link check compares any other pair when it needs it.
    """
    comparisons = {pair: compare(refs[pair[0]], refs[pair[1]], rules) for pair in _candidates(refs)}

    def conflicts(x: int, y: int) -> bool:
        pair = (min(x, y), max(x, y))
        if pair not in comparisons:
            comparisons[pair] = compare(refs[pair[0]], refs[pair[1]], rules)
        return bool(comparisons[pair].conflicts)

    owner = list(range(len(refs)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(refs))}
    used: list[Link] = []
    for (i, j), link in sorted(comparisons.items(), key=lambda kv: (-kv[1].score, kv[0])):
        if not link.linked or owner[i] == owner[j]:
            continue
        gi, gj = owner[i], owner[j]
        if any(conflicts(x, y) for x in members[gi] for y in members[gj]):
            continue
        keep, gone = min(gi, gj), max(gi, gj)
        for x in members.pop(gone):
            owner[x] = keep
            members[keep].append(x)
        used.append(link)
    groups = [[refs[i] for i in sorted(ms)] for _, ms in sorted(members.items())]
    return groups, used
