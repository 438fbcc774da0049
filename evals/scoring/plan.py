"""How each field of a task schema is scored, derived once per schema class from its annotations.

The plan is what makes the harness generic: any Pydantic schema gets comparators by field type
(closed sets exact, names normalized, numbers with their qualifier, dates at their precision,
lists aligned). A field may override its kind with `json_schema_extra={"x-score": KIND}`.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter

from summarizer.evidence import EVIDENCE_MARKER

__all__ = ["SCORE_MARKER", "TEXT_FIELD_NAMES", "FieldPlan", "Kind", "ModelPlan", "plan_for"]

SCORE_MARKER = "x-score"

Kind = Literal["model", "exact", "number", "date", "name", "text", "evidence", "skip", "ids"]

TEXT_FIELD_NAMES = frozenset({"summary", "description", "claim", "channel", "note", "notes"})
"""Free-text fields: scored by word overlap, not as names. Override with x-score per field."""


@dataclass
class FieldPlan:
    """One schema field: its scoring kind, whether it is a list, and what it may hold."""

    name: str
    kind: Kind
    is_list: bool
    nullable: bool
    adapter: TypeAdapter[Any]
    item_adapter: TypeAdapter[Any] | None
    model: ModelPlan | None = None
    ids_target: str | None = None
    """For `ids` fields: the root list field whose items' `id` these reference (e.g. 'incidents')."""


@dataclass
class ModelPlan:
    cls: type[BaseModel]
    fields: dict[str, FieldPlan] = field(default_factory=dict)
    key_fields: tuple[str, ...] = ()
    has_id: bool = False


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        args = [a for a in get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(get_args(annotation))
        if len(args) == 1:
            return args[0], nullable
        return annotation, nullable
    return annotation, False


def _scalar_kind(tp: Any, name: str) -> Kind:
    if isinstance(tp, type):
        if issubclass(tp, enum.Enum) or tp is bool:
            return "exact"
        if issubclass(tp, (int, float)):
            return "number"
        if issubclass(tp, (dt.date, dt.datetime)):
            return "date"
        if issubclass(tp, str):
            return "text" if name in TEXT_FIELD_NAMES else "name"
    return "exact"


def _build(cls: type[BaseModel], root: ModelPlan | None, cache: dict[type, ModelPlan]) -> ModelPlan:
    if cls in cache:
        return cache[cls]
    plan = ModelPlan(cls=cls, key_fields=tuple(getattr(cls, "key_fields", ()) or ()))
    cache[cls] = plan
    root = root or plan
    plan.has_id = "id" in cls.model_fields
    for name, info in cls.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        annotation, nullable = _unwrap_optional(info.annotation)
        is_list = get_origin(annotation) in (list, tuple, set, frozenset)
        item_tp = get_args(annotation)[0] if is_list and get_args(annotation) else Any
        item_tp, _ = _unwrap_optional(item_tp) if is_list else (annotation, nullable)
        sub: ModelPlan | None = None
        kind: Kind
        if extra.get(EVIDENCE_MARKER):
            kind = "evidence"
        elif isinstance(item_tp, type) and issubclass(item_tp, BaseModel):
            kind = "model"
            sub = _build(item_tp, root, cache)
        else:
            kind = _scalar_kind(item_tp, name)
        override = extra.get(SCORE_MARKER)
        if isinstance(override, str):
            kind = override  # type: ignore[assignment]
        fp = FieldPlan(
            name=name,
            kind=kind,
            is_list=is_list,
            nullable=nullable,
            adapter=TypeAdapter(info.annotation if info.annotation is not None else Any),
            item_adapter=TypeAdapter(item_tp) if is_list else None,
            model=sub,
        )
        plan.fields[name] = fp
    return plan


def _resolve_ids(root: ModelPlan) -> None:
    """Mark `<x>_ids` string lists that reference the `id` of items in a root list `<x>s`."""
    seen: set[int] = set()

    def walk(plan: ModelPlan) -> None:
        if id(plan) in seen:
            return
        seen.add(id(plan))
        for fp in plan.fields.values():
            if fp.is_list and fp.kind == "name" and fp.name.endswith("_ids"):
                target = root.fields.get(fp.name[: -len("_ids")] + "s")
                if target is not None and target.kind == "model" and target.model and target.model.has_id:
                    fp.kind = "ids"
                    fp.ids_target = target.name
            if fp.model is not None:
                walk(fp.model)

    walk(root)
    # An aligned list's own `id` labels are arbitrary: never scored.
    for fp in root.fields.values():
        if fp.model is not None and fp.model.has_id and fp.is_list:
            fp.model.fields["id"].kind = "skip"


@lru_cache(maxsize=64)
def plan_for(cls: type[BaseModel]) -> ModelPlan:
    """The scoring plan of a schema class (cached: building it costs TypeAdapters)."""
    root = _build(cls, None, {})
    _resolve_ids(root)
    return root
