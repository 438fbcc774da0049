"""The narrow seam between summarize() and whatever produces a record.

A Backend takes rendered messages plus the article and returns a validated record with its
usage. Real providers, the keyless rules baseline and the scripted test provider all sit
behind it, so everything after (grounding, caching, scoring) is identical for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from pydantic import BaseModel

from summarizer.article import Article
from summarizer.result import Usage

__all__ = ["Backend", "Completion", "Messages"]

Messages = list[dict[str, str]]


@dataclass
class Completion:
    record: BaseModel
    usage: Usage = field(default_factory=Usage)
    attempts: int = 1
    raw: str | None = None
    date_inferred: bool | None = None  # set by backends that know (the baseline reads datelines)


@runtime_checkable
class Backend(Protocol):
    provider: str
    model: str
    keyless: bool

    async def extract(
        self, messages: Messages, schema: type[BaseModel], article: Article, *, task: str = "incident"
    ) -> Completion:
        """`task` names the task the messages were rendered for; model backends read the messages,
        the rules baseline applies that task's own rules (e.g. MUC-4 relevance for `muc4`)."""
        ...
