"""How alike a gold value and a predicted one are: credits for scalars, similarity for objects.

The similarity of two objects (mean credit over the gold's labeled fields) drives the Hungarian
alignment of lists; the scorer then counts matched pairs field by field with the same credits.
"""

from __future__ import annotations

from typing import Any

from summarizer.article import ArticleMeta
from summarizer.evals.scoring.comparators import Context, comparator, core_of, gold_names, is_outlet
from summarizer.evals.scoring.compare import alternatives, names_credit, normalize_name
from summarizer.evals.scoring.gold_items import (
    EXACT,
    LEAF_MEMO,
    NULL,
    PURE_KINDS,
    UNSCORED,
    VALUE,
    GoldCache,
    GoldField,
    GoldItem,
    classify,
    leaf_key,
    may_be_absent,
)
from summarizer.evals.scoring.markers import ANY
from summarizer.evals.scoring.plan import FieldPlan, ModelPlan

__all__ = ["MISSING", "UNSCORED", "Comparer", "GoldCache", "GoldField", "is_empty", "may_be_absent"]

MISSING = object()
_NAME, _EXACT_CORE = core_of(comparator("name")), core_of(comparator("exact"))
_BUILTINS = {kind: core_of(comparator(kind)) for kind in PURE_KINDS}


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is MISSING


