"""Score many (gold, prediction) pairs on every core: large runs would otherwise take one core.

Forked workers read the pairs from the parent's memory (only index ranges and scores cross the
process boundary); fork is used only when this process runs no other thread. Otherwise, or for
too few pairs, scoring stays serial. Results are identical either way.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from pydantic import BaseModel

from summarizer.article import ArticleMeta
from summarizer.evals.scoring.scorer import ArticleScore, score_record
from summarizer.evals.scoring.similarity import GoldCache

__all__ = ["PARALLEL_MIN", "score_records"]

PARALLEL_MIN = 2000
"""Below this many pairs, starting processes costs more than it saves."""

Pair = tuple[dict[str, Any], BaseModel | dict[str, Any] | None]

_SHARED: Sequence[Pair] = ()
"""The pairs being scored, inherited by forked workers instead of pickled to them."""
_METAS: Sequence[ArticleMeta | None] = ()


def _serial(pairs: Sequence[Pair], metas: Sequence[ArticleMeta | None], schema: type[BaseModel]) -> list[ArticleScore]:
    cache: GoldCache = {}
    return [score_record(gold, pred, schema, meta=meta, gold_cache=cache) for (gold, pred), meta in zip(pairs, metas)]


def _score_range(schema: type[BaseModel], start: int, stop: int) -> list[ArticleScore]:
    return _serial(_SHARED[start:stop], _METAS[start:stop], schema)


def score_records(pairs: Sequence[Pair], schema: type[BaseModel], *, metas: Sequence[ArticleMeta | None] | None = None,
                  workers: int | None = None, minimum: int = PARALLEL_MIN) -> list[ArticleScore]:
    """score_record over every pair (with its article's metadata), in order; in parallel when
    there are enough pairs and cores."""
    global _SHARED, _METAS
    metas = list(metas) if metas is not None else [None] * len(pairs)
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    forkable = "fork" in mp.get_all_start_methods() and threading.active_count() == 1
    if workers < 2 or len(pairs) < minimum or not forkable:
        return _serial(pairs, metas, schema)
    size = -(-len(pairs) // (workers * 4))  # a few ranges per worker even out slow ones
    starts = list(range(0, len(pairs), size))
    _SHARED, _METAS = pairs, metas
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork")) as pool:
            results = pool.map(_score_range, [schema] * len(starts), starts, [s + size for s in starts])
            return [score for chunk in results for score in chunk]
    finally:
        _SHARED, _METAS = (), ()
