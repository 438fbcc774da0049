"""One-to-one alignment of gold and predicted list items by best total similarity (Hungarian)."""

from __future__ import annotations

import numpy as np

__all__ = ["MIN_SIMILARITY", "align"]

MIN_SIMILARITY = 0.3
"""Below this, a gold item and a predicted item are not the same thing: one is missed, one spurious."""


def align(sim: list[list[float]], *, threshold: float = MIN_SIMILARITY) -> list[tuple[int, int]]:
    """Pairs (gold index, predicted index) maximizing total similarity; pairs under `threshold` dropped."""
    if not sim or not sim[0]:
        return []
    rows, cols = len(sim), len(sim[0])
    if rows == 1 or cols == 1:
        # A single row or column: the best cell is the optimum; skip scipy's overhead.
        best = max(((r, c) for r in range(rows) for c in range(cols)), key=lambda rc: sim[rc[0]][rc[1]])
        return [best] if sim[best[0]][best[1]] >= threshold else []
    matrix = np.asarray(sim, dtype=float)
    from scipy.optimize import linear_sum_assignment  # imported on first use: keeps CLI start fast

    gi, pi = linear_sum_assignment(matrix, maximize=True)
    return [(int(g), int(p)) for g, p in zip(gi, pi) if matrix[g, p] >= threshold]
