"""Gemini's generateContent (POST /v1beta/models/{model}:generateContent) as the Gemini API speaks it.

Refusal rules, from Google's documentation:
- The key arrives in the `x-goog-api-key` header. https://ai.google.dev/gemini-api/docs/api-key
- `contents[].role` is "user" or "model"; the system prompt goes in `systemInstruction`.
  https://ai.google.dev/api/generate-content and https://ai.google.dev/api/caching#Content
- `responseJsonSchema` / `responseSchema` need `responseMimeType: application/json`, and
  `responseJsonSchema` accepts only the documented subset of JSON Schema (no `default`, no custom
  keys; string formats date-time, date, time). https://ai.google.dev/api/generate-content#generationconfig
  and https://ai.google.dev/gemini-api/docs/structured-output#json-schema-support
- `responseSchema` is an OpenAPI Schema message: an unknown field is refused as any unknown proto
  field is. https://ai.google.dev/api/caching#Schema
- Implicit caching: a request whose prefix (system instruction, schema, then contents) repeats an
  earlier one's reports the repeated part as cachedContentTokenCount, from 1024 tokens up.
  https://ai.google.dev/gemini-api/docs/caching#implicit-caching
- Thinking tokens count against `maxOutputTokens`; when they use it up the candidate ends with
  finishReason MAX_TOKENS and no parts. https://ai.google.dev/gemini-api/docs/thinking
Error shape: https://ai.google.dev/gemini-api/docs/troubleshooting ({"error": {code, message, status}}).
"""

from __future__ import annotations

import json
import re
from typing import Any

from ._server import FakeServer, Recorded, Refusal

__all__ = ["GeminiFake"]

_STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}
_JSON_SCHEMA_KEYWORDS = {
    "type", "title", "description", "properties", "required", "additionalProperties", "enum", "format",
    "minimum", "maximum", "items", "prefixItems", "minItems", "maxItems", "anyOf", "$ref", "$defs", "$id",
    "$anchor", "propertyOrdering",
}  # fmt: skip
_JSON_SCHEMA_FORMATS = {"date-time", "date", "time"}
_OPENAPI_FIELDS = {
    "type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems", "properties",
    "required", "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "example", "anyOf",
    "propertyOrdering", "default", "items", "minimum", "maximum",
}  # fmt: skip
_PATH = re.compile(r"^/(v1beta|v1)/models/([^/:]+):generateContent$")


def _bad(message: str) -> Refusal:
    return Refusal(400, message)


def _check_json_schema(node: Any, where: str) -> None:
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key not in _JSON_SCHEMA_KEYWORDS:
            raise _bad(f"Invalid value at '{where}': keyword '{key}' is not supported in response_json_schema.")
        if key == "format" and value not in _JSON_SCHEMA_FORMATS:
            raise _bad(f"Invalid value at '{where}.format': format '{value}' is not supported.")
    for key in ("properties", "$defs"):
        for name, sub in (node.get(key) or {}).items():
            _check_json_schema(sub, f"{where}.{key}.{name}")
    if isinstance(node.get("items"), dict):
        _check_json_schema(node["items"], f"{where}.items")
    for n, sub in enumerate(node.get("anyOf") or []):
        _check_json_schema(sub, f"{where}.anyOf[{n}]")


def _check_openapi_schema(node: Any, where: str) -> None:
    if not isinstance(node, dict):
        return
    for key in node:
        if key not in _OPENAPI_FIELDS:
            raise _bad(f"Invalid JSON payload received. Unknown name \"{key}\" at '{where}': Cannot find field.")
    for n, (_name, sub) in enumerate((node.get("properties") or {}).items()):
        _check_openapi_schema(sub, f"{where}.properties[{n}].value")
    if isinstance(node.get("items"), dict):
        _check_openapi_schema(node["items"], f"{where}.items")
    for n, sub in enumerate(node.get("anyOf") or []):
        _check_openapi_schema(sub, f"{where}.any_of[{n}]")


def _prompt_text(body: dict[str, Any]) -> str:
    config = body.get("generationConfig") or {}
    parts = [json.dumps(body.get("systemInstruction") or {}), json.dumps(config.get("responseJsonSchema") or {}), json.dumps(body.get("tools") or [])]
    parts.extend(json.dumps(c) for c in body.get("contents") or [])
    return "\n".join(parts)


