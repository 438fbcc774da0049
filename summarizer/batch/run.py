"""summarize_many(): many articles through one profile, as fast as the provider allows.

A fixed pool of `concurrency` workers pulls articles; each result (or failure, with its error
type and message) is written as one JSON line the moment it is ready, so a crash loses only
calls in flight and a rerun skips every id already in the output. Cache hits cost no call;
a rate limiter keeps requests and tokens per minute under the profile's limits; a budget
stops new calls once the money spent reaches it (calls already in flight still finish).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from summarizer._loop import run_blocking
from summarizer.article import Article, check_article, escaped
from summarizer.batch.failure import Failure, failure_of, one_line
from summarizer.batch.inputs import as_articles
from summarizer.batch.output import ResultsFile, StreamOut, encode_line
from summarizer.batch.progress import BatchProgress
from summarizer.batch.table import ResultsSink, TableSink
from summarizer.config import Config, load_config, resolve_profile
from summarizer.cost import Totals
from summarizer.errors import (
    CacheMissError,
    ConfigError,
    InputError,
    ModelError,
    OutputInvalidError,
    TransportError,
)
from summarizer.model.layer import CacheMode, Model, Prepared, RateLimiter, cache_mode, check_cache
from summarizer.offload import offload
from summarizer.result import SummaryResult, Usage, result_json
from summarizer.tasks import get_task

__all__ = ["BatchReport", "Failure", "asummarize_many", "summarize_many"]

Articles = Iterable[Article] | Mapping[str, str | Article]
Sink = ResultsSink


def open_output(path: Path, *, overwrite: bool = False, retry_failed: bool = False) -> ResultsFile | TableSink:
    """The results file for `path`: JSONL appended line by line, Parquet or CSV written whole at the end."""
    if path.suffix.lower() in (".parquet", ".csv"):
        return TableSink.open(path, overwrite=overwrite, retry_failed=retry_failed)
    return ResultsFile.open(path, overwrite=overwrite, retry_failed=retry_failed)


@dataclass
class BatchReport:
    """What a batch did. `results` holds the records only when there was no output file."""

    total: int
    skipped: int = 0
    """Ids already in the output from an earlier run, not redone."""
    not_started: int = 0
    """Articles left because the budget was reached; rerun (with a higher --budget) to finish."""
    budget_reached: bool = False
    totals: Totals = field(default_factory=Totals)
    failures: list[Failure] = field(default_factory=list)
    results: dict[str, SummaryResult[BaseModel]] = field(default_factory=dict)
    elapsed_s: float = 0.0
    output: Path | None = None
    torn_bytes: int = 0
    rate_limited_s: float = 0.0
    warnings: list[str] = field(default_factory=list)
    """Problems that cost no article its line (e.g. a cache that could not store an answer)."""
    notices: list[str] = field(default_factory=list)
    """Distinct notices the results carry (e.g. the keyless baseline made them), each once."""
    ungrounded: int = 0
    """Records with at least one quote not found verbatim in the article."""
    fail_on_ungrounded: bool = False
    """Whether ungrounded records make the exit code 1."""
    failed_before: int = 0
    """Skipped ids whose line in the output is a failure from an earlier run (not redone)."""

    @property
    def unexpected(self) -> int:
        """Failures that are not SummarizerErrors: faults with no designed message."""
        return sum(f.unexpected for f in self.failures)

    @property
    def exit_code(self) -> int:
        """4 when an article missed the cache in cache-only mode; 1 for other failures, a stop, failed
        lines left from an earlier run, or ungrounded records under fail_on_ungrounded; else 0."""
        if any(f.type == CacheMissError.__name__ for f in self.failures):
            return CacheMissError.exit_code
        ungrounded = self.fail_on_ungrounded and self.ungrounded > 0
        return 1 if self.failures or self.not_started or self.failed_before or ungrounded else 0

    def summary(self) -> str:
        parts = [f"{self.totals.line()}", f"{self.elapsed_s:.1f}s"]
        if self.skipped:
            parts.insert(0, f"{self.skipped} already in {self.output} (skipped)")
        if self.failed_before:
            parts.insert(
                1, f"{self.failed_before} of them failed earlier and were not redone: rerun with --retry-failed to redo them"
            )
        if self.ungrounded:
            gate = "" if self.fail_on_ungrounded else " (--fail-on-ungrounded makes this exit 1)"
            parts.append(f"{self.ungrounded} record(s) with quotes not found verbatim in their article{gate}")
        if self.not_started:
            parts.append(f"budget reached: {self.not_started} article(s) not started; rerun with a higher --budget to finish")
        if self.rate_limited_s:
            parts.append(f"waited {self.rate_limited_s:.1f}s for the rate limit")
        if self.torn_bytes:
            parts.append(f"cut a torn last line ({self.torn_bytes} bytes) left by an interrupted run")
        if self.unexpected:
            parts.append(f"{self.unexpected} unexpected error(s): a fault with no designed message, please report it")
        return "; ".join(parts)


class _Run:
    """State shared by the workers of one batch."""

    def __init__(
        self, *, config: Config, task: str, profile: str | None, model: str | None, mode: CacheMode,
        base_url: str | None, api_key_env: str | None,
        budget_usd: float | None, limiter: RateLimiter | None, sink: Sink | None,
        report: BatchReport, progress: BatchProgress,
        on_result: Callable[[str, SummaryResult[BaseModel] | Failure], None] | None,
        deadline_s: float | None = None,
        client: Model | None = None,
    ) -> None:
        self.config = config
        self.task = get_task(task, config)
        self.profile = resolve_profile(config, profile, model, base_url=base_url, api_key_env=api_key_env)
        # one client, pool, lane and limiter for the batch (or the caller's, e.g. one per Ray worker)
        self.owns_model = client is None
        self.model = client if client is not None else Model(self.profile, limiter=limiter)
        self.price = config.price(self.profile.model)
        if budget_usd is not None and self.price is None and not self.model.keyless:
            raise ConfigError(
                f"--budget needs a price for {self.profile.model}: add [prices.\"{self.profile.model}\"] "
                "with input and output (USD per million tokens) to the config"
            )
        self.mode = mode
        if mode is not CacheMode.off and self.model.cacheable:
            check_cache(config)  # a corrupt cache or unusable data dir says so now, before any paid call
        self.deadline_s = deadline_s
        self.budget = budget_usd
        self.sink = sink
        self.report = report
        self._blobs: dict[str, str] = {}
        self.progress = progress
        self.on_result = on_result

    def _budget_spent(self) -> bool:
        return self.budget is not None and self.report.totals.spent_usd >= self.budget

    def _line(self, ident: str, outcome: SummaryResult[BaseModel] | Failure, usage: Usage | None) -> bytes:
        if isinstance(outcome, Failure):
            error: dict[str, Any] = {"type": outcome.type, "message": outcome.message}
            if outcome.unexpected:
                error["unexpected"] = True
            line: dict[str, Any] = {"id": ident, "ok": False, "error": error}
            if usage is not None:
                line["usage"] = usage.model_dump(mode="json")
            return encode_line(line)
        blob = self._blobs.pop(ident, None)  # made once in _store when the answer was paid for
        if blob is None:
            blob = result_json(outcome, keep_raw=self.config.keep_raw_responses)
        return encode_line({"id": ident, "ok": True}, {"result": blob})

    def _emit(self, ident: str, outcome: SummaryResult[BaseModel] | Failure, usage: Usage | None = None) -> None:
        """Write the article's one line. A result that cannot be serialized becomes that article's
        failure; a results file that cannot be written stops the batch (InputError)."""
        try:
            data = self._line(ident, outcome, usage)
        except Exception as exc:
            if isinstance(outcome, SummaryResult):  # e.g. a lone surrogate in the model's answer
                usage = outcome.meta.usage
                message = f"the model's answer cannot be written as UTF-8 JSON: {one_line(str(exc))}"
                outcome = Failure(ident, OutputInvalidError.__name__, message)
            else:
                outcome = failure_of(ident, exc)
            data = self._line(ident, outcome, usage)
        totals = self.report.totals
        if isinstance(outcome, Failure):
            totals.add_failure(usage, self.price)
            self.report.failures.append(outcome)
        else:
            totals.add_result(outcome)
            if outcome.ungrounded:
                self.report.ungrounded += 1
            notice = outcome.meta.notice
            if notice and notice not in self.report.notices:
                self.report.notices.append(notice)
            if self.sink is None:
                self.report.results[ident] = outcome
        if self.sink is not None:
            self.sink.write_line(data)
        if self.on_result is not None:
            self.on_result(ident, outcome)
        self.progress.advance(totals.failed, totals.spent_usd, totals.cached)

    async def one(self, article: Article) -> None:
        """Process one article to exactly one line: any exception becomes that article's failure."""
        ident = article.meta.id or ""
        outcome: SummaryResult[BaseModel] | Failure | None
        usage: Usage | None
        try:
            outcome, usage = await self._outcome(article, ident)
        except Exception as exc:  # isolation: of any type; the others go on
            usage = exc.usage if isinstance(exc, ModelError) and isinstance(exc.usage, Usage) else None
            outcome = failure_of(ident, exc)
        if outcome is not None:
            self._emit(ident, outcome, usage)

    async def _outcome(self, article: Article, ident: str) -> tuple[SummaryResult[BaseModel] | None, Usage | None]:
        """The article's result (None when the budget stopped it first); raises on failure."""
        prep = await offload(len(article.text), self._prepare, article, ident)
        hit = self.model.cached(prep, self.mode)
        if hit is not None:
            return hit, None
        if self._budget_spent():
            self.report.not_started += 1
            self.report.budget_reached = True
            return None, None
        result = await self._call(prep, ident)  # rate limit, retries, per-request deadline: the model layer's
        self._store(prep, result, ident)
        return result, None

    def _prepare(self, article: Article, ident: str) -> Prepared:
        """Checked, rendered, fenced and hashed: work that grows with the article (offloaded when long)."""
        check_article(article, name=f"article {escaped(ident)}")  # first: hashing needs valid text
        return Prepared(article, self.task, self.profile, self.model, self.config)

    async def _call(self, prep: Prepared, ident: str) -> SummaryResult[BaseModel]:
        """The paid call, within the article's deadline when one is set: everything the article
        needs counts (retries, re-asks, chunks, and the model layer's waits for the rate limit)."""
        if self.deadline_s is None:
            return await self.model.call(prep)
        scope = asyncio.timeout(self.deadline_s)
        try:
            async with scope:
                return await self.model.call(prep)
        except TimeoutError:
            if not scope.expired():
                raise
            raise TransportError(
                f"article {escaped(ident)} was abandoned after its deadline of {self.deadline_s:g}s (retries and re-asks "
                "included): raise --article-timeout, or check the provider",
                provider=self.profile.provider, model=self.profile.model,
            ) from None

    def _store(self, prep: Prepared, result: SummaryResult[BaseModel], ident: str) -> None:
        """Cache a paid answer; a cache that fails now costs a warning, never the answer."""
        try:
            blob = result_json(result, keep_raw=self.config.keep_raw_responses)
            if self.sink is not None:
                self._blobs[ident] = blob  # the results line reuses it: one serialization per answer
            self.model.store(prep, result, self.mode, blob=blob)
        except Exception as exc:
            message = f"could not store an answer in the response cache ({type(exc).__name__}: {one_line(str(exc), 300)})"
            if message not in self.report.warnings:
                self.report.warnings.append(message)


