"""The JSON schema Gemini's `responseJsonSchema` accepts, derived from Pydantic.

Gemini supports a documented subset of JSON Schema for structured output
(https://ai.google.dev/gemini-api/docs/structured-output#json-schema-support): types, titles,
descriptions, properties, required, additionalProperties, enum, format (date-time, date, time),
numeric and array bounds, anyOf, $ref and $defs. Anything else (Pydantic's `default`, the
project's `x-evidence` marker) is removed here; a validation keyword outside the subset is
written into the description, and Pydantic still checks it on the answer.
"""

from __future__ import annotations

import functools
import json

from pydantic import BaseModel

from summarizer.structured._walk import JSON, map_nodes
from summarizer.structured.strict import inline_refs

__all__ = ["GEMINI_FORMATS", "GEMINI_KEYWORDS", "gemini_schema"]

GEMINI_KEYWORDS = frozenset(
    {
        "type", "title", "description", "properties", "required", "additionalProperties", "enum",
        "format", "minimum", "maximum", "items", "prefixItems", "minItems", "maxItems", "anyOf",
        "$ref", "$defs", "$id", "$anchor", "propertyOrdering",
    }
)  # fmt: skip
GEMINI_FORMATS = frozenset({"date-time", "date", "time"})

_DROPPED = frozenset({"default", "title", "examples"})


def _gemini_node(node: JSON) -> JSON:
    out: JSON = {}
    notes: list[str] = []
    for key, value in node.items():
        if key in _DROPPED or key.startswith("x-"):
            continue
        if key == "format" and value not in GEMINI_FORMATS:
            notes.append(f"format: {value}")
            continue
        if key not in GEMINI_KEYWORDS:
            notes.append(f"{key}: {json.dumps(value)}")
            continue
        out[key] = value
    if notes:
        text = out.get("description", "")
        out["description"] = (f"{text} " if text else "") + "(" + "; ".join(notes) + ")"
    return out


@functools.lru_cache(maxsize=64)
def _gemini_cached(schema_class: type[BaseModel]) -> str:
    base = inline_refs(schema_class.model_json_schema(), only_with_siblings=True)
    return json.dumps(map_nodes(base, _gemini_node), ensure_ascii=False)


def gemini_schema(schema_class: type[BaseModel]) -> JSON:
    """The `responseJsonSchema` for `schema_class` (a fresh copy on every call)."""
    loaded: JSON = json.loads(_gemini_cached(schema_class))
    return loaded
