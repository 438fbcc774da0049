"""Client-side rate limiting: stay under a provider's requests and tokens per minute.

Two token buckets refilled continuously. Each holds about one second's allowance (`burst_s`),
because providers enforce per-minute limits over shorter windows: 600 RPM is safer sent as
10 per second than as 600 at once. Token use is reserved from an estimate before a call and
settled with the provider's count afterwards; a request larger than the bucket waits for a
full bucket and then runs, leaving a debt later calls wait out. Waiters are served in order.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from summarizer.config import Profile

__all__ = ["RateLimiter", "TokenBucket"]

_EPSILON = 1e-9
"""Refill arithmetic in floats lands a hair short of whole units; that much counts as there."""


class TokenBucket:
    """`rate` units per second up to `capacity`; the level may go negative (debt)."""

    def __init__(self, rate: float, capacity: float, now: float) -> None:
        if rate <= 0 or capacity <= 0:
            raise ValueError("rate and capacity must be positive")
        self.rate = rate
        self.capacity = capacity
        self.level = capacity
        self._last = now

    def refill(self, now: float) -> None:
        self.level = min(self.capacity, self.level + (now - self._last) * self.rate)
        self._last = now

    def wait_for(self, amount: float) -> float:
        """Seconds until `amount` (at most a full bucket) is available; 0 when it is now."""
        need = min(amount, self.capacity)
        missing = need - self.level
        return 0.0 if missing <= _EPSILON else missing / self.rate

    def take(self, amount: float) -> None:
        self.level -= amount

    def give_back(self, amount: float) -> None:
        self.level = min(self.capacity, self.level + amount)


class RateLimiter:
    """Await `acquire(tokens)` before each call and `settle(...)` after it.

    `clock` and `sleep` are injectable so tests count grants in virtual time instead of
    asserting on wall-clock timings.
    """

    def __init__(
        self,
        requests_per_minute: float | None = None,
        tokens_per_minute: float | None = None,
        *,
        burst_s: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        now = clock()
        self.requests = self._bucket(requests_per_minute, burst_s, now)
        self.tokens = self._bucket(tokens_per_minute, burst_s, now)
        self._lock = asyncio.Lock()
        self.grants = 0
        self.waited_s = 0.0

    @staticmethod
    def _bucket(per_minute: float | None, burst_s: float, now: float) -> TokenBucket | None:
        if per_minute is None:
            return None
        rate = per_minute / 60.0
        return TokenBucket(rate, max(1.0, rate * burst_s), now)

    @classmethod
    def for_profile(cls, profile: Profile) -> RateLimiter | None:
        """The profile's limiter, or None when it sets no limit."""
        if profile.requests_per_minute is None and profile.tokens_per_minute is None:
            return None
        return cls(profile.requests_per_minute, profile.tokens_per_minute)

    @property
    def active(self) -> bool:
        return self.requests is not None or self.tokens is not None

    async def acquire(self, tokens: int = 0) -> None:
        """Wait until one request and `tokens` tokens fit, then reserve them."""
        async with self._lock:
            while True:
                now = self._clock()
                wait = 0.0
                for bucket, amount in ((self.requests, 1.0), (self.tokens, float(tokens))):
                    if bucket is not None:
                        bucket.refill(now)
                        wait = max(wait, bucket.wait_for(amount))
                if wait <= 0:
                    break
                self.waited_s += wait
                await self._sleep(wait)
            if self.requests is not None:
                self.requests.take(1.0)
            if self.tokens is not None:
                self.tokens.take(float(tokens))
            self.grants += 1

    def settle(self, reserved_tokens: int, used_tokens: int, requests_made: int = 1) -> None:
        """Correct the reservation with what the call really used (re-asks are extra requests)."""
        now = self._clock()
        if self.tokens is not None:
            self.tokens.refill(now)
            diff = used_tokens - reserved_tokens
            if diff > 0:
                self.tokens.take(diff)
            else:
                self.tokens.give_back(-diff)
        if self.requests is not None and requests_made > 1:
            self.requests.refill(now)
            self.requests.take(requests_made - 1)
