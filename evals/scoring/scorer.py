"""Score one prediction against one gold record, field by field, following the schema's plan.

Lists of objects are aligned one-to-one (Hungarian) before their items are scored recursively;
incident ids in the prediction are mapped to the gold's through that alignment, so labels such
as 'I1' never need to agree. Fields absent from the gold are not scored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from summarizer.evals.scoring.markers import ANY, OPTIONAL
from summarizer.evals.scoring.align import align
from summarizer.evals.scoring.compare import (
    _name_credit,
    alternatives,
    date_credit,
    exact_credit,
    name_credit,
    number_credit,
    text_credit,
)
from summarizer.evals.scoring.counts import COR, INC, MIS, PAR, SPU, Counts
from summarizer.evals.scoring.plan import FieldPlan, ModelPlan, plan_for

__all__ = ["ArticleScore", "score_record"]

_UNSCORED = ("evidence", "skip")
_Compiled = list[tuple[str, FieldPlan, Any, int, tuple[str, ...] | None]]
_COMPILED: dict[tuple[int, int], tuple[dict[str, Any], _Compiled]] = {}
"""Gold items classified once per process: a dataset's gold is scored against many outputs."""
_COMPILED_MAX = 200_000
_NULL, _ABSENT_OK, _EXACT, _VALUE = range(4)
"""How a gold field is compared: 'not stated'; value or 'not stated'; closed-set value; any value."""
_MISSING = object()


@dataclass
class ArticleScore:
    """Counts per field path ('incidents.date.start') and list alignment per list path."""

    fields: dict[str, Counts] = field(default_factory=dict)
    items: dict[str, list[int]] = field(default_factory=dict)
    """[matched, missed, spurious] items per list of objects."""


def score_record(gold: dict[str, Any], predicted: BaseModel | dict[str, Any] | None, schema: type[BaseModel]) -> ArticleScore:
    """Score `predicted` (None for a failed case: every gold value counts as missed) against `gold`."""
    pred = predicted.model_dump(mode="json") if isinstance(predicted, BaseModel) else predicted
    scorer = _Scorer(plan_for(schema))
    scorer.object(gold, pred, scorer.root, "", root=True)
    return scorer.score


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is _MISSING


def _may_be_absent(gold: Any) -> bool:
    """`{"$any": [null, ...]}`: the labeler accepts 'not stated' as well as the values listed."""
    return isinstance(gold, dict) and ANY in gold and any(a is None for a in gold[ANY])


