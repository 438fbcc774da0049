"""The gold format of evals/DATASETS.md, derived from any task schema, and checked against it.

A gold file is the schema's JSON, partial where the labeler left fields out, extended with
`$any` (alternatives), `$range` (numbers), `$optional` (list items), `$note` and `$source`
(never scored). Loading validates every labeled value against its field's annotation, so a typo
in a gold file fails loudly with the case and the field path instead of scoring as a miss.
Gold written in an older schema version is upgraded first (summarizer.evals.gold_versions).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.errors import DatasetError
from summarizer.evals.scoring.plan import FieldPlan, ModelPlan, plan_for

__all__ = [
    "ANY",
    "GOLD_VERSION",
    "NOTE",
    "OPTIONAL",
    "RANGE",
    "SOURCE",
    "gold_as_record",
    "is_any",
    "is_range",
    "read_gold_json",
    "validate_gold",
]

from summarizer.evals.gold_versions import GOLD_VERSION, upgrade_gold
from summarizer.evals.scoring.markers import ANY, NOTE, OPTIONAL, RANGE, SOURCE

_OBJECT_MARKERS = {NOTE, SOURCE, OPTIONAL}


def is_any(value: Any) -> bool:
    return isinstance(value, dict) and ANY in value


def is_range(value: Any) -> bool:
    return isinstance(value, dict) and RANGE in value


_TOO_DEEP = "is nested too deeply for any schema (a generated or corrupted file?): fix the gold file"


def read_gold_json(path: Path, *, where: str) -> Any:
    """The parsed JSON of a gold file; unreadable, invalid or absurdly nested JSON is one DatasetError."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{where}: gold {path.name} is not valid JSON: {exc}") from None
    except UnicodeDecodeError:
        raise DatasetError(f"{where}: gold {path.name} is not UTF-8: re-save it as UTF-8") from None
    except RecursionError:
        raise DatasetError(f"{where}: gold {path.name} {_TOO_DEEP}") from None


def validate_gold(data: Any, schema: type[BaseModel], *, where: str) -> dict[str, Any]:
    """Return `data`, upgraded to the schema's current version, if it is valid gold for `schema`;
    else raise DatasetError naming the field."""
    if not isinstance(data, dict):
        raise DatasetError(f"{where}: gold must be a JSON object ({schema.__name__}), got {type(data).__name__}")
    try:
        gold, _ = upgrade_gold(data, schema, where=where)
        _check_object(gold, plan_for(schema), "", where, item=False)
    except RecursionError:  # deep $any nesting inside a field
        raise DatasetError(f"{where}: gold {_TOO_DEEP}") from None
    return gold


def _fail(where: str, path: str, message: str) -> DatasetError:
    return DatasetError(f"{where}: gold field {path or '<root>'}: {message}")


def _check_object(data: dict[str, Any], plan: ModelPlan, path: str, where: str, *, item: bool) -> None:
    for key, value in data.items():
        sub = f"{path}.{key}" if path else key
        if key == GOLD_VERSION and not path:
            continue  # checked by upgrade_gold
        if key.startswith("$"):
            if key not in _OBJECT_MARKERS:
                raise _fail(where, sub, f"unknown marker {key!r}; known: $any, $range, $optional, $note, $source, {GOLD_VERSION} (root only)")
            if key == OPTIONAL and (not item or not isinstance(value, bool)):
                raise _fail(where, sub, "$optional must be true or false, and only on a list item")
            if key == NOTE and not isinstance(value, str):
                raise _fail(where, sub, "$note must be a string")
            continue
        fp = plan.fields.get(key)
        if fp is None:
            known = ", ".join(plan.fields)
            raise _fail(where, sub, f"not a field of {plan.cls.__name__}; known fields: {known}")
        _check_field(value, fp, sub, where)


def _check_field(value: Any, fp: FieldPlan, path: str, where: str) -> None:
    if value is None:
        if not (fp.nullable or fp.is_list):
            raise _fail(where, path, "cannot be null in the schema; leave the field out to leave it unlabeled")
        return
    if fp.is_list:
        if not isinstance(value, list):
            raise _fail(where, path, f"must be a list, got {type(value).__name__}")
        for n, item in enumerate(value):
            _check_value(item, fp, f"{path}[{n}]", where, item=True)
        return
    _check_value(value, fp, path, where, item=False)


def _check_value(value: Any, fp: FieldPlan, path: str, where: str, *, item: bool) -> None:
    if is_any(value):
        alternatives = value[ANY]
        if set(value) - {ANY, NOTE} or not isinstance(alternatives, list) or not alternatives:
            raise _fail(where, path, '$any takes a non-empty list of alternatives: {"$any": [a, b]}')
        for n, alt in enumerate(alternatives):
            if alt is None and (item or fp.nullable):
                continue  # "or not stated": on a list item, the item may be absent
            _check_value(alt, fp, f"{path}.$any[{n}]", where, item=item)
        return
    if is_range(value):
        bounds = value[RANGE]
        if fp.kind != "number":
            raise _fail(where, path, f"$range is only for numbers, this field is {fp.kind}")
        ok = isinstance(bounds, list) and len(bounds) == 2 and all(isinstance(b, (int, float)) for b in bounds)
        if not ok or bounds[0] > bounds[1] or set(value) - {RANGE, NOTE}:
            raise _fail(where, path, '$range takes [low, high] with low <= high: {"$range": [10, 15]}')
        return
    if fp.model is not None:
        if not isinstance(value, dict):
            raise _fail(where, path, f"must be an object ({fp.model.cls.__name__}), got {type(value).__name__}")
        _check_object(value, fp.model, path, where, item=item)
        return
    adapter = fp.item_adapter if (item and fp.item_adapter is not None) else fp.adapter
    try:
        adapter.validate_python(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise _fail(where, path, f"{first['msg']} (got {value!r})") from None


def gold_as_record(data: Any) -> Any:
    """Gold turned into a plain prediction: first alternative, range midpoint, markers and optional items dropped.

    Used by `eval agree`, which scores one labeling against another as if it were output.
    """
    if isinstance(data, list):
        return [gold_as_record(v) for v in data if not (isinstance(v, dict) and v.get(OPTIONAL) is True)]
    if isinstance(data, dict):
        if ANY in data:
            return gold_as_record(data[ANY][0])
        if RANGE in data:
            low, high = data[RANGE]
            mid = (low + high) / 2
            return int(mid) if isinstance(low, int) and isinstance(high, int) else mid
        return {k: gold_as_record(v) for k, v in data.items() if not k.startswith("$")}
    return data
