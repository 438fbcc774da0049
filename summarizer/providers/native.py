"""Each provider's own structured output, sent through its SDK without instructor in between.

instructor 1.17 cannot send these: it maps `tools_strict` to plain tools, passes `temperature`
to the Anthropic 2.x SDK (which has no such argument), and validates Gemini's answers in strict
mode so every enum and date fails. Here the body comes from summarizer.providers.payloads, the
answer is validated by Pydantic, and a failed validation is re-asked with the errors, up to the
profile's `reasks`. Failures are classified by the instructor adapter's one classifier.
"""

from __future__ import annotations

import json
from typing import Any

import httpx2
from pydantic import BaseModel, ValidationError

from summarizer.config import Profile
from summarizer.errors import ConfigError, OutputInvalidError, RefusalError, TruncatedError
from summarizer.model import events
from summarizer.model.registry import Family, ProviderSpec
from summarizer.providers.base import Completion, Messages, Request, Tally
from summarizer.providers.llm import InstructorAPI, one_line
from summarizer.providers.payloads import anthropic_body, gemini_body, openai_body
from summarizer.providers.wire import http_client, watch
from summarizer.result import Usage
from summarizer.retry import RETRYABLE_STATUS, TransientFault

__all__ = ["NativeAPI", "Reply", "body_for"]

_PLACEHOLDER_KEY = "no-key"


class Reply:
    """One answer, read the same way for every family."""

    def __init__(self, text: str | None, usage: Usage, stop: str, refusal: str | None = None) -> None:
        self.text = text
        self.usage = usage
        self.stop = stop
        self.refusal = refusal


def body_for(profile: Profile, spec: ProviderSpec, messages: Messages, schema: type[BaseModel]) -> dict[str, Any]:
    if spec.family is Family.anthropic:
        return anthropic_body(profile, spec, messages, schema)
    if spec.family is Family.google:
        return gemini_body(profile, spec, messages, schema)
    return openai_body(profile, spec, messages, schema)


def _int(value: Any) -> int:
    return value if isinstance(value, int) else 0


class NativeAPI(InstructorAPI):
    """The SDK of the profile's family, called with the provider's own structured-output request."""

    def _build(self) -> tuple[Any, httpx2.AsyncClient]:
        """(the family's own SDK client, its httpx2 client): no instructor in between."""
        http = http_client(self.route, timeout=self.profile.timeout, transport=self._transport)
        key = self.route.api_key or _PLACEHOLDER_KEY
        timeout = self.profile.timeout
        try:
            if self.spec.family is Family.anthropic:
                import anthropic

                return anthropic.AsyncAnthropic(api_key=key, base_url=self.route.base_url, timeout=timeout, max_retries=0, http_client=http), http
            if self.spec.family is Family.google:
                from google import genai  # type: ignore[import-not-found, unused-ignore]
                from google.genai import types  # type: ignore[import-not-found, unused-ignore]

                options = types.HttpOptions(
                    base_url=self.route.base_url, timeout=int(timeout * 1000), httpx_async_client=http,
                    retry_options=types.HttpRetryOptions(attempts=1),
                )  # fmt: skip
                return genai.Client(api_key=key, http_options=options), http
        except ImportError:
            raise ConfigError(f"provider {self.spec.name!r} needs its SDK: {self.spec.install_hint}") from None
        import openai

        return openai.AsyncOpenAI(api_key=key, base_url=self.route.base_url, timeout=timeout, max_retries=0, http_client=http), http

    def body(self, messages: Messages, schema: type[BaseModel]) -> dict[str, Any]:
        return body_for(self.profile, self.spec, messages, schema)

    async def attempt(self, request: Request, *, timeout: float) -> Completion:
        tally = request.tally
        before_attempts, before_usage = tally.attempts, tally.usage
        messages = list(request.messages)
        headers = self.request_headers(request.article)
        sdk = self._client  # a missing SDK is the ConfigError it raises, not a failed attempt
        wire = watch()
        try:
            for turn in range(self.profile.reasks + 1):
                reply = await self._send(sdk, self.body(messages, request.schema), timeout, headers)
                tally.usage = tally.usage + reply.usage
                tally.attempts += 1
                tally.raw = reply.text
                record, problem = self._read(reply, request.schema, tally)
                if record is not None:
                    spent = tally.usage.model_copy(update={"cost_usd": None})
                    return Completion(
                        record=record, usage=_minus(spent, before_usage), attempts=tally.attempts - before_attempts, raw=tally.raw
                    )
                events.reask(self.target, turn + 1, one_line(problem, 200))
                messages = [
                    *messages,
                    {"role": "assistant", "content": reply.text or ""},
                    {"role": "user", "content": f"That answer failed validation; fix these errors and answer again:\n{problem}"},
                ]
        except (TruncatedError, RefusalError, ConfigError):
            tally.sent += wire.sent
            raise
        except Exception as exc:  # classified once, below; nothing is swallowed
            tally.sent += wire.sent
            raise self._classify(self._google_status(exc), tally, wire) from None
        tally.sent += wire.sent
        raise self._error(
            OutputInvalidError,
            f"{self.target} gave no valid record after {tally.attempts - before_attempts} attempt(s) "
            f"({tally.usage.total_tokens} tokens): {one_line(problem, 500)}",
            tally, None,
        )  # fmt: skip

    def _read(self, reply: Reply, schema: type[BaseModel], tally: Tally) -> tuple[BaseModel | None, str]:
        if reply.refusal:
            tally.refusal = reply.refusal
            raise self._error(RefusalError, f"{self.target} refused: {one_line(reply.refusal)!r}", tally, None)
        if reply.stop in ("length", "max_tokens", "MAX_TOKENS"):
            thinking = f", {reply.usage.reasoning_tokens} of them reasoning" if reply.usage.reasoning_tokens else ""
            raise self._error(
                TruncatedError,
                f"{self.target} stopped at its output limit ({reply.stop!r} after {reply.usage.output_tokens} output tokens{thinking}, "
                f"max_tokens={self.profile.max_tokens}): raise max_tokens in the profile or shorten the article",
                tally, None,
            )  # fmt: skip
        if not reply.text:
            return None, f"the answer had no content (stop reason {reply.stop!r})"
        try:
            return schema.model_validate_json(reply.text), ""
        except ValidationError as exc:
            return None, str(exc)

    async def _send(self, sdk: Any, body: dict[str, Any], timeout: float, headers: dict[str, str]) -> Reply:
        if self.spec.family is Family.anthropic:
            return _anthropic_reply(await sdk.messages.create(**body, timeout=timeout, extra_headers=headers or None))
        if self.spec.family is Family.google:
            # the deadline left for this attempt, per request (http_options never reach the body)
            config = {**body["config"], "http_options": {"timeout": max(1, int(timeout * 1000))}}
            return _google_reply(await sdk.aio.models.generate_content(**{**body, "config": config}))
        return _openai_reply(await sdk.chat.completions.create(**body, timeout=timeout, extra_headers=headers or None))

    def _google_status(self, exc: BaseException) -> BaseException:
        """google-genai's errors carry `code`, not `status_code`: make them classifiable (429/5xx retried)."""
        code = getattr(exc, "code", None)
        if self.spec.family is Family.google and isinstance(code, int):
            if code in RETRYABLE_STATUS:
                return TransientFault(exc, None, reason=f"answered {code}")
            setattr(exc, "status_code", code)  # noqa: B010 - read by retry.status_of
        return exc

    def _classify(self, exc: BaseException, tally: Tally, wire: Any) -> BaseException:
        if isinstance(exc, TransientFault):
            return exc
        return super()._classify(exc, tally, wire)


