"""One walk from a Pydantic schema to a provider's documented JSON-schema subset.

Each dialect (strict.py for OpenAI, gemini.py for Gemini) keeps only its own table of keywords
and formats, with the page that documents it, and any rule of its own; the filtering is here,
so both dialects treat a keyword outside their subset the same way: written into the
description (Pydantic still checks it on the answer), never silently lost.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Set

from pydantic import BaseModel

from summarizer.structured._walk import JSON, map_nodes
from summarizer.structured.refs import inline_refs

__all__ = ["DROPPED", "subset_node", "subset_schema"]

DROPPED = frozenset({"default", "title", "examples"})
"""Annotations with no meaning for a decoder (`default` is refused outright by strict mode)."""


def subset_node(node: JSON, *, keywords: Set[str], formats: Set[str]) -> JSON:
    """`node` keeping only `keywords` (and `formats` for `format`); what else validates goes into the description.

    `DROPPED` annotations and custom `x-` keys (the project's `x-evidence` marker) are removed.
    """
    out: JSON = {}
    notes: list[str] = []
    for key, value in node.items():
        if key in DROPPED or key.startswith("x-"):
            continue
        if key == "format" and value not in formats:
            notes.append(f"format: {value}")
            continue
        if key not in keywords:
            notes.append(f"{key}: {json.dumps(value)}")
            continue
        out[key] = value
    if notes:
        text = out.get("description", "")
        out["description"] = (f"{text} " if text else "") + "(" + "; ".join(notes) + ")"
    return out


@functools.lru_cache(maxsize=128)
def _cached(schema_class: type[BaseModel], visit: Callable[[JSON], JSON]) -> str:
    base = inline_refs(schema_class.model_json_schema(), only_with_siblings=True)
    return json.dumps(map_nodes(base, visit), ensure_ascii=False)


def subset_schema(schema_class: type[BaseModel], visit: Callable[[JSON], JSON]) -> JSON:
    """`schema_class`'s JSON schema, refs with siblings inlined, `visit` applied to every node.

    Cached per (class, visit), so `visit` must be a module-level function; a fresh copy is
    returned on every call, which the caller may change.
    """
    loaded: JSON = json.loads(_cached(schema_class, visit))
    return loaded
