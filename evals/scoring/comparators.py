"""The comparator registry: how a gold value and a predicted one are compared, by name.

A comparator takes (gold, predicted, context) and returns a credit in [0, 1] (1 right, 0.5
partial, 0 wrong). The built-ins cover the types every schema has; a user adds their own,

    @register_comparator("iso_country")
    def iso_country(gold, predicted, ctx): ...

and selects it on a field with `Annotated[str, ScoreAs("iso_country")]`. The context gives the
field's plan (its roles: qualifier, precision, range end, aliases, outlet) and the gold and
predicted objects the values sit in, and the article's metadata.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from summarizer.article import ArticleMeta
from summarizer.evals.scoring.compare import (
    alternatives,
    date_credit,
    exact_credit,
    name_credit,
    normalize_name,
    number_credit,
    text_credit,
)

if TYPE_CHECKING:
    from summarizer.evals.scoring.plan import FieldPlan

__all__ = ["Comparator", "Context", "Core", "comparator", "core_of", "gold_names", "is_outlet", "known", "register_comparator"]


@dataclass(frozen=True)
class Context:
    """Where the compared values sit: the field's plan, both parent objects, the article's metadata."""

    field: FieldPlan
    gold_parent: dict[str, Any]
    predicted_parent: dict[str, Any]
    meta: ArticleMeta | None = None
    map_id: Callable[[Any], Any] = lambda value: value
    """A predicted id in the gold's terms (ids fields), through the alignment of the list it refers to."""


Comparator = Callable[[Any, Any, Context], float]
_REGISTRY: dict[str, Comparator] = {}
F = TypeVar("F", bound=Comparator)


def register_comparator(name: str) -> Callable[[F], F]:
    """Register `fn` under `name` (replacing any earlier one), for fields marked ScoreAs(name)."""

    def add(fn: F) -> F:
        _REGISTRY[name] = fn
        return fn

    return add


def comparator(name: str) -> Comparator:
    return _REGISTRY[name]


def known(name: str) -> bool:
    return name in _REGISTRY


def _first(value: Any) -> Any:
    return alternatives(value)[0] if value is not None else None


Core = Callable[[Any, Any, "FieldPlan", dict[str, Any], dict[str, Any], "ArticleMeta | None"], float]
"""A built-in comparator's body, taking where the values sit as arguments instead of a Context."""
_CORES: dict[Comparator, Core] = {}


def core_of(fn: Comparator) -> Core | None:
    """The context-free body of a registered built-in, or None (a user's comparator gets a Context).

    The scorer calls a comparator for most scored values of every pair; building a Context for
    each call cost more than many comparisons do. Keyed by function, so a name re-registered by a
    user stops resolving to the built-in."""
    return _CORES.get(fn)


def _builtin(name: str, body: Core) -> None:
    def registered(gold: Any, predicted: Any, ctx: Context) -> float:
        return body(gold, predicted, ctx.field, ctx.gold_parent, ctx.predicted_parent, ctx.meta)

    registered.__name__ = registered.__qualname__ = f"_{name}"
    register_comparator(name)(registered)
    _CORES[registered] = body


def _exact(gold: Any, predicted: Any, fp: FieldPlan, gp: dict[str, Any], pp: dict[str, Any], meta: ArticleMeta | None) -> float:
    return exact_credit(gold, predicted)


def _number(gold: Any, predicted: Any, fp: FieldPlan, gp: dict[str, Any], pp: dict[str, Any], meta: ArticleMeta | None) -> float:
    if not isinstance(predicted, (int, float)) or isinstance(predicted, bool):
        return 0.0
    qualifier = _first(gp.get(fp.qualifier)) if fp.qualifier and not fp.is_range_end else None
    high = gp.get(fp.range_end) if fp.range_end else None
    return number_credit(gold, predicted, qualifier=qualifier if isinstance(qualifier, str) else None,
                         high=high if isinstance(high, (int, float)) else None)  # fmt: skip


def _date(gold: Any, predicted: Any, fp: FieldPlan, gp: dict[str, Any], pp: dict[str, Any], meta: ArticleMeta | None) -> float:
    precision = _first(gp.get(fp.precision)) if fp.precision else None
    end = gp.get(fp.range_end) if fp.range_end else None
    return date_credit(gold, predicted, precision=precision if isinstance(precision, str) else None,
                       end=end if isinstance(end, str) else None)  # fmt: skip


def _text(gold: Any, predicted: Any, fp: FieldPlan, gp: dict[str, Any], pp: dict[str, Any], meta: ArticleMeta | None) -> float:
    return text_credit(gold, str(predicted))


@register_comparator("ids")
def _ids(gold: Any, predicted: Any, ctx: Context) -> float:
    """Kept on the Context: the id mapping is the scorer's state, not a value."""
    return exact_credit(gold, ctx.map_id(predicted))


def is_outlet(name: Any, kind: Any, outlet_value: str, meta: ArticleMeta | None) -> bool:
    """A claimant is the outlet when its kind says so, or its name is the outlet's name in the metadata."""
    if any(k == outlet_value for k in alternatives(kind)):
        return True
    outlet = normalize_name(meta.outlet) if meta is not None and meta.outlet else ""
    return bool(outlet) and isinstance(name, str) and normalize_name(name) == outlet


def gold_names(gold: Any, fp: FieldPlan, gold_parent: dict[str, Any]) -> list[Any]:
    """A gold name's alternatives, plus the aliases its object lists (AliasesOf)."""
    names = list(alternatives(gold))
    aliases = gold_parent.get(fp.aliases) if fp.aliases else None
    if isinstance(aliases, list):
        names += [a for alias in aliases for a in alternatives(alias)]
    return names


def _name(gold: Any, predicted: Any, fp: FieldPlan, gp: dict[str, Any], pp: dict[str, Any], meta: ArticleMeta | None) -> float:
    if fp.outlet is not None:
        kind_field, value = fp.outlet
        gold_outlet = any(is_outlet(g, gp.get(kind_field), value, meta) for g in alternatives(gold))
        if gold_outlet and is_outlet(predicted, pp.get(kind_field), value, meta):
            return 1.0  # the same claimant, the outlet, whatever word stands for it
    return name_credit(gold_names(gold, fp, gp), [predicted])


for _kind, _body in (("exact", _exact), ("number", _number), ("date", _date), ("text", _text), ("name", _name)):
    _builtin(_kind, _body)