def _minus(total: Usage, before: Usage) -> Usage:
    return Usage(
        input_tokens=total.input_tokens - before.input_tokens,
        output_tokens=total.output_tokens - before.output_tokens,
        requests=total.requests - before.requests,
        cached_input_tokens=total.cached_input_tokens - before.cached_input_tokens,
        reasoning_tokens=total.reasoning_tokens - before.reasoning_tokens,
    )


def _openai_reply(response: Any) -> Reply:
    choice = response.choices[0] if getattr(response, "choices", None) else None
    if choice is None:
        return Reply(None, Usage(requests=1), "no choices")
    message = choice.message
    calls = getattr(message, "tool_calls", None) or []
    text = calls[0].function.arguments if calls else message.content
    u = response.usage
    prompt = getattr(u, "prompt_tokens_details", None)
    completion = getattr(u, "completion_tokens_details", None)
    usage = Usage(
        input_tokens=_int(getattr(u, "prompt_tokens", 0)),
        output_tokens=_int(getattr(u, "completion_tokens", 0)),
        requests=1,
        cached_input_tokens=_int(getattr(prompt, "cached_tokens", 0)),
        reasoning_tokens=_int(getattr(completion, "reasoning_tokens", 0)),
    )
    return Reply(text, usage, str(choice.finish_reason), getattr(message, "refusal", None))


def _anthropic_reply(response: Any) -> Reply:
    text = None
    for block in response.content:
        if block.type == "tool_use":
            text = json.dumps(block.input, ensure_ascii=False)
            break
        if block.type == "text":
            text = block.text
    u = response.usage
    read = _int(getattr(u, "cache_read_input_tokens", 0))
    written = _int(getattr(u, "cache_creation_input_tokens", 0))
    usage = Usage(
        input_tokens=_int(u.input_tokens) + read + written, output_tokens=_int(u.output_tokens), requests=1, cached_input_tokens=read
    )
    refusal = text if response.stop_reason == "refusal" else None
    return Reply(text, usage, str(response.stop_reason), refusal)


def _google_reply(response: Any) -> Reply:
    candidate = response.candidates[0] if response.candidates else None
    parts = (candidate.content.parts if candidate is not None and candidate.content is not None else None) or []
    calls = [p.function_call for p in parts if getattr(p, "function_call", None) is not None]
    if calls:
        text: str | None = json.dumps(calls[0].args or {}, ensure_ascii=False)
    else:
        text = "".join(p.text for p in parts if getattr(p, "text", None) and not getattr(p, "thought", False)) or None
    u = response.usage_metadata
    thoughts = _int(getattr(u, "thoughts_token_count", 0))
    usage = Usage(
        input_tokens=_int(getattr(u, "prompt_token_count", 0)),
        output_tokens=_int(getattr(u, "candidates_token_count", 0)) + thoughts,
        requests=1,
        cached_input_tokens=_int(getattr(u, "cached_content_token_count", 0)),
        reasoning_tokens=thoughts,
    )
    reason = getattr(candidate, "finish_reason", None) if candidate is not None else "no candidates"
    stop = getattr(reason, "name", None) or str(reason)
    refusal = f"blocked ({stop})" if stop in ("SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST") else None
    return Reply(text, usage, stop, refusal)
