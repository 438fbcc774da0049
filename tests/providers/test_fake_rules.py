"""Each fake refuses what its service documents as invalid, in the service's own error shape.

These drive the real SDKs directly with deliberately wrong payloads (what a misconfigured client
would send), so the fakes' rules are proven before the project's adapters are tested against them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import anthropic
import openai
import pytest
from fakes import Answer, AnthropicFake, GeminiFake, OpenAIFake
from google import genai
from google.genai import errors as genai_errors
from google.genai import types as genai_types

RECORD = {"answer": "yes"}
STRICT_OK = {
    "type": "object",
    "properties": {"answer": {"type": "string"}, "note": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
    "required": ["answer", "note"],
    "additionalProperties": False,
}
MESSAGES: list[Any] = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]


@pytest.fixture
def oa() -> Iterator[OpenAIFake]:
    with OpenAIFake() as fake:
        yield fake


def _openai(fake: OpenAIFake) -> openai.OpenAI:
    return openai.OpenAI(api_key="k", base_url=fake.base_url, max_retries=0)


def _strict_format(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "json_schema", "json_schema": {"name": "Answer", "schema": schema, "strict": True}}


def test_openai_accepts_a_valid_strict_request(oa: OpenAIFake) -> None:
    oa.add(Answer(record=RECORD))
    out = _openai(oa).chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, max_tokens=50, temperature=0, response_format=_strict_format(STRICT_OK))  # type: ignore[arg-type]
    assert json.loads(out.choices[0].message.content or "") == RECORD and oa.refused == []


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda s: s.pop("additionalProperties"), "'additionalProperties' is required to be supplied and to be false"),
        (lambda s: s.update(required=["answer"]), "Missing 'note'"),
        (lambda s: s["properties"]["answer"].update(default="x"), "'default' is not permitted"),
        (lambda s: s["properties"]["answer"].update({"x-evidence": True}), "'x-evidence' is not permitted"),
        (lambda s: s["properties"]["answer"].update(minLength=1), "'minLength' is not permitted"),
        (lambda s: s["properties"]["answer"].update(format="uri"), "'uri' is not a supported format"),
    ],
    ids=["no-additionalProperties", "optional-not-required", "default", "custom-key", "minLength", "format"],
)
def test_openai_refuses_a_strict_schema_breaking_the_rules(oa: OpenAIFake, mutate: Any, message: str) -> None:
    schema = json.loads(json.dumps(STRICT_OK))
    mutate(schema)
    with pytest.raises(openai.BadRequestError, match=message) as caught:
        _openai(oa).chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, response_format=_strict_format(schema))  # type: ignore[arg-type]
    assert caught.value.body["code"] == "invalid_json_schema"  # type: ignore[index]
    assert len(oa.refused) == 1


def test_openai_refuses_a_ref_with_sibling_keys_in_strict_tools(oa: OpenAIFake) -> None:
    schema = {**STRICT_OK, "$defs": {"A": {"type": "string"}}, "properties": {**STRICT_OK["properties"], "answer": {"$ref": "#/$defs/A", "description": "d"}}}
    tool = {"type": "function", "function": {"name": "Answer", "parameters": schema, "strict": True}}
    with pytest.raises(openai.BadRequestError, match=r"\$ref cannot have keywords \['description'\]"):
        _openai(oa).chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, tools=[tool])  # type: ignore[list-item]


def test_openai_non_strict_schemas_are_not_checked(oa: OpenAIFake) -> None:
    oa.add(Answer(record=RECORD))
    loose = {"type": "object", "properties": {"answer": {"type": "string", "default": "x"}}}
    fmt = {"type": "json_schema", "json_schema": {"name": "Answer", "schema": loose}}
    _openai(oa).chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, response_format=fmt)  # type: ignore[arg-type]
    assert oa.refused == []


@pytest.mark.parametrize("model", ["gpt-5", "gpt-5-mini", "o3", "o4-mini-2025-04-16"])
def test_openai_reasoning_models_refuse_max_tokens(oa: OpenAIFake, model: str) -> None:
    with pytest.raises(openai.BadRequestError, match="Use 'max_completion_tokens' instead") as caught:
        _openai(oa).chat.completions.create(model=model, messages=MESSAGES, max_tokens=10)
    assert caught.value.body["param"] == "max_tokens"  # type: ignore[index]


def test_openai_reasoning_models_refuse_temperature_zero(oa: OpenAIFake) -> None:
    with pytest.raises(openai.BadRequestError, match="Only the default \\(1\\) value is supported"):
        _openai(oa).chat.completions.create(model="gpt-5", messages=MESSAGES, temperature=0, max_completion_tokens=10)


def test_openai_chat_models_refuse_reasoning_effort(oa: OpenAIFake) -> None:
    with pytest.raises(openai.BadRequestError, match="'reasoning_effort' is not supported"):
        _openai(oa).chat.completions.create(model="gpt-4o-mini", messages=MESSAGES, reasoning_effort="low")


def test_openai_reasoning_model_accepts_its_own_parameters(oa: OpenAIFake) -> None:
    oa.add(Answer(record=RECORD, usage={"reasoning": 64}))
    out = _openai(oa).chat.completions.create(model="gpt-5-chat-latest", messages=MESSAGES, temperature=0)
    assert out.choices[0].message.content is not None  # a -chat alias is a chat model
    oa.add(Answer(record=RECORD, usage={"reasoning": 64}))
    out = _openai(oa).chat.completions.create(model="gpt-5", messages=MESSAGES, max_completion_tokens=100, reasoning_effort="low")
    assert out.usage is not None and out.usage.completion_tokens_details is not None
    assert out.usage.completion_tokens_details.reasoning_tokens == 64 and oa.refused == []


# --- Anthropic -----------------------------------------------------------------------------

TOOL = {"name": "Answer", "description": "Record the answer.", "input_schema": {"type": "object", "properties": {"answer": {"type": "string"}}}}


@pytest.fixture
def an() -> Iterator[AnthropicFake]:
    with AnthropicFake() as fake:
        yield fake


def _anthropic(fake: AnthropicFake) -> anthropic.Anthropic:
    return anthropic.Anthropic(api_key="k", base_url=fake.base_url, max_retries=0)


def test_anthropic_accepts_a_forced_tool(an: AnthropicFake) -> None:
    an.add(Answer(record=RECORD))
    out = _anthropic(an).messages.create(
        model="claude-sonnet-4-6", max_tokens=100, system="Be brief.", messages=[{"role": "user", "content": "Hi"}],
        tools=[TOOL], tool_choice={"type": "tool", "name": "Answer"},  # type: ignore[list-item]
    )  # fmt: skip
    block = out.content[0]
    assert block.type == "tool_use" and block.input == RECORD and an.refused == []


def test_anthropic_refuses_a_system_role_message(an: AnthropicFake) -> None:
    with pytest.raises(anthropic.BadRequestError, match="top-level `system` parameter") as caught:
        _anthropic(an).messages.create(model="claude-sonnet-4-6", max_tokens=100, messages=MESSAGES)
    assert caught.value.body["error"]["type"] == "invalid_request_error"  # type: ignore[index]


def test_anthropic_refuses_a_missing_max_tokens(an: AnthropicFake) -> None:
    client = _anthropic(an)
    # The SDK types max_tokens as required; a hand-built body is what a wrong client sends.
    with pytest.raises(anthropic.BadRequestError, match="max_tokens: Field required"):
        client.post("/v1/messages", cast_to=object, body={"model": "claude-sonnet-4-6", "messages": [{"role": "user", "content": "Hi"}]})


def test_anthropic_refuses_temperature_above_one(an: AnthropicFake) -> None:
    # SDK 2.x has no temperature argument at all; an old client's body still carries one.
    with pytest.raises(anthropic.BadRequestError, match="temperature: range: 0..1"):
        _anthropic(an).messages.create(
            model="claude-sonnet-4-6", max_tokens=10, messages=[{"role": "user", "content": "Hi"}], extra_body={"temperature": 1.5}
        )


def test_anthropic_refuses_thinking_with_a_forced_tool(an: AnthropicFake) -> None:
    with pytest.raises(anthropic.BadRequestError, match="Thinking may not be enabled when tool_choice forces tool use"):
        _anthropic(an).messages.create(
            model="claude-sonnet-4-6", max_tokens=2000, messages=[{"role": "user", "content": "Hi"}], tools=[TOOL],  # type: ignore[list-item]
            tool_choice={"type": "tool", "name": "Answer"}, thinking={"type": "enabled", "budget_tokens": 1024},
        )  # fmt: skip


def test_anthropic_refuses_more_than_four_cache_marks(an: AnthropicFake) -> None:
    mark = {"type": "ephemeral"}
    system = [{"type": "text", "text": f"part {n}", "cache_control": mark} for n in range(5)]
    with pytest.raises(anthropic.BadRequestError, match="A maximum of 4 blocks with cache_control"):
        _anthropic(an).messages.create(model="claude-sonnet-4-6", max_tokens=10, system=system, messages=[{"role": "user", "content": "Hi"}])  # type: ignore[arg-type]


def test_anthropic_counts_a_cached_prefix_written_then_read(an: AnthropicFake) -> None:
    system = [{"type": "text", "text": "rules " * 1000, "cache_control": {"type": "ephemeral"}}]
    usages = []
    for _ in range(2):
        an.add(Answer(record=RECORD))
        out = _anthropic(an).messages.create(
            model="claude-sonnet-4-6", max_tokens=10, system=system, messages=[{"role": "user", "content": "Hi"}],  # type: ignore[arg-type]
            tools=[TOOL], tool_choice={"type": "tool", "name": "Answer"},  # type: ignore[list-item]
        )  # fmt: skip
        usages.append(out.usage)
    assert usages[0].cache_creation_input_tokens and not usages[0].cache_read_input_tokens
    assert usages[1].cache_read_input_tokens == usages[0].cache_creation_input_tokens


# --- Gemini --------------------------------------------------------------------------------


@pytest.fixture
def gm() -> Iterator[GeminiFake]:
    with GeminiFake() as fake:
        yield fake


def _gemini(fake: GeminiFake) -> genai.Client:
    return genai.Client(api_key="k", http_options=genai_types.HttpOptions(base_url=fake.base_url))


def test_gemini_accepts_a_clean_json_schema(gm: GeminiFake) -> None:
    client = _gemini(gm)  # kept: a dropped genai.Client closes its connection pool
    gm.add(Answer(record=RECORD))
    config = genai_types.GenerateContentConfig(response_mime_type="application/json", response_json_schema=STRICT_OK, system_instruction="Be brief.")
    out = client.models.generate_content(model="gemini-2.5-flash", contents="Hi", config=config)
    assert json.loads(out.text or "") == RECORD and gm.refused == []
    assert gm.requests[0].json()["generationConfig"]["responseJsonSchema"] == STRICT_OK


@pytest.mark.parametrize(
    ("extra", "message"),
    [({"default": "x"}, "keyword 'default' is not supported"), ({"x-evidence": True}, "keyword 'x-evidence' is not supported"), ({"format": "uri"}, "format 'uri' is not supported")],
    ids=["default", "custom-key", "format"],
)
def test_gemini_refuses_keywords_outside_its_subset(gm: GeminiFake, extra: dict[str, Any], message: str) -> None:
    client = _gemini(gm)  # kept: a dropped genai.Client closes its connection pool
    schema = json.loads(json.dumps(STRICT_OK))
    schema["properties"]["answer"].update(extra)
    config = genai_types.GenerateContentConfig(response_mime_type="application/json", response_json_schema=schema)
    with pytest.raises(genai_errors.ClientError, match=message) as caught:
        client.models.generate_content(model="gemini-2.5-flash", contents="Hi", config=config)
    assert caught.value.code == 400 and caught.value.status == "INVALID_ARGUMENT"


def test_gemini_refuses_a_schema_without_the_json_mime_type(gm: GeminiFake) -> None:
    client = _gemini(gm)  # kept: a dropped genai.Client closes its connection pool
    config = genai_types.GenerateContentConfig(response_json_schema=STRICT_OK)
    with pytest.raises(genai_errors.ClientError, match="responseMimeType must be application/json"):
        client.models.generate_content(model="gemini-2.5-flash", contents="Hi", config=config)


def test_gemini_refuses_a_system_role_content(gm: GeminiFake) -> None:
    client = _gemini(gm)  # kept: a dropped genai.Client closes its connection pool
    contents = [genai_types.Content(role="system", parts=[genai_types.Part(text="Be brief.")])]
    with pytest.raises(genai_errors.ClientError, match="Please use a valid role: user, model"):
        client.models.generate_content(model="gemini-2.5-flash", contents=contents)  # type: ignore[arg-type]


def test_gemini_thinking_that_uses_the_budget_returns_no_parts(gm: GeminiFake) -> None:
    client = _gemini(gm)  # kept: a dropped genai.Client closes its connection pool
    gm.add(Answer(stop="MAX_TOKENS"))
    config = genai_types.GenerateContentConfig(max_output_tokens=256)
    out = client.models.generate_content(model="gemini-2.5-flash", contents="Hi", config=config)
    assert out.candidates and out.candidates[0].finish_reason == genai_types.FinishReason.MAX_TOKENS
    assert out.candidates[0].content is not None and not out.candidates[0].content.parts
    assert out.usage_metadata is not None and out.usage_metadata.thoughts_token_count == 256


def test_gemini_rate_limit_has_googles_error_shape(gm: GeminiFake) -> None:
    client = _gemini(gm)  # kept: a dropped genai.Client closes its connection pool
    gm.add(Answer(status=429, error="Resource has been exhausted (e.g. check quota)."))
    with pytest.raises(genai_errors.ClientError) as caught:
        client.models.generate_content(model="gemini-2.5-flash", contents="Hi")
    assert caught.value.code == 429 and caught.value.status == "RESOURCE_EXHAUSTED"


def test_fakes_import_nothing_from_the_project() -> None:
    import pathlib

    folder = pathlib.Path(__file__).resolve().parents[1] / "fakes"
    sources = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.py")}
    assert len(sources) >= 5
    for name, text in sources.items():
        assert "summarizer" not in text.replace("summarizer`", ""), name
