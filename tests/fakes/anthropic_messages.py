"""Anthropic's Messages API (POST /v1/messages) as api.anthropic.com speaks it.

Refusal rules, from Anthropic's documentation:
- `max_tokens` is required; `temperature` lies in 0..1; roles are "user" and "assistant" only, the
  system prompt goes in the top-level `system` parameter. https://docs.anthropic.com/en/api/messages
- A key (the `x-api-key` header, or a bearer token) and the `anthropic-version` header are required. https://docs.anthropic.com/en/api/overview
  and https://docs.anthropic.com/en/api/versioning
- A tool's `input_schema` is a JSON schema of type object; `tool_choice: {type: "tool", name}` must name
  one of the tools. https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use
- Extended thinking cannot be combined with a forced tool choice.
  https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking (tool use section)
- At most 4 blocks carry `cache_control`; a cached prefix is written once (cache_creation_input_tokens)
  and read on later requests with the same prefix (cache_read_input_tokens), from 1024 tokens up.
  https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching
Error shape: https://docs.anthropic.com/en/api/errors ({"type": "error", "error": {type, message}}).
"""

from __future__ import annotations

import json
from typing import Any

from ._server import FakeServer, Recorded, Refusal

__all__ = ["AnthropicFake"]

_ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error", 429: "rate_limit_error", 500: "api_error", 529: "overloaded_error"}
_MIN_CACHEABLE = 1024


def _bad(message: str) -> Refusal:
    return Refusal(400, message)


class AnthropicFake(FakeServer):
    """`base_url` is the fake's root (the SDK appends /v1/messages)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cached_prefixes: set[str] = set()

    @property
    def base_url(self) -> str:
        return self.url

    def error_body(self, status: int, message: str, **extra: Any) -> Any:
        return {"type": "error", "error": {"type": _ERROR_TYPES.get(status, "api_error"), "message": message}}

    def check(self, request: Recorded, body: dict[str, Any]) -> None:
        # The 2.x SDK sends the key as a bearer token; older ones as x-api-key: either is a key.
        if not request.headers.get("x-api-key") and not request.headers.get("authorization", "").startswith("Bearer "):
            raise Refusal(401, "x-api-key header is required")
        if not request.headers.get("anthropic-version"):
            raise _bad("anthropic-version: header is required")
        if "max_tokens" not in body or body["max_tokens"] is None:
            raise _bad("max_tokens: Field required")
        if not isinstance(body["max_tokens"], int) or body["max_tokens"] < 1:
            raise _bad("max_tokens: Input should be a valid integer greater than or equal to 1")
        temperature = body.get("temperature")
        if temperature is not None and not 0 <= temperature <= 1:
            raise _bad("temperature: range: 0..1")
        for n, message in enumerate(body.get("messages") or []):
            role = message.get("role")
            if role not in ("user", "assistant"):
                raise _bad(
                    f'messages.{n}.role: Unexpected role "{role}". The Messages API accepts a top-level `system` '
                    'parameter, not "system" as an input message role.'
                    if role == "system"
                    else f"messages.{n}.role: Input should be 'user' or 'assistant'"
                )
        names = []
        for n, tool in enumerate(body.get("tools") or []):
            schema = tool.get("input_schema")
            if not isinstance(schema, dict) or schema.get("type") != "object":
                raise _bad(f"tools.{n}.custom.input_schema.type: Input should be 'object'")
            names.append(tool.get("name"))
        choice = body.get("tool_choice") or {}
        if choice.get("type") == "tool":
            if choice.get("name") not in names:
                raise _bad(f"tool_choice: tool '{choice.get('name')}' not found in tools")
            if (body.get("thinking") or {}).get("type") == "enabled":
                raise _bad("Thinking may not be enabled when tool_choice forces tool use.")
        marked = len(_cache_marks(body))
        if marked > 4:
            raise _bad(f"A maximum of 4 blocks with cache_control may be provided. Found {marked}.")

    def handle(self, request: Recorded) -> tuple[int, dict[str, str], Any]:
        if request.method != "POST" or request.path.split("?")[0] != "/v1/messages":
            raise Refusal(404, f"Not found: {request.method} {request.path}")
        body = request.json()
        self.check(request, body)
        answer = self.next_answer()
        if answer is None:
            raise self.out_of_script()
        if answer.status != 200:
            return answer.status, answer.headers, self.error_body(answer.status, answer.error or "scripted error")
        tools = body.get("tools") or []
        content: list[dict[str, Any]]
        if answer.text is not None or not tools:
            content = [{"type": "text", "text": answer.text if answer.text is not None else json.dumps(answer.record)}]
            stop = answer.stop or "end_turn"
        else:
            choice = body.get("tool_choice") or {}
            name = choice.get("name") or tools[0]["name"]
            content = [{"type": "tool_use", "id": "toolu_fake", "name": name, "input": answer.record}]
            stop = answer.stop or "tool_use"
        created, read = self.cache_usage(body)
        prompt = answer.usage.get("input", max(1, len(json.dumps(body)) // 4) - created - read)
        output = answer.usage.get("output", max(1, len(json.dumps(content)) // 4))
        return 200, answer.headers, {
            "id": "msg_fake",
            "type": "message",
            "role": "assistant",
            "model": body.get("model"),
            "content": content,
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": {
                "input_tokens": max(prompt, 1),
                "output_tokens": output,
                "cache_creation_input_tokens": created,
                "cache_read_input_tokens": read,
            },
        }

    def cache_usage(self, body: dict[str, Any]) -> tuple[int, int]:
        """(written, read) tokens for the prefix up to the last cache_control mark (tools, then system, then messages)."""
        marks = _cache_marks(body)
        if not marks:
            return 0, 0
        prefix = marks[-1]
        tokens = len(prefix) // 4
        if tokens < _MIN_CACHEABLE:
            return 0, 0
        if prefix in self.cached_prefixes:
            return 0, tokens
        self.cached_prefixes.add(prefix)
        return tokens, 0


def _cache_marks(body: dict[str, Any]) -> list[str]:
    """For each block carrying cache_control, the prompt text up to and including it."""
    seen: list[str] = []
    marks: list[str] = []
    blocks: list[Any] = list(body.get("tools") or [])
    system = body.get("system")
    blocks.extend(system if isinstance(system, list) else ([{"type": "text", "text": system}] if system else []))
    for message in body.get("messages") or []:
        content = message.get("content")
        blocks.extend(content if isinstance(content, list) else [{"type": "text", "text": content}])
    for block in blocks:
        seen.append(json.dumps({k: v for k, v in block.items() if k != "cache_control"}, sort_keys=True))
        if isinstance(block, dict) and block.get("cache_control"):
            marks.append("".join(seen))
    return marks
