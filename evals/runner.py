"""`eval run`: every labeled case (times --repeat) through a task, K at a time.

A task is any async callable `(case) -> record`: `summarize_task(...)` (summarize() with a
profile or model) is one; a user's own pipeline, a cached file or a model the project does not
know are others (`eval run --task-fn module:function`). It may return the schema's model, a
plain dict (validated against the dataset's schema), or a SummaryResult (kept with its
provenance: raw response, usage, grounding).

A case that fails with any SummarizerError is recorded with its error and scored as wrong,
never dropped; so is a case that hits any other exception, flagged `unexpected` (the run then
exits non-zero). Repeats are separate samples: summarize_task bypasses the cache when repeat > 1.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import time
from collections.abc import Awaitable, Callable, Collection
from typing import Any

from pydantic import BaseModel, ValidationError

from summarizer.article import Article
from summarizer.config import Config
from summarizer.errors import InputError, ModelError, SummarizerError
from summarizer.evals.dataset import Case, Dataset
from summarizer.evals.runs import CaseError, CaseOutput
from summarizer.grounding import ground
from summarizer.result import SummaryResult, Usage

__all__ = ["TaskFn", "load_task_fn", "run_case", "run_cases", "summarize_task"]

TaskFn = Callable[[Case], Awaitable[Any]]
"""A case in; its record out (a BaseModel, a dict, or a SummaryResult)."""


def summarize_task(*, task: str, profile: str | None = None, model: str | None = None,
                   config: Config | None = None, cache: str | None = None) -> TaskFn:
    """summarize() with these settings, as a task. `cache` is "use", "off" or "only"."""
    from summarizer.api import asummarize

    async def summarize_case(case: Case) -> SummaryResult[BaseModel]:
        article = Article(text=case.text, meta=case.meta)
        return await asummarize(article, task=task, profile=profile, model=model, config=config, cache=cache)

    return summarize_case


def load_task_fn(ref: str) -> TaskFn:
    """'module.path:function' naming an async function of one argument (the Case)."""
    module_name, sep, attr = ref.partition(":")
    if not sep or not module_name or not attr:
        raise InputError(f"--task-fn takes 'module.path:function', got {ref!r}")
    try:
        fn = getattr(importlib.import_module(module_name), attr, None)
    except ImportError as exc:
        raise InputError(f"--task-fn {ref}: cannot import {module_name!r}: {exc}") from None
    if not callable(fn):
        raise InputError(f"--task-fn {ref}: {module_name} has no function {attr!r}")
    if not (inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(getattr(fn, "__call__", None))):
        raise InputError(f"--task-fn {ref}: must be an async function `async def {attr}(case) -> record`")
    return fn  # type: ignore[no-any-return]


def _failure(case: Case, sample: int, exc: BaseException, started: float) -> CaseOutput:
    known = isinstance(exc, SummarizerError)
    usage = exc.usage if isinstance(exc, ModelError) and isinstance(exc.usage, Usage) else Usage()
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return CaseOutput(
        case_id=case.id, sample=sample, usage=usage,
        raw_response=exc.raw if isinstance(exc, ModelError) else None,
        error=CaseError(type=type(exc).__name__, message=str(exc) if known else message, unexpected=not known),
        latency_s=round(time.perf_counter() - started, 4),
    )  # fmt: skip


def _from_record(case: Case, sample: int, value: Any, schema: type[BaseModel], started: float) -> CaseOutput:
    latency = round(time.perf_counter() - started, 4)
    if isinstance(value, SummaryResult):
        return CaseOutput(
            case_id=case.id, sample=sample, record=value.record.model_dump(mode="json"),
            raw_response=value.meta.raw_response, grounding=value.grounding, usage=value.meta.usage,
            meta=value.meta.model_dump(mode="json", exclude={"raw_response"}), latency_s=latency,
        )  # fmt: skip
    try:
        record = value if isinstance(value, schema) else schema.model_validate(value)
    except ValidationError as exc:
        raw = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, BaseModel) else value.model_dump_json()
        error = CaseError(type="OutputInvalidError", message=f"the task's record does not validate against {schema.__name__}: {exc}")
        return CaseOutput(case_id=case.id, sample=sample, raw_response=raw, error=error, latency_s=latency)
    return CaseOutput(case_id=case.id, sample=sample, record=record.model_dump(mode="json"),
                      grounding=ground(record, case.text), latency_s=latency)  # fmt: skip


async def run_case(case: Case, sample: int, task_fn: TaskFn, schema: type[BaseModel]) -> CaseOutput:
    """One call of the task; any exception becomes this case's recorded failure."""
    started = time.perf_counter()
    try:
        value = await task_fn(case)
    except Exception as exc:  # noqa: BLE001 - one case's fault is that case's error, never the run's
        return _failure(case, sample, exc, started)
    try:
        return _from_record(case, sample, value, schema, started)
    except Exception as exc:  # noqa: BLE001 - e.g. the task returned something that is not a record
        return _failure(case, sample, exc, started)


async def run_cases(dataset: Dataset, task_fn: TaskFn, *, repeat: int = 1, concurrency: int = 4,
                    skip: Collection[tuple[str, int]] = (),
                    on_done: Callable[[CaseOutput], None] | None = None) -> list[CaseOutput]:
    """Outputs of every (labeled case, sample) not in `skip`, in (case, sample) order.

    `on_done` sees each output as it finishes (to store it at once); an exception from it (a full
    disk) stops the run, since an output that cannot be kept should not be paid for again.
    """
    if repeat < 1 or concurrency < 1:
        raise ValueError("repeat and concurrency must be at least 1")
    gate = asyncio.Semaphore(concurrency)
    jobs = [(case, sample) for case in dataset.labeled for sample in range(repeat) if (case.id, sample) not in skip]

    async def one(case: Case, sample: int) -> CaseOutput:
        async with gate:
            out = await run_case(case, sample, task_fn, dataset.schema)
        if on_done is not None:
            on_done(out)
        return out

    return list(await asyncio.gather(*(one(c, s) for c, s in jobs)))
