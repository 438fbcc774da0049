"""Locate every evidence quote of a record in its article, and say how well it matched.

A quote is tried exactly, then with whitespace, quote marks, dashes and case normalized, then
fuzzily (similarity at or above FUZZY_THRESHOLD around the longest shared block, found through a
4-gram index of the article built once, so a quote costs what its grams do, not what the article's
length does; aground() runs that work off the event loop for long articles). Nothing is dropped:
a quote that cannot be placed is kept with status not_found, and a fact whose quotes are all
not_found is never presented as grounded.
"""

from __future__ import annotations

import asyncio
import bisect
import functools
import re
import typing
import unicodedata
from array import array
from collections.abc import Iterator
from difflib import SequenceMatcher
from typing import Any

from pydantic import BaseModel, TypeAdapter

from summarizer.evidence import EVIDENCE_MARKER
from summarizer.grounding_worker import ground_far
from summarizer.offload import is_long
from summarizer.result import GroundingStatus, QuoteGrounding

__all__ = ["FUZZY_THRESHOLD", "aground", "evidence_quotes", "ground", "locate", "is_evidence_field"]

FUZZY_THRESHOLD = 0.85

_GRAM = 4
"""The shortest shared block a fuzzy match is anchored on (the index's gram length)."""

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u00a0": " ", "\u202f": " ",
    }
)  # fmt: skip

_ASCII_SPACE = frozenset(c for c in map(chr, range(128)) if c.isspace())
_PIECES = re.compile(r"[\t-\r\x1c-\x20]+|[^\x00-\x7f]|[^\t-\r\x1c-\x20\x80-\U0010ffff]+")
"""A run of ASCII whitespace, one non-ASCII character, or a run of other ASCII characters."""


@functools.lru_cache(maxsize=4096)
def is_evidence_field(model: type[BaseModel], name: str) -> bool:
    extra = model.model_fields[name].json_schema_extra
    return isinstance(extra, dict) and bool(extra.get(EVIDENCE_MARKER))


def _may_hold_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_may_hold_model(arg) for arg in typing.get_args(annotation))


_EVIDENCE, _NESTED = 1, 2

_plans: dict[type[BaseModel], tuple[tuple[str, int], ...]] = {}
"""Per model class, the fields the walk visits, filled on first sight of a class (a plain dict
lookup: lru_cache's wrapper cost more than the walk's own work). Cleared when it outgrows
_MAX_PLANS, so classes made per call (instructor's subclasses, in a caller's own code) cannot grow it."""
_MAX_PLANS = 1024


def _walk_plan(model: type[BaseModel]) -> tuple[tuple[str, int], ...]:
    """(field, _EVIDENCE or _NESTED) for the fields of `model` that can hold quotes, in field order:
    an evidence field, or one whose type can contain a model (scalars are never visited)."""
    plan = _plans.get(model)
    if plan is None:
        if len(_plans) >= _MAX_PLANS:
            _plans.clear()
        plan = _plans[model] = tuple(
            (name, _EVIDENCE if is_evidence_field(model, name) else _NESTED)
            for name, info in model.model_fields.items()
            if is_evidence_field(model, name) or _may_hold_model(info.annotation)
        )
    return plan


