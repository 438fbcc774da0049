"""Gold and predicted values side by side for each scored field path, with its MUC counts.

The scorer counts per field path ('casualty_figures.count.value'), summed over list items;
a row shows every gold and predicted value found under that path and how they were counted.
Gold markup is shown as labelers wrote it: alternatives as 'a | b', ranges as 'low-high'.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from summarizer.report.views import STATUS_ORDER, FieldRow, Status

__all__ = ["NOT_STATED", "counts_of", "field_rows", "values_at"]

NOT_STATED = "(not stated)"
_INDEX = re.compile(r"\[\d+\]")


def _alts(value: Any) -> list[Any]:
    if isinstance(value, dict) and "$any" in value and isinstance(value["$any"], list):
        return list(value["$any"])
    return [value]


def _leaf(value: Any) -> str:
    if isinstance(value, dict) and "$any" in value:
        return " | ".join(_leaf(v) for v in _alts(value))
    if isinstance(value, dict) and "$range" in value:
        low, high = value["$range"]
        return f"{low}-{high}"
    if value is None:
        return NOT_STATED
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_leaf(v)}" for k, v in value.items() if not str(k).startswith("$"))
    return str(value)


def values_at(data: Any, path: str) -> list[str]:
    """Every value under a dotted field path, walking into lists and gold alternatives."""
    keys = _INDEX.sub("", path).split(".") if path else []
    found: list[str] = []

    def walk(node: Any, rest: list[str]) -> None:
        if isinstance(node, dict) and "$any" in node and rest:
            for alt in _alts(node):
                walk(alt, rest)
            return
        if not rest:
            if isinstance(node, list) and node:
                found.extend(_leaf(v) for v in node)
            elif isinstance(node, list):
                found.append(NOT_STATED)
            else:
                found.append(_leaf(node))
            return
        if isinstance(node, list):
            for item in node:
                walk(item, rest)
        elif isinstance(node, dict) and rest[0] in node:
            walk(node[rest[0]], rest[1:])

    walk(data, keys)
    return found


def counts_of(counts: Sequence[int]) -> tuple[tuple[Status, int], ...]:
    """[correct, partial, incorrect, missed, spurious] as named pairs."""
    return tuple(zip(STATUS_ORDER, (int(n) for n in counts[:5]), strict=True))


def field_rows(gold: Mapping[str, Any] | None, predicted: Mapping[str, Any] | None,
               fields: Mapping[str, Sequence[int]]) -> tuple[FieldRow, ...]:
    """One row per scored path, in the scorer's order."""
    return tuple(
        FieldRow(
            path=path,
            gold=tuple(values_at(gold, path)) if gold is not None else (),
            predicted=tuple(values_at(predicted, path)) if predicted is not None else (),
            counts=counts_of(counts),
        )
        for path, counts in fields.items()
    )
