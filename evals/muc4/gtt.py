"""GTT template F1 exactly as GTT's `eval.py` (Du, Rush and Cardie, NAACL 2021) computes it.

Per document:
- gold templates equal to an earlier one (same type string, same mention strings in the same
  order, before normalization) are dropped, as GTT's reader does;
- mentions are normalized as GRIT's (`ceaf_ree.normalize`);
- six keys per template: the incident type (1 filler) and the five roles (one filler per entity);
- a predicted template pairs with a gold one only when its type is a substring of the gold type
  (`"attack" in "bombing / attack"`); a paired type is right on both sides; a predicted entity is
  right when some entity of the paired gold template holds every one of its mentions, and a gold
  entity is found when some predicted entity of the pair is inside it. Duplicates each count;
- unpaired templates (and pairs of incompatible types) add their fillers to the denominators
  only, so the denominators do not depend on the mapping;
- the mapping kept is the first, in GTT's enumeration order, with the best document micro F1:
  `itertools.product` over predicted templates (template 0 outermost) of the gold templates in
  order then "unpaired", injective ones only. `best_mapping` finds that mapping by a depth-first
  search in that order, pruned by upper bounds (two assignment problems), so it is exact without
  enumerating (m + 1) ** n mappings; tests check it against the enumeration.
Counts are summed over documents, per key and in total (micro).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from summarizer.evals.muc4.ceaf_ree import normalize
from summarizer.evals.muc4.counts import Counts, f1_of, micro
from summarizer.evals.muc4.roles import ROLES

__all__ = [
    "KEYS",
    "PairCounts",
    "best_mapping",
    "compatible",
    "dedupe_gold",
    "exhaustive_mapping",
    "gtt_document",
    "gtt_f1",
    "pair_counts",
]

KEYS: tuple[str, ...] = ("incident_type", *ROLES)
"""GTT's keys, in its order: the incident type, then the five roles."""

TemplateLike = Mapping[str, Any]
Mapping_ = tuple[int, ...]
"""A mapping: for each predicted template, the index of its gold template or -1 (unpaired)."""


def _strings(entity: Sequence[object]) -> tuple[str, ...]:
    return tuple(m if isinstance(m, str) else str(m[0]) for m in entity)  # type: ignore[index]


def compatible(gold_type: str, predicted_type: str) -> bool:
    """GTT's test: the predicted type is a substring of the gold type ("attack" in "bombing / attack")."""
    return predicted_type in gold_type


def dedupe_gold(templates: Sequence[TemplateLike]) -> list[TemplateLike]:
    """Gold templates without those equal to an earlier one (type and raw mention strings, in order)."""
    seen: list[tuple[object, ...]] = []
    out: list[TemplateLike] = []
    for t in templates:
        key = (
            t.get("incident_type"),
            *(tuple(_strings(e) for e in t.get(role, [])) for role in ROLES),
        )
        if key not in seen:
            seen.append(key)
            out.append(t)
    return out


@dataclass(frozen=True)
class _Template:
    type: str
    roles: tuple[tuple[tuple[str, ...], ...], ...]  # per role, entities of normalized mentions

    @classmethod
    def of(cls, t: TemplateLike) -> _Template:
        roles = tuple(
            tuple(tuple(normalize(m) for m in _strings(e)) for e in t.get(role, [])) for role in ROLES
        )
        return cls(str(t.get("incident_type", "")), roles)

    def sizes(self) -> tuple[int, ...]:
        return (1, *(len(es) for es in self.roles))


@dataclass(frozen=True)
class PairCounts:
    """What pairing one predicted with one gold template adds to p_num and r_num, per key."""

    p: tuple[int, ...]
    r: tuple[int, ...]


_ZERO = PairCounts((0,) * len(KEYS), (0,) * len(KEYS))


def _inside(gold: tuple[str, ...], predicted: tuple[str, ...]) -> bool:
    return all(m in gold for m in predicted)


def pair_counts(gold: TemplateLike, predicted: TemplateLike) -> PairCounts:
    """Per key, the predicted fillers right and the gold fillers found when the two templates are paired."""
    return _pair(_Template.of(gold), _Template.of(predicted))


