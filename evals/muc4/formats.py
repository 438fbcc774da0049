"""Readers for the literature's role-filler files, as distributed: GRIT extracts and GTT templates, gold or predicted.

Accepted shapes:
- JSON lines, one document a line: {"docid", "extracts" | "pred_extracts" | "gold_extracts": {role:
  [entity, ...]}} (GRIT) or {"docid", "templates" | "pred_templates" | "gold_templates":
  [{"incident_type", role: [...]}]} (GTT); a JSON list of such documents works too;
- one JSON object keyed by document id, each value such a document without "docid", or a list of
  templates: GRIT's and GTT's published `.out` files, whose ids are numeric (`case_id`);
- IterX's `preds.*.jsonlines`: {docid: [template, ...]} per line, one line per document and
  incident type; a document's lines are joined.
A template's missing role is empty. An entity is a non-empty list of mentions, each a string or a
[string, offset] pair (a bare string is a one-mention entity). Anything else, and a document
given twice, is refused with a DatasetError naming the line or document and field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.errors import DatasetError
from summarizer.evals.muc4.roles import ROLES, Entity, RoleFillers, Template

__all__ = [
    "case_id",
    "load_grit",
    "load_gtt",
    "load_role_predictions",
    "parse_extracts",
    "parse_templates",
    "read_documents",
]

_EXTRACT_KEYS = ("extracts", "pred_extracts", "gold_extracts")
_TEMPLATE_KEYS = ("templates", "pred_templates", "gold_templates")


def case_id(raw: object) -> str:
    """A document id as the dataset names it: GRIT's and GTT's numeric ids are N*10000 + the message number of TSTN.

    "10001" is TST1-MUC3-0001 (TST1 is a MUC-3 set), "20001" TST2-MUC4-0001, "30001"
    TST3-MUC4-0001; any other id is upper-cased ("tst1-muc3-0001" -> "TST1-MUC3-0001").
    """
    text = str(raw).strip()
    if text.isdigit() and len(text) == 5:
        series, number = divmod(int(text), 10000)
        if 1 <= series <= 4 and number > 0:
            return f"TST{series}-MUC{3 if series == 1 else 4}-{number:04d}"
    return text.upper()


def _document(value: Any, where: str) -> dict[str, Any]:
    """A document object; a bare list is a document's templates ({docid: [template, ...]})."""
    if isinstance(value, list):
        return {"templates": value}
    if isinstance(value, dict):
        return value
    raise DatasetError(
        f"{where}: a document must be an object (GRIT/GTT fields) or a list of templates, got {type(value).__name__}"
    )


def _json_lines(path: Path, text: str) -> list[tuple[int, Any]]:
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                rows.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise DatasetError(f"{path}:{n}: not JSON ({exc.msg})") from None
    return rows


def _iterx_line(row: Any) -> bool:
    """IterX's shape: {docid: [template, ...]}, one line per document and incident type."""
    return (
        isinstance(row, dict)
        and len(row) == 1
        and "docid" not in row
        and isinstance(next(iter(row.values())), list)
    )


def read_documents(path: Path) -> dict[str, dict[str, Any]]:
    """Documents by case id, from every shape the literature distributes (module docstring).

    A repeated document is refused with its line, except in IterX's lines, where the templates
    of a document's lines are joined in file order.
    """
    if not path.is_file():
        raise DatasetError(f"no role-filler file at {path}")
    text = path.read_text(encoding="utf-8")
    try:
        whole: Any = json.loads(text)
        rows = None
    except json.JSONDecodeError:
        rows = _json_lines(path, text)
    out: dict[str, dict[str, Any]] = {}
    if rows is None:
        if isinstance(whole, dict) and "docid" in whole:
            rows = [(1, whole)]
        elif isinstance(whole, dict):  # {docid: document or templates}, e.g. GRIT's and GTT's .out
            for key, value in whole.items():
                docid = case_id(key)
                if docid in out:
                    raise DatasetError(f"{path}: documents {key!r} and another are both {docid}")
                out[docid] = _document(value, f"{path}: {key}")
            return out
        elif isinstance(whole, list):
            rows = list(enumerate(whole, 1))
        else:
            raise DatasetError(f"{path}: expected JSON lines, a list or an object of documents")
    iterx = [n for n, row in rows if _iterx_line(row)]
    if iterx and len(iterx) != len(rows):
        other = next(n for n, row in rows if not _iterx_line(row))
        raise DatasetError(
            f"{path}:{other}: mixes IterX lines ({{docid: [templates]}}, line {iterx[0]}) with other documents"
        )
    for n, row in rows:
        if iterx:
            ((key, templates),) = row.items()
            doc = out.setdefault(case_id(key), {"templates": []})
            doc["templates"].extend(templates)
            continue
        if not isinstance(row, dict) or "docid" not in row:
            raise DatasetError(f"{path}:{n}: a document needs a 'docid'")
        docid = case_id(row["docid"])
        if docid in out:
            raise DatasetError(f"{path}:{n}: a second document {docid}; give each document once")
        out[docid] = row
    return out


def _entity(value: Any, where: str) -> Entity:
    if isinstance(value, str):
        return [(value, -1)]
    if not isinstance(value, (list, tuple)):
        raise DatasetError(
            f"{where}: an entity must be a list of mentions, got {type(value).__name__}"
        )
    if not value:
        raise DatasetError(f"{where}: an entity needs at least one mention")
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
        out[role] = [_entity(v, f"{where}.{role}[{n}]") for n, v in enumerate(entities)]
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
