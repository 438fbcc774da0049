"""Score a dataset's outputs: each output against its case's gold, then the dataset report,
with any extra metrics the manifest declares (`metrics = ["module.path:function"]`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.errors import DatasetError
from summarizer.evals.dataset import Dataset
from summarizer.evals.runs import CaseError, CaseOutput, CaseScore
from summarizer.evals.scoring.aggregate import (
    BOOTSTRAP_SAMPLES,
    Scorecard,
    ScoredCase,
    aggregate,
    key_fields_right,
)
from summarizer.evals.scoring.parallel import score_records
from summarizer.evals.scoring.plan import plan_for

__all__ = ["ExtraMetric", "MetricInput", "evaluate", "load_metric", "missing_outputs", "reground", "scored_from_outputs"]

MetricInput = BaseModel | dict[str, Any] | None
"""What extra metrics receive: the validated record, None for a failure, or an external-format document."""
ExtraMetric = Callable[[list[tuple[dict[str, Any], MetricInput]]], dict[str, float]]


def load_metric(ref: str) -> ExtraMetric:
    from summarizer.evals.dataset import REGISTERED_METRICS, code_allowed

    if ref not in REGISTERED_METRICS and not code_allowed():  # load_dataset refuses first; this guards other callers
        raise DatasetError(f"manifest metric {ref!r} is not registered: pass --trust-project to run a dataset's own code")
    module_name, sep, attr = ref.partition(":")
    try:
        fn = getattr(importlib.import_module(module_name), attr, None) if sep else None
    except ImportError as exc:
        raise DatasetError(f"manifest metric {ref!r}: cannot import {module_name!r}: {exc}") from None
    if not callable(fn):
        raise DatasetError(f"manifest metric {ref!r} is not 'module.path:function' naming a function")
    return fn  # type: ignore[no-any-return]


def _validated(output: CaseOutput, schema: type[BaseModel]) -> BaseModel | None:
    """The output's record as the schema's model; an invalid stored record turns the case into a failure."""
    if output.record is None:
        return None
    try:
        return schema.model_validate(output.record)
    except ValidationError as exc:
        output.error = CaseError(type="OutputInvalidError", message=f"record does not validate against {schema.__name__}: {exc}")
        return None


def reground(dataset: Dataset, outputs: Sequence[CaseOutput]) -> None:
    """Locate every stored record's quotes again with the current grounding (for `rescore`)."""
    from summarizer.grounding import ground

    texts = {c.id: c for c in dataset.cases}
    for output in outputs:
        case = texts.get(output.case_id)
        record = _validated(output, dataset.schema) if case is not None else None
        if case is not None and record is not None:
            output.grounding = ground(record, case.text)


def missing_outputs(dataset: Dataset, outputs: Sequence[CaseOutput]) -> list[CaseOutput]:
    """A failed output for every labeled case that has none, so that no case is silently dropped."""
    have = {o.case_id for o in outputs}
    return [
        CaseOutput(case_id=c.id, error=CaseError(type="MissingPrediction", message="no prediction for this case"))
        for c in dataset.labeled
        if c.id not in have
    ]


def scored_from_outputs(dataset: Dataset, outputs: Sequence[CaseOutput]) -> tuple[list[ScoredCase], list[tuple[dict[str, Any], MetricInput]]]:
    """Score each output (storing its counts on it) and collect (gold, prediction) pairs for extra metrics."""
    cases = {c.id: c for c in dataset.cases}
    key_fields = plan_for(dataset.schema).key_fields
    pairs: list[tuple[dict[str, Any], MetricInput]] = []
    # In a run of external-format predictions, a case without one is a None for the extra metrics.
    external_run = any(o.external is not None for o in outputs)
    jobs: list[tuple[CaseOutput, dict[str, Any], BaseModel | None]] = []
    unlabeled: list[ScoredCase] = []
    for output in outputs:
        case = cases.get(output.case_id)
        if case is None:
            raise DatasetError(f"output for case {output.case_id!r}, which dataset {dataset.name} does not have")
        if case.gold is None:
            unlabeled.append(ScoredCase(case_id=case.id, score=None, sample=output.sample))
        elif external_run and output.record is None:  # another format: extra metrics only, no field scores
            pairs.append((case.gold, output.external))
        else:
            record = _validated(output, dataset.schema)
            jobs.append((output, case.gold, record))
            pairs.append((case.gold, record))
    # A stored record that holds every schema field is the model's JSON dump: scored as is rather
    # than dumped again.
    fields = set(dataset.schema.model_fields)
    scores = score_records(
        [(gold, o.record if record is not None and o.record is not None and fields <= set(o.record) else record)
         for o, gold, record in jobs],
        dataset.schema, metas=[cases[o.case_id].meta for o, _, _ in jobs],
    )  # fmt: skip
    scored = list(unlabeled)
    for (output, _, record), score in zip(jobs, scores):
        ok = key_fields_right(score, key_fields) if key_fields else None
        if record is None and ok:
            ok = False  # a failed case is never "fully right", even against an empty gold
        output.score = CaseScore(fields=score.fields, items=score.items, key_ok=ok)
        grounded = sum(1 for g in output.grounding if g.grounded) if record is not None else 0
        quotes = len(output.grounding) if record is not None else 0
        scored.append(ScoredCase(output.case_id, score, failed=output.failed, key_ok=ok, quotes=quotes,
                                 grounded=grounded, sample=output.sample))  # fmt: skip
    return scored, pairs


def evaluate(dataset: Dataset, outputs: Sequence[CaseOutput], *, samples: int = BOOTSTRAP_SAMPLES) -> tuple[list[ScoredCase], Scorecard]:
    """Score every output and build the report (with extra metrics beside the field metrics)."""
    scored, pairs = scored_from_outputs(dataset, outputs)
    key_fields = plan_for(dataset.schema).key_fields
    report = aggregate(scored, key_fields=key_fields, samples=samples)
    report.unlabeled = len(dataset.cases) - len(dataset.labeled)
    report.external = sum(1 for o in outputs if o.external is not None)
    if report.external:  # a case without an external prediction (missing, failed upstream) failed
        report.failed += sum(1 for o in outputs if o.external is None and o.failed)
    metrics = [(ref, load_metric(ref)) for ref in dataset.metrics]  # a bad reference fails even with no pairs
    for ref, metric in metrics if pairs else []:
        values = metric(pairs)
        if not isinstance(values, dict):
            raise DatasetError(f"metric {ref} returned {type(values).__name__}, expected dict[str, float]")
        report.extra.update({str(k): float(v) for k, v in values.items()})
    return scored, report
