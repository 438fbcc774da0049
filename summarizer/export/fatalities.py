"""ACLED's `fatalities` for one incident, from attributed figures that may disagree.

The rule is the ACLED codebook's: "If source reports differ or a vague estimate is provided,
ACLED uses the most conservative estimate available", with "tens" coded 10, "dozens" 12 and
"hundreds" 100 (ACLED, *Fatalities*, Uses and limitations of ACLED data, 27 February 2023, updated
7 May 2024; codebook section "Notes and Reported Fatalities"). Applied here:

1. Only `killed` figures count (ACLED counts deaths; injuries go to notes at most).
2. A figure covering several incidents is split evenly over them, the remainder going to the
   first listed (our choice: the record does not say how a day's toll divides).
3. For each counted side (the figure's `party_kind`), the lowest number any claimant gives is
   taken: the most conservative estimate. Sides are summed, since they count different people.
4. A figure without a number ('an unknown number') adds nothing; if no figure has a number,
   `fatalities` is empty (unknown), never 0.

Every claimant's own total stays in `fatalities_by_claimant`, and every figure in the figures table.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from summarizer.schemas.incident import CasualtyFigure, CountQualifier, Outcome

__all__ = ["IncidentFatalities", "incident_fatalities"]

VAGUE_WORDS = {"tens": 10, "dozens": 12, "hundreds": 100}
"""ACLED's codes for vague amounts (same source as the rule)."""


@dataclass(frozen=True)
class IncidentFatalities:
    fatalities: int | None
    by_claimant: dict[str, int | None]

    @property
    def disputed(self) -> bool:
        return len({v for v in self.by_claimant.values() if v is not None}) > 1


def _number(figure: CasualtyFigure) -> int | None:
    if figure.count.value is not None:
        return figure.count.value  # at_least / about / range: the low end is the conservative one
    if figure.count.qualifier is CountQualifier.unspecified:
        return VAGUE_WORDS.get(figure.count.text.strip().casefold())
    return None


def _share(value: int, ids: list[str], incident_id: str) -> int:
    n, place = len(ids), ids.index(incident_id)
    return value // n + (1 if place < value % n else 0)


def incident_fatalities(incident_id: str, figures: list[CasualtyFigure]) -> IncidentFatalities:
    per_side: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_claimant: dict[str, int | None] = {}
    for f in figures:
        if f.outcome is not Outcome.killed or incident_id not in f.incident_ids:
            continue
        by_claimant.setdefault(f.claimant.name, None)
        number = _number(f)
        if number is None:
            continue
        share = _share(number, f.incident_ids, incident_id)
        per_side[f.party_kind.value][f.claimant.name] += share
        by_claimant[f.claimant.name] = (by_claimant[f.claimant.name] or 0) + share
    total = sum(min(claims.values()) for claims in per_side.values()) if per_side else None
    return IncidentFatalities(total, by_claimant)
