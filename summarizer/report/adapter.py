"""The only module that knows the harness's run records: RunRecord (+ its Dataset) -> RunView,
and two runs -> CompareView. When the record format changes, only this file changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.errors import SummarizerError
from summarizer.evals.dataset import Case, Dataset
from summarizer.evals.runs import CaseOutput, RunRecord, run_dataset, scored_cases
from summarizer.evals.scoring.aggregate import FieldMetrics
from summarizer.evals.scoring.counts import add_into, prf, total
from summarizer.evals.scoring.stats import Delta, compare_cases
from summarizer.grounding import ground
from summarizer.report.article_view import article_view
from summarizer.report.fields import counts_of, field_rows
from summarizer.report.views import (
    ArticleView,
    ChangedArticle,
    CompareView,
    DeltaRow,
    MetricRow,
    RunMeta,
    RunView,
)  # fmt: skip

__all__ = ["case_counts", "compare_view", "load_run_dataset", "run_meta", "run_view"]


def load_run_dataset(run: RunRecord) -> tuple[Dataset | None, str | None]:
    """The run's dataset (as every run reader finds it); a note instead when it does not load."""
    try:
        return run_dataset(run), None
    except SummarizerError:
        return None, f"dataset {run.dataset!r} not found (looked at {run.dataset_path}): article texts and gold are not shown"


def run_meta(run: RunRecord) -> RunMeta:
    versions = sorted({str(o.meta["prompt_version"]) for o in run.cases if o.meta and o.meta.get("prompt_version")})
    return RunMeta(
        run_id=run.id, created=run.created.isoformat(timespec="seconds"), kind=run.kind, dataset=run.dataset,
        task=run.task, model=run.model or run.predictions_file, profile=run.profile, prompt_versions=tuple(versions),
        input_tokens=run.usage.input_tokens, output_tokens=run.usage.output_tokens, cost_usd=run.usage.cost_usd,
        tokens_estimated=run.usage.estimated, cases=len(run.cases),
        failed=run.failed, repeat=run.repeat,
    )  # fmt: skip


def _metric(path: str, m: FieldMetrics) -> MetricRow:
    counts = counts_of([m.correct, m.partial, m.incorrect, m.missed, m.spurious])
    return MetricRow(path, m.f1, m.precision, m.recall, m.f1_ci, counts)


def _schema(run: RunRecord, dataset: Dataset | None) -> type[BaseModel] | None:
    if dataset is not None:
        return dataset.schema
    try:
        from summarizer.tasks import get_task

        return get_task(run.task).schema
    except SummarizerError:
        return None


def _article(n: int, output: CaseOutput, case: Case | None, schema: type[BaseModel] | None) -> ArticleView:
    text = case.text if case is not None else None
    record: BaseModel | None = None
    notes: list[str] = []
    if output.record is not None and schema is not None:
        try:
            record = schema.model_validate(output.record)
        except ValidationError as exc:
            notes.append(f"stored record does not validate against {schema.__name__}: {exc.errors()[0]['msg']}")
    grounding = list(output.grounding)
    if record is not None and not grounding and text is not None:
        grounding = ground(record, text)
        if grounding:
            notes.append("the run stored no grounding; quotes were located when this page was made")
    fields = output.score.fields if output.score else None
    counted = total(fields.values()) if fields else [0, 0, 0, 0, 0]
    f1 = prf(counted).f1 if any(counted) else None  # nothing counted: no score, not a zero
    if fields is not None and not any(counted):
        notes.append("nothing was counted for this case (the gold labels no values here)")
    error = f"{output.error.type}: {output.error.message}" if output.error else "no record" if output.failed else None
    if case is not None and case.gold is None:
        notes.append("this case has no gold label: nothing is scored")
    return article_view(
        anchor=f"a{n}", case_id=output.case_id, title=case.meta.title if case else None, text=text,
        record=record, grounding=grounding, gold=case.gold if case else None, predicted=output.record,
        fields=fields, f1=f1, key_ok=output.score.key_ok if output.score else None,
        error=error, sample=output.sample, note="; ".join(notes) or None,
    )  # fmt: skip


