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

from pydantic import BaseModel

from summarizer.structured._walk import JSON
from summarizer.structured.subset import subset_node, subset_schema

__all__ = ["STRICT_FORMATS", "STRICT_KEYWORDS", "strict_dump", "strict_schema"]

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

def _strict_node(node: JSON) -> JSON:
    out = subset_node(node, keywords=STRICT_KEYWORDS, formats=STRICT_FORMATS)
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


def strict_schema(schema_class: type[BaseModel]) -> JSON:
    """The strict-mode JSON schema for `schema_class` (a fresh copy on every call)."""
    return subset_schema(schema_class, _strict_node)


def strict_dump(record: BaseModel) -> JSON:
    """`record` as a strict-mode answer carries it: every field present, absent values as null."""
    dumped: JSON = record.model_dump(mode="json", exclude_unset=False, exclude_none=False)
    return dumped
