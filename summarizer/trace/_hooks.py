"""User callbacks on the model layer's events. A failing callback is logged, never the call's failure."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from summarizer.trace._scrub import scrub

__all__ = ["Event", "add_hook", "emit", "hooked"]

Hook = Callable[["Event"], None]
_hooks: list[Hook] = []
_log = logging.getLogger("summarizer")


@dataclass(frozen=True)
class Event:
    """One thing a model call did. `target` is 'model at where'; fields are scrubbed scalars."""

    kind: str
    target: str
    fields: dict[str, str | int | float | bool | None] = field(default_factory=dict)


def add_hook(hook: Hook) -> Callable[[], None]:
    """Call `hook(event)` on every event from now on; returns the function that removes it."""
    _hooks.append(hook)

    def remove() -> None:
        if hook in _hooks:
            _hooks.remove(hook)

    return remove


@contextmanager
def hooked(hook: Hook) -> Iterator[None]:
    """`with hooked(callback):` - the hook is active inside the block only."""
    remove = add_hook(hook)
    try:
        yield
    finally:
        remove()


def _clean(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, bool | int | float):
        return value
    return scrub(str(value))


def emit(kind: str, target: str, **fields: Any) -> None:
    if not _hooks:
        return
    event = Event(kind, scrub(target), {k: _clean(v) for k, v in fields.items()})
    for hook in list(_hooks):
        try:
            hook(event)
        except Exception as exc:  # a user's hook must not fail the article it watches
            _log.warning("summarizer: a trace hook raised %s: %s (ignored)", type(exc).__name__, scrub(str(exc))[:200])
