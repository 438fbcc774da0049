"""A gold item classified once per batch: a dataset's gold meets every output scored against it.

Each scored field is sorted into how it is compared, with a name's alternatives and aliases (and
whether it is the outlet) derived up front. A leaf item (scalar fields only, every one compared
by a built-in comparator) also keeps its similarities to the predicted values it has met: those
depend on nothing else, and the same predicted claimant, count or date recurs within and across
outputs.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from summarizer.evals.scoring.comparators import gold_names
from summarizer.evals.scoring.compare import alternatives, normalize_name
from summarizer.evals.scoring.markers import ANY
from summarizer.evals.scoring.plan import FieldPlan, ModelPlan

__all__ = ["LEAF_MEMO", "PURE_KINDS", "UNSCORED", "GoldCache", "GoldField", "GoldItem", "classify", "leaf_key", "may_be_absent"]

UNSCORED = ("evidence", "skip")
NULL, ABSENT_OK, EXACT, VALUE = range(4)
"""How a gold field is compared: 'not stated'; value or 'not stated'; closed-set value; any value."""
PURE_KINDS = frozenset({"exact", "number", "date", "text", "name"})
"""Built-in comparators whose credit depends only on the two items (and the outlet's name)."""
LEAF_MEMO = 64
"""Predicted values remembered per leaf gold item: a bound on memory, whatever the batch size."""
_SCALARS = frozenset({str, int, float, bool, type(None)})


class GoldField(NamedTuple):
    """One scored field of a gold item."""

    key: str
    fp: FieldPlan
    gv: Any
    mode: int
    names: tuple[str, ...] | None
    """A single name's gold alternatives and aliases, for the built-in name comparator."""
    outlet: tuple[bool, frozenset[str]] | None
    """For an OutletWhen name: (the gold's kind says outlet, the gold names normalized)."""


class GoldItem(NamedTuple):
    gold: dict[str, Any]
    """Held so that the id keying this entry cannot be reused while the cache lives."""
    fields: list[GoldField]
    reads: tuple[str, ...] | None
    """For a leaf item: every predicted field its similarity reads; None for any other item."""
    memo: dict[tuple[Any, ...], float]


GoldCache = dict[tuple[int, int], GoldItem]
"""Gold items by (id(item), id(plan)), shared by the scorers of one batch."""


def may_be_absent(gold: Any) -> bool:
    """`{"$any": [null, ...]}`: the labeler accepts 'not stated' as well as the values listed."""
    return isinstance(gold, dict) and ANY in gold and any(a is None for a in gold[ANY])


def classify(g: dict[str, Any], plan: ModelPlan) -> GoldItem:
    """The gold item's scored fields in its own key order ('$' markers and unscored kinds left out)."""
    fields: list[GoldField] = []
    for key, gv in g.items():
        if key.startswith("$"):
            continue
        fp = plan.fields[key]
        if fp.kind in UNSCORED:
            continue
        names: tuple[str, ...] | None = None
        outlet: tuple[bool, frozenset[str]] | None = None
        if gv is None or gv == []:
            mode = NULL
        elif may_be_absent(gv):
            mode = ABSENT_OK
        elif fp.kind == "exact" and not fp.is_list and not isinstance(gv, dict):
            mode = EXACT
        else:
            mode = VALUE
        if mode != NULL and fp.kind == "name" and not fp.is_list:
            names = tuple(a for a in gold_names(gv, fp, g) if isinstance(a, str))
            if fp.outlet is not None:
                alts = alternatives(gv)
                kind_says = bool(alts) and any(k == fp.outlet[1] for k in alternatives(g.get(fp.outlet[0])))
                outlet = (kind_says, frozenset(normalize_name(a) for a in alts if isinstance(a, str)))
        fields.append(GoldField(key, fp, gv, mode, names, outlet))
    leaf = all(f.mode == NULL or (not f.fp.is_list and f.fp.model is None and f.fp.kind in PURE_KINDS) for f in fields)
    reads = tuple(dict.fromkeys([f.key for f in fields] + [f.fp.outlet[0] for f in fields if f.fp.outlet])) if leaf else None
    return GoldItem(g, fields, reads, {})


def leaf_key(p: dict[str, Any], reads: tuple[str, ...], outlet: str) -> tuple[Any, ...] | None:
    """What a leaf similarity depends on: the predicted values it reads, typed (True is not 1 to
    the number comparator), and the outlet's name; None when a value is not a plain scalar."""
    values = tuple(map(p.get, reads))
    types = tuple(map(type, values))
    if not _SCALARS.issuperset(types):
        return None
    return (outlet, types, values)
