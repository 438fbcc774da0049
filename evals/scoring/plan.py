"""How each field of a task schema is scored, derived once per schema class from its annotations.

The plan is what makes the harness generic: any Pydantic schema gets comparators by field type
(closed sets exact, strings as names, numbers, dates, lists aligned), and the roles declared with
`Annotated` markers (summarizer.roles) add the rest: a number's qualifier and range end, a date's
precision, a name's aliases, ids that refer to a list, free text, key fields. No rule depends on
a field's name. A field picks a registered comparator with `ScoreAs(NAME)` (or
`json_schema_extra={"x-score": NAME}`).
"""

from __future__ import annotations

import datetime as dt
import enum
import types
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter

from summarizer.errors import ConfigError
from summarizer.evidence import EVIDENCE_MARKER
from summarizer.roles import (
    AliasesOf,
    ItemId,
    Key,
    OutletWhen,
    PrecisionOf,
    QualifierOf,
    RangeEndOf,
    RefersTo,
    Role,
    ScoreAs,
)

__all__ = ["SCORE_MARKER", "STRUCTURAL", "FieldPlan", "Kind", "ModelPlan", "plan_for"]

SCORE_MARKER = "x-score"

Kind = str
"""A registered comparator's name ('exact', 'number', 'date', 'name', 'text', 'ids', or a user's),
or one of STRUCTURAL."""
STRUCTURAL = frozenset({"model", "evidence", "skip"})


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
    roles: tuple[Role, ...] = ()
    ids_target: str | None = None
    """For `ids` fields: the root list field whose items' `id` these reference (e.g. 'incidents')."""
    qualifier: str | None = None
    """The sibling field that qualifies this number (QualifierOf)."""
    precision: str | None = None
    """The sibling field that gives this date's precision (PrecisionOf)."""
    range_end: str | None = None
    """The sibling field holding the end of a range that starts here (RangeEndOf)."""
    is_range_end: bool = False
    aliases: str | None = None
    """The sibling list of other names for this name (AliasesOf)."""
    outlet: tuple[str, str] | None = None
    """(sibling kind field, its value meaning 'the outlet itself') for this name (OutletWhen)."""
    key: bool = False


