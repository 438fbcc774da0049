"""From per-article scores to a dataset report: per-field and micro/macro P/R/F1, the share of
articles with every key field right, grounding rate, and bootstrap intervals over articles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from pydantic import BaseModel, Field

from summarizer.evals.scoring.counts import COR, INC, MIS, PAR, SPU, Counts, add_into, prf, total
from summarizer.evals.scoring.scorer import ArticleScore

__all__ = ["BOOTSTRAP_SAMPLES", "FieldMetrics", "Scorecard", "ScoredCase", "aggregate", "counts_matrix", "key_fields_right"]

BOOTSTRAP_SAMPLES = 1000
CONFIDENCE = 0.95


@dataclass
class ScoredCase:
    """One output of one case, scored. `score` is None for an unlabeled case (nothing to score)."""

    case_id: str
    score: ArticleScore | None
    failed: bool = False
    key_ok: bool | None = None
    quotes: int = 0
    grounded: int = 0
    sample: int = 0
    extra: dict[str, float] = field(default_factory=dict)


class FieldMetrics(BaseModel):
    correct: int
    partial: int
    incorrect: int
    missed: int
    spurious: int
    precision: float
    recall: float
    f1: float
    f1_ci: tuple[float, float] | None = None
    tp: float = Field(default=0.0, description="correct + partial / 2")
    fp: float = Field(default=0.0, description="incorrect + spurious + partial / 2")
    fn: float = Field(default=0.0, description="incorrect + missed + partial / 2")


class Scorecard(BaseModel):
    """What a scored run says; its JSON is stored in the run record and printed by `eval report`."""

    cases: int = Field(description="Outputs scored (cases x repeats), failed ones included.")
    articles: int = Field(description="Distinct labeled articles scored.")
    failed: int
    unlabeled: int = 0
    external: int = Field(default=0, description="Predictions in another format, scored by extra metrics only.")
    micro: FieldMetrics
    macro_f1: float
    key_fields: list[str] = Field(default_factory=list)
    key_fields_right: float | None = None
    key_fields_right_ci: tuple[float, float] | None = None
    grounding_rate: float | None = None
    quotes: int = 0
    fields: dict[str, FieldMetrics] = Field(default_factory=dict)
    items: dict[str, list[int]] = Field(default_factory=dict, description="[matched, missed, spurious] per list.")
    extra: dict[str, float] = Field(default_factory=dict, description="Dataset-declared metrics (manifest `metrics`).")


def key_fields_right(score: ArticleScore, key_fields: Sequence[str]) -> bool:
    """True when no count under any key field path is partial, incorrect, missed or spurious."""
    for path, c in score.fields.items():
        wrong = c[PAR] or c[INC] or c[MIS] or c[SPU]
        if wrong and any(path == k or path.startswith(k + ".") for k in key_fields):
            return False
    return True


def _metrics(c: Counts, ci: tuple[float, float] | None = None) -> FieldMetrics:
    m = prf(c)
    return FieldMetrics(
        correct=c[COR], partial=c[PAR], incorrect=c[INC], missed=c[MIS], spurious=c[SPU],
        precision=m.precision, recall=m.recall, f1=m.f1, f1_ci=ci, tp=m.tp, fp=m.fp, fn=m.fn,
    )  # fmt: skip


def counts_matrix(cases: Sequence[ScoredCase], paths: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Per-article counts (repeats summed): article ids and an array [articles, fields, 5]."""
    ids: list[str] = []
    index: dict[str, int] = {}
    col = {p: j for j, p in enumerate(paths)}
    rows: list[np.ndarray] = []
    for case in cases:
        if case.score is None:
            continue
        if case.case_id not in index:
            index[case.case_id] = len(ids)
            ids.append(case.case_id)
            rows.append(np.zeros((len(paths), 5)))
        row = rows[index[case.case_id]]
        for path, c in case.score.fields.items():
            if path in col:
                row[col[path]] += c
    return ids, np.stack(rows) if rows else np.zeros((0, len(paths), 5))


