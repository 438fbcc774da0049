"""The `summarizer` logger: what a model call is doing, said once, by the layer that does it.

Events: attempt, wait (and its reason), re-ask, cache hit, deadline, lane pause. A wait longer
than `LOUD_WAIT_S` is logged at WARNING, so with no logging configured Python's last-resort
handler prints it as one line on stderr; everything else is DEBUG/INFO and shows with `-v`
(the CLI calls `configure_cli_logging`). Nothing here touches another library's loggers.
"""

from __future__ import annotations

import logging
import sys

__all__ = ["LOUD_WAIT_S", "configure_cli_logging", "logger"]

logger = logging.getLogger("summarizer")

LOUD_WAIT_S = 2.0
"""Waits longer than this are worth a line on stderr by default; shorter ones are noise."""

_CLI_HANDLER_NAME = "summarizer-cli"


def attempt(target: str, number: int, of: int, timeout: float) -> None:
    logger.debug("summarizer: %s: attempt %d of %d (up to %.1f s)", target, number, of, timeout)


def wait(target: str, seconds: float, reason: str) -> None:
    level = logging.WARNING if seconds > LOUD_WAIT_S else logging.INFO
    logger.log(level, "summarizer: %s: %s; waiting %.1f s before retrying", target, reason, seconds)


def pause(target: str, seconds: float, reason: str) -> None:
    level = logging.WARNING if seconds > LOUD_WAIT_S else logging.INFO
    logger.log(level, "summarizer: %s: %s; pausing this provider's requests for %.1f s", target, reason, seconds)


def reask(target: str, number: int, reason: str) -> None:
    logger.info("summarizer: %s: re-ask %d: %s", target, number, reason)


def cache_hit(article_id: str, model: str) -> None:
    logger.info("summarizer: cache hit for article %s with %s (no call made)", article_id or "(no id)", model)


def deadline(target: str, seconds: float) -> None:
    logger.info("summarizer: %s: deadline of %.1f s reached", target, seconds)


def configure_cli_logging(verbose: bool) -> None:
    """For the command line only: one stderr handler on the `summarizer` logger (idempotent).

    Default level WARNING (long waits, pauses); `-v` shows every event at DEBUG. Library callers
    configure logging themselves; importing summarizer never does (this runs from the CLI only).
    """
    handler = next((h for h in logger.handlers if h.get_name() == _CLI_HANDLER_NAME), None)
    if handler is None:
        handler = _StderrHandler()
        handler.set_name(_CLI_HANDLER_NAME)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    level = logging.DEBUG if verbose else logging.WARNING
    handler.setLevel(level)
    logger.setLevel(level)
    # The application, not the library, decides about instructor's own per-attempt ERROR records:
    # our events already say each once, so the command line shows instructor's only with -v.
    logging.getLogger("instructor").setLevel(logging.WARNING if verbose else logging.CRITICAL)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time (test runners swap it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)