def evidence_quotes(record: BaseModel, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(JSON path, quote) for every quote in every `Evidence` field, depth first in field order."""
    found: list[tuple[str, str]] = []
    _collect(record, prefix, found)
    return iter(found)


def _collect(record: BaseModel, prefix: str, found: list[tuple[str, str]]) -> None:
    """evidence_quotes' walk, into one list, with plain loops: a comprehension or generator per
    evidence field cost a function frame and closure each (~2 us; 3x the whole walk, measured on
    the seed record's 60 models and 50 quotes)."""
    values = record.__dict__
    for name, kind in _plans.get(record.__class__) or _walk_plan(record.__class__):
        value: Any = values.get(name)
        if value is None:
            continue
        path = f"{prefix}.{name}" if prefix else name
        if kind == _EVIDENCE:
            if isinstance(value, list):
                i = 0
                for quote in value:
                    found.append((f"{path}[{i}]", str(quote)))
                    i += 1
        elif isinstance(value, BaseModel):
            _collect(value, path, found)
        elif isinstance(value, list):
            i = 0
            for item in value:
                if isinstance(item, BaseModel):
                    _collect(item, f"{path}[{i}]", found)
                i += 1


def _normalize(text: str) -> tuple[str, list[int]]:
    """Casefolded text with runs of whitespace collapsed, and each character's original offset.

    ASCII runs (most of any news text) are handled a run at a time: NFKC leaves them alone and
    casefold is lower(); every other character goes through NFKC, the quote/dash table and casefold.
    """
    out: list[str] = []
    index: list[int] = []
    last_space = True
    for piece in _PIECES.finditer(text):
        run = piece.group()
        start = piece.start()
        if run[0] in _ASCII_SPACE:
            if not last_space:
                out.append(" ")
                index.append(start)
                last_space = True
        elif run.isascii():
            out.append(run.lower().translate(_TRANSLATE))
            index.extend(range(start, piece.end()))
            last_space = False
        else:
            ch = unicodedata.normalize("NFKC", run).translate(_TRANSLATE)
            if ch.isspace():
                if last_space:
                    continue
                ch, last_space = " ", True
            else:
                last_space = False
            folded = ch.casefold()
            out.append(folded)
            index.extend([start] * len(folded))
    norm = "".join(out)
    if norm.endswith(" "):
        norm = norm[:-1]
        index.pop()
    return norm, index


class _Article:
    """An article prepared once for locating many quotes.

    Exact matching is str.find. The normalized text and its 4-gram index are built the first
    time a quote is not found exactly (for a good model, rare), then serve every other quote.
    """

    def __init__(self, text: str) -> None:
        self.text = text

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
    def _grams(self) -> dict[str, array[int]]:
        """Every _GRAM-character substring of the normalized text -> its start offsets, ascending.

        Offsets live in arrays, which the garbage collector does not track: tens of thousands of
        lists would make every full collection (one pauses all threads) that much longer."""
        grams: dict[str, array[int]] = {}
        norm = self.norm
        for i in range(len(norm) - _GRAM + 1):
            g = norm[i : i + _GRAM]
            if (at := grams.get(g)) is None:
                grams[g] = array("l", (i,))
            else:
                at.append(i)
        return grams

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

    def longest_block(self, nq: str) -> tuple[int, int, int]:
        """(a, b, size): the longest common substring of the normalized text and `nq`, earliest in
        the text, then earliest in `nq` (what difflib's find_longest_match returns without junk),
        when it is at least _GRAM long; (0, 0, 0) otherwise.

        Cost is bounded by the quote's length times how often its grams occur, not by the article's
        length: grams are visited rarest first, and a gram is skipped once every block at least as
        long as the best so far that could contain it would also contain a gram already visited
        (whose every occurrence was extended to its whole block).
        """
        norm, grams, n, m = self.norm, self._grams, len(self.norm), len(nq)
        count = m - _GRAM + 1
        if count <= 0:
            return 0, 0, 0
        none: array[int] = array("l")
        hits = [grams.get(nq[j : j + _GRAM], none) for j in range(count)]
        visited: list[int] = []
        best_a, best_b, best = 0, 0, 0
        for j in sorted(range(count), key=lambda j: len(hits[j])):
            if best:
                k = bisect.bisect(visited, j)
                left = visited[k - 1] if k else -1
                right = visited[k] if k < len(visited) else count
                if right - left - 1 < best - _GRAM + 1:
                    bisect.insort(visited, j)
                    continue
            for p in hits[j]:
                a, b = p, j
                while a > 0 and b > 0 and norm[a - 1] == nq[b - 1]:
                    a -= 1
                    b -= 1
                ea, eb = p + _GRAM, j + _GRAM
                while ea < n and eb < m and norm[ea] == nq[eb]:
                    ea += 1
                    eb += 1
                size = ea - a
                if size > best or (size == best and (a, b) < (best_a, best_b)):
                    best_a, best_b, best = a, b, size
            bisect.insort(visited, j)
        return best_a, best_b, best

    def _fuzzy(self, quote: str, nq: str, path: str) -> QuoteGrounding:
        block_a, block_b, size = self.longest_block(nq)
        best, best_at = 0.0, (0, 0)
        if size >= _GRAM:
            anchor = block_a - block_b
            slack = max(3, len(nq) // 10)
            matcher: SequenceMatcher[str] = SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(nq)  # difflib indexes the second sequence: once per quote, not per window
            for shift in range(-slack, slack + 1, max(1, slack // 3)):
                lo = max(0, anchor + shift)
                for length in (len(nq) - slack, len(nq), len(nq) + slack):
                    hi = min(len(self.norm), lo + max(1, length))
                    matcher.set_seq1(self.norm[lo:hi])
                    # quick_ratio() bounds ratio() from above: a window that cannot beat the best is skipped.
                    if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best and (ratio := matcher.ratio()) > best:
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
    return ground_quotes(list(evidence_quotes(record)), text)


async def aground(record: BaseModel, text: str) -> list[QuoteGrounding]:
    """ground() inside a running event loop, never stalling it.

    Inline for news-length articles (well under a millisecond); for long ones (normalizing,
    indexing and scoring fuzzy windows then take tens of milliseconds per quote) in the
    grounding child process (summarizer.grounding_worker), waited for from a thread of the loop's
    default executor (not summarizer.offload's, where the next long article's prompt is being
    prepared meanwhile), so the loop goes on."""
    quotes = list(evidence_quotes(record))
    if not is_long(len(text)):
        return ground_quotes(quotes, text)
    return await asyncio.to_thread(ground_far, quotes, text)


def ground_quotes(quotes: list[tuple[str, str]], text: str) -> list[QuoteGrounding]:
    """Ground (path, quote) pairs against `text`, preparing the article once for all of them."""
    article = _Article(text)
    find = text.find
    rows: list[dict[str, Any] | QuoteGrounding] = []
    for path, quote in quotes:
        if quote and (pos := find(quote)) >= 0:  # what locate() does first, as a row for the one validation below
            rows.append({"path": path, "quote": quote, "status": GroundingStatus.exact, "start": pos, "end": pos + len(quote), "score": 1.0})
        else:
            rows.append(article.locate(quote, path))
    return _GROUNDINGS.validate_python(rows)


_GROUNDINGS: TypeAdapter[list[QuoteGrounding]] = TypeAdapter(list[QuoteGrounding])
"""Validates a record's exact matches in one call: half the cost of a QuoteGrounding() each, 50
quotes a record; instances from locate() pass through as they are."""