def f1_of(sums: np.ndarray) -> np.ndarray:
    """F1 = 2TP / (actual + possible) over the last axis of MUC counts; 0 where both are empty."""
    tp = sums[..., COR] + 0.5 * sums[..., PAR]
    denom = 2 * (sums[..., COR] + sums[..., PAR] + sums[..., INC]) + sums[..., MIS] + sums[..., SPU]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denom > 0, 2 * tp / np.where(denom > 0, denom, 1), 0.0)


def bootstrap_weights(n: int, *, samples: int = BOOTSTRAP_SAMPLES, seed: int = 0) -> np.ndarray:
    """[samples, n] multinomial weights: each row is one resample of n articles with replacement.

    Drawn in blocks of rows straight into the float matrix (the same draws, in the same order, as
    one call): drawing all rows as int64 and then converting held two full copies at once."""
    rng = np.random.default_rng(seed)
    weights = np.empty((samples, n))
    probabilities = np.full(n, 1.0 / n)
    block = max(1, 2**20 // max(1, n))  # rows per draw: about 8 MB of int64 at a time
    for start in range(0, samples, block):
        stop = min(samples, start + block)
        weights[start:stop] = rng.multinomial(n, probabilities, size=stop - start)
    return weights


def _interval(values: np.ndarray) -> tuple[float, float]:
    tail = (1 - CONFIDENCE) / 2 * 100
    lo, hi = np.percentile(values, [tail, 100 - tail], axis=0)
    return float(lo), float(hi)


def aggregate(cases: Sequence[ScoredCase], *, key_fields: Sequence[str] = (), samples: int = BOOTSTRAP_SAMPLES, seed: int = 0) -> Scorecard:
    """Sum counts over every scored output; intervals resample articles (a case's repeats move together)."""
    scored = [c for c in cases if c.score is not None]
    summed: dict[str, Counts] = {}
    items: dict[str, list[int]] = {}
    for case in scored:
        assert case.score is not None
        add_into(summed, case.score.fields)
        for path, it in case.score.items.items():
            acc = items.setdefault(path, [0, 0, 0])
            for i in range(3):
                acc[i] += it[i]
    paths = sorted(summed)
    ids, matrix = counts_matrix(scored, paths)
    field_ci: dict[str, tuple[float, float]] = {}
    micro_ci = key_ci = None
    key_by_article = _key_by_article(scored, ids)
    if len(ids) > 1 and samples > 0:
        weights = bootstrap_weights(len(ids), samples=samples, seed=seed)
        flat = matrix.reshape(len(ids), -1)
        resampled = (weights @ flat).reshape(samples, len(paths), 5)
        per_field = f1_of(resampled)
        micro_ci = _interval(f1_of(resampled.sum(axis=1)))
        for j, path in enumerate(paths):
            field_ci[path] = _interval(per_field[:, j])
        if key_by_article is not None:
            key_ci = _interval(weights @ key_by_article / len(ids))
    field_metrics = {p: _metrics(summed[p], field_ci.get(p)) for p in paths}
    quotes = sum(c.quotes for c in scored)
    keyed = [c.key_ok for c in scored if c.key_ok is not None]
    return Scorecard(
        cases=len(scored),
        articles=len(ids),
        failed=sum(c.failed for c in scored),
        unlabeled=len({c.case_id for c in cases if c.score is None}),
        micro=_metrics(total(summed.values()), micro_ci),
        macro_f1=float(np.mean([m.f1 for m in field_metrics.values()])) if field_metrics else 0.0,
        key_fields=list(key_fields),
        key_fields_right=sum(keyed) / len(keyed) if keyed else None,
        key_fields_right_ci=key_ci,
        grounding_rate=sum(c.grounded for c in scored) / quotes if quotes else None,
        quotes=quotes,
        fields=field_metrics,
        items=items,
    )


def _key_by_article(scored: Sequence[ScoredCase], ids: list[str]) -> np.ndarray | None:
    """Share of an article's outputs with every key field right (0/1 without repeats)."""
    if not scored or all(c.key_ok is None for c in scored):
        return None
    right: dict[str, list[bool]] = {}
    for c in scored:
        if c.key_ok is not None:
            right.setdefault(c.case_id, []).append(c.key_ok)
    return np.array([float(np.mean(right[i])) if i in right else 0.0 for i in ids])
