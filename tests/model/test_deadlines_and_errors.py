"""The model layer's retries, deadline, Retry-After handling and one-line errors, through real SDKs."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from servers import Loopback, anthropic_rate_limited, chat_completion, send, trickle

from summarizer import ConfigError, RefusalError, TransportError, summarize
from summarizer.config import Config, Profile
from summarizer.testing import FakeModel, Reply


def _config(**profile: Any) -> Config:
    return Config(default_profile="p", profiles={"p": Profile(name="p", **profile)})


def test_a_trickling_body_ends_at_the_total_deadline_with_one_line(seed_text: str, seed_answer: dict[str, Any]) -> None:
    with FakeModel([Reply.with_record(seed_answer)]) as warm:  # imports and schema caches: not what is timed
        summarize(seed_text, config=warm.config, cache="off")
    with Loopback(lambda h, r: trickle(h, chat_completion(seed_answer, r), every_s=1.0)) as server:
        started = time.monotonic()
        with pytest.raises(TransportError) as info:
            summarize(seed_text, config=_config(model="compat/m", base_url=server.url + "/v1", timeout=5), cache="off")
        elapsed = time.monotonic() - started
    message = str(info.value)
    assert elapsed < 10, f"the call took {elapsed:.1f} s with timeout = 5"
    assert "timed out after 5 s" in message
    assert server.url in message and "compat/m" in message
    assert "\n" not in message
    assert len(server.requests) == 1  # the deadline covers the retries: none was left for a second try


def test_anthropic_429_makes_exactly_transport_retries_plus_one_requests(seed_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test")
    with Loopback(anthropic_rate_limited) as server:
        config = _config(model="anthropic/claude-test", base_url=server.url, transport_retries=2, max_backoff=0.05)
        with pytest.raises(TransportError) as info:
            summarize(seed_text, config=config, cache="off")
    assert len(server.requests) == 3  # the SDK's own retries are off: ours are the only ones
    assert all(path == "/v1/messages" for path in server.paths)
    assert "3 tries" in str(info.value) and "429" in str(info.value)
    assert server.headers[0].get("authorization") == "Bearer sk-ant-test" or server.headers[0].get("x-api-key") == "sk-ant-test"


def test_retry_after_beyond_max_wait_fails_at_once_saying_so(seed_text: str) -> None:
    with FakeModel([Reply.error(429, headers={"Retry-After": "300"})], max_wait=120) as fake:
        started = time.monotonic()
        with pytest.raises(TransportError) as info:
            summarize(seed_text, config=fake.config, cache="off")
    assert time.monotonic() - started < 5
    assert "Retry-After 300 s exceeds max_wait 120 s" in str(info.value)
    assert len(fake.requests) == 1


def test_a_long_wait_is_one_warning_line_and_short_ones_are_quiet(seed_text: str, seed_answer: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="summarizer")
    replies = [Reply.error(429, headers={"Retry-After": "2.2"}), Reply.error(503), Reply.with_record(seed_answer)]
    with FakeModel(replies, max_backoff=0.05) as fake:
        url = fake.base_url
        summarize(seed_text, config=fake.config, cache="off")
    loud = [r for r in caplog.records if r.name == "summarizer" and r.levelno >= logging.WARNING]
    assert len(loud) == 1
    line = loud[0].getMessage()
    assert "Retry-After 2.2 s" in line and "2.2 s" in line and url in line
    attempts = [r.getMessage() for r in caplog.records if r.name == "summarizer" and ": attempt " in r.getMessage()]
    assert len(attempts) == 3 and "attempt 3 of 5" in attempts[-1]


def test_html_instead_of_json_is_named(seed_text: str) -> None:
    page = b"<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>"
    with Loopback(lambda h, r: send(h, 200, page, "text/html; charset=utf-8")) as server:
        with pytest.raises(TransportError) as info:
            summarize(seed_text, config=_config(model="compat/m", base_url=server.url), cache="off")
    message = str(info.value)
    assert "answered HTML, not JSON" in message and "text/html" in message and server.url in message
    assert "\n" not in message
    assert len(server.requests) == 1  # not retried: it would answer the same


def test_a_refusal_shows_the_models_text_on_one_line(fake: FakeModel, seed_text: str) -> None:
    fake.add(Reply.refused("I can't help with\nthis request."))
    url = fake.base_url
    with pytest.raises(RefusalError) as info:
        summarize(seed_text, config=fake.config, cache="off")
    message = str(info.value)
    assert "refused: \"I can't help with this request.\"" in message
    assert url in message and "\n" not in message


def test_an_argument_the_sdk_rejects_is_a_config_error_not_invalid_output(
    fake: FakeModel, seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarizer.providers import llm
    from summarizer.providers.modes import request_kwargs as real

    monkeypatch.setattr(llm, "request_kwargs", lambda *a, **k: {**real(*a, **k), "not_an_sdk_argument": 1})
    with pytest.raises(ConfigError) as info:
        summarize(seed_text, config=fake.config, cache="off")
    message = str(info.value)
    assert "refused the request before sending it" in message and "not_an_sdk_argument" in message
    assert "0 attempt" not in message
    assert fake.requests == []


def test_a_forever_429_says_why_it_gave_up(seed_text: str) -> None:
    with FakeModel([Reply.error(429, headers={"Retry-After": "0.01"})] * 3, transport_retries=2) as fake:
        with pytest.raises(TransportError) as info:
            summarize(seed_text, config=fake.config, cache="off")
    assert len(fake.requests) == 3
    assert "kept failing after 3 tries (last: answered 429, Retry-After 0.01 s)" in str(info.value)


def test_a_retry_after_pauses_the_whole_lane_of_a_batch(seed_answer: dict[str, Any]) -> None:
    """One 429 with Retry-After 1 holds back every other article's next request, not just its own."""
    import threading

    from summarizer.batch import summarize_many

    lock, arrivals = threading.Lock(), []

    def answer(handler: Any, request: dict[str, Any]) -> None:
        with lock:
            arrivals.append(time.monotonic())
            n = len(arrivals)
        if n == 1:
            send(handler, 429, b'{"error": {"message": "slow down"}}', "application/json", {"Retry-After": "1"})
            return
        if n == 2:
            time.sleep(0.3)  # the 429 lands while this one is still in flight
        send(handler, 200, chat_completion(seed_answer, request), "application/json")

    articles = {f"a{i}": "Fourteen Malian soldiers were killed on Tuesday." for i in range(4)}
    with Loopback(answer) as server:
        report = summarize_many(articles, config=_config(model="compat/m", base_url=server.url), cache="off", concurrency=2)
    assert report.totals.done == 4 and not report.failures
    assert len(arrivals) == 5
    assert min(arrivals[2:]) - arrivals[0] >= 0.95  # nothing went out during the pause


def test_a_retry_after_beyond_max_wait_fails_only_the_request_told_it(seed_answer: dict[str, Any]) -> None:
    import threading

    from summarizer.batch import summarize_many

    lock, arrivals = threading.Lock(), []

    def answer(handler: Any, request: dict[str, Any]) -> None:
        with lock:
            arrivals.append(time.monotonic())
            n = len(arrivals)
        if n == 1:
            send(handler, 429, b'{"error": {"message": "come back later"}}', "application/json", {"Retry-After": "300"})
            return
        send(handler, 200, chat_completion(seed_answer, request), "application/json")

    articles = {f"a{i}": "Fourteen Malian soldiers were killed on Tuesday." for i in range(3)}
    with Loopback(answer) as server:
        report = summarize_many(
            articles, config=_config(model="compat/m", base_url=server.url, max_wait=0.5), cache="off", concurrency=1
        )
    assert [f.message for f in report.failures if "Retry-After 300 s exceeds max_wait 0.5 s" in f.message]
    assert len(report.failures) == 1 and report.totals.done == 2
    assert arrivals[1] - arrivals[0] >= 0.45  # the others waited max_wait, then went on
