"""One article as one batch request line, and one result line back as text, usage or an error.

The request body is `summarizer.providers.native.body_for`, the very function live calls send,
so a batch asks exactly what `summarizer summarize` would. Only the envelope differs per provider:
- OpenAI: {"custom_id", "method": "POST", "url": "/v1/chat/completions", "body"}
  (https://platform.openai.com/docs/api-reference/batch/request-input);
- Anthropic: {"custom_id", "params"} (https://docs.anthropic.com/en/api/creating-message-batches);
- Gemini: {"key", "request"} with the REST GenerateContentRequest
  (https://ai.google.dev/gemini-api/docs/batch-mode#input-file).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from summarizer.model.registry import Family
from summarizer.result import Usage

__all__ = ["Outcome", "envelope", "read_result"]

OPENAI_URL = "/v1/chat/completions"


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def gemini_request(body: dict[str, Any]) -> dict[str, Any]:
    """The SDK keywords of `gemini_body` as the REST request a batch file carries.

    The SDK moves system instruction, tools and tool config out of `config` to the top level and
    camel-cases field names; schema contents are data and are left exactly as built."""
    config = dict(body["config"])
    request: dict[str, Any] = {"contents": body["contents"]}
    system = config.pop("system_instruction", None)
    if system:
        request["systemInstruction"] = {"parts": [{"text": system}]}
    tools = config.pop("tools", None)
    if tools:
        request["tools"] = [
            {"functionDeclarations": [{_camel(k): v for k, v in d.items()} for d in t["function_declarations"]]} for t in tools
        ]
    tool_config = config.pop("tool_config", None)
    if tool_config:
        calling = tool_config["function_calling_config"]
        request["toolConfig"] = {"functionCallingConfig": {_camel(k): v for k, v in calling.items()}}
    request["generationConfig"] = {_camel(k): v for k, v in config.items()}
    return request


def envelope(family: Family, custom_id: str, body: dict[str, Any]) -> dict[str, Any]:
    if family is Family.anthropic:
        return {"custom_id": custom_id, "params": body}
    if family is Family.google:
        return {"key": custom_id, "request": gemini_request(body)}
    return {"custom_id": custom_id, "method": "POST", "url": OPENAI_URL, "body": body}


@dataclass(frozen=True)
class Outcome:
    """One result line read: `text` (the structured output's JSON) or `error`, never both."""

    custom_id: str
    text: str | None
    usage: Usage
    error: str | None = None
    error_type: str = "BatchRequestError"


def _int(value: Any) -> int:
    return value if isinstance(value, int) else 0


def _openai(obj: dict[str, Any]) -> Outcome:
    cid = str(obj.get("custom_id"))
    response = obj.get("response") or {}
    if obj.get("error") or response.get("status_code") != 200:
        error = obj.get("error") or (response.get("body") or {}).get("error") or {}
        code = error.get("code") or response.get("status_code")
        kind = "BatchExpired" if code == "batch_expired" else "BatchCancelled" if code == "batch_cancelled" else "BatchRequestError"
        return Outcome(cid, None, Usage(), f"{code}: {error.get('message', 'no message')}", kind)
    body = response["body"]
    choice = (body.get("choices") or [{}])[0]
    message = choice.get("message") or {}
    calls = message.get("tool_calls") or []
    text = calls[0]["function"]["arguments"] if calls else message.get("content")
    u = body.get("usage") or {}
    usage = Usage(
        input_tokens=_int(u.get("prompt_tokens")), output_tokens=_int(u.get("completion_tokens")), requests=1,
        cached_input_tokens=_int((u.get("prompt_tokens_details") or {}).get("cached_tokens")),
        reasoning_tokens=_int((u.get("completion_tokens_details") or {}).get("reasoning_tokens")),
    )  # fmt: skip
    if message.get("refusal"):
        return Outcome(cid, None, usage, f"refused: {message['refusal']}", "RefusalError")
    if choice.get("finish_reason") == "length":
        return Outcome(cid, None, usage, "stopped at its output limit (finish_reason 'length'): raise max_tokens", "TruncatedError")
    return Outcome(cid, text, usage)


def _anthropic(obj: dict[str, Any]) -> Outcome:
    cid = str(obj.get("custom_id"))
    result = obj.get("result") or {}
    kind = result.get("type")
    if kind != "succeeded":
        error = (result.get("error") or {}).get("error") or result.get("error") or {}
        names = {"expired": "BatchExpired", "canceled": "BatchCancelled"}
        message = f"{error.get('type', kind)}: {error.get('message', kind)}" if error else f"request {kind}"
        return Outcome(cid, None, Usage(), message, names.get(str(kind), "BatchRequestError"))
    message = result["message"]
    text = None
    for block in message.get("content") or []:
        if block.get("type") == "tool_use":
            text = json.dumps(block.get("input"), ensure_ascii=False)
            break
        if block.get("type") == "text":
            text = block.get("text")
    u = message.get("usage") or {}
    read, written = _int(u.get("cache_read_input_tokens")), _int(u.get("cache_creation_input_tokens"))
    usage = Usage(input_tokens=_int(u.get("input_tokens")) + read + written, output_tokens=_int(u.get("output_tokens")),
                  requests=1, cached_input_tokens=read)  # fmt: skip
    if message.get("stop_reason") == "max_tokens":
        return Outcome(cid, None, usage, "stopped at its output limit (stop_reason 'max_tokens'): raise max_tokens", "TruncatedError")
    return Outcome(cid, text, usage)


def _gemini(obj: dict[str, Any]) -> Outcome:
    cid = str(obj.get("key"))
    if "response" not in obj:
        error = obj.get("error") or obj.get("status") or {}
        return Outcome(cid, None, Usage(), f"{error.get('code', '?')}: {error.get('message', 'no response')}")
    response = obj["response"]
    candidate = (response.get("candidates") or [{}])[0]
    parts = (candidate.get("content") or {}).get("parts") or []
    calls = [p["functionCall"] for p in parts if "functionCall" in p]
    text = json.dumps(calls[0].get("args") or {}, ensure_ascii=False) if calls else (
        "".join(p.get("text", "") for p in parts if not p.get("thought")) or None
    )
    u = response.get("usageMetadata") or {}
    thoughts = _int(u.get("thoughtsTokenCount"))
    usage = Usage(
        input_tokens=_int(u.get("promptTokenCount")), output_tokens=_int(u.get("candidatesTokenCount")) + thoughts,
        requests=1, cached_input_tokens=_int(u.get("cachedContentTokenCount")), reasoning_tokens=thoughts,
    )  # fmt: skip
    if candidate.get("finishReason") == "MAX_TOKENS":
        return Outcome(cid, None, usage, "stopped at its output limit (finishReason MAX_TOKENS): raise max_tokens", "TruncatedError")
    return Outcome(cid, text, usage)


def read_result(family: Family, line: bytes) -> Outcome:
    obj = json.loads(line)
    if family is Family.anthropic:
        return _anthropic(obj)
    if family is Family.google:
        return _gemini(obj)
    return _openai(obj)
