"""Render a task's prompt templates into chat messages, sandboxed, and hash what was sent.

The article reaches the model only as a template variable passed through the `fence` filter:
templates are data the user can edit (rendered under summarizer.sandbox's budgets), and article
text is data that must never act as instructions or break out of its fence. The fence cannot be
closed from inside: its tags carry an id derived from the article's own text (a text cannot hold
the hash of itself), and every `<` in the article, in any form a reader could take for one
(fullwidth, entity, %-escape), is shown as `‹`, so no variant of a tag survives.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterator
from typing import Any

from jinja2 import Template, TemplateError
from pydantic import BaseModel

from summarizer.article import Article
from summarizer.errors import ConfigError
from summarizer.sandbox import BoundedEnvironment, render_bounded

__all__ = ["fence", "fence_id", "render_messages", "sha256", "schema_hash", "Messages"]

Messages = list[dict[str, str]]

_SHOWN_LT = "\u2039"  # single left-pointing angle quotation mark: reads as text, never as a tag
_LT_FORMS = re.compile(
    r"[<\u226e\ufe64\uff1c]"  # '<' and every character whose compatibility form contains it
    r"|&(?:amp;)*(?:lt;?|#0*60;?|#x0*3c;?)"  # HTML entities, also double-escaped
    r"|%(?:25)*3c",  # %-escapes, also double-escaped
    re.IGNORECASE,
)


_LT_STARTS = "<\u226e\ufe64\uff1c&%"  # every match of _LT_FORMS starts with one of these (none has a case)


@functools.lru_cache(maxsize=16)
def fence_id(text: str) -> str:
    """The id in the fence tags around `text`: from its own hash, so stable (cache keys) and unguessable from inside.

    Remembered for the last few texts: rendering asks for it twice per article (the template
    variable and the fence filter), and hashing a long article is not free."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fence(text: str) -> str:
    """Wrap article text in <article-ID> tags that nothing inside it can close or reopen."""
    tag = f"article-{fence_id(text)}"
    return f"<{tag}>\n{defuse(text)}\n</{tag}>"


def defuse(text: str) -> str:
    """`text` with every form of '<' (_LT_FORMS) shown as '‹': what `_LT_FORMS.sub` gives, ~10x sooner.

    The regex engine costs ~25 ns per character however rare the matches; str.find skips to the
    few characters a match can start with, and the pattern is tried only there."""
    starts = sorted(i for ch in _LT_STARTS for i in _positions(text, ch))
    if not starts:
        return text
    parts: list[str] = []
    done = 0
    for i in starts:
        if i >= done and (match := _LT_FORMS.match(text, i)) is not None:
            parts += (text[done:i], _SHOWN_LT)
            done = match.end()
    parts.append(text[done:])
    return "".join(parts)


def _positions(text: str, ch: str) -> Iterator[int]:
    i = text.find(ch)
    while i >= 0:
        yield i
        i = text.find(ch, i + 1)


_env = BoundedEnvironment()
_env.filters["fence"] = fence


@functools.lru_cache(maxsize=128)
def _compiled(template_source: str, name: str) -> Template:
    try:
        return _env.bounded_template(template_source)
    except TemplateError as exc:
        raise ConfigError(f"prompt template {name}: {exc}") from None


def render(template_source: str, name: str, variables: dict[str, Any]) -> str:
    template = _compiled(template_source, name)
    try:
        return render_bounded(template, variables).strip()
    except TemplateError as exc:
        raise ConfigError(f"prompt template {name} failed to render: {_first_line(exc)}") from None
    except Exception as exc:  # noqa: BLE001 - whatever a user template raises is that template's one-line error
        raise ConfigError(f"prompt template {name} failed to render: {type(exc).__name__}: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def render_messages(system_src: str, user_src: str, article: Article, schema_name: str, task: str) -> Messages:
    variables: dict[str, Any] = {
        "article": article.text,
        "fence_id": fence_id(article.text),
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
