"""The strict subset of JSON schema that OpenAI's structured outputs accept, derived from Pydantic.

Strict mode compiles the schema into a decoding grammar, so it accepts only a subset
(https://platform.openai.com/docs/guides/structured-outputs#supported-schemas): every property
listed in `required`, `additionalProperties: false` on every object, a fixed set of keywords.
Optional fields stay optional in meaning: a field whose type admits null keeps `null` as a
choice; a field with another default (an empty list, False) must be sent with a value, which
validates exactly as the default would. `default`, titles and custom `x-` keys are removed; a
validation keyword strict does not know is written into the description (Pydantic still checks
it on the answer, and a failure is re-asked), never silently lost.

The OpenAI SDK's own converter (openai.lib._pydantic.to_strict_json_schema) keeps `default` and
custom keys, which the API refuses; this module is the one place the strict form is made.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from pydantic import BaseModel

from summarizer.structured._walk import JSON, map_nodes, resolve

__all__ = ["STRICT_FORMATS", "STRICT_KEYWORDS", "inline_refs", "strict_dump", "strict_schema"]

STRICT_KEYWORDS = frozenset(
    {
        "type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf",
        "$ref", "$defs", "definitions", "description",
        "pattern", "format",  # strings
        "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",  # numbers
        "minItems", "maxItems",  # arrays
    }
)  # fmt: skip
"""Keywords of the supported-schemas list (https://platform.openai.com/docs/guides/structured-outputs#supported-properties)."""

STRICT_FORMATS = frozenset({"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"})
"""String formats strict mode accepts (same page, 'Supported properties')."""

_DROPPED = frozenset({"default", "title", "examples"})
"""Annotations with no meaning for the decoder; `default` is refused outright."""


def inline_refs(schema: JSON, *, only_with_siblings: bool = False) -> JSON:
    """`schema` with local `$ref`s replaced by the schema they name (the ref's own keys win).

    `only_with_siblings`: inline only refs that carry other keys (a description beside `$ref`,
    which strict mode refuses), keeping bare refs and their `$defs`. A recursive ref cannot be
    inlined; it is kept, its sibling keys moved onto an `anyOf` wrapper.
    """
    root = schema

    def expand(node: Any, stack: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [expand(item, stack) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str):
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            if only_with_siblings and not siblings:
                return {"$ref": ref}
            if ref in stack:  # recursive: the ref must stay
                return {"anyOf": [{"$ref": ref}], **expand(siblings, stack)} if siblings else {"$ref": ref}
            target = expand(resolve(root, ref), (*stack, ref))
            return {**target, **expand(siblings, stack)}
        out: JSON = {}
        for key, value in node.items():
            if key in ("$defs", "definitions"):
                continue
            out[key] = expand(value, stack)
        return out

    result: JSON = expand(schema, ())
    defs = schema.get("$defs") or {}
    if defs:
        kept = {name: expand(sub, (f"#/$defs/{name}",)) for name, sub in defs.items()}
        used = _used_defs(result, kept)
        if used:
            result["$defs"] = {name: kept[name] for name in kept if name in used}
    return result


def _used_defs(schema: JSON, defs: dict[str, Any]) -> set[str]:
    """Names of `$defs` reachable from `schema` through `$ref`s (transitively)."""
    used: set[str] = set()
    todo = [schema]
    while todo:
        text = json.dumps(todo.pop())
        for name in defs:
            if name not in used and f'"#/$defs/{name}"' in text:
                used.add(name)
                todo.append(defs[name])
    return used


def _strict_node(node: JSON) -> JSON:
    out: JSON = {}
    notes: list[str] = []
    for key, value in node.items():
        if key in _DROPPED or key.startswith("x-"):
            continue
        if key == "format" and value not in STRICT_FORMATS:
            notes.append(f"format: {value}")
            continue
        if key not in STRICT_KEYWORDS:
            notes.append(f"{key}: {json.dumps(value)}")
            continue
        out[key] = value
    if notes:
        text = out.get("description", "")
        out["description"] = (f"{text} " if text else "") + "(" + "; ".join(notes) + ")"
    if out.get("type") == "object" or "properties" in out:
        extra = out.get("additionalProperties")
        if isinstance(extra, dict) or ("properties" not in out and extra is not False):
            raise ValueError(
                "strict structured outputs cannot express an object with free-form keys (a dict field); "
                "use a list of objects with a key field, or a non-strict mode"
            )
        out.setdefault("properties", {})
        out["required"] = list(out["properties"])
        out["additionalProperties"] = False
    return out


@functools.lru_cache(maxsize=64)
def _strict_cached(schema_class: type[BaseModel]) -> str:
    base = inline_refs(schema_class.model_json_schema(), only_with_siblings=True)
    return json.dumps(map_nodes(base, _strict_node), ensure_ascii=False)


def strict_schema(schema_class: type[BaseModel]) -> JSON:
    """The strict-mode JSON schema for `schema_class` (a fresh copy on every call)."""
    loaded: JSON = json.loads(_strict_cached(schema_class))
    return loaded


def strict_dump(record: BaseModel) -> JSON:
    """`record` as a strict-mode answer carries it: every field present, absent values as null."""
    dumped: JSON = record.model_dump(mode="json", exclude_unset=False, exclude_none=False)
    return dumped
