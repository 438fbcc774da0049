"""The request body each provider gets for its strongest documented structured-output mode.

Pure: profile, messages and schema in, the SDK call's keyword arguments out. The adapter
(summarizer.providers.native) sends exactly this; `summarizer prompt --payload` prints what the
SDK puts on the wire for it. The static part of the prompt (system text, schema) comes first so
prefix caches can reuse it; Anthropic's needs a `cache_control` mark, OpenAI's and Gemini's none.

| family    | mode          | what is sent                                                          |
|-----------|---------------|-----------------------------------------------------------------------|
| openai    | json_schema   | response_format json_schema, strict, summarizer.structured.strict     |
| openai    | tools_strict  | one forced function tool, strict, the same schema                     |
| anthropic | tools         | one forced tool (tool_choice type tool), system block cache-marked    |
| google    | json_schema   | responseMimeType application/json + responseJsonSchema (cleaned)      |
| google    | tools         | one function declaration (parametersJsonSchema), calling mode ANY     |

Ollama and vLLM take the openai row without `strict` (they constrain by grammar, not by strict
mode) and with refs inlined. For Ollama the OpenAI-compatible endpoint's `response_format` is
used rather than the native /api/chat `format`: both reach the same JSON-schema grammar
(https://github.com/ollama/ollama/blob/main/docs/openai.md), and this one shares the OpenAI SDK,
its usage report and the model layer's deadline and retry path with every other compatible server.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import BaseModel

from summarizer.config import Profile
from summarizer.errors import ConfigError
from summarizer.model.registry import Family, ProviderSpec
from summarizer.providers.base import Messages
from summarizer.structured import gemini_schema, inline_refs, is_reasoning_model, strict_schema

__all__ = ["NATIVE_MODES", "anthropic_body", "gemini_body", "is_native", "openai_body", "tool_description"]

NATIVE_MODES: dict[Family, frozenset[str]] = {
    Family.openai: frozenset({"json_schema", "tools_strict"}),
    Family.anthropic: frozenset({"tools"}),
    Family.google: frozenset({"json_schema", "tools"}),
}
"""(family, mode) pairs this module builds; every other pair goes through instructor."""


def is_native(profile: Profile, spec: ProviderSpec) -> bool:
    return profile.effective_mode in NATIVE_MODES.get(spec.family, frozenset())


def tool_description(schema: type[BaseModel]) -> str:
    return (schema.__doc__ or f"Record a {schema.__name__}.").strip().split("\n\n")[0]


def _schema_for(schema: type[BaseModel], spec: ProviderSpec) -> dict[str, Any]:
    """Strict form for servers that enforce strict mode; fully inlined for the compatible servers,
    whose grammar compilers (Ollama's, vLLM's) are surest without `$ref`."""
    return _schema_once(schema, spec.capabilities.strict_schemas)


@functools.lru_cache(maxsize=64)
def _schema_once(schema: type[BaseModel], strict_schemas: bool) -> dict[str, Any]:
    """Derived once per schema class and shared by every request body: nothing downstream
    mutates it (the SDKs serialize it), and a fresh copy per call cost a 20 KB JSON parse."""
    try:
        strict = strict_schema(schema)
    except ValueError as exc:
        raise ConfigError(f"schema {schema.__name__} cannot be sent in strict mode: {exc}") from None
    return strict if strict_schemas else inline_refs(strict)


def openai_body(profile: Profile, spec: ProviderSpec, messages: Messages, schema: type[BaseModel]) -> dict[str, Any]:
    """chat.completions.create() keywords; reasoning models get their own parameters."""
    body: dict[str, Any] = {"model": profile.model_name, "messages": messages}
    reasoning = spec.capabilities.reasoning_params and is_reasoning_model(profile.model_name, profile.reasoning)
    if profile.reasoning and not spec.capabilities.reasoning_params:
        reasoning = True  # the profile says so, for a gateway the registry cannot vouch for
    if reasoning:
        if "temperature" in profile.model_fields_set and profile.temperature is not None:
            raise ConfigError(
                f"profile {profile.name!r}: {profile.model_name} is a reasoning model, which takes no temperature; "
                "remove temperature from the profile (or set reasoning = false if it is not one)"
            )
        body["max_completion_tokens"] = profile.max_tokens
        if profile.reasoning_effort is not None:
            body["reasoning_effort"] = profile.reasoning_effort
    else:
        if profile.reasoning_effort is not None:
            raise ConfigError(
                f"profile {profile.name!r}: reasoning_effort applies to reasoning models only and {profile.model_name} "
                "is not one by summarizer.structured's table; remove it, or set reasoning = true if the model reasons"
            )
        body["max_tokens"] = profile.max_tokens
        if profile.temperature is not None:
            body["temperature"] = profile.temperature
    parameters = _schema_for(schema, spec)
    strict = spec.capabilities.strict_schemas
    if profile.effective_mode == "tools_strict":
        function: dict[str, Any] = {"name": schema.__name__, "description": tool_description(schema), "parameters": parameters}
        if strict:
            function["strict"] = True
        body["tools"] = [{"type": "function", "function": function}]
        body["tool_choice"] = {"type": "function", "function": {"name": schema.__name__}}
    else:
        json_schema: dict[str, Any] = {"name": schema.__name__, "schema": parameters}
        if strict:
            json_schema["strict"] = True
        body["response_format"] = {"type": "json_schema", "json_schema": json_schema}
    return body


def _split_system(messages: Messages) -> tuple[str, list[dict[str, str]]]:
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    return system, [m for m in messages if m["role"] != "system"]


def anthropic_body(profile: Profile, spec: ProviderSpec, messages: Messages, schema: type[BaseModel]) -> dict[str, Any]:
    """messages.create() keywords: the tool forced, the system prompt a cache-marked block.

    The 2.x SDK has no temperature parameter (Claude's sampling is the provider's): the profile's
    default is not sent, and one written in the profile is refused rather than dropped."""
    if "temperature" in profile.model_fields_set and profile.temperature is not None:
        raise ConfigError(
            f"profile {profile.name!r}: Anthropic's SDK (2.x) takes no temperature; remove temperature from the profile"
        )
    system, turns = _split_system(messages)
    tool = {"name": schema.__name__, "description": tool_description(schema), "input_schema": gemini_schema(schema)}
    body: dict[str, Any] = {
        "model": profile.model_name,
        "max_tokens": profile.max_tokens,
        "tools": [tool],
        "tool_choice": {"type": "tool", "name": schema.__name__},
        "messages": turns,
    }
    if system:
        # tools, then system, then messages is the cache's prefix order: this one mark caches both.
        body["system"] = [{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}]
    return body


def gemini_body(profile: Profile, spec: ProviderSpec, messages: Messages, schema: type[BaseModel]) -> dict[str, Any]:
    """models.generate_content() keywords (config as a plain dict the SDK validates)."""
    system, turns = _split_system(messages)
    contents = [{"role": "model" if m["role"] == "assistant" else "user", "parts": [{"text": m["content"]}]} for m in turns]
    config: dict[str, Any] = {"max_output_tokens": profile.max_tokens}
    if profile.effective_mode == "tools":
        declaration = {"name": schema.__name__, "description": tool_description(schema), "parameters_json_schema": gemini_schema(schema)}
        config["tools"] = [{"function_declarations": [declaration]}]
        config["tool_config"] = {"function_calling_config": {"mode": "ANY", "allowed_function_names": [schema.__name__]}}
    else:
        config["response_mime_type"] = "application/json"
        config["response_json_schema"] = gemini_schema(schema)
    if system:
        config["system_instruction"] = system
    if profile.temperature is not None:
        config["temperature"] = profile.temperature
    return {"model": profile.model_name, "contents": contents, "config": config}
