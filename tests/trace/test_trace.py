"""Hooks see every model-layer event; OpenTelemetry sees one span per attempt; no key reaches either."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from summarizer import summarize
from summarizer.testing import FakeModel, Reply
from summarizer.trace import Event, add_hook, hooked, instrument, scrub, uninstrument

KEY = "sk-trace-test-0123456789abcdef"


def scripted(seed_answer: dict[str, Any]) -> list[Reply]:
    """A 500 naming the key (a retry), then invalid JSON (a re-ask), then the record."""
    return [Reply.error(500, f"upstream rejected key {KEY}"), Reply.text("this is not JSON"), Reply.with_record(seed_answer)]


@pytest.fixture()
def key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TRACE_TEST_API_KEY", KEY)
    return KEY


def run(seed_text: str, seed_answer: dict[str, Any]) -> Any:
    with FakeModel(scripted(seed_answer), api_key_env="TRACE_TEST_API_KEY", transport_retries=2) as fake:
        result = summarize(seed_text, config=fake.config, use_cache=False)
        assert len(fake.requests) == 3
    return result


def test_hooks_see_attempts_retry_reask_grounding_and_result(key: str, seed_text: str, seed_answer: dict[str, Any]) -> None:
    seen: list[Event] = []
    with hooked(seen.append):
        result = run(seed_text, seed_answer)
    kinds = [e.kind for e in seen]
    assert kinds.count("attempt") == 2 and kinds.count("retry") == 1 and kinds.count("reask") == 1
    assert kinds.count("result") == 1 and "grounding" in kinds
    assert kinds.index("retry") < kinds.index("reask") < kinds.index("result")
    done = next(e for e in seen if e.kind == "result")
    assert done.fields["attempts"] == result.meta.attempts
    assert all(key not in repr(e) for e in seen)


def test_a_hook_that_raises_does_not_fail_the_call(key: str, seed_text: str, seed_answer: dict[str, Any],
                                                   caplog: pytest.LogCaptureFixture) -> None:
    def broken(event: Event) -> None:
        raise RuntimeError(f"hook bug {KEY}")

    remove = add_hook(broken)
    try:
        result = run(seed_text, seed_answer)
    finally:
        remove()
    assert result.record.incidents
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name == "summarizer")
    assert "a trace hook raised RuntimeError: hook bug ***" in ours and key not in ours


@pytest.fixture()
def spans() -> Iterator[Any]:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    instrument(provider)
    try:
        yield exporter
    finally:
        uninstrument()


def test_one_span_per_attempt_under_the_call_and_no_key(key: str, spans: Any, seed_text: str, seed_answer: dict[str, Any]) -> None:
    attempts: list[Event] = []
    with hooked(lambda e: attempts.append(e) if e.kind == "attempt" else None):
        run(seed_text, seed_answer)
    finished = spans.get_finished_spans()
    by_name: dict[str, list[Any]] = {}
    for s in finished:
        by_name.setdefault(s.name, []).append(s)
    assert len(by_name["summarizer.attempt"]) == len(attempts) == 2
    assert len(by_name["summarizer.call"]) == 1 and len(by_name["summarizer.retry"]) == 1
    assert len(by_name["summarizer.reask"]) == 1 and by_name["summarizer.grounding"]
    call = by_name["summarizer.call"][0]
    assert all(s.parent.span_id == call.context.span_id for s in by_name["summarizer.attempt"])
    second = next(s for s in by_name["summarizer.attempt"] if s.attributes["summarizer.number"] == 2)
    assert by_name["summarizer.reask"][0].parent.span_id == second.context.span_id
    assert [s.attributes["summarizer.outcome"] for s in by_name["summarizer.attempt"]] == ["transient fault", "answer"]
    for s in finished:
        assert key not in repr(dict(s.attributes or {})) and key not in s.name
        assert all(key not in repr(dict(ev.attributes or {})) for ev in s.events)


def test_without_instrument_no_span_is_made(key: str, seed_text: str, seed_answer: dict[str, Any]) -> None:
    from summarizer.trace import span

    with span("summarizer.call", target="x") as current:
        assert current is None


def test_scrub_masks_environment_secrets_and_key_shapes(key: str) -> None:
    text = f"key {KEY} and https://x/v1?key=AIzaSyA1234567890abcdefghij and Bearer abcdefgh12345"
    out = scrub(text)
    assert KEY not in out and "AIza" not in out and "abcdefgh12345" not in out and out.count("***") == 3
