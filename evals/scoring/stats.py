"""Is run B really better than run A? Paired bootstrap over articles, and McNemar on the share of
articles with every key field right. Both use only articles scored in both runs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel

from summarizer.evals.scoring.aggregate import (
    BOOTSTRAP_SAMPLES,
    ScoredCase,
    _interval,
    bootstrap_weights,
    counts_matrix,
    f1_of,
)

__all__ = ["ALPHA", "MIN_DISCORDANT", "Comparison", "Delta", "compare_cases"]

ALPHA = 0.05
MIN_DISCORDANT = 6
"""An exact two-sided McNemar test cannot reach p < 0.05 with fewer discordant articles (p = 0.0625 at 5)."""


class Delta(BaseModel):
    """F1 of A, of B, B - A, its 95% interval, and a two-sided bootstrap p-value."""

    a: float
    b: float
    delta: float
    ci: tuple[float, float] | None
    p_value: float | None
    significant: bool


class Comparison(BaseModel):
    articles: int
    micro_f1: Delta
    fields: dict[str, Delta]
    key_a: float | None = None
    key_b: float | None = None
    mcnemar_b_only: int = 0
    """Articles with every key field right in B but not in A."""
    mcnemar_a_only: int = 0
    mcnemar_p: float | None = None
    statements: list[str] = []


def _per_article_key(cases: Sequence[ScoredCase], ids: list[str]) -> np.ndarray:
    right: dict[str, list[bool]] = {}
    for c in cases:
        if c.score is not None and c.key_ok is not None:
            right.setdefault(c.case_id, []).append(c.key_ok)
    # With repeats, an article counts as right when most of its outputs are.
    return np.array([np.mean(right.get(i, [False])) >= 0.5 for i in ids])


def _delta(a_sums: np.ndarray, b_sums: np.ndarray, a_boot: np.ndarray | None, b_boot: np.ndarray | None) -> Delta:
    fa, fb = float(f1_of(a_sums)), float(f1_of(b_sums))
    if a_boot is None or b_boot is None:
        return Delta(a=fa, b=fb, delta=fb - fa, ci=None, p_value=None, significant=False)
    d = f1_of(b_boot) - f1_of(a_boot)
    ci = _interval(d)
    p = float(min(1.0, 2 * min(np.mean(d <= 0), np.mean(d >= 0))))
    return Delta(a=fa, b=fb, delta=fb - fa, ci=ci, p_value=p, significant=bool(ci[0] > 0 or ci[1] < 0))


def compare_cases(a: Sequence[ScoredCase], b: Sequence[ScoredCase], *, samples: int = BOOTSTRAP_SAMPLES, seed: int = 0) -> Comparison:
    """Deltas B - A per field and overall, on the articles both runs scored."""
    a_ids = {c.case_id for c in a if c.score is not None}
    b_ids = {c.case_id for c in b if c.score is not None}
    common = a_ids & b_ids
    a_cases = [c for c in a if c.case_id in common]
    b_cases = [c for c in b if c.case_id in common]
    paths = sorted({p for c in [*a_cases, *b_cases] if c.score for p in c.score.fields})
    ids_a, ma = counts_matrix(a_cases, paths)
    ids_b, mb = counts_matrix(b_cases, paths)
    order = [ids_b.index(i) for i in ids_a]
    mb = mb[order] if len(order) else mb
    n = len(ids_a)
    boot_a = boot_b = None
    if n > 1 and samples > 0:
        weights = bootstrap_weights(n, samples=samples, seed=seed)
        boot_a = (weights @ ma.reshape(n, -1)).reshape(samples, len(paths), 5)
        boot_b = (weights @ mb.reshape(n, -1)).reshape(samples, len(paths), 5)
    micro = _delta(
        ma.sum(axis=(0, 1)), mb.sum(axis=(0, 1)),
        None if boot_a is None else boot_a.sum(axis=1), None if boot_b is None else boot_b.sum(axis=1),
    )  # fmt: skip
    fields = {
        p: _delta(ma[:, j].sum(axis=0), mb[:, j].sum(axis=0),
                  None if boot_a is None else boot_a[:, j], None if boot_b is None else boot_b[:, j])
        for j, p in enumerate(paths)
    }  # fmt: skip
    result = Comparison(articles=n, micro_f1=micro, fields=fields)
    if any(c.key_ok is not None for c in a_cases) and n:
        ka, kb = _per_article_key(a_cases, ids_a), _per_article_key(b_cases, ids_a)
        result.key_a, result.key_b = float(ka.mean()), float(kb.mean())
        result.mcnemar_b_only = int(np.sum(kb & ~ka))
        result.mcnemar_a_only = int(np.sum(ka & ~kb))
        discordant = result.mcnemar_a_only + result.mcnemar_b_only
        if discordant:
            from scipy.stats import (
                binomtest,  # scipy.stats takes ~0.3 s to import: only when comparing
            )

            result.mcnemar_p = float(binomtest(result.mcnemar_b_only, discordant, 0.5).pvalue)
    result.statements = _statements(result)
    return result


def _statements(c: Comparison) -> list[str]:
    """Plain sentences: what is significant, what is not, and whether anything could be."""
    out: list[str] = []
    if c.articles < MIN_DISCORDANT:
        out.append(
            f"Warning: only {c.articles} articles in common; no difference can be significant at "
            f"{ALPHA:.0%} (McNemar needs at least {MIN_DISCORDANT} discordant articles, the bootstrap "
            "needs many more articles). Treat every delta as noise."
        )
    m = c.micro_f1
    word = "significant" if m.significant else "not significant"
    ci = f" (95% CI {m.ci[0]:+.3f} to {m.ci[1]:+.3f})" if m.ci else ""
    out.append(f"Micro F1 {m.a:.3f} -> {m.b:.3f}, delta {m.delta:+.3f}{ci}: {word}.")
    sig = [(p, d) for p, d in c.fields.items() if d.significant]
    if sig:
        listing = ", ".join(f"{p} {d.delta:+.3f}" for p, d in sorted(sig, key=lambda x: x[1].delta))
        out.append(f"Fields with a significant change: {listing}.")
    else:
        out.append("No field changed significantly.")
    if c.key_a is not None:
        discordant = c.mcnemar_a_only + c.mcnemar_b_only
        if c.mcnemar_p is None:
            out.append("Every key field right: both runs agree on every article (McNemar not applicable).")
        else:
            verdict = "significant" if c.mcnemar_p < ALPHA else "not significant"
            out.append(
                f"Every key field right: {c.key_a:.0%} -> {c.key_b:.0%}; {c.mcnemar_b_only} articles fixed, "
                f"{c.mcnemar_a_only} broken; McNemar exact p = {c.mcnemar_p:.3g}: {verdict}."
                + (f" (fewer than {MIN_DISCORDANT} discordant articles: it cannot be)" if discordant < MIN_DISCORDANT else "")
            )
    return out
