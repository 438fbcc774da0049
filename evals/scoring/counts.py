"""MUC-style counts per field and the precision, recall and F1 they give.

Each field keeps five counts: correct, partial, incorrect, missed (gold value, no prediction)
and spurious (prediction where the gold has none or says 'not stated': hallucinated).
A partial match counts half: TP = correct + partial/2, as in MUC-4 scoring.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["COR", "INC", "MIS", "PAR", "SPU", "Counts", "Prf", "add_into", "prf", "total"]

COR, PAR, INC, MIS, SPU = range(5)
Counts = list[int]
"""[correct, partial, incorrect, missed, spurious]."""


@dataclass(frozen=True)
class Prf:
    precision: float
    recall: float
    f1: float
    tp: float
    fp: float
    fn: float


def prf(c: Counts) -> Prf:
    """Precision, recall, F1 with partial = half; an empty side gives 0 (never NaN)."""
    tp = c[COR] + 0.5 * c[PAR]
    actual = c[COR] + c[PAR] + c[INC] + c[SPU]
    possible = c[COR] + c[PAR] + c[INC] + c[MIS]
    p = tp / actual if actual else 0.0
    r = tp / possible if possible else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Prf(p, r, f, tp, actual - tp, possible - tp)


def add_into(target: dict[str, Counts], source: Mapping[str, Counts]) -> None:
    for path, c in source.items():
        t = target.get(path)
        if t is None:
            target[path] = list(c)
        else:
            for i in range(5):
                t[i] += c[i]


def total(counts: Iterable[Counts]) -> Counts:
    out = [0, 0, 0, 0, 0]
    for c in counts:
        for i in range(5):
            out[i] += c[i]
    return out
