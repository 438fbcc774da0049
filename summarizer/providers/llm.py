"""Language-model backends through instructor: one class for every provider.

OpenAI and every OpenAI-compatible server (Ollama, vLLM, llama.cpp, OpenRouter, Groq, the
scripted test server) share one code path: an AsyncOpenAI client with a base_url. Anthropic
and Google go through instructor.from_provider and need their extras installed.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

import instructor
from instructor.core.exceptions import IncompleteOutputException, InstructorError
from instructor.core.hooks import Hooks
from pydantic import BaseModel

from summarizer.article import Article
from summarizer.config import DEFAULT_BASE_URL, Profile
from summarizer.errors import (
    ConfigError,
    ModelError,
    OutputInvalidError,
    RefusalError,
    TransportError,
    TruncatedError,
)
from summarizer.providers.base import Completion, Messages
from summarizer.result import Usage
from summarizer.retry import (
    TransientFault,
    is_transient,
    retry_after_seconds,
    retry_transport,
    status_of,
)

__all__ = ["LLMBackend", "OPENAI_COMPATIBLE"]

# instructor logs every failed attempt at ERROR, with the completion; our errors say it once.
logging.getLogger("instructor").addHandler(logging.NullHandler())
logging.getLogger("instructor").propagate = False

OPENAI_COMPATIBLE = {"openai", "ollama", "vllm", "compat", "openrouter", "groq", "scripted"}
EXTRA_FOR = {"anthropic": "anthropic", "google": "google", "gemini": "google", "mistral": "mistral"}

# instructor 1.17 maps these generic modes to each provider's own mechanism.
_MODES: dict[str, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "tools_strict": instructor.Mode.TOOLS_STRICT,
    "json": instructor.Mode.JSON,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "md_json": instructor.Mode.MD_JSON,
}


def _memoize_instructor_validator_scan() -> None:
    """instructor 1.17 walks the whole response model looking for async validators twice per
    call (~8 ms for IncidentSummary, the largest per-call cost we measured in bench/overhead.py).
    The answer depends only on the class, so remember it. Raising (a model with async
    validators) is never cached. Skipped silently on an instructor without this function."""
    try:
        from instructor.v2.validation import async_validators
    except ImportError:
        return
    scan = getattr(async_validators, "reject_async_validators", None)
    if scan is None or hasattr(scan, "cache_info"):
        return
    cached = functools.lru_cache(maxsize=256)(scan)
    setattr(async_validators, "reject_async_validators", cached)  # noqa: B010 - patching a module
    try:  # instructor.v2.core.patch binds the name at import time
        from instructor.v2.core import patch

        if getattr(patch, "reject_async_validators", None) is scan:
            setattr(patch, "reject_async_validators", cached)  # noqa: B010
    except ImportError:
        pass


_memoize_instructor_validator_scan()


@functools.lru_cache(maxsize=64)
def _response_model(schema: type[BaseModel]) -> type[BaseModel]:
    """instructor's wrapped class for `schema`, built once: wrapping per call rebuilds the JSON
    schema every time (about 20 ms for IncidentSummary). Falls back to the plain class."""
    try:
        from instructor.function_calls import response_schema

        wrapped: type[BaseModel] = response_schema(schema)
        return wrapped
    except ImportError:  # an instructor without the helper: let it wrap per call
        return schema


def _usage_of(response: Any) -> Usage:
    usage = getattr(response, "usage", None)
    if usage is None:
        usage = getattr(response, "usage_metadata", None)
    if usage is None:
        return Usage(requests=1)

    def pick(*names: str) -> int:
        for name in names:
            value = getattr(usage, name, None)
            if isinstance(value, int):
                return value
        return 0

    return Usage(
        input_tokens=pick("prompt_tokens", "input_tokens", "prompt_token_count"),
        output_tokens=pick("completion_tokens", "output_tokens", "candidates_token_count"),
        requests=1,
    )


def _message_of(response: Any) -> Any:
    """The first choice's message, or None when the response is not shaped like one (a string
    `choices`, `message: null`): the error mapping runs on malformed answers too, so it never raises."""
    choices = getattr(response, "choices", None)
    if not isinstance(choices, list) or not choices:
        return None
    return getattr(choices[0], "message", None)


def _causes(exc: BaseException) -> list[BaseException]:
    """`exc` and its chain of causes, root last."""
    chain = [exc]
    while chain[-1].__cause__ is not None and chain[-1].__cause__ not in chain and len(chain) < 50:
        chain.append(chain[-1].__cause__)
    return chain


def _root_cause(exc: BaseException) -> BaseException:
    seen = exc
    while seen.__cause__ is not None and seen.__cause__ is not seen:
        seen = seen.__cause__
    return seen


class LLMBackend:
    """Calls one model through instructor, with transport retries, re-asks and error mapping."""

    keyless = False

    def __init__(self, profile: Profile, *, extra_headers: dict[str, str] | None = None) -> None:
        self.profile = profile
        self.provider = profile.provider
        self.model = profile.model
        self.extra_headers = extra_headers or {}
        self._client = self._build_client()

    def _build_client(self) -> Any:
        p = self.profile
        key = p.api_key()  # raises ConfigError naming the env var before any network call
        family = "openai" if p.provider in OPENAI_COMPATIBLE else p.provider
        mode = _MODES[p.mode]
        if family == "openai":
            import openai

            base_url = p.base_url or DEFAULT_BASE_URL.get(p.provider)
            if p.provider == "compat" and not base_url:
                raise ConfigError(f"profile {p.name!r}: provider 'compat' needs base_url (your server's /v1 URL)")
            client = openai.AsyncOpenAI(
                api_key=key or "not-needed",
                base_url=base_url,
                timeout=p.timeout,
                max_retries=0,  # retries happen in summarizer.retry, once
                default_headers=self.extra_headers or None,
            )
            return instructor.from_openai(client, mode=mode)
        try:
            kwargs: dict[str, Any] = {"async_client": True, "mode": mode}
            if key:
                kwargs["api_key"] = key
            return instructor.from_provider(f"{family}/{p.model_name}", **kwargs)
        except (ImportError, InstructorError) as exc:
            if not isinstance(exc, ImportError) and "pip install" not in str(exc):
                raise ConfigError(f"profile {p.name!r}: {exc}") from None
            extra = EXTRA_FOR.get(p.provider, p.provider)
            raise ConfigError(f"provider {p.provider!r} needs its extra: pip install 'incident-summarizer[{extra}]'") from None

    async def extract(self, messages: Messages, schema: type[BaseModel], article: Article) -> Completion:
        state: dict[str, Any] = {"usage": Usage(), "attempts": 0, "last": None}

        def on_response(response: Any) -> None:
            state["usage"] = state["usage"] + _usage_of(response)
            state["attempts"] += 1
            state["last"] = response

        async def once() -> BaseModel:
            hooks = Hooks()
            hooks.on("completion:response", on_response)
            kwargs: dict[str, Any] = {"max_tokens": self.profile.max_tokens}
            headers = self.request_headers(article)
            if headers:
                kwargs["extra_headers"] = headers
            if self.profile.temperature is not None:
                kwargs["temperature"] = self.profile.temperature
            try:
                result: BaseModel = await self._client.chat.completions.create(
                    model=self.profile.model_name,
                    messages=messages,
                    response_model=_response_model(schema),
                    max_retries=self.profile.reasks,
                    hooks=hooks,
                    **kwargs,
                )
                return result
            except Exception as exc:  # classified below; nothing is swallowed
                self._raise_mapped(exc, state)
                raise

        try:
            record = await retry_transport(once, retries=self.profile.transport_retries, max_backoff=self.profile.max_backoff)
        except TransientFault as fault:
            raise self._error(
                TransportError,
                f"{self.model}: provider kept failing after {self.profile.transport_retries + 1} tries: {fault.cause}",
                state,
                fault.cause,
            ) from None
        return Completion(record=record, usage=state["usage"], attempts=state["attempts"], raw=_raw_text(state["last"]))

    async def aclose(self) -> None:
        """Close the underlying HTTP client (its connection pool)."""
        client = getattr(self._client, "client", None)
        close = getattr(client, "close", None)
        if close is not None:
            result = close()
            if hasattr(result, "__await__"):
                await result

    def request_headers(self, article: Article) -> dict[str, str]:
        """Per-request HTTP headers (none for real providers)."""
        return {}

    def _error(self, cls: type[ModelError], message: str, state: dict[str, Any], cause: BaseException | None) -> ModelError:
        return cls(
            message, provider=self.provider, model=self.model, attempts=state["attempts"],
            usage=state["usage"], cause=cause, raw=_raw_text(state["last"]),
        )  # fmt: skip

    def _raise_mapped(self, exc: BaseException, state: dict[str, Any]) -> None:
        root = _root_cause(exc)
        message = _message_of(state["last"])
        if isinstance(exc, IncompleteOutputException) or "max_tokens length limit" in str(exc):
            raise self._error(
                TruncatedError,
                f"{self.model} stopped at its output limit (finish_reason 'length', max_tokens={self.profile.max_tokens}): raise max_tokens in the profile or shorten the article",
                state,
                exc,
            ) from None
        refusal = getattr(message, "refusal", None)
        if refusal:
            raise self._error(RefusalError, f"{self.model} refused: {refusal}", state, exc) from None
        # a reset surfaces as APIConnectionError caused by a transport ReadError: transient
        # wherever it sits in the chain, not only at the root
        transient = next((e for e in _causes(exc) if is_transient(e)), None)
        if transient is not None:
            raise TransientFault(transient, retry_after_seconds(transient)) from None
        status = status_of(root)
        if status in (401, 403):
            env = self.profile.key_env() or "the provider's key variable"
            raise self._error(TransportError, f"{self.model}: the provider rejected the credentials ({status}): check {env}", state, root) from None
        if status is not None:
            raise self._error(TransportError, f"{self.model}: the provider answered {status}: {root}", state, root) from None
        if isinstance(exc, InstructorError):
            raise self._error(
                OutputInvalidError,
                f"{self.model} gave no valid record after {state['attempts']} attempt(s) "
                f"({state['usage'].total_tokens} tokens): {str(root)[:500]}",
                state,
                exc,
            ) from None


def _raw_text(response: Any) -> str | None:
    message = _message_of(response)
    if message is None:
        return None
    calls = getattr(message, "tool_calls", None)
    if isinstance(calls, list) and calls:
        arguments = getattr(getattr(calls[0], "function", None), "arguments", None)
        return arguments if isinstance(arguments, str) else None
    content = getattr(message, "content", None)
    return content if isinstance(content, str) else None