class GeminiFake(FakeServer):
    """`base_url` is the fake's root (the SDK appends /v1beta/models/...)."""

    def cached_tokens(self, body: dict[str, Any]) -> int:
        text = _prompt_text(body)
        best = 0
        for earlier in self.requests[:-1]:
            try:
                other = _prompt_text(earlier.json())
            except (ValueError, AttributeError):
                continue
            same = next((n for n, (a, b) in enumerate(zip(text, other, strict=False)) if a != b), min(len(text), len(other)))
            best = max(best, same)
        tokens = best // 4
        return tokens if tokens >= 1024 else 0

    @property
    def base_url(self) -> str:
        return self.url

    def error_body(self, status: int, message: str, **extra: Any) -> Any:
        return {"error": {"code": status, "message": message, "status": _STATUS.get(status, "UNKNOWN")}}

    def check(self, request: Recorded, body: dict[str, Any]) -> None:
        if not request.headers.get("x-goog-api-key") and "key=" not in request.path:
            raise Refusal(403, "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.")
        for n, content in enumerate(body.get("contents") or []):
            role = content.get("role")
            if role not in (None, "user", "model"):
                raise _bad(f"Please use a valid role: user, model. (contents[{n}].role = {role!r})")
        config = body.get("generationConfig") or {}
        wants_schema = "responseJsonSchema" in config or "responseSchema" in config
        if wants_schema and config.get("responseMimeType") != "application/json":
            raise _bad("responseMimeType must be application/json when a response schema is set.")
        if "responseJsonSchema" in config:
            _check_json_schema(config["responseJsonSchema"], "generation_config.response_json_schema")
        if "responseSchema" in config:
            _check_openapi_schema(config["responseSchema"], "generation_config.response_schema")
        for t, tool in enumerate(body.get("tools") or []):
            for f, declaration in enumerate(tool.get("functionDeclarations") or []):
                where = f"tools[{t}].function_declarations[{f}]"
                if "parameters" in declaration:
                    _check_openapi_schema(declaration["parameters"], where + ".parameters")
                if "parametersJsonSchema" in declaration:
                    _check_json_schema(declaration["parametersJsonSchema"], where + ".parameters_json_schema")

    def handle(self, request: Recorded) -> tuple[int, dict[str, str], Any]:
        match = _PATH.match(request.path.split("?")[0])
        if request.method != "POST" or match is None:
            raise Refusal(404, f"Not found: {request.method} {request.path}")
        body = request.json()
        self.check(request, body)
        answer = self.next_answer()
        if answer is None:
            raise self.out_of_script()
        if answer.status != 200:
            return answer.status, answer.headers, self.error_body(answer.status, answer.error or "scripted error")
        config = body.get("generationConfig") or {}
        thoughts = answer.usage.get("thoughts", 0)
        content: dict[str, Any] = {"role": "model"}
        declarations = [d for tool in body.get("tools") or [] for d in tool.get("functionDeclarations") or []]
        if declarations and answer.record is not None:
            content["parts"] = [{"functionCall": {"name": declarations[0]["name"], "args": answer.record}}]
            output = answer.usage.get("output", max(1, len(json.dumps(answer.record)) // 4))
        elif answer.record is not None or answer.text is not None:
            text = answer.text if answer.text is not None else json.dumps(answer.record, ensure_ascii=False)
            content["parts"] = [{"text": text}]
            output = answer.usage.get("output", max(1, len(text) // 4))
        else:  # thinking used the whole budget: no parts at all
            output = 0
            thoughts = thoughts or int(config.get("maxOutputTokens") or 0)
        prompt = answer.usage.get("input", max(1, len(_prompt_text(body)) // 4))
        cached = answer.usage.get("cached", self.cached_tokens(body))
        usage = {
            "promptTokenCount": prompt,
            "candidatesTokenCount": output,
            "totalTokenCount": prompt + output + thoughts,
        }
        if thoughts:
            usage["thoughtsTokenCount"] = thoughts
        if cached:
            usage["cachedContentTokenCount"] = cached
        return 200, answer.headers, {
            "candidates": [{"content": content, "finishReason": answer.stop or "STOP", "index": 0}],
            "usageMetadata": usage,
            "modelVersion": match.group(2),
        }
