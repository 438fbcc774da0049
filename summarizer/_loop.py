"""One event loop in a daemon thread behind every blocking entry point.

summarize(), summarize_many() and the CLI commands (summarize, label draft, eval run) all run
their coroutines here, so the model layer's per-loop Models (clients, lanes, limiters) are reused.

`summarize()` used to start a fresh loop per call, so every call built a new HTTP client
(TLS context, connection pool): tens of milliseconds each. Running every blocking call on
one long-lived loop lets the per-loop backend cache in summarizer.api reuse clients.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

__all__ = ["run_blocking"]

T = TypeVar("T")

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None
_pid: int | None = None


def _background_loop() -> asyncio.AbstractEventLoop:
    global _loop, _pid
    with _lock:
        if _loop is None or _pid != os.getpid() or _loop.is_closed():  # a forked child needs its own
            loop = asyncio.new_event_loop()
            threading.Thread(target=_serve, args=(loop,), name="summarizer-loop", daemon=True).start()
            _loop, _pid = loop, os.getpid()
        return _loop


def _serve(loop: asyncio.AbstractEventLoop) -> None:
    """Run the shared loop for good. asyncio lets a KeyboardInterrupt or SystemExit raised inside
    a task (a user's callback, a model fake) escape run_forever() after setting it on that task;
    left alone it would end this thread, and every caller waiting on the loop, now and later,
    would wait forever. The task has it as its outcome, so its caller still receives it: the loop
    only has to keep running to deliver it."""
    while True:
        try:
            loop.run_forever()
            return  # stopped on purpose
        except (KeyboardInterrupt, SystemExit):
            continue


def run_blocking(coro: Coroutine[Any, Any, T], *, cleanup_s: float = 10.0) -> T:
    """Run `coro` on the shared loop and wait; Ctrl-C cancels it and propagates.

    After Ctrl-C the coroutine's own cleanup (finally blocks: a batch closing its output file)
    gets up to `cleanup_s` to finish before KeyboardInterrupt reaches the caller, as asyncio.run
    would allow, so an interrupted run leaves whole lines behind.
    """
    loop = _background_loop()
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:  # waiting here would block the very loop that must run `coro`
        coro.close()
        raise RuntimeError("summarize() was called from inside an async summarizer callback: use `await asummarize()`")
    finished = threading.Event()

    async def tracked() -> T:
        try:
            return await coro
        finally:
            finished.set()

    future = asyncio.run_coroutine_threadsafe(tracked(), loop)
    try:
        return future.result()
    except KeyboardInterrupt:
        future.cancel()
        finished.wait(cleanup_s)
        raise
