"""OpenAI chat completions (POST /v1/chat/completions), and the OpenAI-compatible servers.

Refusal rules, each from OpenAI's documentation:
- Reasoning models (o-series, gpt-5 except the -chat aliases) refuse `max_tokens` and any
  `temperature` but the default 1; only they take `reasoning_effort`.
  https://platform.openai.com/docs/guides/reasoning
  https://platform.openai.com/docs/api-reference/chat/create (max_tokens: "not compatible with o-series
  models"; reasoning_effort: "reasoning models only")
- A strict schema (`response_format.json_schema.strict` or `tools[].function.strict`) must keep to the
  supported subset: https://platform.openai.com/docs/guides/structured-outputs#supported-schemas
  (root is an object, not anyOf; every property required; additionalProperties false on every object;
  only the listed keywords; only the listed string formats; at most 10 levels of nesting and 5000
  properties; at most 1000 enum values).
- A `$ref` beside other keywords is unravelled by OpenAI's own SDK before sending because the API
  does not accept it (openai-python, src/openai/lib/_pydantic.py, to_strict_json_schema).
Error shape: https://platform.openai.com/docs/guides/error-codes ({"error": {message, type, param, code}}).
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from ._server import Answer, FakeServer, Recorded, Refusal

__all__ = ["OllamaFake", "OpenAIFake", "VLLMFake", "is_reasoning"]

# The fake's own list, written from https://platform.openai.com/docs/guides/reasoning and the model
# pages (https://platform.openai.com/docs/models): o1, o3, o4-mini, gpt-5 families; gpt-5-chat is not one.
_REASONING = (re.compile(r"o[1-9]([-.].*)?"), re.compile(r"gpt-5.*"))
_CHAT_ALIASES = re.compile(r"gpt-5.*-chat.*")

_STRICT_KEYWORDS = {
    "type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf",
    "$ref", "$defs", "definitions", "description", "pattern", "format", "multipleOf", "maximum",
    "exclusiveMaximum", "minimum", "exclusiveMinimum", "minItems", "maxItems",
}  # fmt: skip
_STRICT_FORMATS = {"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"}
_MAX_DEPTH = 10
_MAX_PROPERTIES = 5000
_MAX_ENUM = 1000


def is_reasoning(model: str) -> bool:
    return any(p.fullmatch(model) for p in _REASONING) and not _CHAT_ALIASES.fullmatch(model)


def _bad(message: str, param: str | None, code: str | None) -> Refusal:
    return Refusal(400, message, param=param, code=code)


def check_strict_schema(schema: Any, where: str, name: str) -> None:
    """Refuse `schema` as OpenAI's strict mode does; `where` is the request param it came from."""
    prefix = f"Invalid schema for {where} '{name}': "
    properties = 0
    if not isinstance(schema, dict) or schema.get("type") != "object" or "anyOf" in schema:
        raise _bad(prefix + "schema must be a JSON Schema of 'type: \"object\"', got something else.", where, "invalid_json_schema")

    def walk(node: Any, context: tuple[str, ...], depth: int) -> None:
        nonlocal properties
        if not isinstance(node, dict):
            return
        ctx = f"In context={context!r}, "
        for key in node:
            if key not in _STRICT_KEYWORDS:
                raise _bad(prefix + ctx + f"'{key}' is not permitted.", where, "invalid_json_schema")
        if "$ref" in node and len(node) > 1:
            others = sorted(set(node) - {"$ref"})
            raise _bad(prefix + ctx + f"$ref cannot have keywords {others}.", where, "invalid_json_schema")
        fmt = node.get("format")
        if fmt is not None and fmt not in _STRICT_FORMATS:
            raise _bad(prefix + ctx + f"'{fmt}' is not a supported format.", where, "invalid_json_schema")
        if len(node.get("enum") or []) > _MAX_ENUM:
            raise _bad(prefix + ctx + f"enum has more than {_MAX_ENUM} values.", where, "invalid_json_schema")
        kind = node.get("type")
        is_object = kind == "object" or (isinstance(kind, list) and "object" in kind) or "properties" in node
        if is_object:
            if depth > _MAX_DEPTH:
                raise _bad(prefix + ctx + f"schema nesting exceeds {_MAX_DEPTH} levels.", where, "invalid_json_schema")
            if node.get("additionalProperties") is not False:
                raise _bad(
                    prefix + ctx + "'additionalProperties' is required to be supplied and to be false.",
                    where, "invalid_json_schema",
                )  # fmt: skip
            props = node.get("properties") or {}
            properties += len(props)
            required = node.get("required") or []
            missing = [p for p in props if p not in required]
            if missing:
                raise _bad(
                    prefix + ctx + "'required' is required to be supplied and to be an array including every key "
                    f"in properties. Missing '{missing[0]}'.",
                    where, "invalid_json_schema",
                )  # fmt: skip
            for prop, sub in props.items():
                walk(sub, (*context, "properties", prop), depth + 1)
        for key in ("$defs", "definitions"):
            for def_name, sub in (node.get(key) or {}).items():
                walk(sub, (*context, key, def_name), depth)
        if isinstance(node.get("items"), dict):
            walk(node["items"], (*context, "items"), depth)
        for n, sub in enumerate(node.get("anyOf") or []):
            walk(sub, (*context, "anyOf", str(n)), depth)

    walk(schema, (), 1)
    if properties > _MAX_PROPERTIES:
        raise _bad(prefix + f"more than {_MAX_PROPERTIES} object properties.", where, "invalid_json_schema")