def _pair(g: _Template, p: _Template) -> PairCounts:
    if not compatible(g.type, p.type):
        return _ZERO
    right = [1]
    found = [1]
    for g_entities, p_entities in zip(g.roles, p.roles):
        right.append(sum(any(_inside(ge, pe) for ge in g_entities) for pe in p_entities))
        found.append(sum(any(_inside(ge, pe) for pe in p_entities) for ge in g_entities))
    return PairCounts(tuple(right), tuple(found))


@dataclass
class _Problem:
    """One document's search: pair counts, totals and denominators."""

    pairs: list[list[PairCounts]]  # [predicted][gold]
    p_den: int
    r_den: int
    p_tot: np.ndarray = field(init=False)
    r_tot: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        n, m = len(self.pairs), len(self.pairs[0]) if self.pairs else 0
        self.p_tot = np.array([[sum(c.p) for c in row] for row in self.pairs], dtype=float).reshape(n, m)
        self.r_tot = np.array([[sum(c.r) for c in row] for row in self.pairs], dtype=float).reshape(n, m)

    def value(self, p_num: int, r_num: int) -> float:
        """The document micro F1 GTT compares mappings by (same float operations)."""
        return f1_of(p_num, self.p_den, r_num, self.r_den)

    def exact(self, p_num: int, r_num: int) -> tuple[int, int]:
        """The same F1 as an exact fraction (numerator, denominator), for pruning."""
        if p_num == 0 or r_num == 0:
            return (0, 1)
        return (2 * p_num * r_num, p_num * self.r_den + r_num * self.p_den)


def _less(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] * b[1] < b[0] * a[1]


def _bound(weights: np.ndarray, rows: list[int], cols: list[int]) -> int:
    """The best total of weights over one-to-one pairings of rows and cols (unpaired allowed)."""
    if not rows or not cols:
        return 0
    sub = weights[np.ix_(rows, cols)]
    cheap = float(sub.max(axis=1).sum())
    if cheap == 0:
        return 0
    r, c = linear_sum_assignment(sub, maximize=True)
    return int(sub[r, c].sum())


def _problem(gold: Sequence[_Template], predicted: Sequence[_Template]) -> _Problem:
    pairs = [[_pair(g, p) for g in gold] for p in predicted]
    return _Problem(
        pairs,
        sum(sum(p.sizes()) for p in predicted),
        sum(sum(g.sizes()) for g in gold),
    )


def best_mapping(gold: Sequence[TemplateLike], predicted: Sequence[TemplateLike]) -> Mapping_:
    """The first mapping in GTT's enumeration order with the best document micro F1 (gold as given)."""
    return _search(_problem([_Template.of(g) for g in gold], [_Template.of(p) for p in predicted]))


def _incumbent(prob: _Problem) -> tuple[int, int]:
    """The exact F1 of a good mapping found by assignment: a floor for the search to prune against."""
    best = (0, 1)
    n, m = prob.p_tot.shape
    if n == 0 or m == 0:
        return best
    for weights in (prob.p_tot, prob.r_tot, prob.p_tot + prob.r_tot):
        rows, cols = linear_sum_assignment(weights, maximize=True)
        p = int(prob.p_tot[rows, cols].sum())
        r = int(prob.r_tot[rows, cols].sum())
        if _less(best, prob.exact(p, r)):
            best = prob.exact(p, r)
    return best


_TIE = 1e-12
"""Float slack of the tangent bound: far below the gap between the F1s of distinct integer counts."""


def _tangent_bound(
    prob: _Problem, at: tuple[int, int], rows: list[int], cols: list[int], p_num: int, r_num: int
) -> float:
    """An upper bound on the F1 of every completion: F1 (the harmonic mean of P and R) is concave
    and homogeneous, so its tangent plane at the best point so far lies above it everywhere, and
    the plane's best completion is one assignment problem.

    A completion reaching the best F1 with other counts lies off the tangent point, hence above
    the plane by much more than `_TIE`; so a bound within `_TIE` of the best rules out a better
    (or differently tied) completion.
    """
    p0, r0 = at[0] / prob.p_den, at[1] / prob.r_den
    a, b = 2 * r0 * r0 / (p0 + r0) ** 2, 2 * p0 * p0 / (p0 + r0) ** 2
    bound = a * p_num / prob.p_den + b * r_num / prob.r_den
    if rows and cols:
        sub = (a / prob.p_den) * prob.p_tot[np.ix_(rows, cols)] + (b / prob.r_den) * prob.r_tot[np.ix_(rows, cols)]
        r, c = linear_sum_assignment(sub, maximize=True)
        bound += float(sub[r, c].sum())
    return bound


