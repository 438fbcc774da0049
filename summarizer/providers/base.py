"""The seam between the model layer and whatever answers: one attempt in, one completion out.

A `ModelAPI` makes exactly one transport attempt (instructor's re-asks of invalid output happen
inside it) and either returns a `Completion` or raises: `TransientFault` for what is worth
retrying, a `ModelError` subclass for a final answer, `ConfigError` for a client-side failure.
The model layer (summarizer.model.layer) owns everything around it: cache, retries, deadline,
rate limit, events, usage and cost. Real providers, the rules baseline, the scripted provider
and the in-process fakes of summarizer.testing all sit behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel

from summarizer.article import Article
from summarizer.result import Usage

__all__ = ["Completion", "Messages", "ModelAPI", "Request", "Tally"]

Messages = list[dict[str, str]]


@dataclass
class Completion:
    record: BaseModel
    usage: Usage = field(default_factory=Usage)
    attempts: int = 1
    raw: str | None = None
    date_inferred: bool | None = None  # set by backends that know (the baseline reads datelines)


@dataclass
class Tally:
    """What one request has cost so far, over all its attempts: kept by the layer, filled by the API.

    `attempts` counts model answers (each re-ask is one); `sent` counts HTTP requests on the wire.
    """

    usage: Usage = field(default_factory=Usage)
    attempts: int = 0
    sent: int = 0
    raw: str | None = None
    refusal: str | None = None


@dataclass
class Request:
    """One logical request: messages for `schema`, about `article` (for per-article headers).

    `task` names the task the messages were rendered for: model APIs read the messages; the rules
    baseline applies that task's own rules (MUC-4 relevance for `muc4`)."""

    messages: Messages
    schema: type[BaseModel]
    article: Article
    tally: Tally = field(default_factory=Tally)
    task: str = "incident"


@runtime_checkable
class ModelAPI(Protocol):
    """What the model layer calls. `where` names the endpoint in messages (a URL, or 'in process')."""

    provider: str
    model: str
    keyless: bool
    where: str

    async def attempt(self, request: Request, *, timeout: float) -> Completion: ...

    async def aclose(self) -> None: ...


def cache_identity(api: ModelAPI) -> Any:
    """What besides the messages decides this API's answers (e.g. a scripted answers file's hash)."""
    identity = getattr(api, "cache_identity", None)
    return identity() if callable(identity) else None


def request_headers(api: ModelAPI, article: Article) -> dict[str, str]:
    """Per-request headers the API adds for `article` (hashed into the cache key)."""
    headers = getattr(api, "request_headers", None)
    return dict(headers(article)) if callable(headers) else {}
