"""`eval score`: predictions made elsewhere, validated and grounded exactly like live output.

The default file format is JSONL, one line per case: {"id": CASE, "record": {...}} (or
"case_id"; or a SummaryResult JSON whose article.id names the case), or {"id": CASE, "error":
"..."} for a case that failed upstream; the lines `summarizer summarize --input ... --output
results.jsonl` writes ({"id", "ok", "result": SummaryResult} or {"id", "ok": false, "error":
{"type", "message"}}) are read as they are. A JSON list of such entries, one SummaryResult, or an
object {CASE: record, ...} work too. Other
formats plug in with --format module.path:function, returning {case id: record dict or None}.

With --external and the default format, a dataset's task may name the reader of its published
formats (EXTERNAL_READERS): a `muc4` dataset reads GRIT's and GTT's `.out` files and IterX's
`.jsonlines` as distributed (summarizer.evals.muc4.formats).
"""

from __future__ import annotations

import importlib
import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.errors import InputError
from summarizer.evals.dataset import Dataset
from summarizer.evals.runs import CaseError, CaseOutput
from summarizer.grounding import ground

__all__ = ["PredictionLoader", "load_predictions", "read_prediction_file"]

PredictionLoader = Callable[[Path, Dataset], dict[str, Any]]

EXTERNAL_READERS: dict[str, str] = {"muc4": "summarizer.evals.muc4.formats:load_role_predictions"}
"""Per dataset task, the reader of external predictions in the formats its literature distributes."""


def _case_id(entry: dict[str, Any]) -> str | None:
    for key in ("id", "case_id"):
        if isinstance(entry.get(key), str):
            return str(entry[key])
    article = entry.get("article")
    if isinstance(article, dict) and isinstance(article.get("id"), str):
        return str(article["id"])
    return None


def read_prediction_file(path: Path) -> dict[str, Any]:
    """{case id: entry} where entry is {"record": ...} or {"error": ...}; refuses duplicates and junk."""
    if not path.is_file():
        raise InputError(f"no predictions file at {path}")
    text = path.read_text(encoding="utf-8")
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict):
        cid = _case_id(whole)
        if cid is not None:  # one prediction (e.g. a `summarizer summarize` JSON result)
            return {cid: whole}
        return {str(k): {"record": v} for k, v in whole.items()}
    rows: list[tuple[int, Any]]
    if isinstance(whole, list):
        rows = list(enumerate(whole, 1))
    else:
        rows = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    rows.append((n, json.loads(line)))
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{n}: not JSON: {exc}") from None
    entries: dict[str, Any] = {}
    for n, entry in rows:
        cid = _case_id(entry) if isinstance(entry, dict) else None
        if cid is None:
            raise InputError(f"{path}:{n}: each line needs 'id' (the case id) and 'record' or 'error'")
        if cid in entries:
            raise InputError(f"{path}:{n}: a second prediction for case {cid!r}; use one per case")
        entries[cid] = entry
    return entries


def _loader(ref: str) -> PredictionLoader:
    module_name, _, attr = ref.partition(":")
    try:
        fn = getattr(importlib.import_module(module_name), attr, None)
    except ImportError as exc:
        raise InputError(f"--predictions-format {ref}: cannot import {module_name!r}: {exc}") from None
    if not callable(fn):
        raise InputError(f"--predictions-format {ref}: not 'module.path:function' naming a function")
    if len(inspect.signature(fn).parameters) == 1:  # a plain file reader: fn(path)
        return lambda path, _dataset: fn(path)
    return fn  # type: ignore[no-any-return]


def load_predictions(path: Path, dataset: Dataset, *, fmt: str = "jsonl", external: bool = False) -> list[CaseOutput]:
    """One CaseOutput per prediction: validated against the schema and grounded in the case's article.

    With `external`, predictions are in another format (e.g. MUC-4 GRIT/GTT role fillers): they are
    kept as they are for the dataset's extra metrics and not scored field by field.
    """
    if fmt == "jsonl" and external and dataset.task in EXTERNAL_READERS:
        fmt = EXTERNAL_READERS[dataset.task]
    if fmt == "jsonl":
        entries = read_prediction_file(path)
    else:
        loaded = _loader(fmt)(path, dataset)
        entries = {k: v if not external and isinstance(v, dict) and ("record" in v or "error" in v) else {"record": v}
                   for k, v in loaded.items()}  # fmt: skip
    cases = {c.id: c for c in dataset.cases}
    unknown = sorted(set(entries) - set(cases))
    if unknown:
        raise InputError(f"{path}: predictions for cases not in dataset {dataset.name}: {unknown[:5]}")
    if external:
        return [_external(cid, entry) for cid, entry in entries.items()]
    return [_output(cid, entry, dataset.schema, cases[cid].text) for cid, entry in entries.items()]


def _external(cid: str, entry: dict[str, Any]) -> CaseOutput:
    """An external prediction kept as data; an entry without one is the case's failure."""
    if entry.get("record") is None:
        message = str(entry.get("error") or "the prediction has no record")
        return CaseOutput(case_id=cid, error=CaseError(type="UpstreamError", message=message))
    return CaseOutput(case_id=cid, external=_plain(entry["record"]))


def _plain(value: Any) -> dict[str, Any]:
    """An external prediction as JSON-able data, so the run record can store it."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    data = json.loads(json.dumps(value, default=_encode))
    if not isinstance(data, dict):
        raise InputError(f"an external prediction must be a JSON object, got {type(value).__name__}")
    return data


def _encode(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if hasattr(value, "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(value)
    raise TypeError(f"cannot store {type(value).__name__} in a run record")


def _error_message(error: Any) -> str:
    if isinstance(error, dict) and "message" in error:  # a batch output line's {"type", "message"}
        return f"{error.get('type') or 'Error'}: {error['message']}"
    return str(error or "the prediction has no record")


def _output(cid: str, entry: dict[str, Any], schema: type[BaseModel], text: str) -> CaseOutput:
    if isinstance(entry.get("result"), dict):  # a batch output line: the SummaryResult is under "result"
        entry = entry["result"]
    meta = entry.get("meta")
    raw = entry.get("raw_response") or (meta.get("raw_response") if isinstance(meta, dict) else None)
    raw = raw if isinstance(raw, str) else None
    if entry.get("record") is None:
        message = _error_message(entry.get("error"))
        return CaseOutput(case_id=cid, raw_response=raw, error=CaseError(type="UpstreamError", message=message))
    value = entry["record"]
    try:
        record = value if isinstance(value, schema) else schema.model_validate(value)
    except ValidationError as exc:
        return CaseOutput(
            case_id=cid, raw_response=raw if raw is not None else json.dumps(value, ensure_ascii=False),
            error=CaseError(type="OutputInvalidError", message=f"does not validate against {schema.__name__}: {exc}"),
        )  # fmt: skip
    return CaseOutput(case_id=cid, record=record.model_dump(mode="json"), raw_response=raw, grounding=ground(record, text))