def _sort_key(a: ArticleView) -> tuple[bool, bool, float, str, int]:
    """Failed outputs first, then worst F1 first; unscored outputs last."""
    return (a.error is None, a.f1 is None, a.f1 if a.f1 is not None else 0.0, a.case_id, a.sample)


def run_view(run: RunRecord, dataset: Dataset | None, *, notes: Sequence[str] = ()) -> RunView:
    cases = {c.id: c for c in dataset.cases} if dataset is not None else {}
    schema = _schema(run, dataset)
    articles = sorted(
        (_article(n, o, cases.get(o.case_id), schema) for n, o in enumerate(run.cases, 1)), key=_sort_key
    )
    report = run.scorecard
    return RunView(
        meta=run_meta(run),
        micro=_metric("micro", report.micro) if report else None,
        macro_f1=report.macro_f1 if report else None,
        key_fields_right=report.key_fields_right if report else None,
        key_fields_right_ci=report.key_fields_right_ci if report else None,
        grounding_rate=report.grounding_rate if report else None,
        metrics=tuple(_metric(p, m) for p, m in report.fields.items()) if report else (),
        articles=tuple(articles),
        notes=tuple(notes),
    )


def case_counts(run: RunRecord) -> dict[str, dict[str, list[int]]]:
    """Per scored case, its field counts summed over repeats (all-zero rows dropped)."""
    out: dict[str, dict[str, list[int]]] = {}
    for o in run.cases:
        if o.score is not None:
            add_into(out.setdefault(o.case_id, {}), o.score.fields)
    return {cid: {p: c for p, c in fields.items() if any(c)} for cid, fields in out.items()}


def _delta(path: str, d: Delta) -> DeltaRow:
    return DeltaRow(path, d.a, d.b, d.delta, d.ci, d.p_value, d.significant)


def _first_record(run: RunRecord) -> dict[str, dict[str, Any] | None]:
    out: dict[str, dict[str, Any] | None] = {}
    for o in sorted(run.cases, key=lambda o: o.sample):
        out.setdefault(o.case_id, o.record)
    return out


def compare_view(a: RunRecord, b: RunRecord, dataset: Dataset | None, *, notes: Sequence[str] = ()) -> CompareView:
    """Per-field deltas B - A, and exactly the articles whose field counts differ, with those rows."""
    comparison = compare_cases(scored_cases(a), scored_cases(b))
    counts_a, counts_b = case_counts(a), case_counts(b)
    records_a, records_b = _first_record(a), _first_record(b)
    gold = {c.id: c.gold for c in dataset.cases} if dataset is not None else {}
    changed: list[ChangedArticle] = []
    common = [cid for cid in counts_a if cid in counts_b]
    for cid in common:
        fa, fb = counts_a[cid], counts_b[cid]
        if fa == fb:
            continue
        paths = [p for p in dict.fromkeys([*fa, *fb]) if fa.get(p) != fb.get(p)]
        rows_a = {r.path: r for r in field_rows(gold.get(cid), records_a.get(cid), {p: fa[p] for p in paths if p in fa})}
        rows_b = {r.path: r for r in field_rows(gold.get(cid), records_b.get(cid), {p: fb[p] for p in paths if p in fb})}
        changed.append(
            ChangedArticle(
                case_id=cid, f1_a=prf(total(fa.values())).f1, f1_b=prf(total(fb.values())).f1,
                rows=tuple((rows_a.get(p), rows_b.get(p)) for p in paths),
            )
        )
    changed.sort(key=lambda c: ((c.f1_b or 0.0) - (c.f1_a or 0.0), c.case_id))
    return CompareView(
        a=run_meta(a), b=run_meta(b), micro=_delta("micro", comparison.micro_f1),
        deltas=tuple(_delta(p, d) for p, d in comparison.fields.items()), statements=tuple(comparison.statements),
        changed=tuple(changed), unchanged=len(common) - len(changed),
        only_a=tuple(sorted(set(counts_a) - set(counts_b))), only_b=tuple(sorted(set(counts_b) - set(counts_a))),
        notes=tuple(notes),
    )  # fmt: skip
