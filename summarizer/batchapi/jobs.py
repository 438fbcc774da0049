"""submit, status and collect: a provider batch job from an input JSONL to the usual results file.

submit: every article not already in the results file (nor in the cache, whose hits are written
at once) becomes one request line built by the live path's payload builder; lines are split to
the provider's documented limits (summarizer.batchapi.limits), and each batch is recorded as an
intent in the job state before it is created (summarizer.batchapi.state). collect: each ended
batch's lines are validated (an invalid one is re-asked live), grounded, priced at batch prices
and written to the results file and the cache exactly as `summarizer summarize` writes them, so
resume, `eval score` and reports read them unchanged. Expired, cancelled and failed batches and
per-request errors become one failed line per article; `--retry-failed live|batch` redoes them.
Memory stays flat in the input's length: the input is read one line at a time and an article is
read again by its line's offset when its result comes (summarizer.batchapi.inputs), request lines
go straight to disk, result files are read line by line; per article only ids are kept.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from summarizer._loop import run_blocking
from summarizer.article import Article
from summarizer.batch.output import ResultsFile, encode_line
from summarizer.batchapi.clients import BatchClient, client_for, scratch_dir
from summarizer.batchapi.inputs import InputIndex
from summarizer.batchapi.limits import BatchTerms, batch_price, terms_for
from summarizer.batchapi.lines import envelope, read_result
from summarizer.batchapi.state import BatchEntry, JobState
from summarizer.config import Config, Profile, load_config, resolve_profile
from summarizer.cost import Totals, price_usage
from summarizer.errors import InputError, SummarizerError
from summarizer.grounding import ground
from summarizer.model.layer import Model, Prepared
from summarizer.model.registry import ProviderSpec, provider_spec
from summarizer.model.routing import route_for
from summarizer.providers.native import body_for
from summarizer.result import ResultMeta, SummaryResult, Usage
from summarizer.tasks import Task, get_task

__all__ = ["CollectReport", "Job", "SubmitReport", "collect", "default_state_dir", "status", "submit"]

Retry = Literal["live", "batch"]
TOO_LONG = "TooLongForBatch"


def default_state_dir(output: Path) -> Path:
    return output.with_name(output.name + ".jobs")


@dataclass
class SubmitReport:
    articles: int = 0
    skipped: int = 0
    cached: int = 0
    too_long: int = 0
    batches: list[BatchEntry] = field(default_factory=list)
    reconciled: int = 0
    """Intents left by a killed run whose batch was found at the provider (not created again)."""

    def summary(self) -> str:
        sent = sum(b.count for b in self.batches)
        parts = [f"{sent} request(s) in {len(self.batches)} new batch(es)", f"{self.skipped} already in the output"]
        if self.cached:
            parts.append(f"{self.cached} from cache (written now)")
        if self.too_long:
            parts.append(f"{self.too_long} too long for one request (failed lines; `collect --retry-failed live` chunks them)")
        if self.reconciled:
            parts.append(f"{self.reconciled} batch(es) of an interrupted run found at the provider, not resubmitted")
        return "; ".join(parts)


@dataclass
class CollectReport:
    written: int = 0
    skipped: int = 0
    reasked: int = 0
    failed: int = 0
    pending: list[str] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)

    def summary(self) -> str:
        parts = [self.totals.line(), f"{self.written} line(s) written, {self.skipped} already there, {self.reasked} re-asked live"]
        if self.pending:
            parts.append(f"{len(self.pending)} batch(es) still running: {', '.join(self.pending)}; run collect again later")
        return "; ".join(parts)


class Job:
    """Everything a command needs: config, task, profile, provider, terms, the SDK batch client."""

    def __init__(
        self, *, config: Config | None, task: str, profile: str | None, model: str | None,
        base_url: str | None = None, terms: dict[str, Any] | None = None, client: BatchClient | None = None,
    ) -> None:  # fmt: skip
        self.config = config if config is not None else load_config()
        self.task: Task = get_task(task, self.config)
        self.profile: Profile = resolve_profile(self.config, profile, model, base_url=base_url)
        self.spec: ProviderSpec = provider_spec(self.profile.provider)
        self.terms: BatchTerms = terms_for(self.spec).with_overrides(**(terms or {}))
        self.client = client if client is not None else client_for(self.profile, self.spec, route_for(self.profile, self.spec))
        self.model = Model(self.profile)
        self.live_price = self.config.price(self.profile.model)
        self.price = batch_price(self.live_price, self.terms)

    def prepared(self, article: Article) -> Prepared:
        return Prepared(article, self.task, self.profile, self.model, self.config)

    def close(self) -> None:
        run_blocking(self.model.aclose())


# -- submit ------------------------------------------------------------------------------------


def _new_state(job: Job, input_path: Path, output: Path) -> JobState:
    return JobState(
        provider=job.spec.name, model=job.profile.model, profile=job.profile.name, task=job.task.name,
        input=str(input_path.resolve()), output=str(output.resolve()), discount=job.terms.discount,
    )  # fmt: skip


def _check_same(state: JobState, job: Job, input_path: Path) -> None:
    if state.model != job.profile.model or state.input != str(input_path.resolve()):
        raise InputError(
            f"this job state is for {state.model} over {state.input}, not {job.profile.model} over {input_path}: "
            "pick another --state (or --output)"
        )


def _create(job: Job, state: JobState, directory: Path, entry: BatchEntry) -> None:
    """Create the batch of an intent already on disk, then record its id (the order matters)."""
    entry.batch_id = job.client.create(JobState.requests_path(directory, entry.n), entry.tag, entry.count)
    entry.status = "submitted"
    state.save(directory)
    JobState.requests_path(directory, entry.n).unlink(missing_ok=True)


def reconcile(job: Job, state: JobState, directory: Path) -> int:
    """Intents of a killed run: the batch found by its tag is adopted, one never created is created now."""
    found = 0
    for entry in state.batches:
        if entry.status != "intent":
            continue
        batch_id = job.client.find(entry.tag, entry.count, entry.intent_at)
        if batch_id is not None:
            entry.batch_id, entry.status = batch_id, "submitted"
            state.save(directory)
            JobState.requests_path(directory, entry.n).unlink(missing_ok=True)
            found += 1
        else:
            _create(job, state, directory, entry)
    return found


class _Chunker:
    """Request lines streamed to disk, a new batch whenever the next line would pass a limit."""

    def __init__(self, job: Job, state: JobState, directory: Path, mode: Literal["batch", "retry"]) -> None:
        self.job, self.state, self.directory, self.mode = job, state, directory, mode
        self.entry: BatchEntry | None = None
        self.requests: Any = None
        self.ids: Any = None
        self.made: list[BatchEntry] = []

    def _open(self) -> BatchEntry:
        n = len(self.state.batches) + len(self.made)
        entry = BatchEntry(n=n, tag=f"s{uuid.uuid4().hex[:12]}", count=0, bytes=0, intent_at=time.time(), mode=self.mode)
        self.requests = open(JobState.requests_path(self.directory, n), "wb")
        self.ids = open(JobState.ids_path(self.directory, n), "w", encoding="utf-8")
        self.entry = entry
        return entry

    def add(self, ident: str, body: dict[str, Any]) -> None:
        entry = self.entry or self._open()
        line = encode_line(envelope(self.job.spec.family, f"{entry.tag}-{entry.count}", body))
        if len(line) > self.job.terms.max_bytes:
            raise InputError(f"article {ident}: its request alone is {len(line):,} bytes, over the batch limit")
        if entry.count + 1 > self.job.terms.max_requests or entry.bytes + len(line) > self.job.terms.max_bytes:
            self.flush()
            entry = self._open()
            line = encode_line(envelope(self.job.spec.family, f"{entry.tag}-0", body))
        self.requests.write(line)
        self.ids.write(json.dumps(ident) + "\n")
        entry.count += 1
        entry.bytes += len(line)

    def flush(self) -> None:
        """Close the batch being filled, record its intent, then create it."""
        if self.entry is None:
            return
        entry, self.entry = self.entry, None
        for handle in (self.requests, self.ids):
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        self.state.batches.append(entry)
        self.state.save(self.directory)  # the intent, before the create call
        self.made.append(entry)
        _create(self.job, self.state, self.directory, entry)


def _in_flight(state: JobState, directory: Path) -> set[str]:
    ids: set[str] = set()
    for entry in state.batches:
        if entry.status != "collected":
            ids.update(JobState.ids(directory, entry.n))
    return ids


def submit(
    input_path: Path, *, output: Path, job: Job, state_dir: Path | None = None, retry_failed: bool = False,
) -> SubmitReport:  # fmt: skip
    """Send every article not yet done as batch requests; rerunning it finishes an interrupted submit."""
    directory = state_dir or default_state_dir(output)
    articles = InputIndex.scan(input_path)  # every line checked before anything is sent
    state = JobState.load(directory)
    if state is None:
        state = _new_state(job, input_path, output)
        state.save(directory)
    _check_same(state, job, input_path)
    report = SubmitReport(articles=len(articles))
    report.reconciled = reconcile(job, state, directory)
    sink = ResultsFile.open(output, retry_failed=retry_failed)
    try:
        busy = _in_flight(state, directory)
        chunker = _Chunker(job, state, directory, "retry" if retry_failed else "batch")
        for article in articles:  # one at a time: memory stays flat however long the input
            ident = article.meta.id or ""
            if ident in sink.done or ident in busy:
                report.skipped += 1
                continue
            prep = job.prepared(article)
            hit = job.model.cached(prep)
            if hit is not None:
                sink.write({"id": ident, "ok": True}, {"result": hit.model_dump_json()})
                report.cached += 1
                continue
            if len(article.text) > job.profile.context_chars:
                message = (f"{len(article.text):,} characters, over context_chars {job.profile.context_chars:,}: one batch "
                           "request cannot carry its chunks; `summarizer jobs collect --retry-failed live` summarizes it in chunks")  # fmt: skip
                sink.write({"id": ident, "ok": False, "error": {"type": TOO_LONG, "message": message}})
                report.too_long += 1
                continue
            chunker.add(ident, body_for(job.profile, job.spec, prep.messages, job.task.schema))
        chunker.flush()
        report.batches = chunker.made
    finally:
        sink.close()
    return report


# -- status ------------------------------------------------------------------------------------


def status(state_dir: Path, *, job: Job) -> list[tuple[BatchEntry, str]]:
    """One line per batch: its id, the provider's state and counts (nothing is written)."""
    state = _load(state_dir)
    rows = []
    for entry in state.batches:
        if entry.status == "intent" or entry.batch_id is None:
            rows.append((entry, "intent recorded, not yet created (rerun submit)"))
            continue
        if entry.status == "collected":
            rows.append((entry, f"collected ({entry.provider_status})"))
            continue
        st = job.client.status(entry.batch_id)
        rows.append((entry, f"{st.state}{' (ended)' if st.ended else ''}{': ' + st.counts if st.counts else ''}"))
    return rows


