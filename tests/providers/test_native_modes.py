"""Each provider's strongest structured output, end to end: summarize() -> real SDK -> protocol fake.

The fake answers the seed record; the test asserts the record is valid and grounded, the body
carried the provider's own mode, and the fake refused nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fakes import Answer, AnthropicFake, FakeServer, GeminiFake, OllamaFake, OpenAIFake, VLLMFake

from summarizer import summarize
from summarizer.config import Config, Price, Profile
from summarizer.errors import ConfigError, TransportError, TruncatedError
from summarizer.schemas.incident import IncidentSummary

KEYS = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY", "google": "GOOGLE_API_KEY"}


def _config(model: str, url: str, **settings: Any) -> Config:
    profile = Profile(name="p", model=model, base_url=url, **settings)
    return Config(profiles={"p": profile}, default_profile="p", prices={model: Price(input=1.0, output=2.0, cached_input=0.1)})


@pytest.fixture(autouse=True)
def _keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for env in KEYS.values():
        monkeypatch.setenv(env, "test-key")


def _run(fake: FakeServer, model: str, seed_text: str, seed_answer: dict[str, Any], **settings: Any) -> Any:
    fake.add(Answer(record=seed_answer))
    result = summarize(seed_text, config=_config(model, fake.base_url, **settings), cache="off")
    assert fake.refused == [], fake.refused
    assert isinstance(result.record, IncidentSummary)
    assert result.record.incidents and all(g.grounded for g in result.grounding)
    return result


@pytest.fixture
def openai_fake() -> Iterator[OpenAIFake]:
    with OpenAIFake() as fake:
        yield fake


def test_openai_chat_model_gets_strict_structured_outputs(openai_fake: OpenAIFake, seed_text: str, seed_answer: dict[str, Any]) -> None:
    _run(openai_fake, "openai/gpt-4o-mini", seed_text, seed_answer)
    body = openai_fake.requests[0].json()
    spec = body["response_format"]["json_schema"]
    assert body["response_format"]["type"] == "json_schema" and spec["strict"] is True
    assert body["max_tokens"] == 4096 and body["temperature"] == 0.0 and "tools" not in body


def test_openai_tools_strict_sends_a_strict_forced_tool(openai_fake: OpenAIFake, seed_text: str, seed_answer: dict[str, Any]) -> None:
    _run(openai_fake, "openai/gpt-4o-mini", seed_text, seed_answer, mode="tools_strict")
    body = openai_fake.requests[0].json()
    assert body["tools"][0]["function"]["strict"] is True
    assert body["tool_choice"] == {"type": "function", "function": {"name": "IncidentSummary"}}


def test_openai_reasoning_model_gets_its_parameters_and_counts_reasoning(openai_fake: OpenAIFake, seed_text: str, seed_answer: dict[str, Any]) -> None:
    openai_fake.add(Answer(record=seed_answer, usage={"input": 6000, "output": 900, "reasoning": 512, "cached": 4864}))
    result = summarize(seed_text, config=_config("openai/gpt-5-mini", openai_fake.base_url, reasoning_effort="low"), cache="off")
    body = openai_fake.requests[0].json()
    assert openai_fake.refused == []
    assert "max_tokens" not in body and "temperature" not in body
    assert body["max_completion_tokens"] == 4096 and body["reasoning_effort"] == "low"
    usage = result.meta.usage
    assert (usage.reasoning_tokens, usage.cached_input_tokens, usage.output_tokens) == (512, 4864, 1412)
    expected = ((6000 - 4864) * 1.0 + 4864 * 0.1 + 1412 * 2.0) / 1e6
    assert usage.cost_usd == pytest.approx(expected)


def test_reasoning_override_in_the_profile_wins(openai_fake: OpenAIFake, seed_text: str, seed_answer: dict[str, Any]) -> None:
    _run(openai_fake, "openai/my-finetune", seed_text, seed_answer, reasoning=True, temperature=None)
    assert "max_completion_tokens" in openai_fake.requests[0].json()


def test_a_temperature_set_for_a_reasoning_model_is_a_config_error(openai_fake: OpenAIFake, seed_text: str) -> None:
    with pytest.raises(ConfigError, match="reasoning model, which takes no temperature"):
        summarize(seed_text, config=_config("openai/o3", openai_fake.base_url, temperature=0.0), cache="off")
    assert openai_fake.requests == []


def test_openai_repeated_static_prefix_is_read_from_cache(openai_fake: OpenAIFake, seed_text: str, seed_answer: dict[str, Any]) -> None:
    first = _run(openai_fake, "openai/gpt-4o-mini", seed_text, seed_answer)
    second = _run(openai_fake, "openai/gpt-4o-mini", seed_text.replace("Mali", "Mali", 1) + "\n", seed_answer)
    assert first.meta.usage.cached_input_tokens == 0
    assert second.meta.usage.cached_input_tokens >= 1024  # system prompt + schema come first


def test_anthropic_gets_a_forced_tool_and_a_cached_system_prompt(seed_text: str, seed_answer: dict[str, Any]) -> None:
    with AnthropicFake() as fake:
        first = _run(fake, "anthropic/claude-sonnet-4-6", seed_text, seed_answer)
        second = _run(fake, "anthropic/claude-sonnet-4-6", seed_text + "\n", seed_answer)
        body = fake.requests[0].json()
    assert body["tool_choice"] == {"type": "tool", "name": "IncidentSummary"}
    assert body["system"][0]["cache_control"] == {"type": "ephemeral"} and "temperature" not in body
    assert all(m["role"] != "system" for m in body["messages"])
    assert first.meta.usage.cached_input_tokens == 0 and second.meta.usage.cached_input_tokens > 1024


@pytest.fixture
def gemini_fake() -> Iterator[GeminiFake]:
    with GeminiFake() as fake:
        yield fake


def test_gemini_gets_a_cleaned_json_schema_and_counts_thinking(gemini_fake: GeminiFake, seed_text: str, seed_answer: dict[str, Any]) -> None:
    gemini_fake.add(Answer(record=seed_answer, usage={"input": 5000, "output": 800, "thoughts": 300}))
    result = summarize(seed_text, config=_config("google/gemini-2.5-flash", gemini_fake.base_url), cache="off")
    assert gemini_fake.refused == []
    config = gemini_fake.requests[0].json()["generationConfig"]
    assert config["responseMimeType"] == "application/json" and "responseJsonSchema" in config
    assert result.meta.usage.reasoning_tokens == 300 and result.meta.usage.output_tokens == 1100
    assert all(g.grounded for g in result.grounding)


def test_gemini_429_and_503_are_retried(gemini_fake: GeminiFake, seed_text: str, seed_answer: dict[str, Any]) -> None:
    gemini_fake.add(Answer(status=429, error="Resource has been exhausted"), Answer(status=503, error="The model is overloaded"))
    result = _run(gemini_fake, "google/gemini-2.5-flash", seed_text, seed_answer, max_backoff=0.01)
    assert len(gemini_fake.requests) == 3 and result.record.incidents


def test_gemini_thinking_that_uses_the_budget_is_a_truncation(gemini_fake: GeminiFake, seed_text: str) -> None:
    gemini_fake.add(Answer(stop="MAX_TOKENS"))
    with pytest.raises(TruncatedError, match="'MAX_TOKENS' after 4096 output tokens, 4096 of them reasoning"):
        summarize(seed_text, config=_config("google/gemini-2.5-flash", gemini_fake.base_url), cache="off")


def test_ollama_gets_its_json_schema_format(seed_text: str, seed_answer: dict[str, Any]) -> None:
    with OllamaFake() as fake:
        _run(fake, "ollama/llama3.1", seed_text, seed_answer)
        body = fake.requests[0].json()
    assert body["response_format"]["type"] == "json_schema" and "tools" not in body
    assert "$ref" not in str(body["response_format"]["json_schema"]["schema"])  # inlined for the grammar compiler


def test_vllm_gets_structured_outputs(seed_text: str, seed_answer: dict[str, Any]) -> None:
    with VLLMFake() as fake:
        _run(fake, "vllm/Qwen2.5-7B-Instruct", seed_text, seed_answer)
        body = fake.requests[0].json()
    assert body["response_format"]["type"] == "json_schema"


def test_a_refused_request_is_one_line_naming_the_reason(openai_fake: OpenAIFake, seed_text: str) -> None:
    # A wrong configuration: a reasoning model the table does not know, declared a chat model.
    with pytest.raises(TransportError) as caught:
        summarize(seed_text, config=_config("openai/o3", openai_fake.base_url, reasoning=False), cache="off")
    message = str(caught.value)
    assert "\n" not in message and "Use 'max_completion_tokens' instead" in message and "400" in message
    assert len(openai_fake.refused) == 1


@pytest.mark.parametrize(
    ("model", "env"),
    [("groq/llama-3.3-70b-versatile", "GROQ_API_KEY"), ("openrouter/meta-llama/llama-3.3-70b-instruct", "OPENROUTER_API_KEY"), ("mistral/mistral-large-latest", "MISTRAL_API_KEY"), ("compat/local-model", None)],
)
def test_openai_compatible_hosts_answer_through_forced_tools(
    monkeypatch: pytest.MonkeyPatch, seed_text: str, seed_answer: dict[str, Any], model: str, env: str | None
) -> None:
    if env:
        monkeypatch.setenv(env, "test-key")
    with OpenAIFake() as fake:
        _run(fake, model, seed_text, seed_answer)
        body = fake.requests[0].json()
        auth = fake.requests[0].headers.get("authorization")
    assert body["tools"][0]["function"]["name"] == "IncidentSummary"
    assert auth == ("Bearer test-key" if env else None)  # compat: no key configured, none sent


def test_gemini_tools_mode_forces_one_function_declaration(gemini_fake: GeminiFake, seed_text: str, seed_answer: dict[str, Any]) -> None:
    _run(gemini_fake, "google/gemini-2.5-flash", seed_text, seed_answer, mode="tools")
    body = gemini_fake.requests[0].json()
    declaration = body["tools"][0]["functionDeclarations"][0]
    assert declaration["name"] == "IncidentSummary" and "x-evidence" not in json.dumps(declaration)
    assert body["toolConfig"]["functionCallingConfig"] == {"mode": "ANY", "allowedFunctionNames": ["IncidentSummary"]}
    assert "responseJsonSchema" not in body.get("generationConfig", {})


def test_gemini_implicit_cache_hits_are_counted_and_priced(gemini_fake: GeminiFake, seed_text: str, seed_answer: dict[str, Any]) -> None:
    gemini_fake.add(Answer(record=seed_answer, usage={"input": 5000, "output": 800, "cached": 4096}))
    result = summarize(seed_text, config=_config("google/gemini-2.5-flash", gemini_fake.base_url), cache="off")
    usage = result.meta.usage
    assert usage.cached_input_tokens == 4096
    assert usage.cost_usd == pytest.approx(((5000 - 4096) * 1.0 + 4096 * 0.1 + 800 * 2.0) / 1e6)


FAKES: list[tuple[type[FakeServer], str, str, str]] = [
    (OpenAIFake, "openai/gpt-4o-mini", "authorization", "Bearer test-key"),
    (AnthropicFake, "anthropic/claude-sonnet-4-6", "authorization", "Bearer test-key"),
    (GeminiFake, "google/gemini-2.5-flash", "x-goog-api-key", "test-key"),
]


@pytest.mark.parametrize(("fake_class", "model", "header", "value"), FAKES, ids=[f[1] for f in FAKES])
def test_base_url_and_key_reach_the_sdk(
    seed_text: str, seed_answer: dict[str, Any], fake_class: type[FakeServer], model: str, header: str, value: str
) -> None:
    with fake_class() as fake:
        _run(fake, model, seed_text, seed_answer)
        assert fake.requests[0].headers.get(header) == value


@pytest.mark.parametrize(("fake_class", "model", "header", "value"), FAKES, ids=[f[1] for f in FAKES])
def test_the_deadline_reaches_the_sdk(seed_text: str, seed_answer: dict[str, Any], fake_class: type[FakeServer], model: str, header: str, value: str) -> None:
    import time

    with fake_class() as fake:
        fake.add(Answer(record=seed_answer, delay=8.0))
        started = time.perf_counter()
        with pytest.raises(TransportError, match="timed out"):
            summarize(seed_text, config=_config(model, fake.base_url, timeout=2, transport_retries=0), cache="off")
        assert time.perf_counter() - started < 6


def test_a_temperature_written_for_anthropic_is_refused_not_dropped(seed_text: str) -> None:
    with AnthropicFake() as fake:
        with pytest.raises(ConfigError, match="takes no temperature"):
            summarize(seed_text, config=_config("anthropic/claude-sonnet-4-6", fake.base_url, temperature=0.5), cache="off")
        assert fake.requests == []


def test_gemini_repeated_static_prefix_is_read_from_its_implicit_cache(gemini_fake: GeminiFake, seed_text: str, seed_answer: dict[str, Any]) -> None:
    first = _run(gemini_fake, "google/gemini-2.5-flash", seed_text, seed_answer)
    second = _run(gemini_fake, "google/gemini-2.5-flash", seed_text + "\n", seed_answer)
    assert first.meta.usage.cached_input_tokens == 0
    assert second.meta.usage.cached_input_tokens >= 1024  # system instruction + schema come first