async def _aclose(model: Model) -> None:
    """Close the batch's HTTP client inside its own loop (else it is closed after the loop, noisily)."""
    with contextlib.suppress(Exception):  # best effort: every result is already written
        await model.aclose()


async def asummarize_many(
    articles: Articles,
    *,
    output: str | Path | None = None,
    task: str = "incident",
    profile: str | None = None,
    model: str | None = None,
    config: Config | None = None,
    cache: CacheMode | str | bool | None = None,
    concurrency: int | None = None,
    budget_usd: float | None = None,
    limiter: RateLimiter | None = None,
    progress: bool = False,
    overwrite: bool = False,
    retry_failed: bool = False,
    stdout: bool = False,
    on_result: Callable[[str, SummaryResult[BaseModel] | Failure], None] | None = None,
    base_url: str | None = None,
    api_key_env: str | None = None,
    fail_on_ungrounded: bool = False,
    article_timeout_s: float | None = None,
    sink: Sink | None = None,
    client: Model | None = None,
) -> BatchReport:
    """Summarize every article (each needs a unique meta.id), writing one JSON line per article.

    With `output`, ids already there are skipped (resume; `retry_failed` redoes failed ones,
    `overwrite` starts afresh); `stdout=True` streams lines to standard output
    instead; with neither, results come back in `report.results`. `concurrency` defaults to the
    profile's, the rate limiter to the profile's requests/tokens per minute. `article_timeout_s`
    abandons an article whose calls take longer in all (its line says so; the others go on).
    An `output` ending in .parquet or .csv is a results table (summarizer.batch.table). `sink`
    (instead of `output`) takes the lines; `client` reuses a Model across calls (the caller closes it).
    """
    started = time.perf_counter()
    config = config if config is not None else load_config()
    items = as_articles(articles)
    report = BatchReport(total=len(items), fail_on_ungrounded=fail_on_ungrounded)
    if output is not None:
        sink = open_output(Path(output), overwrite=overwrite, retry_failed=retry_failed)
        report.output, report.torn_bytes = sink.path, sink.torn_bytes
    elif stdout:
        sink = StreamOut()
    bar = BatchProgress(progress)
    run: _Run | None = None
    try:
        run = _Run(
            config=config, task=task, profile=profile, model=model, mode=cache_mode(cache), budget_usd=budget_usd,
            base_url=base_url, api_key_env=api_key_env,
            limiter=limiter,
            sink=sink, report=report, progress=bar, on_result=on_result, deadline_s=article_timeout_s, client=client,
        )  # fmt: skip
        if sink is not None and sink.models and run.profile.model not in sink.models:
            raise InputError(
                f"{sink.path} holds results from {', '.join(sorted(sink.models))}, not {run.profile.model}: "
                "resuming would mix models in one file; pick another --output, or pass --overwrite"
            )
        done = sink.done if sink is not None else {}
        pending = [a for a in items if (a.meta.id or "") not in done]
        report.skipped = len(items) - len(pending)
        report.failed_before = sum(1 for a in items if done.get(a.meta.id or "") is False)
        workers = max(1, min(concurrency or run.profile.concurrency, len(pending) or 1))
        queue = iter(pending)

        async def worker() -> None:
            for article in queue:  # one shared iterator: each article is taken exactly once
                await run.one(article)

        bar.start(report.total, report.skipped)
        tasks = [asyncio.ensure_future(worker()) for _ in range(workers)]
        try:
            await asyncio.gather(*tasks)
        finally:  # what stops one worker (an unwritable results file, an interrupt) stops all: nothing more is paid for
            for pending_task in tasks:
                pending_task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        bar.stop()
        if sink is not None:
            sink.close()
        if run is not None and run.owns_model:
            await _aclose(run.model)
        report.elapsed_s = time.perf_counter() - started
        if run is not None and run.model.limiter is not None:
            report.rate_limited_s = run.model.limiter.waited_s
    return report


