"""Retry policy: what is worth retrying, and how long to wait before the next try.

- Transport faults (429 honouring Retry-After, 408/409/5xx, timeouts, connection errors) are
  retried by the model layer (summarizer.model.layer) with bounded exponential backoff and
  jitter, inside the request's total deadline; a Retry-After pauses the provider's lane.
- Invalid output is re-asked by instructor with the validation error (`Profile.reasks`).
- Truncation, refusals and other 4xx answers are never retried: they would fail the same way.
"""

from __future__ import annotations

import random

__all__ = ["RETRYABLE_STATUS", "TransientFault", "backoff_s", "is_transient", "retry_after_seconds", "status_of"]

RETRYABLE_STATUS = {408, 409, 425, 429, 500, 502, 503, 504, 520, 522, 524, 529}


class TransientFault(Exception):
    """A provider fault worth retrying; `retry_after` is the server's wish in seconds, if any."""

    def __init__(self, cause: BaseException, retry_after: float | None = None, *, reason: str | None = None) -> None:
        super().__init__(reason or str(cause))
        self.cause = cause
        self.retry_after = retry_after
        self.reason = reason or (str(cause) or type(cause).__name__)


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
            return max(float(value) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:
        return None


# Network failures by class name, so no SDK needs importing: httpx's ConnectError, ReadError,
# WriteError, RemoteProtocolError ("server disconnected"), NetworkError; the SDKs' APIConnectionError
# and APITimeoutError; aiohttp's ClientConnectionError.
_NETWORK_WORDS = ("Timeout", "Connection", "Connect", "RemoteProtocol", "ReadError", "WriteError", "NetworkError")


def is_transient(exc: BaseException) -> bool:
    """Worth retrying: a retryable HTTP status, or a network failure at the root of the chain.

    A reset surfaces as httpx's RemoteProtocolError ("server disconnected") or ReadError under the
    SDK's connection error; the root is judged, not the SDK's wrapper, because the SDK wraps any
    exception its transport raises (a client-side crash is not worth a retry).
    """
    status = status_of(exc)
    if status is not None:
        return status in RETRYABLE_STATUS
    if isinstance(exc, (TimeoutError, ConnectionError)):
        return True
    return any(word in type(exc).__name__ for word in _NETWORK_WORDS)


def backoff_s(attempt: int, max_backoff: float) -> float:
    """Exponential backoff with jitter after failed attempt number `attempt` (1-based)."""
    base: float = min(max_backoff, 0.5 * 2.0 ** (attempt - 1))
    return base * (0.5 + random.random() / 2)
