"""Comparators by field type. Each returns a credit in {0, 0.5, 1}: wrong, partial, right.

Partial credit (0.5) follows MUC scoring: a name that is a word-subset of the gold name
('soldiers' for 'Malian soldiers'), free text that overlaps but not enough.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from typing import Any

from summarizer.evals.scoring.markers import ANY, RANGE

__all__ = [
    "ABOUT_TOLERANCE",
    "alternatives",
    "date_credit",
    "exact_credit",
    "name_credit",
    "names_credit",
    "normalize_name",
    "number_credit",
    "text_credit",
]

ABOUT_TOLERANCE = 0.1
"""A gold 'about N' accepts a prediction within 10% of N (at least 1)."""

_ARTICLES = frozenset({"the", "a", "an"})
_PUNCT = re.compile(r"[^\w\s]|_")
_SPACE = re.compile(r"\s+")
TEXT_RIGHT, TEXT_PARTIAL = 0.5, 0.25
"""Word-overlap F1 needed for free text to count as right, or as partial."""


def alternatives(gold: Any) -> list[Any]:
    """A gold value's alternatives: the `$any` list, or the value itself."""
    if isinstance(gold, dict) and ANY in gold:
        return list(gold[ANY])
    return [gold]


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """Case, diacritics, punctuation, leading/standalone articles and spacing removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = plain.replace("\u2019", "'")
    words = _PUNCT.sub(" ", plain).split()
    return " ".join(w for w in words if w not in _ARTICLES)


def _name_key(text: str) -> str:
    """The normalized name, or the lower-cased text when it is only an article ('an', 'a')."""
    return normalize_name(text) or text.strip().lower()


@lru_cache(maxsize=65536)
def _tokens(text: str) -> frozenset[str]:
    return frozenset(normalize_name(text).split())


def name_credit(gold: list[Any], predicted: list[Any]) -> float:
    """1 if any predicted name equals any gold alternative once normalized; 0.5 if one's words contain the other's."""
    return names_credit(tuple(g for g in gold if isinstance(g, str)), tuple(p for p in predicted if isinstance(p, str)))


@lru_cache(maxsize=65536)
def names_credit(gold: tuple[str, ...], predicted: tuple[str, ...]) -> float:
    """name_credit on tuples of strings, cached: the same names recur across a dataset."""
    gold_norm = {_name_key(g) for g in gold}
    pred_norm = {_name_key(p) for p in predicted}
    gold_norm.discard("")
    pred_norm.discard("")
    if gold_norm & pred_norm:
        return 1.0
    for g in gold_norm:
        gt = frozenset(g.split())
        for p in pred_norm:
            pt = frozenset(p.split())
            if gt <= pt or pt <= gt:
                return 0.5
    return 0.0


def text_credit(gold: Any, predicted: str) -> float:
    """Free text: word-overlap F1 against the best alternative, thresholded to right/partial/wrong."""
    best = 0.0
    pt = _tokens(predicted)
    for alt in alternatives(gold):
        gt = _tokens(str(alt))
        if not gt or not pt:
            continue
        common = len(gt & pt)
        f1 = 2 * common / (len(gt) + len(pt))
        best = max(best, f1)
    if best >= TEXT_RIGHT:
        return 1.0
    return 0.5 if best >= TEXT_PARTIAL else 0.0


def number_credit(gold: Any, predicted: float, *, qualifier: str | None = None, high: float | None = None) -> float:
    """A number read with the gold's qualifier: inside a gold range, at or above 'at least', near 'about'."""
    for alt in alternatives(gold):
        if isinstance(alt, dict) and RANGE in alt:
            low, top = alt[RANGE]
            if low <= predicted <= top:
                return 1.0
            continue
        if not isinstance(alt, (int, float)):
            continue
        if qualifier == "at_least" and predicted >= alt:
            return 1.0
        if qualifier == "at_most" and predicted <= alt:
            return 1.0
        if qualifier == "about" and abs(predicted - alt) <= max(1.0, ABOUT_TOLERANCE * abs(alt)):
            return 1.0
        if qualifier == "range" and high is not None and alt <= predicted <= high:
            return 1.0
        if predicted == alt:
            return 1.0
    return 0.0


@lru_cache(maxsize=65536)
def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def date_credit(gold: Any, predicted: str, *, precision: str | None = None, end: str | None = None) -> float:
    """A date compared at the gold's precision: day, month, year, or inside the gold's range."""
    p = _date(str(predicted))
    if p is None:
        return 0.0
    for alt in alternatives(gold):
        g = _date(str(alt)) if alt is not None else None
        if g is None:
            continue
        if precision == "year" and p.year == g.year:
            return 1.0
        if precision == "month" and (p.year, p.month) == (g.year, g.month):
            return 1.0
        if precision == "range":
            last = _date(end) if end else None
            if last is not None and g <= p <= last:
                return 1.0
        if p == g:
            return 1.0
    return 0.0


def exact_credit(gold: Any, predicted: Any) -> float:
    """Closed sets (enums, booleans, literals): equal or wrong."""
    if isinstance(gold, dict) and ANY in gold:
        return 1.0 if any(alt == predicted for alt in gold[ANY]) else 0.0
    return 1.0 if gold == predicted else 0.0
