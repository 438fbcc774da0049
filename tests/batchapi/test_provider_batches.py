"""The same job through each provider's batch API (Anthropic, Gemini): submit 50, kill collect, resume;
kill between create and state write; split over the documented per-batch limit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from batchapi_helpers import INVALID, PRICE, NewRun, responder
from fakes import Answer
from fakes.anthropic_batch import AnthropicBatchFake
from fakes.gemini_batch import GeminiBatchFake

FAKES: dict[str, Callable[..., Any]] = {"anthropic": AnthropicBatchFake, "google": GeminiBatchFake}
PROVIDERS = sorted(FAKES)
USAGE = {"input": 700, "output": 3000}


@pytest.fixture(params=PROVIDERS)
def provider(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def fake(provider: str, seed_answer: dict[str, Any]) -> Iterator[Any]:
    with FAKES[provider](respond=responder(seed_answer, USAGE)) as server:
        yield server


def test_fifty_articles_survive_a_killed_collect(new_run: NewRun, provider: str, fake: Any, seed_answer: dict[str, Any]) -> None:
    run = new_run(provider, fake, 50)
    assert [b.count for b in run.submit().batches] == [50]
    fake.add(*[Answer(record=seed_answer) for _ in range(4)])
    midway = run.collect_killed(fake)
    assert 0 < len(midway) < 50, len(midway)
    again = run.collect()
    lines = run.lines()
    assert sorted(x["id"] for x in lines) == [f"art-{i:03d}" for i in range(50)] and all(x["ok"] for x in lines)
    assert again.skipped == len(midway) and fake.refused == [] and len(fake.batches) == 1
    for x in lines:
        result = x["result"]
        assert result["record"]["incidents"] and result["grounding"]
        assert all(g["status"] != "not_found" for g in result["grounding"]), x["id"]
        if int(x["id"][-3:]) not in INVALID:
            u = result["meta"]["usage"]
            fresh = u["input_tokens"] - u["cached_input_tokens"]
            expected = (fresh * PRICE["input"] + u["cached_input_tokens"] * PRICE["cached_input"] + u["output_tokens"] * PRICE["output"]) / 2e6
            assert u["output_tokens"] == 3000 and u["cost_usd"] == pytest.approx(expected)


def test_a_kill_between_create_and_state_write_submits_once(new_run: NewRun, provider: str, fake: Any, seed_answer: dict[str, Any]) -> None:
    run = new_run(provider, fake, 50)
    state = run.submit_killed(fake)
    assert [b["status"] for b in state["batches"]] == ["intent"] and len(fake.batches) == 1
    report = run.submit()
    assert report.reconciled == 1 and report.batches == [] and len(fake.batches) == 1
    fake.add(*[Answer(record=seed_answer) for _ in range(len(INVALID))])
    run.collect()
    assert len(run.lines()) == 50 and all(x["ok"] for x in run.lines())


def test_a_submission_over_the_per_batch_limit_is_split(new_run: NewRun, provider: str, seed_answer: dict[str, Any]) -> None:
    with FAKES[provider](respond=responder(seed_answer, USAGE), max_requests=20) as fake:
        run = new_run(provider, fake, 50, max_requests=20)
        fake.add(*[Answer(record=seed_answer) for _ in range(4)])
        assert [b.count for b in run.submit().batches] == [20, 20, 10]
        run.collect()
        assert fake.refused == [] and len(fake.batches) == 3
        assert len(run.lines()) == 50 and all(x["ok"] for x in run.lines())


def test_expired_requests_fail_per_article_and_retry_live_finishes_them(new_run: NewRun, provider: str, seed_answer: dict[str, Any]) -> None:
    with FAKES[provider](respond=lambda cid, body: Answer(record=seed_answer), outcome="expired") as fake:
        run = new_run(provider, fake, 10)
        run.submit()
        run.collect()
        failed = [x for x in run.lines() if not x["ok"]]
        assert len(run.lines()) == 10 and len(failed) == 5 and {x["error"]["type"] for x in failed} == {"BatchExpired"}
        fake.add(*[Answer(record=seed_answer) for _ in range(5)])
        run.collect(retry_failed="live")
        assert len(run.lines()) == 10 and all(x["ok"] for x in run.lines()) and fake.chat_requests == 5


@pytest.mark.parametrize("kind", PROVIDERS)
def test_a_split_by_bytes_keeps_every_batch_under_the_fakes_size_limit(new_run: NewRun, kind: str, seed_answer: dict[str, Any]) -> None:
    limit = 300_000
    with FAKES[kind](respond=responder(seed_answer, USAGE), max_bytes=limit) as fake:
        run = new_run(kind, fake, 30, max_bytes=limit - 20_000)  # headroom for the create call's own JSON framing
        fake.add(*[Answer(record=seed_answer) for _ in range(2)])
        report = run.submit()
        assert len(report.batches) > 1 and sum(b.count for b in report.batches) == 30
        run.collect()
        assert fake.refused == [] and len(fake.batches) == len(report.batches)
        assert len(run.lines()) == 30 and all(x["ok"] for x in run.lines())
