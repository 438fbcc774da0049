"""Every retry policy in one place.

- Transport faults (429 honouring Retry-After, 408/409/5xx, timeouts, connection errors) are
  retried here with bounded exponential backoff and jitter (tenacity).
- Invalid output is re-asked by instructor with the validation error (`Profile.reasks`).
- Truncation, refusals and other 4xx answers are never retried: they would fail the same way.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

__all__ = ["TransientFault", "retry_transport", "retry_after_seconds", "is_transient"]

T = TypeVar("T")

RETRYABLE_STATUS = {408, 409, 425, 429, 500, 502, 503, 504, 520, 522, 524, 529}


class TransientFault(Exception):
    """A provider fault worth retrying; `retry_after` is the server's wish in seconds, if any."""

    def __init__(self, cause: BaseException, retry_after: float | None = None) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.retry_after = retry_after


def status_of(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    if status is None:
        response = getattr(exc, "response", None)
        status = getattr(response, "status_code", None)
    return status if isinstance(status, int) else None


def retry_after_seconds(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    value = headers.get("retry-after-ms")
    if value is not None:
        try:
            return float(value) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def is_transient(exc: BaseException) -> bool:
    status = status_of(exc)
    if status is not None:
        return status in RETRYABLE_STATUS
    name = type(exc).__name__
    return any(word in name for word in ("Timeout", "Connection", "Connect")) or isinstance(exc, TimeoutError)


def _wait(max_backoff: float) -> Callable[[RetryCallState], float]:
    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, TransientFault) and exc.retry_after is not None:
            return min(max(exc.retry_after, 0.0), max_backoff)
        base: float = min(max_backoff, 0.5 * 2.0 ** (state.attempt_number - 1))
        return base * (0.5 + random.random() / 2)

    return wait


async def retry_transport(call: Callable[[], Awaitable[T]], *, retries: int, max_backoff: float) -> T:
    """Run `call`, retrying TransientFault up to `retries` times; the last fault propagates."""
    async for attempt in AsyncRetrying(
        stop=stop_after_attempt(retries + 1),
        wait=_wait(max_backoff),
        retry=retry_if_exception(lambda e: isinstance(e, TransientFault)),
        reraise=True,
    ):
        with attempt:
            return await call()
    raise AssertionError("unreachable: tenacity reraises the last fault")