def _search(prob: _Problem) -> Mapping_:
    n = len(prob.pairs)
    m = prob.p_tot.shape[1] if n else 0
    floor = _incumbent(prob)
    best: list[Any] = [None, -1.0, (0, 1), (0, 0)]  # mapping, value, exact value, (p_num, r_num)
    path: list[int] = []
    used = [False] * m

    def visit(i: int, p_num: int, r_num: int) -> None:
        if i == n:
            value = prob.value(p_num, r_num)
            if best[0] is None or value > best[1]:
                best[:] = [tuple(path), value, prob.exact(p_num, r_num), (p_num, r_num)]
            return
        if best[0] is not None:
            rows = list(range(i, n))
            cols = [j for j in range(m) if not used[j]]
            p_ub = p_num + _bound(prob.p_tot, rows, cols)
            r_ub = r_num + _bound(prob.r_tot, rows, cols)
            ub = prob.exact(p_ub, r_ub)
            threshold = best[2] if _less(floor, best[2]) else floor
            if _less(ub, threshold):
                return
            # Equal to the best so far: the only point of the box with that exact F1 is the
            # bound itself (F1 rises with each count), so only its float value could beat the best.
            if ub[0] * best[2][1] == best[2][0] * ub[1]:
                if best[2][0] == 0 or prob.value(p_ub, r_ub) <= best[1]:
                    return
            if best[2][0] and _tangent_bound(prob, best[3], rows, cols, p_num, r_num) <= best[1] + _TIE:
                return
        for j in [*range(m), -1]:
            if j >= 0 and used[j]:
                continue
            c = prob.pairs[i][j] if j >= 0 else _ZERO
            if j >= 0:
                used[j] = True
            path.append(j)
            visit(i + 1, p_num + sum(c.p), r_num + sum(c.r))
            path.pop()
            if j >= 0:
                used[j] = False

    visit(0, 0, 0)
    return tuple(best[0])


def exhaustive_mapping(gold: Sequence[TemplateLike], predicted: Sequence[TemplateLike]) -> Mapping_:
    """GTT's own search, every injective mapping in its order (for tests; exponential)."""
    import itertools

    prob = _problem([_Template.of(g) for g in gold], [_Template.of(p) for p in predicted])
    best: Mapping_ | None = None
    best_value = -1.0
    for mapping in itertools.product([*range(len(gold)), -1], repeat=len(predicted)):
        paired = [j for j in mapping if j >= 0]
        if len(paired) != len(set(paired)):
            continue
        p = sum(sum(prob.pairs[i][j].p) for i, j in enumerate(mapping) if j >= 0)
        r = sum(sum(prob.pairs[i][j].r) for i, j in enumerate(mapping) if j >= 0)
        if best is None or prob.value(p, r) > best_value:
            best, best_value = mapping, prob.value(p, r)
    assert best is not None
    return best


def gtt_document(
    gold: Sequence[TemplateLike], predicted: Sequence[TemplateLike]
) -> dict[str, Counts]:
    """Per-key counts of the chosen mapping for one document (gold duplicates dropped first)."""
    gold_t = [_Template.of(g) for g in dedupe_gold(gold)]
    pred_t = [_Template.of(p) for p in predicted]
    prob = _problem(gold_t, pred_t)
    mapping = _search(prob)
    out = {key: Counts() for key in KEYS}
    for k, key in enumerate(KEYS):
        c = out[key]
        c.p_den = sum(t.sizes()[k] for t in pred_t)
        c.r_den = sum(t.sizes()[k] for t in gold_t)
        for i, j in enumerate(mapping):
            if j >= 0:
                c.p_num += prob.pairs[i][j].p[k]
                c.r_num += prob.pairs[i][j].r[k]
    return out


def gtt_f1(
    pairs: Iterable[tuple[Sequence[TemplateLike], Sequence[TemplateLike]]],
) -> dict[str, Counts]:
    """Counts summed over (gold templates, predicted templates) documents: per key and "micro"."""
    out = {key: Counts() for key in KEYS}
    for gold, predicted in pairs:
        for key, counts in gtt_document(gold, predicted).items():
            out[key] += counts
    out["micro"] = micro(out)
    return out
