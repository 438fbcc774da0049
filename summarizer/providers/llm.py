"""The instructor adapter: one attempt at a language model through its own SDK.

Every family (OpenAI and compatible servers, Anthropic, Google) goes through instructor, which
parses the answer for the mode and re-asks with the validation error (`Profile.reasks`). What
an attempt's failure means is decided here, once: worth retrying (`TransientFault`), a final
model error (refusal, truncation, invalid output, HTTP 4xx, an HTML page), or a client-side
failure (ConfigError: the SDK refused the request before sending it).

Two instructor costs are accepted rather than patched: it scans the response model for async
validators on every call (~8 ms for IncidentSummary, bench/overhead.py), and it logs failed
attempts on its own `instructor` logger, which is left as the user configured it.
"""

from __future__ import annotations

import functools
from typing import Any

import httpx2
from instructor.core.exceptions import IncompleteOutputException
from instructor.core.hooks import Hooks
from pydantic import BaseModel

from summarizer.article import Article
from summarizer.config import Profile
from summarizer.errors import (
    ConfigError,
    ModelError,
    OutputInvalidError,
    RefusalError,
    TransportError,
    TruncatedError,
)
from summarizer.model import events
from summarizer.model.registry import ProviderSpec
from summarizer.model.routing import Route
from summarizer.providers.base import Completion, Request, Tally
from summarizer.providers.clients import build_client
from summarizer.providers.modes import request_kwargs
from summarizer.providers.wire import WireLog, watch
from summarizer.result import Usage
from summarizer.retry import TransientFault, is_transient, retry_after_seconds, status_of

__all__ = ["InstructorAPI", "one_line"]


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


def one_line(text: object, limit: int = 300) -> str:
    """Model or server text made safe for a one-line message: no newlines or control characters."""
    flat = " ".join(str(text).split())
    flat = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in flat)
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


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
    """The first choice's message of a chat completion, or None for anything else (never raises)."""
    choices = getattr(response, "choices", None)
    if not isinstance(choices, list) or not choices:
        return None
    return getattr(choices[0], "message", None)


def _raw_text(response: Any) -> str | None:
    message = _message_of(response)
    if message is not None:
        calls = getattr(message, "tool_calls", None)
        if isinstance(calls, list) and calls:
            function = getattr(calls[0], "function", None)
            return str(getattr(function, "arguments", "")) or None
        content = getattr(message, "content", None)
        return content if isinstance(content, str) else None
    blocks = getattr(response, "content", None)  # Anthropic Messages: a list of blocks
    if isinstance(blocks, list):
        for block in blocks:
            if getattr(block, "type", None) == "tool_use":
                import json

                return json.dumps(getattr(block, "input", None), ensure_ascii=False)
            if getattr(block, "type", None) == "text":
                return str(getattr(block, "text", ""))
    return None


def _root_cause(exc: BaseException) -> BaseException:
    seen = exc
    while seen.__cause__ is not None and seen.__cause__ is not seen:
        seen = seen.__cause__
    return seen


