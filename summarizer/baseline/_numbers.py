"""Amounts in words or digits, with their qualifiers: 'at least twelve', 'some 30', 'dozens', '10 to 15'."""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.schemas.incident import CountQualifier

__all__ = ["COUNT_PATTERN", "Amount", "parse_amount", "word_number"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}
_VAGUE = ["dozens", "scores", "hundreds", "thousands", "several", "a few", "few", "many", "numerous",
          "a number", "a handful", "some", "a large number", "a number of", "various", "countless"]
_UNKNOWN = ["an unknown number", "an undetermined number", "an undisclosed number", "unknown number",
            "an unspecified number", "an indeterminate number"]

_UNIT = "|".join(sorted(_UNITS, key=len, reverse=True))
_TEN = "|".join(_TENS)
_WORDNUM = (
    rf"(?:(?:{_UNIT}|a)\s+(?:hundred|thousand)(?:\s+(?:and\s+)?(?:(?:{_TEN})(?:[\s-](?:{_UNIT}))?|{_UNIT}))?"
    rf"|(?:{_UNIT})\s+dozen|(?:{_TEN})(?:[\s-](?:{_UNIT}))?|{_UNIT}|a\s+dozen|half\s+a\s+dozen)"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+"
_NUM = rf"(?:{_DIGITS}|{_WORDNUM})"
_AT_LEAST = r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|more\s+than|over|upwards\s+of|in\s+excess\s+of|a\s+minimum\s+of"
_AT_MOST = r"up\s+to|at\s+most|no\s+more\s+than|fewer\s+than|less\s+than|as\s+many\s+as"
_ABOUT = r"about|around|some|approximately|roughly|nearly|almost|close\s+to|an\s+estimated|estimated|circa|about\s+a"
_QUAL = rf"(?:(?P<q>{_AT_LEAST}|{_AT_MOST}|{_ABOUT})\s+)?"
_RANGE = rf"(?:between\s+(?P<lo1>{_NUM})\s+and\s+(?P<hi1>{_NUM})|(?P<lo2>{_NUM})\s+(?:to|or)\s+(?P<hi2>{_NUM})|(?P<lo3>{_DIGITS})\s*-\s*(?P<hi3>{_DIGITS}))"
_VAGUE_RE = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in sorted(_VAGUE + _UNKNOWN, key=len, reverse=True))

COUNT_PATTERN = rf"(?P<count>{_RANGE}|{_QUAL}(?P<n>{_NUM})|(?P<vague>{_VAGUE_RE})(?:\s+of)?)"
"""Regex source (for the folded text) of an amount; group `count` is the whole amount."""

_COUNT_RE = re.compile(rf"^{COUNT_PATTERN}$")

_QMAP = [
    (re.compile(rf"^(?:{_AT_LEAST})$"), CountQualifier.at_least),
    (re.compile(rf"^(?:{_AT_MOST})$"), CountQualifier.at_most),
    (re.compile(rf"^(?:{_ABOUT})$"), CountQualifier.about),
]


@dataclass(frozen=True)
class Amount:
    value: int | None
    high: int | None
    qualifier: CountQualifier


def word_number(s: str) -> int | None:
    """'thirty-one' -> 31, '1,200' -> 1200, 'a dozen' -> 12; None when it is not a number."""
    s = re.sub(r"\s+", " ", s.strip().lower())
    if re.fullmatch(_DIGITS, s):
        return int(s.replace(",", ""))
    if s == "a dozen":
        return 12
    if s == "half a dozen":
        return 6
    dozen = re.fullmatch(r"(\w+) dozen", s)
    if dozen and dozen.group(1) in _UNITS:
        return _UNITS[dozen.group(1)] * 12
    total, current = 0, 0
    for w in re.split(r"[\s-]+", s):
        if w == "and":
            continue
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "a":
            current += 1
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
    return total + current


def parse_amount(folded: str) -> Amount | None:
    """Read an amount matched by COUNT_PATTERN (folded text) into value, high and qualifier."""
    m = _COUNT_RE.match(re.sub(r"\s+", " ", folded.strip()))
    if not m:
        return None
    lo = m.group("lo1") or m.group("lo2") or m.group("lo3")
    hi = m.group("hi1") or m.group("hi2") or m.group("hi3")
    if lo and hi:
        low, high = word_number(lo), word_number(hi)
        if low is None or high is None or high <= low:
            return None
        return Amount(low, high, CountQualifier.range)
    if m.group("vague"):
        vague = m.group("vague")
        unknown = any(re.fullmatch(re.escape(u).replace(r"\ ", r"\s+"), vague) for u in _UNKNOWN)
        return Amount(None, None, CountQualifier.unknown if unknown else CountQualifier.unspecified)
    value = word_number(m.group("n"))
    if value is None:
        return None
    qual = CountQualifier.exact
    if m.group("q"):
        q = re.sub(r"\s+", " ", m.group("q"))
        qual = next((cq for rx, cq in _QMAP if rx.match(q)), CountQualifier.exact)
    return Amount(value, None, qual)
