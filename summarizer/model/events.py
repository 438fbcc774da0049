"""The `summarizer` logger: what a model call is doing, said once, by the layer that does it.

Events: attempt, wait (and its reason), re-ask, cache hit, deadline, lane pause, grounding,
result; each also reaches user hooks (summarizer.trace, scrubbed of keys). A wait longer
than `LOUD_WAIT_S` is logged at WARNING, so with no logging configured Python's last-resort
handler prints it as one line on stderr; everything else is DEBUG/INFO and shows with `-v`
(the CLI calls `configure_cli_logging`). Nothing here touches another library's loggers.
"""

from __future__ import annotations

import logging
import sys

from summarizer.secrets import scrub
from summarizer.trace._hooks import emit
from summarizer.trace._spans import span

__all__ = ["LOUD_WAIT_S", "configure_cli_logging", "logger"]

logger = logging.getLogger("summarizer")

LOUD_WAIT_S = 2.0
"""Waits longer than this are worth a line on stderr by default; shorter ones are noise."""

_CLI_HANDLER_NAME = "summarizer-cli"


def attempt(target: str, number: int, of: int, timeout: float) -> None:
    logger.debug("summarizer: %s: attempt %d of %d (up to %.1f s)", target, number, of, timeout)
    emit("attempt", target, number=number, of=of, timeout_s=timeout)


def wait(target: str, seconds: float, reason: str) -> None:
    level = logging.WARNING if seconds > LOUD_WAIT_S else logging.INFO
    logger.log(level, "summarizer: %s: %s; waiting %.1f s before retrying", target, reason, seconds)
    emit("retry", target, wait_s=seconds, reason=reason)


def pause(target: str, seconds: float, reason: str) -> None:
    level = logging.WARNING if seconds > LOUD_WAIT_S else logging.INFO
    logger.log(level, "summarizer: %s: %s; pausing this provider's requests for %.1f s", target, reason, seconds)
    emit("pause", target, pause_s=seconds, reason=reason)


def reask(target: str, number: int, reason: str) -> None:
    logger.info("summarizer: %s: re-ask %d: %s", target, number, reason)
    emit("reask", target, number=number, reason=reason)
    with span("summarizer.reask", target=target, number=number, reason=reason):
        pass  # a marker under the attempt's span: instructor re-asks inside one attempt


def cache_hit(article_id: str, model: str) -> None:
    logger.info("summarizer: cache hit for article %s with %s (no call made)", article_id or "(no id)", model)
    emit("cache_hit", model, article_id=article_id)


def deadline(target: str, seconds: float) -> None:
    logger.info("summarizer: %s: deadline of %.1f s reached", target, seconds)
    emit("deadline", target, timeout_s=seconds)


def grounding(target: str, quotes: int, ungrounded: int) -> None:
    logger.debug("summarizer: %s: %d of %d quotes located", target, quotes - ungrounded, quotes)
    emit("grounding", target, quotes=quotes, ungrounded=ungrounded)


def result(target: str, article_id: str, attempts: int, latency_s: float, input_tokens: int, output_tokens: int) -> None:
    logger.debug("summarizer: %s: article %s done in %d attempts, %.2f s", target, article_id or "(no id)", attempts, latency_s)
    emit("result", target, article_id=article_id, attempts=attempts, latency_s=latency_s,
         input_tokens=input_tokens, output_tokens=output_tokens)  # fmt: skip


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

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))