class InstructorAPI:
    """One provider's SDK client behind instructor; `attempt` is one transport try."""

    keyless = False

    def __init__(
        self,
        profile: Profile,
        spec: ProviderSpec,
        route: Route,
        *,
        transport: httpx2.AsyncBaseTransport | None = None,
        extra_headers: dict[str, str] | None = None,
    ) -> None:
        self.profile = profile
        self.spec = spec
        self.route = route
        self.provider = spec.name
        self.model = profile.model
        self.where = route.base_url or "the SDK's default endpoint"
        self.extra_headers = extra_headers or {}
        self._transport = transport
        self._built: tuple[Any, httpx2.AsyncClient] | None = None

    @property
    def _client(self) -> Any:
        """The SDK client, built on the first attempt: a fully cached batch never builds one."""
        if self._built is None:
            self._built = self._build()
        return self._built[0]

    def _build(self) -> tuple[Any, httpx2.AsyncClient]:
        """(client, the httpx2 client under it): here instructor's, over the family's SDK."""
        return build_client(self.profile, self.spec, self.route, transport=self._transport)

    @property
    def target(self) -> str:
        return f"{self.model} at {self.where}"

    def request_headers(self, article: Article) -> dict[str, str]:
        """Per-request HTTP headers (none for real providers)."""
        return dict(self.extra_headers)

    async def attempt(self, request: Request, *, timeout: float) -> Completion:
        tally = request.tally
        wire = watch()
        before_attempts, before_usage = tally.attempts, tally.usage
        last: dict[str, Any] = {}

        def on_response(response: Any) -> None:
            tally.usage = tally.usage + _usage_of(response)
            tally.attempts += 1
            tally.raw = _raw_text(response)
            last["response"] = response
            message = _message_of(response)
            refusal = getattr(message, "refusal", None)
            tally.refusal = refusal if isinstance(refusal, str) and refusal else None

        def on_parse_error(error: Exception) -> None:
            events.reask(self.target, tally.attempts - before_attempts, one_line(error, 200))

        hooks = Hooks()
        hooks.on("completion:response", on_response)
        hooks.on("parse:error", on_parse_error)
        kwargs = request_kwargs(self.profile, self.spec, timeout=timeout, headers=self.request_headers(request.article))
        client = self._client  # a missing SDK is the ConfigError it raises, not a failed attempt
        try:
            result: BaseModel = await client.chat.completions.create(
                model=self.profile.model_name,
                messages=request.messages,
                response_model=_response_model(request.schema),
                max_retries=self.profile.reasks,
                hooks=hooks,
                **kwargs,
            )
        except Exception as exc:  # classified below; nothing is swallowed
            tally.sent += wire.sent
            raise self._classify(exc, tally, wire) from None
        tally.sent += wire.sent
        usage = tally.usage.model_copy(update={"cost_usd": None})
        spent = Usage(
            input_tokens=usage.input_tokens - before_usage.input_tokens,
            output_tokens=usage.output_tokens - before_usage.output_tokens,
            requests=usage.requests - before_usage.requests,
        )
        return Completion(record=result, usage=spent, attempts=tally.attempts - before_attempts, raw=tally.raw)

    async def aclose(self) -> None:
        """Close the HTTP client (its connection pool), if one was built."""
        if self._built is not None:
            await self._built[1].aclose()

    def _error(self, cls: type[ModelError], message: str, tally: Tally, cause: BaseException | None) -> ModelError:
        return cls(
            message, provider=self.provider, model=self.model, attempts=tally.attempts,
            usage=tally.usage, cause=cause, raw=tally.raw,
        )  # fmt: skip

    def _classify(self, exc: BaseException, tally: Tally, wire: WireLog) -> BaseException:
        root = _root_cause(exc)
        if isinstance(exc, IncompleteOutputException) or "max_tokens length limit" in str(exc):
            return self._error(
                TruncatedError,
                f"{self.target} stopped at its output limit (finish_reason 'length', max_tokens={self.profile.max_tokens}): "
                "raise max_tokens in the profile or shorten the article",
                tally, exc,
            )  # fmt: skip
        if tally.refusal:
            return self._error(RefusalError, f"{self.target} refused: {one_line(tally.refusal)!r}", tally, exc)
        status = status_of(root) or (wire.status if wire.status and wire.status >= 400 else None)
        if wire.answered_html:
            what = f"answered HTML, not JSON (HTTP {wire.status}, {wire.content_type or 'no content type'})"
            if status is not None and is_transient(root):
                return TransientFault(root, retry_after_seconds(root), reason=what)
            return self._error(
                TransportError, f"{self.target} {what}: is base_url the API's address (usually ending in /v1)?", tally, root
            )
        if is_transient(root):
            return TransientFault(root, retry_after_seconds(root), reason=_fault_reason(root, status))
        if status in (401, 403):
            env = self.route.key_env or "the provider's key variable (or set api_key_env)"
            return self._error(
                TransportError, f"{self.target}: the provider rejected the credentials ({status}): check {env}", tally, root
            )
        if status is not None:
            return self._error(
                TransportError, f"{self.target}: the provider answered {status}: {one_line(_server_message(root))}", tally, root
            )
        if wire.sent == 0 and tally.attempts == 0 and not isinstance(exc, ConfigError):
            return ConfigError(
                f"profile {self.profile.name!r}: the {self.spec.family.value} SDK refused the request before sending it "
                f"({type(root).__name__}: {one_line(root, 200)}); check the profile's mode and settings, "
                f"or install the tested SDK: {self.spec.install_hint}"
            )
        if tally.attempts:  # the model answered, and no answer validated
            return self._error(
                OutputInvalidError,
                f"{self.target} gave no valid record after {tally.attempts} attempt(s) "
                f"({tally.usage.total_tokens} tokens): {one_line(root, 500)}",
                tally, exc,
            )  # fmt: skip
        return self._error(TransportError, f"{self.target}: {type(root).__name__}: {one_line(root)}", tally, root)


def _server_message(exc: BaseException) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])
    return str(exc)


def _fault_reason(exc: BaseException, status: int | None) -> str:
    if status is not None:
        return f"answered {status}"
    name = type(exc).__name__
    if "Timeout" in name or isinstance(exc, TimeoutError):
        return "timed out"
    return f"connection failed ({name})"
