"""The in-process seam: a model object or an httpx2 transport in place of a provider, no socket."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path
from typing import Any

import httpx2
import pytest

from summarizer import OutputInvalidError, summarize
from summarizer.config import Config, Profile
from summarizer.schemas.incident import IncidentSummary
from summarizer.testing import TestModel

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not even loopback: any socket connection fails the test."""

    def refuse(self: socket.socket, address: Any) -> None:
        raise AssertionError(f"a socket was opened to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


def test_the_readme_user_test_runs_with_no_socket(no_sockets: None) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    seam = [b for b in blocks if "TestModel" in b and "def test_" in b]
    assert len(seam) == 1, "README's 'Calling from code' shows one user test with TestModel"
    namespace: dict[str, Any] = {}
    exec(compile(seam[0], "README.md", "exec"), namespace)
    tests = [f for name, f in namespace.items() if name.startswith("test_") and callable(f)]
    assert tests
    for test in tests:
        test()


def test_a_model_object_gets_the_rendered_messages_and_its_answer_is_grounded(no_sockets: None, seed_text: str, seed_answer: dict[str, Any]) -> None:
    fake = TestModel([seed_answer])
    result = summarize(seed_text, model=fake)
    assert fake.requests[0][0]["role"] == "system" and "<article-" in fake.requests[0][1]["content"]
    assert result.grounding and all(g.grounded for g in result.grounding)
    assert result.meta.model == "test/model" and result.meta.attempts == 1 and not result.meta.cached


def test_model_object_answers_are_never_cached(no_sockets: None, seed_text: str, seed_answer: dict[str, Any]) -> None:
    fake = TestModel([seed_answer, seed_answer])
    summarize(seed_text, model=fake)
    again = summarize(seed_text, model=fake)
    assert not again.meta.cached and len(fake.requests) == 2


def test_an_invalid_scripted_answer_is_the_articles_error(no_sockets: None, seed_text: str) -> None:
    with pytest.raises(OutputInvalidError, match="does not validate as IncidentSummary"):
        summarize(seed_text, model=TestModel([{"summary": 3}]))


def test_an_httpx2_transport_runs_the_real_sdk_and_instructor_in_process(no_sockets: None, seed_text: str, seed_answer: dict[str, Any]) -> None:
    seen: list[dict[str, Any]] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        seen.append(body)
        name = body["tools"][0]["function"]["name"]
        call = {"id": "c", "type": "function", "function": {"name": name, "arguments": json.dumps(seed_answer)}}
        return httpx2.Response(200, json={
            "id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
            "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": None, "tool_calls": [call]}}],
            "usage": {"prompt_tokens": 7, "completion_tokens": 3, "total_tokens": 10},
        })  # fmt: skip

    profile = Profile(name="mock", model="compat/m", base_url="http://in-process.invalid/v1")
    result = summarize(seed_text, config=Config(default_profile="mock", profiles={"mock": profile}), transport=httpx2.MockTransport(handler))
    assert seen[0]["model"] == "m" and seen[0]["tools"][0]["function"]["name"] == "IncidentSummary"
    assert isinstance(result.record, IncidentSummary)
    assert result.meta.usage.input_tokens == 7 and result.record.incidents


def test_a_client_side_crash_after_sending_is_a_transport_error_not_invalid_output(seed_text: str) -> None:
    from summarizer import TransportError

    calls: list[int] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        calls.append(1)
        raise RuntimeError("boom in the transport")

    profile = Profile(name="mock", model="compat/m", base_url="http://in-process.invalid/v1")
    with pytest.raises(TransportError) as info:
        summarize(seed_text, config=Config(default_profile="mock", profiles={"mock": profile}), transport=httpx2.MockTransport(handler))
    assert "RuntimeError: boom in the transport" in str(info.value)
    assert "valid record" not in str(info.value) and len(calls) == 1
