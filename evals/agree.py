"""`eval agree`: how far two independent labelings of the same articles agree, field by field.

Each labeling is scored as gold against the other taken as a prediction, both ways, with the
same field scorers as any eval; a field's agreement is the mean of the two F1s (symmetric).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from summarizer.errors import DatasetError
from summarizer.evals.dataset import load_dataset, resolve_dataset_dir, schema_for_task
from summarizer.evals.gold import gold_as_record, read_gold_json, validate_gold
from summarizer.evals.scoring.counts import Counts, add_into, prf, total
from summarizer.evals.scoring.scorer import score_record

__all__ = ["Agreement", "FieldAgreement", "agree", "load_labels"]


class FieldAgreement(BaseModel):
    f1: float
    f1_a_as_gold: float
    f1_b_as_gold: float
    counts_a_as_gold: list[int]
    counts_b_as_gold: list[int]


class Agreement(BaseModel):
    articles: list[str]
    only_a: list[str]
    only_b: list[str]
    overall_f1: float
    fields: dict[str, FieldAgreement]

    def least_agreed(self, n: int = 5) -> list[tuple[str, float]]:
        return sorted(((p, f.f1) for p, f in self.fields.items()), key=lambda x: (x[1], x[0]))[:n]


def load_labels(ref: str | Path, *, task: str | None = None) -> tuple[dict[str, dict[str, Any]], type[BaseModel]]:
    """Gold by case id from a dataset (name or folder) or from a folder of <case id>.json files."""
    path = Path(ref)
    try:
        resolve_dataset_dir(ref)
    except DatasetError:
        if not path.is_dir():
            raise DatasetError(f"{ref}: neither a dataset nor a folder of gold .json files") from None
        schema = schema_for_task(task or "incident")
        labels: dict[str, dict[str, Any]] = {}
        for file in sorted(path.glob("*.json")):
            data = read_gold_json(file, where=f"case {file.stem} ({file})")
            labels[file.stem] = validate_gold(data, schema, where=f"case {file.stem} ({file})")
        return labels, schema
    dataset = load_dataset(ref)
    return {c.id: c.gold for c in dataset.cases if c.gold is not None}, dataset.schema


def _direction(gold: dict[str, dict[str, Any]], other: dict[str, dict[str, Any]], ids: list[str], schema: type[BaseModel]) -> dict[str, Counts]:
    summed: dict[str, Counts] = {}
    for cid in ids:
        add_into(summed, score_record(gold[cid], gold_as_record(other[cid]), schema).fields)
    return summed


def agree(a: dict[str, dict[str, Any]], b: dict[str, dict[str, Any]], schema: type[BaseModel]) -> Agreement:
    ids = sorted(set(a) & set(b))
    if not ids:
        raise DatasetError("the two labelings share no case id: nothing to compare")
    ab = _direction(a, b, ids, schema)
    ba = _direction(b, a, ids, schema)
    zero = [0, 0, 0, 0, 0]
    fields = {}
    for path in sorted(set(ab) | set(ba)):
        ca, cb = ab.get(path, zero), ba.get(path, zero)
        fa, fb = prf(ca).f1, prf(cb).f1
        fields[path] = FieldAgreement(f1=(fa + fb) / 2, f1_a_as_gold=fa, f1_b_as_gold=fb, counts_a_as_gold=ca, counts_b_as_gold=cb)
    overall = (prf(total(ab.values())).f1 + prf(total(ba.values())).f1) / 2
    return Agreement(articles=ids, only_a=sorted(set(a) - set(b)), only_b=sorted(set(b) - set(a)), overall_f1=overall, fields=fields)
