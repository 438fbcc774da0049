"""Per-article CPU work moves off the event loop when the article is long.

Everything a batch does runs on one event loop, so a function that takes 30 ms stalls every other
call in flight for 30 ms. For news-length text the work per article (checking the text, rendering
and fencing the prompt, hashing it) is well under a millisecond and runs inline; for long articles
(hundreds of KB: reports, transcripts) it grows with the text, so it runs in one worker thread
shared by the process. One worker, not a pool: the work is CPU-bound under the GIL, so a second
worker would only make the loop compete with two threads instead of one. What the loop can still
wait for is the longest single C call of that work (JSON-encoding the messages for their hash:
~5 ms at 390 KB), not the whole of it. Grounding a long article, which takes seconds of pure
Python, goes further: to a child process (summarizer.grounding_worker).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

__all__ = ["LONG_ARTICLE", "is_long", "offload"]

P = ParamSpec("P")
T = TypeVar("T")

LONG_ARTICLE = 20_000
"""Characters from which offload() runs the work in the worker thread (read at each call, so a
benchmark can set it to compare with inline work)."""


def is_long(size: int) -> bool:
    """Whether an article of `size` characters is long enough for its work to leave the event loop."""
    return size >= LONG_ARTICLE


async def offload(size: int, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`fn(*args, **kwargs)`: inline when `size` (the article's length) is short, else in the worker thread."""
    if not is_long(size):
        return fn(*args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_worker(), functools.partial(fn, *args, **kwargs))


@functools.cache
def _worker() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="summarizer-offload")
