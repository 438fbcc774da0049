"""Inlining local `$ref`s, which both dialects need where a ref carries sibling keys."""

from __future__ import annotations

import json
from typing import Any

from summarizer.structured._walk import JSON, resolve

__all__ = ["inline_refs"]


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