def _load(state_dir: Path) -> JobState:
    state = JobState.load(state_dir)
    if state is None:
        raise InputError(f"no job state in {state_dir}: run `summarizer jobs submit` first (or pass the same --output/--state)")
    return state


# -- collect -----------------------------------------------------------------------------------


class _Collector:
    """Writes each result as it is read; the article behind it is re-read from the input by id."""

    def __init__(self, job: Job, state: JobState, directory: Path, sink: ResultsFile, report: CollectReport,
                 articles: InputIndex, on_line: Callable[[str], None] | None) -> None:  # fmt: skip
        self.job, self.state, self.directory, self.sink, self.report = job, state, directory, sink, report
        self.articles = articles
        self.on_line = on_line

    def _write(self, ident: str, line: dict[str, Any], raw: dict[str, str] | None = None) -> None:
        self.sink.write(line, raw)
        self.sink.done[ident] = bool(line.get("ok"))
        self.report.written += 1
        if self.on_line is not None:
            self.on_line(ident)

    def fail(self, ident: str, kind: str, message: str, usage: Usage | None = None) -> None:
        line: dict[str, Any] = {"id": ident, "ok": False, "error": {"type": kind, "message": message}}
        if usage is not None and usage.requests:
            line["usage"] = price_usage(usage, self.job.price).model_dump(mode="json")
        self.report.totals.add_failure(usage, self.job.price)
        self.report.failed += 1
        self._write(ident, line)

    def succeed(self, ident: str, result: SummaryResult[BaseModel], prep: Prepared) -> None:
        self.report.totals.add_result(result)
        self.job.model.store(prep, result, "use")
        self._write(ident, {"id": ident, "ok": True}, {"result": result.model_dump_json()})

    async def live(self, ident: str, why: str) -> None:
        """The live path for one article (an invalid batch answer, or --retry-failed live)."""
        prep = self.job.prepared(self.articles.get(ident))
        try:
            result = await self.job.model.call(prep)
        except SummarizerError as exc:
            usage = getattr(exc, "usage", None)
            self.fail(ident, type(exc).__name__, f"{why}; live call failed: {exc}", usage if isinstance(usage, Usage) else None)
            return
        self.report.reasked += 1
        self.succeed(ident, result, prep)

    async def one(self, ident: str, text: str | None, usage: Usage) -> None:
        prep = self.job.prepared(self.articles.get(ident))
        schema = self.job.task.schema
        try:
            record = schema.model_validate_json(text or "")
        except ValidationError as exc:
            await self.live(ident, f"batch answer invalid ({exc.error_count()} error(s))")
            return
        meta = ResultMeta(
            task=prep.task.name, provider=self.job.spec.name, model=prep.profile.model, profile=prep.profile.name,
            prompt_version=prep.task.version, prompt_hash=prep.prompt_hash, schema_name=prep.task.schema_name,
            schema_hash=prep.schema_hash, usage=price_usage(usage, self.job.price), attempts=1,
            date_inferred=prep.article.meta.published is None, raw_response=text,
        )  # fmt: skip
        result: SummaryResult[BaseModel] = SummaryResult[BaseModel](
            record=record, article=prep.article.meta, grounding=ground(record, prep.article.text), meta=meta
        )
        self.succeed(ident, result, prep)

    async def batch(self, entry: BatchEntry) -> None:
        assert entry.batch_id is not None
        st = self.job.client.status(entry.batch_id)
        entry.provider_status = st.state
        if not st.ended:
            self.report.pending.append(f"{entry.batch_id} ({st.state})")
            return
        ids = JobState.ids(self.directory, entry.n)
        seen: set[int] = set()
        prefix = f"{entry.tag}-"
        for raw in self.job.client.results(entry.batch_id, scratch_dir(self.directory)):
            outcome = read_result(self.job.spec.family, raw)
            if not outcome.custom_id.startswith(prefix):
                continue  # not one of ours: never guessed at
            position = int(outcome.custom_id[len(prefix):])
            seen.add(position)
            ident = ids[position]
            if ident in self.sink.done:
                self.report.skipped += 1
                continue
            if outcome.error is not None:
                self.fail(ident, outcome.error_type, f"batch {entry.batch_id}: {outcome.error}", outcome.usage)
            else:
                await self.one(ident, outcome.text, outcome.usage)
        why = st.failed or f"batch ended {st.state} without an answer for this article"
        kind = {"expired": "BatchExpired", "cancelled": "BatchCancelled", "JOB_STATE_EXPIRED": "BatchExpired",
                "JOB_STATE_CANCELLED": "BatchCancelled"}.get(st.state, "BatchFailed")  # fmt: skip
        for position, ident in enumerate(ids):
            if position not in seen and ident not in self.sink.done:
                self.fail(ident, kind, f"batch {entry.batch_id}: {why}")
        entry.status = "collected"
        self.state.save(self.directory)


async def acollect(
    state_dir: Path, *, job: Job, retry_failed: Retry | None = None, on_line: Callable[[str], None] | None = None,
) -> CollectReport:  # fmt: skip
    state = _load(state_dir)
    if state.model != job.profile.model:
        raise InputError(f"this job was submitted to {state.model}, not {job.profile.model}: pass the same --model/--profile")
    report = CollectReport()
    sink = ResultsFile.open(Path(state.output), retry_failed=retry_failed == "live")
    try:
        articles = InputIndex.scan(Path(state.input))
        collector = _Collector(job, state, state_dir, sink, report, articles, on_line)
        for entry in state.batches:
            if entry.status == "submitted":
                await collector.batch(entry)
        if retry_failed == "live":
            busy = _in_flight(state, state_dir)
            ids = [i for i in articles.ids() if i not in sink.done and i not in busy]  # failed, too long, or never sent
            for ident in ids:
                await collector.live(ident, "retried live")
    finally:
        sink.close()
    return report


def collect(state_dir: Path, *, job: Job, retry_failed: Retry | None = None, on_line: Callable[[str], None] | None = None) -> CollectReport:
    return run_blocking(acollect(state_dir, job=job, retry_failed=retry_failed, on_line=on_line))
