"""Score one prediction against one gold record, field by field, following the schema's plan.

Lists of objects are aligned one-to-one (Hungarian) before their items are scored recursively;
incident ids in the prediction are mapped to the gold's through that alignment, so labels such
as 'I1' never need to agree. Fields absent from the gold are not scored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from summarizer.article import ArticleMeta
from summarizer.evals.scoring.align import align
from summarizer.evals.scoring.compare import alternatives
from summarizer.evals.scoring.counts import COR, INC, MIS, PAR, SPU, Counts
from summarizer.evals.scoring.markers import OPTIONAL
from summarizer.evals.scoring.plan import FieldPlan, ModelPlan, plan_for
from summarizer.evals.scoring.similarity import (
    MISSING,
    UNSCORED,
    Comparer,
    GoldCache,
    GoldField,
    is_empty,
    may_be_absent,
)

__all__ = ["SCORER_VERSION", "ArticleScore", "score_record"]

SCORER_VERSION = 1
"""Bumped whenever a change to scoring rules can change a count; runs scored apart should be rescored."""



@dataclass
class ArticleScore:
    """Counts per field path ('incidents.date.start') and list alignment per list path."""

    fields: dict[str, Counts] = field(default_factory=dict)
    items: dict[str, list[int]] = field(default_factory=dict)
    """[matched, missed, spurious] items per list of objects."""


def score_record(gold: dict[str, Any], predicted: BaseModel | dict[str, Any] | None, schema: type[BaseModel], *,
                 meta: ArticleMeta | None = None, gold_cache: GoldCache | None = None) -> ArticleScore:
    """Score `predicted` (None for a failed case: every gold value counts as missed) against `gold`.

    `meta` is the article's metadata (an outlet claimant is matched by the outlet's name in it);
    `gold_cache` lets the scorers of one batch classify each gold item once.
    """
    pred = predicted.model_dump(mode="json") if isinstance(predicted, BaseModel) else predicted
    scorer = _Scorer(plan_for(schema), meta, gold_cache)
    scorer.object(gold, pred, scorer.root, "", root=True)
    return scorer.score


class _Scorer(Comparer):
    """Walks gold and prediction together, adding MUC counts per field path."""

    def __init__(self, root: ModelPlan, meta: ArticleMeta | None, gold_cache: GoldCache | None) -> None:
        super().__init__(meta, gold_cache)
        self.root = root
        self.score = ArticleScore()

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
        fields = self.gold_item(g, plan).fields  # the gold's keys in order, markers and unscored kinds left out
        if root:  # lists others refer to by id are aligned first
            fields = sorted(fields, key=lambda f: not self._is_id_target(plan, f.key))
        pp = p or {}
        for f in fields:
            pv = p.get(f.key, MISSING) if p is not None else MISSING
            self.field(f, pv, f"{path}.{f.key}" if path else f.key, g, pp, root=root)

    @staticmethod
    def _is_id_target(plan: ModelPlan, key: str) -> bool:
        fp = plan.fields.get(key)
        return bool(fp and fp.is_list and fp.model is not None and fp.model.has_id)

    def field(self, f: GoldField, pv: Any, path: str, gp: dict[str, Any], pp: dict[str, Any], *, root: bool = False) -> None:
        gv, fp = f.gv, f.fp
        if fp.is_list:
            items = [] if is_empty(pv) else list(pv)
            if gv is None or gv == []:
                for item in items:
                    self.spurious_value(item, fp, path, single=True)
            elif fp.model is not None:
                self.model_list(gv, items, fp, path, record_ids=root)
            else:
                self.scalar_list(gv, items, fp, path)
        elif is_empty(pv) and may_be_absent(gv):
            return
        elif fp.model is not None:
            if gv is None:
                if not is_empty(pv):
                    self.spurious_value(pv, fp, path)
            elif is_empty(pv):
                self.missed_value(self._best_alt(gv, None, fp.model), fp, path)
            else:
                self.object(self._best_alt(gv, pv, fp.model), pv, fp.model, path)
        elif gv is None:
            if not is_empty(pv):
                self._bump(path, SPU)
        elif is_empty(pv):
            self._bump(path, MIS)
        else:
            credit = self.gold_credit(f, pv, gp, pp)
            self._bump(path, COR if credit == 1.0 else PAR if credit > 0 else INC)

    def _best_alt(self, gv: Any, pv: Any, plan: ModelPlan) -> dict[str, Any]:
        alts = [a for a in alternatives(gv) if isinstance(a, dict)]  # a null alternative is handled by the caller
        if len(alts) == 1 or pv is None:
            return alts[0]
        return max(alts, key=lambda a: self.similarity(a, pv, plan))

    def scalar_list(self, gold: list[Any], pred: list[Any], fp: FieldPlan, path: str) -> None:
        sim = [[self.credit(g, p, fp, {}, {}) for p in pred] for g in gold]
        pairs = align(sim, threshold=0.5) if pred else []
        for g, p in pairs:
            self._bump(path, COR if sim[g][p] == 1.0 else PAR)
        matched = {g for g, _ in pairs}
        missed = sum(1 for n, g in enumerate(gold) if n not in matched and not may_be_absent(g))
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
                gid, pid = gold_items[g].get(plan.id_field or ""), pred[p].get(plan.id_field or "")
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

    # -- whole values missed or invented -----------------------------------------------------
    def missed_value(self, gv: Any, fp: FieldPlan, path: str, *, single: bool = False) -> None:
        if gv is None or fp.kind in UNSCORED or may_be_absent(gv):
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
        if is_empty(pv) or fp.kind in UNSCORED:
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
            if sub is None or is_empty(value) or self._is_default(sub, value, fp.model):
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
