"""Readers for the literature's role-filler files: GRIT extracts and GTT templates, gold or predicted.

Accepted shapes, one document per JSONL line or one JSON object keyed by docid:
- GRIT: {"docid", "extracts" | "pred_extracts" | "gold_extracts": {role: [entity, ...]}}
- GTT:  {"docid", "templates" | "pred_templates" | "gold_templates": [{"incident_type", role: [...]}]}
An entity is a list of mentions, each a string or a [string, offset] pair; a bare string is
taken as a one-mention entity. Anything else is refused with the document and field named.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.errors import DatasetError
from summarizer.evals.muc4.roles import ROLES, Entity, RoleFillers, Template

__all__ = [
    "load_grit",
    "load_gtt",
    "load_role_predictions",
    "parse_extracts",
    "parse_templates",
    "read_documents",
]

_EXTRACT_KEYS = ("extracts", "pred_extracts", "gold_extracts")
_TEMPLATE_KEYS = ("templates", "pred_templates", "gold_templates")


def read_documents(path: Path) -> dict[str, dict[str, Any]]:
    """Documents of a JSONL file (one per line) or a JSON file (a list, or an object keyed by docid)."""
    if not path.is_file():
        raise DatasetError(f"no role-filler file at {path}")
    text = path.read_text(encoding="utf-8")
    docs: list[dict[str, Any]] = []
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                docs.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{path}:{n}: not JSON ({exc.msg})") from None
    if isinstance(whole, list):
        docs = whole
    elif isinstance(whole, dict):
        docs = [whole] if "docid" in whole else [{"docid": k, **v} for k, v in whole.items()]
    out: dict[str, dict[str, Any]] = {}
    for n, doc in enumerate(docs, 1):
        if not isinstance(doc, dict) or "docid" not in doc:
            raise DatasetError(f"{path}: document {n} has no 'docid'")
        out[str(doc["docid"]).upper()] = doc
    return out


def _entity(value: Any, where: str) -> Entity:
    if isinstance(value, str):
        return [(value, -1)]
    if not isinstance(value, (list, tuple)):
        raise DatasetError(
            f"{where}: an entity must be a list of mentions, got {type(value).__name__}"
        )
    mentions: Entity = []
    for m in value:
        if isinstance(m, str):
            mentions.append((m, -1))
        elif isinstance(m, (list, tuple)) and m and isinstance(m[0], str):
            mentions.append((m[0], int(m[1]) if len(m) > 1 and isinstance(m[1], int) else -1))
        else:
            raise DatasetError(
                f"{where}: a mention must be a string or [string, offset], got {m!r}"
            )
    return mentions


def parse_extracts(data: Any, where: str) -> RoleFillers:
    """GRIT's {role: [entity, ...]}; a missing role is empty, an unknown role is refused."""
    if not isinstance(data, dict):
        raise DatasetError(
            f"{where}: extracts must be an object keyed by role ({', '.join(ROLES)})"
        )
    unknown = set(data) - set(ROLES)
    if unknown:
        raise DatasetError(f"{where}: unknown roles {sorted(unknown)}; known: {', '.join(ROLES)}")
    out: RoleFillers = {}
    for role in ROLES:
        entities = data.get(role, [])
        if not isinstance(entities, list):
            raise DatasetError(f"{where}.{role}: must be a list of entities")
        out[role] = [
            e for e in (_entity(v, f"{where}.{role}[{n}]") for n, v in enumerate(entities)) if e
        ]
    return out


def parse_templates(data: Any, where: str) -> list[Template]:
    """GTT's [{"incident_type": str, role: [entity, ...]}, ...]."""
    if not isinstance(data, list):
        raise DatasetError(f"{where}: templates must be a list")
    out: list[Template] = []
    for n, t in enumerate(data):
        if not isinstance(t, dict) or not isinstance(t.get("incident_type"), str):
            raise DatasetError(f"{where}[{n}]: a template needs a string 'incident_type'")
        roles = {k: v for k, v in t.items() if k != "incident_type"}
        out.append({"incident_type": t["incident_type"], **parse_extracts(roles, f"{where}[{n}]")})
    return out


def _first(doc: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    return next((k for k in keys if k in doc), None)


def load_grit(path: Path) -> dict[str, RoleFillers]:
    """Document-level extracts by docid from a GRIT-format file."""
    out: dict[str, RoleFillers] = {}
    for docid, doc in read_documents(path).items():
        key = _first(doc, _EXTRACT_KEYS)
        if key is None:
            raise DatasetError(f"{path}: {docid} has none of {', '.join(_EXTRACT_KEYS)}")
        out[docid] = parse_extracts(doc[key], f"{path}: {docid}.{key}")
    return out


def load_gtt(path: Path) -> dict[str, list[Template]]:
    """Templates by docid from a GTT-format file."""
    out: dict[str, list[Template]] = {}
    for docid, doc in read_documents(path).items():
        key = _first(doc, _TEMPLATE_KEYS)
        if key is None:
            raise DatasetError(f"{path}: {docid} has none of {', '.join(_TEMPLATE_KEYS)}")
        out[docid] = parse_templates(doc[key], f"{path}: {docid}.{key}")
    return out


def load_role_predictions(path: Path) -> dict[str, dict[str, Any]]:
    """Per docid, a prediction object for muc4_metrics: {"templates": ...} (GTT) or {"extracts": ...} (GRIT).

    Templates win when a document has both, since they feed both metrics.
    """
    out: dict[str, dict[str, Any]] = {}
    for docid, doc in read_documents(path).items():
        t_key, e_key = _first(doc, _TEMPLATE_KEYS), _first(doc, _EXTRACT_KEYS)
        if t_key is not None:
            out[docid] = {"templates": parse_templates(doc[t_key], f"{path}: {docid}.{t_key}")}
        elif e_key is not None:
            out[docid] = {"extracts": parse_extracts(doc[e_key], f"{path}: {docid}.{e_key}")}
        else:
            keys = ", ".join(_TEMPLATE_KEYS + _EXTRACT_KEYS)
            raise DatasetError(f"{path}: {docid} has none of {keys}")
    return out
