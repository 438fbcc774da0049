"""The error tree. Callers catch `SummarizerError`, or one leaf.

    SummarizerError
    ├── ConfigError          bad config file or value, unknown provider or profile, missing key or SDK,
    │                        a request the SDK refused before sending it
    ├── InputError           empty, binary or oversized article; bad CLI input
    ├── DatasetError         malformed manifest or gold label (names the case and field)
    └── ModelError           the model call failed; carries provider, model, attempts, usage
        ├── TransportError   network faults and 429/5xx after the retries, the deadline ("timed out
        │                    after 30 s"), "Retry-After 300 s exceeds max_wait 120 s", an HTML page
        ├── OutputInvalidError  output never validated after every re-ask
        ├── TruncatedError   the model stopped at its output limit (finish_reason "length")
        ├── RefusalError     the model refused to answer
        └── CacheMissError   --cache-only and the answer is not cached
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "SummarizerError",
    "ConfigError",
    "InputError",
    "DatasetError",
    "ModelError",
    "TransportError",
    "OutputInvalidError",
    "TruncatedError",
    "RefusalError",
    "CacheMissError",
]


class SummarizerError(Exception):
    """Base of every error summarizer raises on purpose."""

    exit_code: int = 1


class ConfigError(SummarizerError):
    exit_code = 3


class InputError(SummarizerError):
    exit_code = 2


class DatasetError(SummarizerError):
    exit_code = 2


class ModelError(SummarizerError):
    """A model call that did not produce a valid record."""

    exit_code = 4

    def __init__(
        self,
        message: str,
        *,
        provider: str | None = None,
        model: str | None = None,
        attempts: int = 0,
        usage: Any = None,
        cause: BaseException | None = None,
        raw: str | None = None,
    ) -> None:
        from summarizer.secrets import (
            scrub,  # errors.py is imported by everything: no import cycle at load
        )

        super().__init__(scrub(message))
        self.raw = scrub(raw, shapes=False) if raw is not None else None  # the model's last raw output (never the request)
        self.provider = provider
        self.model = model
        self.attempts = attempts
        self.usage = usage
        self.cause = cause


class TransportError(ModelError):
    pass


class OutputInvalidError(ModelError):
    pass


class TruncatedError(ModelError):
    pass


class RefusalError(ModelError):
    pass


class CacheMissError(ModelError):
    pass
