"""Locate every evidence quote of a record in its article, and say how well it matched.

A quote is tried exactly, then with whitespace, quote marks, dashes and case normalized, then
fuzzily (similarity at or above FUZZY_THRESHOLD around the longest shared block). Nothing is
dropped: a quote that cannot be placed is kept with status not_found, and a fact whose quotes
are all not_found is never presented as grounded.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator
from difflib import SequenceMatcher
from typing import Any

from pydantic import BaseModel

from summarizer.evidence import EVIDENCE_MARKER
from summarizer.result import GroundingStatus, QuoteGrounding

__all__ = ["FUZZY_THRESHOLD", "evidence_quotes", "ground", "locate", "is_evidence_field"]

FUZZY_THRESHOLD = 0.85

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u00a0": " ", "\u202f": " ",
    }
)  # fmt: skip


@functools.lru_cache(maxsize=4096)
def is_evidence_field(model: type[BaseModel], name: str) -> bool:
    extra = model.model_fields[name].json_schema_extra
    return isinstance(extra, dict) and bool(extra.get(EVIDENCE_MARKER))


def evidence_quotes(record: BaseModel, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(JSON path, quote) for every quote in every `Evidence` field, depth first in field order."""
    for name in type(record).model_fields:
        value: Any = getattr(record, name)
        path = f"{prefix}.{name}" if prefix else name
        if is_evidence_field(type(record), name) and isinstance(value, list):
            for i, quote in enumerate(value):
                yield f"{path}[{i}]", str(quote)
        elif isinstance(value, BaseModel):
            yield from evidence_quotes(value, path)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from evidence_quotes(item, f"{path}[{i}]")


def _normalize(text: str) -> tuple[str, list[int]]:
    """Casefolded text with runs of whitespace collapsed, and each character's original offset."""
    out: list[str] = []
    index: list[int] = []
    last_space = True
    for i, ch in enumerate(text):
        ch = unicodedata.normalize("NFKC", ch).translate(_TRANSLATE)
        if ch.isspace():
            if last_space:
                continue
            ch, last_space = " ", True
        else:
            last_space = False
        for c in ch.casefold():
            out.append(c)
            index.append(i)
    while out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


class _Article:
    """An article prepared once for locating many quotes."""

    def __init__(self, text: str) -> None:
        self.text = text

    # Normalizing walks the article character by character: only pay for it when a quote is
    # not found exactly, which for a good model is rare.
    @functools.cached_property
    def _normalized(self) -> tuple[str, list[int]]:
        return _normalize(self.text)

    @property
    def norm(self) -> str:
        return self._normalized[0]

    @property
    def index(self) -> list[int]:
        return self._normalized[1]

    @functools.cached_property
    def _matcher(self) -> SequenceMatcher[str]:
        return SequenceMatcher(None, self.norm, autojunk=False)

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.index[start], self.index[end - 1] + 1

    def locate(self, quote: str, path: str = "") -> QuoteGrounding:
        if quote and (pos := self.text.find(quote)) >= 0:
            return QuoteGrounding(path=path, quote=quote, status=GroundingStatus.exact, start=pos, end=pos + len(quote), score=1.0)
        nq, _ = _normalize(quote)
        nq = nq.strip(" .,;:")
        if len(nq) < 3:
            return QuoteGrounding(path=path, quote=quote, status=GroundingStatus.not_found)
        if (pos := self.norm.find(nq)) >= 0:
            start, end = self.span(pos, pos + len(nq))
            return QuoteGrounding(path=path, quote=quote, status=GroundingStatus.normalized, start=start, end=end, score=1.0)
        return self._fuzzy(quote, nq, path)

    def _fuzzy(self, quote: str, nq: str, path: str) -> QuoteGrounding:
        self._matcher.set_seq2(nq)
        block = self._matcher.find_longest_match(0, len(self.norm), 0, len(nq))
        best, best_at = 0.0, (0, 0)
        if block.size >= 4:
            anchor = block.a - block.b
            slack = max(3, len(nq) // 10)
            for shift in range(-slack, slack + 1, max(1, slack // 3)):
                lo = max(0, anchor + shift)
                for length in (len(nq) - slack, len(nq), len(nq) + slack):
                    hi = min(len(self.norm), lo + max(1, length))
                    ratio = SequenceMatcher(None, self.norm[lo:hi], nq, autojunk=False).ratio()
                    if ratio > best:
                        best, best_at = ratio, (lo, hi)
        if best >= FUZZY_THRESHOLD and best_at[1] > best_at[0]:
            start, end = self.span(*best_at)
            return QuoteGrounding(path=path, quote=quote, status=GroundingStatus.fuzzy, start=start, end=end, score=round(best, 3))
        return QuoteGrounding(path=path, quote=quote, status=GroundingStatus.not_found, score=round(best, 3))


def locate(quote: str, text: str) -> QuoteGrounding:
    """Ground one quote (convenience; use ground() for whole records)."""
    return _Article(text).locate(quote)


def ground(record: BaseModel, text: str) -> list[QuoteGrounding]:
    """Ground every evidence quote of `record` against the article `text`."""
    article = _Article(text)
    return [article.locate(quote, path) for path, quote in evidence_quotes(record)]