class _Scorer:
    def __init__(self, root: ModelPlan) -> None:
        self.root = root
        self.score = ArticleScore()
        self.id_map: dict[str, dict[str, str]] = {}
        # Both records stay alive while scoring, so object ids are stable keys; nested lists are
        # compared once for alignment and again when their parent pair is scored.
        self._similarities: dict[tuple[int, int], float] = {}

    # -- counting -------------------------------------------------------------------------
    def _bump(self, path: str, slot: int, n: int = 1) -> None:
        c = self.score.fields.get(path)
        if c is None:
            c = self.score.fields[path] = [0, 0, 0, 0, 0]
        c[slot] += n

    def _items(self, path: str, slot: int) -> None:
        c = self.score.items.setdefault(path, [0, 0, 0])
        c[slot] += 1

    # -- walking ---------------------------------------------------------------------------
    def object(self, g: dict[str, Any], p: dict[str, Any] | None, plan: ModelPlan, path: str, *, root: bool = False) -> None:
        keys = [k for k in g if not k.startswith("$")]
        if root:  # lists others refer to by id are aligned first
            keys.sort(key=lambda k: not self._is_id_target(plan, k))
        for key in keys:
            fp = plan.fields[key]
            if fp.kind in _UNSCORED:
                continue
            pv = p.get(key, _MISSING) if p is not None else _MISSING
            self.field(g[key], pv, fp, f"{path}.{key}" if path else key, g, p or {}, root=root)

    @staticmethod
    def _is_id_target(plan: ModelPlan, key: str) -> bool:
        fp = plan.fields.get(key)
        return bool(fp and fp.is_list and fp.model is not None and fp.model.has_id)

    def field(self, gv: Any, pv: Any, fp: FieldPlan, path: str, gp: dict[str, Any], pp: dict[str, Any], *, root: bool = False) -> None:
        if fp.is_list:
            items = [] if _empty(pv) else list(pv)
            if gv is None or gv == []:
                for item in items:
                    self.spurious_value(item, fp, path, single=True)
            elif fp.model is not None:
                self.model_list(gv, items, fp, path, record_ids=root)
            else:
                self.scalar_list(gv, items, fp, path)
        elif _empty(pv) and _may_be_absent(gv):
            return
        elif fp.model is not None:
            if gv is None:
                if not _empty(pv):
                    self.spurious_value(pv, fp, path)
            elif _empty(pv):
                self.missed_value(self._best_alt(gv, None, fp.model), fp, path)
            else:
                self.object(self._best_alt(gv, pv, fp.model), pv, fp.model, path)
        elif gv is None:
            if not _empty(pv):
                self._bump(path, SPU)
        elif _empty(pv):
            self._bump(path, MIS)
        else:
            credit = self.credit(gv, pv, fp, gp, pp)
            self._bump(path, COR if credit == 1.0 else PAR if credit > 0 else INC)

    def _best_alt(self, gv: Any, pv: Any, plan: ModelPlan) -> dict[str, Any]:
        alts = [a for a in alternatives(gv) if isinstance(a, dict)]  # a null alternative is handled by the caller
        if len(alts) == 1 or pv is None:
            return alts[0]
        return max(alts, key=lambda a: self.similarity(a, pv, plan))

    # -- scalars ---------------------------------------------------------------------------
    def credit(self, gv: Any, pv: Any, fp: FieldPlan, gp: dict[str, Any], pp: dict[str, Any]) -> float:
        kind = fp.kind
        if kind == "name":
            return name_credit(self._gold_names(gv, fp, gp), [pv])
        if kind == "number":
            if not isinstance(pv, (int, float)):
                return 0.0
            qualifier = alternatives(gp.get("qualifier"))[0] if fp.name != "high" else None
            high = gp.get("high") if isinstance(gp.get("high"), (int, float)) else None
            return number_credit(gv, pv, qualifier=qualifier if isinstance(qualifier, str) else None, high=high)
        if kind == "date":
            precision = alternatives(gp.get("precision"))[0]
            end = gp.get("end") if fp.name == "start" and isinstance(gp.get("end"), str) else None
            return date_credit(gv, pv, precision=precision if isinstance(precision, str) else None, end=end)
        if kind == "text":
            return text_credit(gv, str(pv))
        if kind == "ids":
            return exact_credit(gv, self._map_id(fp, pv))
        return exact_credit(gv, pv)

    def _map_id(self, fp: FieldPlan, pid: Any) -> Any:
        """A predicted id in gold terms; taken as is when the gold leaves the referenced list unlabeled."""
        mapping = self.id_map.get(fp.ids_target or "")
        return pid if mapping is None else mapping.get(pid)

    @staticmethod
    def _gold_names(gv: Any, fp: FieldPlan, gp: dict[str, Any]) -> list[Any]:
        """A gold name's alternatives, plus the actor's own aliases for a `name` beside `aliases`."""
        gold = list(alternatives(gv))
        if fp.name == "name" and isinstance(gp.get("aliases"), list):
            gold += [a for alias in gp["aliases"] for a in alternatives(alias)]
        return gold

    def scalar_list(self, gold: list[Any], pred: list[Any], fp: FieldPlan, path: str) -> None:
        sim = [[self.credit(g, p, fp, {}, {}) for p in pred] for g in gold]
        pairs = align(sim, threshold=0.5) if pred else []
        for g, p in pairs:
            self._bump(path, COR if sim[g][p] == 1.0 else PAR)
        matched = {g for g, _ in pairs}
        missed = sum(1 for n, g in enumerate(gold) if n not in matched and not _may_be_absent(g))
        if missed:
            self._bump(path, MIS, missed)
        if len(pred) > len(pairs):
            self._bump(path, SPU, len(pred) - len(pairs))

    # -- lists of objects ------------------------------------------------------------------
    def model_list(self, gold: list[Any], pred: list[Any], fp: FieldPlan, path: str, *, record_ids: bool) -> None:
        plan = fp.model
        assert plan is not None
        gold_items = [g if isinstance(g, dict) and "$any" not in g else alternatives(g)[0] for g in gold]
        sim = [[self.similarity(g, p, plan) for p in pred] for g in gold_items]
        pairs = align(sim)
        matched_g = {g for g, _ in pairs}
        matched_p = {p for _, p in pairs}
        if record_ids and plan.has_id:
            self.id_map.setdefault(fp.name, {})
        for g, p in pairs:
            self._items(path, 0)
            if record_ids and plan.has_id:
                gid, pid = gold_items[g].get("id"), pred[p].get("id")
                if isinstance(gid, str) and isinstance(pid, str):
                    self.id_map.setdefault(fp.name, {})[pid] = gid
        for g, p in pairs:
            self.object(gold_items[g], pred[p], plan, path)
        for n, g_item in enumerate(gold_items):
            if n not in matched_g and g_item.get(OPTIONAL) is not True:
                self._items(path, 1)
                self.missed_value(g_item, fp, path, single=True)
        for n, p_item in enumerate(pred):
            if n not in matched_p:
                self._items(path, 2)
                self.spurious_value(p_item, fp, path, single=True)

    def similarity(self, g: dict[str, Any], p: dict[str, Any], plan: ModelPlan) -> float:
        """Mean credit over the gold's labeled fields; nested lists give their share of matches."""
        key = (id(g), id(p))
        cached = self._similarities.get(key)
        if cached is None:
            cached = self._similarities[key] = self._similarity(g, p, plan)
        return cached

    def _similarity(self, g: dict[str, Any], p: dict[str, Any], plan: ModelPlan) -> float:
        total, n = 0.0, 0
        for key, fp, gv, mode, names in self._compiled(g, plan):
            pv: Any = p.get(key)
            n += 1
            empty = pv is None or pv == "" or pv == []
            if mode == _NULL or empty:
                total += 1.0 if empty and mode != _VALUE else 0.0
            elif names is not None:
                total += _name_credit(names, (pv,)) if isinstance(pv, str) else 0.0
            elif mode == _EXACT:
                total += 1.0 if gv == pv else 0.0
            elif fp.is_list:
                total += self._list_similarity(gv, pv, fp, g, p)
            elif fp.model is not None:
                if ANY in gv:
                    total += max(self._similarity(a, pv, fp.model) for a in gv[ANY] if isinstance(a, dict))
                else:
                    total += self._similarity(gv, pv, fp.model)
            else:
                total += self.credit(gv, pv, fp, g, p)
        return total / n if n else 0.0

    def _compiled(self, g: dict[str, Any], plan: ModelPlan) -> _Compiled:
        """A gold item's scored fields, classified once per record instead of once per comparison."""
        entry = _COMPILED.get((id(g), id(plan)))
        if entry is not None:
            return entry[1]
        compiled: _Compiled = []
        for key, gv in g.items():
            if key.startswith("$"):
                continue
            fp = plan.fields[key]
            if fp.kind in _UNSCORED:
                continue
            names: tuple[str, ...] | None = None
            if gv is None or gv == []:
                mode = _NULL
            elif _may_be_absent(gv):
                mode = _ABSENT_OK
            elif fp.kind == "exact" and not fp.is_list and not isinstance(gv, dict):
                mode = _EXACT
            else:
                mode = _VALUE
            if mode != _NULL and fp.kind == "name" and not fp.is_list:
                names = tuple(a for a in self._gold_names(gv, fp, g) if isinstance(a, str))
            compiled.append((key, fp, gv, mode, names))
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        _COMPILED[(id(g), id(plan))] = (g, compiled)  # holding g keeps its id from being reused
        return compiled

    def _list_similarity(self, gv: list[Any], pv: list[Any], fp: FieldPlan, gp: dict[str, Any], pp: dict[str, Any]) -> float:
        if fp.kind in ("ids", "exact"):  # set overlap, without a comparator call per pair
            if fp.kind == "ids":
                pv = [self._map_id(fp, x) for x in pv]
            have = {x for x in pv if isinstance(x, (str, int, float, bool))}
            hits = sum(1 for gi in gv if any(a in have for a in alternatives(gi) if not isinstance(a, (dict, list))))
            return hits / max(len(gv), len(pv))
        best_sum = 0.0
        for gi in gv:
            if fp.model is not None:
                g_item = alternatives(gi)[0] if isinstance(gi, dict) and "$any" in gi else gi
                best = max((self.similarity(g_item, pi, fp.model) for pi in pv), default=0.0)
            else:
                best = max((self.credit(gi, pi, fp, gp, pp) for pi in pv), default=0.0)
            best_sum += best
        return best_sum / max(len(gv), len(pv))

    # -- whole values missed or invented -----------------------------------------------------
    def missed_value(self, gv: Any, fp: FieldPlan, path: str, *, single: bool = False) -> None:
        if gv is None or fp.kind in _UNSCORED or _may_be_absent(gv):
            return
        if fp.is_list and not single:
            for item in gv:
                if not (isinstance(item, dict) and item.get(OPTIONAL) is True):
                    self.missed_value(item, fp, path, single=True)
            return
        if fp.model is None:
            self._bump(path, MIS)
            return
        obj = alternatives(gv)[0]
        for key, value in obj.items():
            if key.startswith("$") or value is None or value == []:
                continue
            sub = fp.model.fields[key]
            if self._is_default(sub, value, fp.model):
                continue
            self.missed_value(value, sub, f"{path}.{key}")

    def spurious_value(self, pv: Any, fp: FieldPlan, path: str, *, single: bool = False) -> None:
        if _empty(pv) or fp.kind in _UNSCORED:
            return
        if fp.is_list and not single:
            for item in pv:
                self.spurious_value(item, fp, path, single=True)
            return
        if fp.model is None:
            self._bump(path, SPU)
            return
        for key, value in pv.items():
            sub = fp.model.fields.get(key)
            if sub is None or _empty(value) or self._is_default(sub, value, fp.model):
                continue
            self.spurious_value(value, sub, f"{path}.{key}")

    @staticmethod
    def _is_default(fp: FieldPlan, value: Any, plan: ModelPlan) -> bool:
        """A left-at-default value (anonymous=false, stage=accomplished) is not an extra fact."""
        info = plan.cls.model_fields[fp.name]
        if info.is_required() or info.default_factory is not None:
            return False
        default = info.default
        return bool(value == (default.value if hasattr(default, "value") else default))
