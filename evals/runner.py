"""`eval run`: every labeled case (times --repeat) through summarizer.asummarize, K at a time.

A case that fails with any SummarizerError is recorded with its error and scored as wrong,
never dropped; so is a case that hits an unexpected exception (a bug), flagged as such. Repeats are separate samples: the cache is bypassed when repeat > 1.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable

from summarizer.api import asummarize
from summarizer.article import Article
from summarizer.config import Config
from summarizer.errors import InputError, ModelError, SummarizerError
from summarizer.evals.dataset import Case, Dataset
from summarizer.evals.runs import CaseError, CaseOutput
from summarizer.result import Usage

__all__ = ["UNEXPECTED", "run_case", "run_cases"]

UNEXPECTED = "unexpected error (a bug: please report it)"
"""Prefix of the message of a case that failed with something other than a SummarizerError."""


async def run_case(case: Case, sample: int, *, task: str, profile: str | None, model: str | None,
                   config: Config | None, fresh: bool, cache: str | None = None) -> CaseOutput:
    """One call; a SummarizerError becomes a recorded failure carrying whatever usage it reports."""
    started = time.perf_counter()
    kwargs: dict[str, object] = {}
    accepted = inspect.signature(asummarize).parameters
    if fresh and "use_cache" in accepted:
        kwargs["use_cache"] = False
    elif cache is not None and "cache" in accepted:
        kwargs["cache"] = cache
    try:
        article = Article(text=case.text, meta=case.meta)
        result = await asummarize(article, task=task, profile=profile, model=model, config=config, **kwargs)  # type: ignore[call-overload]
    except SummarizerError as exc:
        usage = exc.usage if isinstance(exc, ModelError) and isinstance(exc.usage, Usage) else Usage()
        return CaseOutput(
            case_id=case.id, sample=sample, usage=usage,
            raw_response=exc.raw if isinstance(exc, ModelError) else None,
            error=CaseError(type=type(exc).__name__, message=str(exc)),
            latency_s=round(time.perf_counter() - started, 4),
        )  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - a bug in one provider must not sink the other cases
        return CaseOutput(
            case_id=case.id, sample=sample,
            error=CaseError(type=type(exc).__name__, message=f"{UNEXPECTED}: {exc}"),
            latency_s=round(time.perf_counter() - started, 4),
        )  # fmt: skip
    meta = result.meta.model_dump(mode="json", exclude={"raw_response"})
    return CaseOutput(
        case_id=case.id,
        sample=sample,
        record=result.record.model_dump(mode="json"),
        raw_response=result.meta.raw_response,
        grounding=result.grounding,
        usage=result.meta.usage,
        meta=meta,
        latency_s=round(time.perf_counter() - started, 4),
    )


async def run_cases(dataset: Dataset, *, profile: str | None = None, model: str | None = None,
                    repeat: int = 1, concurrency: int = 4, config: Config | None = None,
                    cache: str | None = None,
                    on_done: Callable[[CaseOutput], None] | None = None) -> list[CaseOutput]:
    """Outputs in (case order, sample) order, whatever order the calls finish in.

    `cache` is the response-cache mode ("use", "off", "only"); repeats always bypass the cache.
    """
    if repeat < 1 or concurrency < 1:
        raise ValueError("repeat and concurrency must be at least 1")
    if repeat > 1 and cache == "only":
        raise InputError("--repeat takes fresh samples, so it cannot run with --cache only")
    gate = asyncio.Semaphore(concurrency)
    jobs = [(case, sample) for case in dataset.labeled for sample in range(repeat)]

    async def one(case: Case, sample: int) -> CaseOutput:
        async with gate:
            out = await run_case(case, sample, task=dataset.task, profile=profile, model=model,
                                 config=config, fresh=repeat > 1, cache=cache)
        if on_done is not None:
            on_done(out)
        return out

    return list(await asyncio.gather(*(one(c, s) for c, s in jobs)))
