"""One article's failure: its error type and a one-line message, whatever was raised.

Errors summarizer raises on purpose (SummarizerError) say what to fix; anything else is a bug
or a fault nobody foresaw, kept as `unexpected` so the run's exit code says so, while the
other articles go on.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.article import escaped
from summarizer.errors import SummarizerError

__all__ = ["Failure", "failure_of", "one_line"]

MESSAGE_LIMIT = 1000


@dataclass(frozen=True)
class Failure:
    id: str
    type: str
    message: str
    unexpected: bool = False
    """Not a SummarizerError: a fault with no designed message (please report it)."""


def one_line(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text` on one line: whitespace runs collapsed, unprintable characters escaped, cut at `limit`."""
    flat = " ".join(text.split())
    if not flat.isprintable():
        flat = "".join(ch if ch.isprintable() else escaped(ch)[1:-1] for ch in flat)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def failure_of(ident: str, exc: BaseException) -> Failure:
    """The Failure line for `exc`; an exception with an empty message is named by its type."""
    kind = type(exc).__name__
    message = one_line(str(exc)) or kind
    if isinstance(exc, SummarizerError):
        return Failure(ident, kind, message)
    return Failure(ident, kind, f"unexpected {kind}: {message}" if message != kind else f"unexpected {kind}", True)
