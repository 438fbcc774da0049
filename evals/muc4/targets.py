"""Per-target views of a key template: each target with its type, number, nationality and effects.

MUC-4 ties set fills to their target by cross-reference (`DEATH: "PEASANT"`): slots 13-16 refer
to PHYS TGT: ID, slots 20-23 to HUM TGT: NAME, or to DESCRIPTION when the target is unnamed
(template-doc-part1, section 7). This module resolves those references, and reports those that
point nowhere, so per-target numbers and effects are read as the key means them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from summarizer.evals.muc4.keys import Filler, KeyTemplate

__all__ = ["REFERENT_SLOTS", "Target", "dangling_references", "human_targets", "physical_targets"]

REFERENT_SLOTS: dict[int, tuple[int, ...]] = {
    7: (6,),
    11: (10,),
    13: (12,),
    14: (12,),
    15: (12,),
    16: (12,),
    19: (18,),
    20: (18, 19),
    21: (18, 19),
    22: (18, 19),
    23: (18, 19),
}
"""Slot -> the string slots its fillers may be cross-referenced to."""

_DUMMY = ("-",)  # "GUN: \"-\"": a dummy reference the key uses when the referent slot is null


@dataclass
class Target:
    """One target (its ID or NAME filler, or DESCRIPTION for an unnamed person) and the fillers that refer to it."""

    filler: Filler
    description: list[Filler] = field(default_factory=list)
    type: list[Filler] = field(default_factory=list)
    number: list[Filler] = field(default_factory=list)
    foreign_nation: list[Filler] = field(default_factory=list)
    effect: list[Filler] = field(default_factory=list)

    @property
    def ids(self) -> tuple[str, ...]:
        return self.filler.values

    @property
    def named(self) -> bool:
        """False for an unnamed human target identified by its description."""
        return not self.description or self.description[0] is not self.filler


def _points_to(f: Filler, ids: tuple[str, ...]) -> bool:
    return bool(set(f.ref) & set(ids))


def dangling_references(t: KeyTemplate) -> list[str]:
    """Cross-referenced fillers whose referent is not a filler of the slot they must refer to."""
    out = []
    for slot, referents in REFERENT_SLOTS.items():
        pool = [g.values for s in referents for g in t.fillers(s)]
        for f in t.fillers(slot):
            if f.ref and f.ref != _DUMMY and not any(_points_to(f, ids) for ids in pool):
                out.append(f"slot {slot}: {f.raw}")
    return out


def _fill(target: Target, t: KeyTemplate, slots: dict[str, int]) -> Target:
    for attr, slot in slots.items():
        getattr(target, attr).extend(f for f in t.fillers(slot) if _points_to(f, target.ids))
    return target


def physical_targets(t: KeyTemplate) -> list[Target]:
    """PHYS TGT: ID fillers with their type (13), number (14), foreign nation (15) and effect (16)."""
    slots = {"type": 13, "number": 14, "foreign_nation": 15, "effect": 16}
    return [_fill(Target(f), t, slots) for f in t.fillers(12)]


def human_targets(t: KeyTemplate) -> list[Target]:
    """Named targets (18) with their descriptions (19), then unnamed described targets, each with 20-23."""
    slots = {"type": 20, "number": 21, "foreign_nation": 22, "effect": 23}
    out = []
    for f in t.fillers(18):
        target = Target(f, description=[d for d in t.fillers(19) if _points_to(d, f.values)])
        out.append(_fill(target, t, slots))
    for d in t.fillers(19):
        if not d.ref:
            out.append(_fill(Target(d, description=[d]), t, slots))
    return out
