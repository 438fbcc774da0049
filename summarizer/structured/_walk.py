"""One walker over JSON-schema nodes, shared by the dialect transforms."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

__all__ = ["JSON", "SUBSCHEMA_LISTS", "SUBSCHEMA_MAPS", "SUBSCHEMA_ONE", "map_nodes", "resolve"]

JSON = dict[str, Any]

SUBSCHEMA_MAPS = ("properties", "$defs", "definitions", "patternProperties")
"""Keywords whose value maps names to schemas."""
SUBSCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
"""Keywords whose value is a list of schemas."""
SUBSCHEMA_ONE = ("items", "additionalProperties", "not", "contains")
"""Keywords whose value is one schema (or, for additionalProperties, a bool)."""


def map_nodes(schema: JSON, visit: Callable[[JSON], JSON]) -> JSON:
    """A deep copy of `schema` with `visit` applied to every schema node, children first."""

    def walk(node: Any) -> Any:
        if not isinstance(node, dict):
            return node
        out: JSON = {}
        for key, value in node.items():
            if key in SUBSCHEMA_MAPS and isinstance(value, dict):
                out[key] = {name: walk(sub) for name, sub in value.items()}
            elif key in SUBSCHEMA_LISTS and isinstance(value, list):
                out[key] = [walk(sub) for sub in value]
            elif key in SUBSCHEMA_ONE and isinstance(value, dict):
                out[key] = walk(value)
            else:
                out[key] = copy.deepcopy(value)
        return visit(out)

    result: JSON = walk(schema)
    return result


def resolve(root: JSON, ref: str) -> JSON:
    """The node a local `$ref` ('#/$defs/Name') points to; ValueError for any other kind of ref."""
    if not ref.startswith("#/"):
        raise ValueError(f"only local $refs can be resolved, got {ref!r}")
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    if not isinstance(node, dict):
        raise ValueError(f"$ref {ref!r} does not point to a schema")
    return node
