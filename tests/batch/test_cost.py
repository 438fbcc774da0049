"""Usage and cost: provider counts priced from the config, offline estimates when none is given."""

from __future__ import annotations

from typing import Any

import pytest
from batch_helpers import config_for

from summarizer import summarize
from summarizer.config import Price
from summarizer.cost import estimate_tokens, fill_missing_usage, price_usage
from summarizer.result import Usage
from summarizer.testing import FakeOpenAIServer, Reply


def test_estimate_is_four_characters_per_token_rounded_up() -> None:
    assert estimate_tokens("") == 0
    assert estimate_tokens("abcd" * 10) == 10
    assert estimate_tokens("abcde") == 2


def test_price_per_million_tokens() -> None:
    usage = price_usage(Usage(input_tokens=1000, output_tokens=500, requests=1), Price(input=2.0, output=8.0))
    assert usage.cost_usd == pytest.approx(0.002 + 0.004)
    assert price_usage(usage.model_copy(update={"cost_usd": None}), None).cost_usd is None


def test_missing_provider_counts_are_estimated_per_request() -> None:
    messages = [{"role": "system", "content": "a" * 40}, {"role": "user", "content": "b" * 80}]
    usage = fill_missing_usage(Usage(requests=2), messages, output="c" * 20)
    # per request: (10 + 4) + (20 + 4) = 38 input, 5 output; two requests
    assert (usage.input_tokens, usage.output_tokens, usage.estimated) == (76, 10, True)


def test_reported_counts_are_left_alone() -> None:
    usage = Usage(input_tokens=5, output_tokens=1, requests=1)
    assert fill_missing_usage(usage, [{"role": "user", "content": "x" * 400}], "y") is usage


def test_cost_sums_over_reasks(seed_text: str, seed_answer: dict[str, Any]) -> None:
    replies = [Reply.with_record({"summary": 3}), Reply.with_record(seed_answer)]
    with FakeOpenAIServer(replies) as server:
        result = summarize(seed_text, config=config_for(server, price=Price(input=1.0, output=2.0)))
    # two requests of 100 input + 50 output tokens each
    assert result.meta.usage.input_tokens == 200 and result.meta.usage.output_tokens == 100
    assert result.meta.usage.cost_usd == pytest.approx((200 * 1.0 + 100 * 2.0) / 1e6)


def test_a_provider_without_usage_gets_an_estimate(seed_text: str, seed_answer: dict[str, Any]) -> None:
    import json

    body = {
        "id": "x", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": json.dumps(seed_answer)}}],
    }  # fmt: skip
    with FakeOpenAIServer([Reply(status=200, body=body)]) as server:
        result = summarize(seed_text, config=config_for(server, mode="json"))
    usage = result.meta.usage
    assert usage.estimated and usage.requests == 1
    assert usage.input_tokens > len(seed_text) // 4  # the article alone is ~len/4 tokens
    assert usage.output_tokens == -(-len(json.dumps(seed_answer)) // 4)


def test_totals_say_when_the_cost_is_unknown() -> None:
    from summarizer.cost import Totals

    totals = Totals()
    totals.add_failure(Usage(input_tokens=10, output_tokens=5, requests=1), None)
    assert "cost unknown" in totals.line() and "[prices]" in totals.line()
    totals.add_failure(Usage(input_tokens=1_000_000, output_tokens=0, requests=1), Price(input=2.0, output=0.0))
    assert "at least $2.0000" in totals.line()
