"""Field roles: what a schema field means to the scorer, declared with `Annotated`, never by name.

    value: int | None
    high: Annotated[int | None, RangeEndOf("value")] = None
    qualifier: Annotated[CountQualifier, QualifierOf("value")]

A role sits in the field's Annotated metadata (like `Evidence`), so a user's schema can call its
fields anything: the eval harness (summarizer.evals.scoring.plan) reads the roles, and the JSON
schema the model sees is unchanged. A field without a role is scored by its type alone: a field
named `high` that is no range end is a plain number.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "FREE_TEXT", "ITEM_ID", "KEY", "AliasesOf", "ItemId", "Key", "OutletWhen", "PrecisionOf", "QualifierOf", "RangeEndOf",
    "RefersTo", "Role", "ScoreAs",
]  # fmt: skip


@dataclass(frozen=True)
class Role:
    """Base class of every field role."""


@dataclass(frozen=True)
class QualifierOf(Role):
    """This field qualifies the number in field `of`: exact, at_least, at_most, about or range."""

    of: str


@dataclass(frozen=True)
class PrecisionOf(Role):
    """This field says how much of the date in field `of` is known: day, month, year or range."""

    of: str


@dataclass(frozen=True)
class RangeEndOf(Role):
    """This field is the high end (a number) or last day (a date) of a range starting at field `of`."""

    of: str


@dataclass(frozen=True)
class AliasesOf(Role):
    """This list holds other names for the name in field `of`: a gold alias is as good as the name."""

    of: str


@dataclass(frozen=True)
class ItemId(Role):
    """This field is an item's label within its list ('I1'): others refer to it; never scored itself.

    Labels are arbitrary, so when a list of such items is aligned, a predicted label is mapped to
    the gold label of the item it was aligned with before any RefersTo field is compared.
    """


@dataclass(frozen=True)
class RefersTo(Role):
    """This field holds ids (the ItemId field) of the items of the top-level list field `target`."""

    target: str


@dataclass(frozen=True)
class OutletWhen(Role):
    """On a kind field: the value `value` means the name in field `of` is the article's outlet itself.

    Such names are compared by what they denote, not by wording: 'the outlet', 'the article' and
    the outlet's name from the article metadata ('AFP') are the same claimant.
    """

    of: str
    value: str


@dataclass(frozen=True)
class ScoreAs(Role):
    """Compare this field with the comparator registered under `comparator` (see evals.scoring.comparators)."""

    comparator: str


@dataclass(frozen=True)
class Key(Role):
    """An article counts as fully right in evals only when every Key field is right."""


FREE_TEXT = ScoreAs("text")
"""Free text (a summary, a description): scored by word overlap, not as a name."""
KEY = Key()
ITEM_ID = ItemId()