class Comparer:
    """Credits and similarities for one record pair; `id_map` maps predicted ids to gold ids."""

    def __init__(self, meta: ArticleMeta | None = None, gold_cache: GoldCache | None = None) -> None:
        self.meta = meta
        self._gold_cache: GoldCache = gold_cache if gold_cache is not None else {}
        self.id_map: dict[str, dict[str, str]] = {}
        # Both records stay alive while scoring, so object ids are stable keys; nested lists are
        # compared once for alignment and again when their parent pair is scored.
        self._similarities: dict[tuple[int, int], float] = {}
        self._outlet = normalize_name(meta.outlet) if meta is not None and meta.outlet else ""
        # Whether "name" and "exact" are still the built-ins, checked once per pair, not per value.
        self._plain_names = core_of(comparator("name")) is _NAME
        self._plain_exact = core_of(comparator("exact")) is _EXACT_CORE
        self._leaf_memo = all(core_of(comparator(kind)) is core for kind, core in _BUILTINS.items())

    # -- scalars ---------------------------------------------------------------------------
    def credit(self, gv: Any, pv: Any, fp: FieldPlan, gp: dict[str, Any], pp: dict[str, Any]) -> float:
        """The registered comparator of the field's kind, given where the values sit."""
        fn = comparator(fp.kind)
        core = core_of(fn)
        if core is not None:  # a built-in: the same body, without building a Context per call
            return core(gv, pv, fp, gp, pp, self.meta)
        ctx = Context(field=fp, gold_parent=gp, predicted_parent=pp, meta=self.meta, map_id=lambda v: self._map_id(fp, v))
        return fn(gv, pv, ctx)

    def gold_credit(self, f: GoldField, pv: Any, gp: dict[str, Any], pp: dict[str, Any]) -> float:
        """credit() for a classified gold field: a name uses the alternatives prepared with it, a
        closed-set value without alternatives is one equality."""
        if f.names is not None and self._plain_names:
            return self._name_credit(f, pv, pp)
        if f.mode == EXACT and self._plain_exact:
            return 1.0 if f.gv == pv else 0.0
        return self.credit(f.gv, pv, f.fp, gp, pp)

    def _name_credit(self, f: GoldField, pv: Any, pp: dict[str, Any]) -> float:
        """The built-in name comparator, its gold side (alternatives, aliases, outlet) taken from `f`."""
        assert f.names is not None
        if f.outlet is not None and f.fp.outlet is not None:
            kind_field, value = f.fp.outlet
            kind_says_outlet, gold_norms = f.outlet
            if (kind_says_outlet or (self._outlet and self._outlet in gold_norms)) and is_outlet(pv, pp.get(kind_field), value, self.meta):
                return 1.0  # the same claimant, the outlet, whatever word stands for it
        return names_credit(f.names, (pv,)) if isinstance(pv, str) else 0.0

    def _map_id(self, fp: FieldPlan, pid: Any) -> Any:
        """A predicted id in gold terms; taken as is when the gold leaves the referenced list unlabeled."""
        mapping = self.id_map.get(fp.ids_target or "")
        return pid if mapping is None else mapping.get(pid)

    def similarity(self, g: dict[str, Any], p: dict[str, Any], plan: ModelPlan) -> float:
        """Mean credit over the gold's labeled fields; nested lists give their share of matches."""
        key = (id(g), id(p))
        cached = self._similarities.get(key)
        if cached is None:
            cached = self._similarities[key] = self._similarity(g, p, plan)
        return cached

    def _similarity(self, g: dict[str, Any], p: dict[str, Any], plan: ModelPlan) -> float:
        item = self.gold_item(g, plan)
        if item.reads is None or not self._leaf_memo:
            return self._mean_credit(item.fields, g, p)
        key = leaf_key(p, item.reads, self._outlet)
        if key is None:
            return self._mean_credit(item.fields, g, p)
        value = item.memo.get(key)
        if value is None:
            value = self._mean_credit(item.fields, g, p)
            if len(item.memo) < LEAF_MEMO:
                item.memo[key] = value
        return value

    def _mean_credit(self, fields: list[GoldField], g: dict[str, Any], p: dict[str, Any]) -> float:
        total = 0.0
        for f in fields:
            key, fp, gv, mode, names, _ = f
            pv: Any = p.get(key)
            empty = pv is None or pv == "" or pv == []
            if mode == NULL or empty:
                total += 1.0 if empty and mode != VALUE else 0.0
            elif names is not None and fp.outlet is None:
                # Alignment has always compared a plain name this way, whatever "name" is registered as.
                total += names_credit(names, (pv,)) if isinstance(pv, str) else 0.0
            elif mode == EXACT:
                total += 1.0 if gv == pv else 0.0
            elif fp.is_list:
                total += self._list_similarity(gv, pv, fp, g, p)
            elif fp.model is not None:
                if ANY in gv:
                    total += max(self._similarity(a, pv, fp.model) for a in gv[ANY] if isinstance(a, dict))
                else:
                    total += self._similarity(gv, pv, fp.model)
            else:
                total += self.gold_credit(f, pv, g, p)
        return total / len(fields) if fields else 0.0

    def gold_item(self, g: dict[str, Any], plan: ModelPlan) -> GoldItem:
        """A gold item's scored fields, classified once per batch instead of once per comparison
        (alignment and the field counts both walk them)."""
        item = self._gold_cache.get((id(g), id(plan)))
        if item is None:
            item = self._gold_cache[(id(g), id(plan))] = classify(g, plan)
        return item

    def _list_similarity(self, gv: list[Any], pv: list[Any], fp: FieldPlan, gp: dict[str, Any], pp: dict[str, Any]) -> float:
        if fp.kind in ("ids", "exact"):  # set overlap, without a comparator call per pair
            if fp.kind == "ids":
                pv = [self._map_id(fp, x) for x in pv]
            have = {x for x in pv if isinstance(x, (str, int, float, bool))}
            hits = sum(1 for gi in gv if any(a in have for a in alternatives(gi) if not isinstance(a, (dict, list))))
            return hits / max(len(gv), len(pv))
        best_sum = 0.0
        plain_names = fp.model is None and fp.kind == "name" and fp.outlet is None and self._plain_names
        for gi in gv:
            if fp.model is not None:
                g_item = alternatives(gi)[0] if isinstance(gi, dict) and "$any" in gi else gi
                best = max((self.similarity(g_item, pi, fp.model) for pi in pv), default=0.0)
            elif plain_names:  # the name comparator, its gold side derived once per gold item
                names = tuple(a for a in gold_names(gi, fp, gp) if isinstance(a, str))
                best = max((names_credit(names, (pi,)) if isinstance(pi, str) else 0.0 for pi in pv), default=0.0)
            else:
                best = max((self.credit(gi, pi, fp, gp, pp) for pi in pv), default=0.0)
            best_sum += best
        return best_sum / max(len(gv), len(pv))