class OpenAIFake(FakeServer):
    """Chat completions as api.openai.com speaks them. `base_url` = url + '/v1'."""

    reasoning_rules = True
    strict_rules = True

    @property
    def base_url(self) -> str:
        return self.url + "/v1"

    def error_body(self, status: int, message: str, **extra: Any) -> Any:
        return {"error": {"message": message, "type": "invalid_request_error", "param": extra.get("param"), "code": extra.get("code")}}

    def check(self, body: dict[str, Any]) -> None:
        model = str(body.get("model", ""))
        if self.reasoning_rules and is_reasoning(model):
            if "max_tokens" in body:
                raise _bad(
                    "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
                    "max_tokens", "unsupported_parameter",
                )  # fmt: skip
            if "temperature" in body and body["temperature"] != 1:
                raise _bad(
                    f"Unsupported value: 'temperature' does not support {body['temperature']} with this model. "
                    "Only the default (1) value is supported.",
                    "temperature", "unsupported_value",
                )  # fmt: skip
        elif self.reasoning_rules and "reasoning_effort" in body:
            raise _bad("Unsupported parameter: 'reasoning_effort' is not supported with this model.", "reasoning_effort", "unsupported_parameter")
        if not self.strict_rules:
            return
        fmt = body.get("response_format") or {}
        if fmt.get("type") == "json_schema":
            spec = fmt.get("json_schema") or {}
            if spec.get("strict"):
                check_strict_schema(spec.get("schema"), "response_format", str(spec.get("name")))
        for n, tool in enumerate(body.get("tools") or []):
            function = tool.get("function") or {}
            if function.get("strict"):
                check_strict_schema(function.get("parameters"), f"tools[{n}].function.parameters", str(function.get("name")))

    def cached_tokens(self, body: dict[str, Any]) -> int:
        """Prefix caching as documented (https://platform.openai.com/docs/guides/prompt-caching):
        prompts of 1024 tokens or more; the prefix already seen is cached in 128-token steps."""
        text = _prompt_text(body)
        best = 0
        for earlier in self.requests[:-1]:
            try:
                other = _prompt_text(earlier.json())
            except (ValueError, AttributeError):
                continue
            same = 0
            for a, b in zip(text, other, strict=False):
                if a != b:
                    break
                same += 1
            best = max(best, same)
        tokens = best // 4
        return 0 if tokens < 1024 else (tokens // 128) * 128

    def handle(self, request: Recorded) -> tuple[int, dict[str, str], Any]:
        if request.method != "POST" or not request.path.endswith("/chat/completions"):
            raise Refusal(404, f"Unknown request URL: {request.method} {request.path}.", param=None, code="unknown_url")
        body = request.json()
        self.check(body)
        answer = self.next_answer()
        if answer is None:
            raise self.out_of_script()
        if answer.status != 200:
            return answer.status, answer.headers, self.error_body(answer.status, answer.error or "scripted error", code=None)
        return 200, answer.headers, self.completion(body, answer)

    def completion(self, body: dict[str, Any], answer: Answer) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
        finish = answer.stop or "stop"
        payload = answer.text if answer.text is not None else json.dumps(answer.record, ensure_ascii=False)
        tools = body.get("tools") or []
        if tools and (body.get("response_format") or {}).get("type") != "json_schema":
            choice = body.get("tool_choice")
            name = choice["function"]["name"] if isinstance(choice, dict) else tools[0]["function"]["name"]
            message["tool_calls"] = [{"id": "call_fake", "type": "function", "function": {"name": name, "arguments": payload}}]
            finish = answer.stop or "tool_calls"
        else:
            message["content"] = payload
        prompt = answer.usage.get("input", max(1, len(_prompt_text(body)) // 4))
        output = answer.usage.get("output", max(1, len(payload) // 4))
        reasoning = answer.usage.get("reasoning", 0)
        cached = answer.usage.get("cached", self.cached_tokens(body))
        return {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": output + reasoning,
                "total_tokens": prompt + output + reasoning,
                "prompt_tokens_details": {"cached_tokens": cached},
                "completion_tokens_details": {"reasoning_tokens": reasoning},
            },
        }


def _prompt_text(body: dict[str, Any]) -> str:
    parts = [json.dumps(body.get("tools") or []), json.dumps(body.get("response_format") or {})]
    for message in body.get("messages") or []:
        content = message.get("content")
        parts.append(content if isinstance(content, str) else json.dumps(content))
    return "\n".join(parts)


class OllamaFake(OpenAIFake):
    """Ollama's OpenAI-compatible endpoint (https://github.com/ollama/ollama/blob/main/docs/openai.md):
    `response_format` with a JSON schema is constrained output; it knows no OpenAI model names."""

    reasoning_rules = False
    strict_rules = False


class VLLMFake(OpenAIFake):
    """vLLM's OpenAI-compatible server; structured outputs through `response_format` json_schema
    (https://docs.vllm.ai/en/latest/features/structured_outputs.html)."""

    reasoning_rules = False
    strict_rules = False
