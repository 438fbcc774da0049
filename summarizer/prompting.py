"""Render a task's prompt templates into chat messages, sandboxed, and hash what was sent.

The article reaches the model only as a template variable passed through the `fence` filter:
templates are data the user can edit, and article text is data that must never act as
instructions or break out of its fence.
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel

from summarizer.article import Article
from summarizer.errors import ConfigError

__all__ = ["fence", "render_messages", "sha256", "schema_hash", "Messages"]

Messages = list[dict[str, str]]

FENCE_OPEN = "<article>"
FENCE_CLOSE = "</article>"


def fence(text: str) -> str:
    """Wrap article text in <article> tags; any tag inside that could close or reopen it is defused."""
    safe = text.replace("</article", "<\u2044article").replace("<article", "<\u2044article")
    return f"{FENCE_OPEN}\n{safe}\n{FENCE_CLOSE}"


_env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
_env.filters["fence"] = fence


@functools.lru_cache(maxsize=128)
def _compiled(template_source: str) -> Template:
    return _env.from_string(template_source)


def render(template_source: str, name: str, variables: dict[str, Any]) -> str:
    try:
        return _compiled(template_source).render(**variables).strip()
    except TemplateError as exc:
        raise ConfigError(f"prompt template {name} failed to render: {exc}") from None


def render_messages(system_src: str, user_src: str, article: Article, schema_name: str, task: str) -> Messages:
    variables: dict[str, Any] = {
        "article": article.text,
        "meta": article.meta.model_dump(mode="json"),
        "schema_name": schema_name,
    }
    return [
        {"role": "system", "content": render(system_src, f"{task}/system.j2", variables)},
        {"role": "user", "content": render(user_src, f"{task}/user.j2", variables)},
    ]


def sha256(data: Any) -> str:
    blob = data if isinstance(data, str) else json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def schema_hash(schema: type[BaseModel]) -> str:
    return sha256(schema.model_json_schema())
