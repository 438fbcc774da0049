"""The rate limiter, checked by counting grants in virtual time (no wall-clock assertions)."""

from __future__ import annotations

import asyncio
from typing import Any

from batch_helpers import config_for

from summarizer.batch import asummarize_many
from summarizer.ratelimit import RateLimiter
from summarizer.testing import FakeOpenAIServer, Reply


class VirtualClock:
    """now() and sleep() over a counter: sleeping advances time instantly."""

    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.t += seconds
        await asyncio.sleep(0)


def grant_times(limiter: RateLimiter, clock: VirtualClock, n: int, tokens: int = 0) -> list[float]:
    async def go() -> list[float]:
        times = []
        for _ in range(n):
            await limiter.acquire(tokens)
            times.append(clock.t)
        return times

    return asyncio.run(go())


def test_60_rpm_grants_one_per_second_and_60_per_minute() -> None:
    clock = VirtualClock()
    limiter = RateLimiter(requests_per_minute=60, clock=clock.now, sleep=clock.sleep)
    times = grant_times(limiter, clock, 121)
    assert sum(1 for t in times if t < 60) == 60
    assert sum(1 for t in times if 60 <= t < 120) == 60
    assert times[-1] == 120.0


def test_burst_is_about_one_seconds_allowance() -> None:
    clock = VirtualClock()
    limiter = RateLimiter(requests_per_minute=600, clock=clock.now, sleep=clock.sleep)  # 10 per second
    times = grant_times(limiter, clock, 30)
    assert sum(1 for t in times if t == 0) == 10  # a full bucket at the start, not 600
    assert sum(1 for t in times if t <= 1.0 + 1e-9) == 20


def test_tokens_per_minute_space_large_requests() -> None:
    clock = VirtualClock()
    # 6000 TPM = 100 tokens/s, bucket 100; each request needs 250: after the first, 2.5 s apart
    limiter = RateLimiter(tokens_per_minute=6000, clock=clock.now, sleep=clock.sleep)
    times = grant_times(limiter, clock, 4, tokens=250)
    assert times == [0.0, 2.5, 5.0, 7.5]


def test_settling_returns_unused_tokens() -> None:
    clock = VirtualClock()
    limiter = RateLimiter(tokens_per_minute=6000, clock=clock.now, sleep=clock.sleep)
    grant_times(limiter, clock, 1, tokens=100)  # bucket now empty
    limiter.settle(reserved_tokens=100, used_tokens=40)  # 60 come back
    times = grant_times(limiter, clock, 1, tokens=60)
    assert times == [0.0]


def test_reasks_count_as_extra_requests() -> None:
    clock = VirtualClock()
    limiter = RateLimiter(requests_per_minute=60, clock=clock.now, sleep=clock.sleep)
    grant_times(limiter, clock, 1)
    limiter.settle(0, 0, requests_made=3)  # the call needed 2 re-asks
    times = grant_times(limiter, clock, 1)
    assert times == [3.0]  # waits out the 2 extra requests plus its own


def test_a_batch_goes_through_the_limiter_once_per_call(seed_answer: dict[str, Any], articles: dict[str, str]) -> None:
    clock = VirtualClock()
    limiter = RateLimiter(requests_per_minute=120, clock=clock.now, sleep=clock.sleep)  # one per 0.5 s

    async def go() -> None:
        with FakeOpenAIServer(responder=lambda r, h: Reply.with_record(seed_answer)) as server:
            await asummarize_many(articles, config=config_for(server), concurrency=4, cache="off", limiter=limiter)
            assert len(server.requests) == 6

    asyncio.run(go())
    assert limiter.grants == 6
    assert clock.t == 2.0  # 2 per second with a one-second bucket (2 calls) at the start: 4 waits of 0.5 s


def test_profile_limits_build_a_limiter() -> None:
    from summarizer.config import Profile

    assert RateLimiter.for_profile(Profile(model="openai/x")) is None
    limiter = RateLimiter.for_profile(Profile(model="openai/x", requests_per_minute=30, tokens_per_minute=90000))
    assert limiter is not None and limiter.requests is not None and limiter.tokens is not None
    assert limiter.requests.rate == 0.5 and limiter.tokens.capacity == 1500.0
