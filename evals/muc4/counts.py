"""P/R/F1 counts as the literature's scorers keep them: p_num/p_den and r_num/r_den apart.

CEAF-REE has p_num == r_num (the aligned similarity); GTT's template F1 does not (a predicted
entity and a gold entity are each counted right on their own), so both numerators are kept.
P, R and F1 are computed with the same float operations as GRIT's and GTT's `eval.py`, so a
figure here equals the one their scripts print, to the last digit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Self

__all__ = ["Counts", "f1_of", "micro"]


def f1_of(p_num: float, p_den: float, r_num: float, r_den: float) -> float:
    """F1 as the reference `f1()`: P and R are 0 on a 0 denominator; F1 is 0 when P + R is 0."""
    p = 0 if p_den == 0 else p_num / float(p_den)
    r = 0 if r_den == 0 else r_num / float(r_den)
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


@dataclass
class Counts:
    """Numerators and denominators of precision and recall; the ratios are derived."""

    p_num: float = 0
    p_den: int = 0
    r_num: float = 0
    r_den: int = 0

    def __iadd__(self, other: Counts) -> Self:
        self.p_num += other.p_num
        self.p_den += other.p_den
        self.r_num += other.r_num
        self.r_den += other.r_den
        return self

    @property
    def precision(self) -> float:
        return 0.0 if self.p_num == 0 else self.p_num / float(self.p_den)

    @property
    def recall(self) -> float:
        return 0.0 if self.r_num == 0 else self.r_num / float(self.r_den)

    @property
    def f1(self) -> float:
        return f1_of(self.p_num, self.p_den, self.r_num, self.r_den)

    def as_dict(self) -> dict[str, float]:
        """The reference scripts' record: precision, recall, f1 and the four counts."""
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "p_num": self.p_num,
            "p_den": self.p_den,
            "r_num": self.r_num,
            "r_den": self.r_den,
        }


def micro(per_key: dict[str, Counts]) -> Counts:
    """The sum over keys (roles, or roles and the incident type): the micro average's counts."""
    total = Counts()
    for counts in per_key.values():
        total += counts
    return total