def summarize_many(
    articles: Articles,
    *,
    output: str | Path | None = None,
    task: str = "incident",
    profile: str | None = None,
    model: str | None = None,
    config: Config | None = None,
    cache: CacheMode | str | bool | None = None,
    concurrency: int | None = None,
    budget_usd: float | None = None,
    limiter: RateLimiter | None = None,
    progress: bool = False,
    overwrite: bool = False,
    retry_failed: bool = False,
    stdout: bool = False,
    on_result: Callable[[str, SummaryResult[BaseModel] | Failure], None] | None = None,
    base_url: str | None = None,
    api_key_env: str | None = None,
    fail_on_ungrounded: bool = False,
    article_timeout_s: float | None = None,
    sink: Sink | None = None,
    client: Model | None = None,
) -> BatchReport:
    """Blocking form of asummarize_many(); runs on the shared loop of summarizer._loop, as summarize() does."""
    return run_blocking(
        asummarize_many(
            articles, output=output, task=task, profile=profile, model=model, config=config, cache=cache,
            concurrency=concurrency, budget_usd=budget_usd, limiter=limiter, progress=progress,
            overwrite=overwrite, retry_failed=retry_failed, stdout=stdout, on_result=on_result,
            base_url=base_url, api_key_env=api_key_env, fail_on_ungrounded=fail_on_ungrounded,
            article_timeout_s=article_timeout_s, sink=sink, client=client,
        )
    )