@dataclass
class ModelPlan:
    cls: type[BaseModel]
    fields: dict[str, FieldPlan] = field(default_factory=dict)
    key_fields: tuple[str, ...] = ()
    id_field: str | None = None
    """The field marked ItemId: the items' labels, which RefersTo fields hold."""

    @property
    def has_id(self) -> bool:
        return self.id_field is not None


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        args = [a for a in get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(get_args(annotation))
        if len(args) == 1:
            return args[0], nullable
        return annotation, nullable
    return annotation, False


def _scalar_kind(tp: Any) -> Kind:
    if isinstance(tp, type):
        if issubclass(tp, enum.Enum) or tp is bool:
            return "exact"
        if issubclass(tp, (int, float)):
            return "number"
        if issubclass(tp, (dt.date, dt.datetime)):
            return "date"
        if issubclass(tp, str):
            return "name"
    return "exact"


def _build(cls: type[BaseModel], root: ModelPlan | None, cache: dict[type, ModelPlan]) -> ModelPlan:
    if cls in cache:
        return cache[cls]
    plan = ModelPlan(cls=cls)
    cache[cls] = plan
    root = root or plan
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
            kind = _scalar_kind(item_tp)
        roles = tuple(m for m in info.metadata if isinstance(m, Role))
        if any(isinstance(r, ItemId) for r in roles):
            plan.id_field = name
        override = next((r.comparator for r in roles if isinstance(r, ScoreAs)), extra.get(SCORE_MARKER))
        if isinstance(override, str):
            kind = override
        fp = FieldPlan(
            name=name,
            kind=kind,
            is_list=is_list,
            nullable=nullable,
            adapter=TypeAdapter(info.annotation if info.annotation is not None else Any),
            item_adapter=TypeAdapter(item_tp) if is_list else None,
            model=sub,
            roles=roles,
            key=any(isinstance(r, Key) for r in roles),
        )
        plan.fields[name] = fp
    _relate(plan)
    return plan


def _relate(plan: ModelPlan) -> None:
    """Point each field at the siblings whose roles refer to it (a qualifier, a range end...)."""
    for fp in plan.fields.values():
        for role in fp.roles:
            if isinstance(role, (QualifierOf, PrecisionOf, RangeEndOf, AliasesOf, OutletWhen)):
                target = plan.fields.get(role.of)
                if target is None:
                    raise ConfigError(f"schema {plan.cls.__name__}: field {fp.name!r} is marked {role!r}, but there is no field {role.of!r}")
                if isinstance(role, QualifierOf):
                    target.qualifier = fp.name
                elif isinstance(role, PrecisionOf):
                    target.precision = fp.name
                elif isinstance(role, RangeEndOf):
                    target.range_end, fp.is_range_end = fp.name, True
                elif isinstance(role, AliasesOf):
                    target.aliases = fp.name
                else:
                    target.outlet = (fp.name, role.value)


def _resolve_ids(root: ModelPlan) -> None:
    """Point RefersTo fields at the root list whose items' `id` they hold."""
    seen: set[int] = set()

    def walk(plan: ModelPlan) -> None:
        if id(plan) in seen:
            return
        seen.add(id(plan))
        for fp in plan.fields.values():
            for role in fp.roles:
                if isinstance(role, RefersTo):
                    target = root.fields.get(role.target)
                    if target is None or not (target.is_list and target.model is not None and target.model.has_id):
                        raise ConfigError(
                            f"schema {root.cls.__name__}: field {fp.name!r} RefersTo({role.target!r}), which is not "
                            "a top-level list of objects with an ItemId field"
                        )
                    fp.kind, fp.ids_target = "ids", target.name
            if fp.model is not None:
                walk(fp.model)

    walk(root)
    # An aligned list's own `id` labels are arbitrary: never scored.
    for fp in root.fields.values():
        if fp.model is not None and fp.model.id_field is not None and fp.is_list:
            fp.model.fields[fp.model.id_field].kind = "skip"


def _key_paths(plan: ModelPlan, prefix: str = "", stack: tuple[type, ...] = ()) -> list[str]:
    """Dotted paths of every Key field, below any depth (a Key inside a list item included)."""
    out: list[str] = []
    for fp in plan.fields.values():
        path = f"{prefix}.{fp.name}" if prefix else fp.name
        if fp.key:
            out.append(path)
        elif fp.model is not None and fp.model.cls not in stack:
            out += _key_paths(fp.model, path, (*stack, plan.cls))
    return out


@lru_cache(maxsize=64)
def plan_for(cls: type[BaseModel]) -> ModelPlan:
    """The scoring plan of a schema class (cached: building it costs TypeAdapters)."""
    from summarizer.evals.scoring.comparators import known

    root = _build(cls, None, {})
    _resolve_ids(root)
    declared = tuple(getattr(cls, "key_fields", ()) or ())  # a ClassVar list of paths also works
    root.key_fields = tuple(dict.fromkeys([*_key_paths(root), *declared]))
    unknown = sorted({f"{fp.name}: {fp.kind!r}" for fp in _all_fields(root) if fp.kind not in STRUCTURAL and not known(fp.kind)})
    if unknown:
        raise ConfigError(f"schema {cls.__name__}: no comparator registered for {', '.join(unknown)} (see register_comparator)")
    return root


def _all_fields(plan: ModelPlan, seen: set[int] | None = None) -> list[FieldPlan]:
    seen = seen if seen is not None else set()
    if id(plan) in seen:
        return []
    seen.add(id(plan))
    out = list(plan.fields.values())
    for fp in plan.fields.values():
        if fp.model is not None:
            out += _all_fields(fp.model, seen)
    return out
