"""The JSON schema Gemini's `responseJsonSchema` accepts, derived from Pydantic.

Gemini supports a documented subset of JSON Schema for structured output
(https://ai.google.dev/gemini-api/docs/structured-output#json-schema-support): types, titles,
descriptions, properties, required, additionalProperties, enum, format (date-time, date, time),
numeric and array bounds, anyOf, $ref and $defs. Anything else (Pydantic's `default`, the
project's `x-evidence` marker) is removed here; a validation keyword outside the subset is
written into the description, and Pydantic still checks it on the answer.
"""

from __future__ import annotations

from pydantic import BaseModel

from summarizer.structured._walk import JSON
from summarizer.structured.subset import subset_node, subset_schema

__all__ = ["GEMINI_FORMATS", "GEMINI_KEYWORDS", "gemini_schema"]

GEMINI_KEYWORDS = frozenset(
    {
        "type", "title", "description", "properties", "required", "additionalProperties", "enum",
        "format", "minimum", "maximum", "items", "prefixItems", "minItems", "maxItems", "anyOf",
        "$ref", "$defs", "$id", "$anchor", "propertyOrdering",
    }
)  # fmt: skip
GEMINI_FORMATS = frozenset({"date-time", "date", "time"})

def _gemini_node(node: JSON) -> JSON:
    return subset_node(node, keywords=GEMINI_KEYWORDS, formats=GEMINI_FORMATS)


def gemini_schema(schema_class: type[BaseModel]) -> JSON:
    """The `responseJsonSchema` for `schema_class` (a fresh copy on every call)."""
    return subset_schema(schema_class, _gemini_node)
