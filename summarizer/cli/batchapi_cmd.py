"""`summarizer jobs submit|status|collect`: provider batch APIs at batch prices, `--estimate` first."""

from __future__ import annotations

import functools
import inspect
import sys
import time
from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal, Optional, get_type_hints

import typer

from summarizer.cli._app import app
from summarizer.cli.summarize_cmd import BaseUrlOpt, ConfigOpt, ModelOpt, ProfileOpt, TaskOpt
from summarizer.config import load_config

jobs_app = typer.Typer(
    help="Provider batch jobs (OpenAI, Anthropic, Gemini): half price, results within the provider's window.",
    no_args_is_help=True,
)
app.add_typer(jobs_app, name="jobs")

OutputOpt = Annotated[Path, typer.Option("--output", "-o", help="The results JSONL (the same file `summarize --output` writes).")]
StateOpt = Annotated[Optional[Path], typer.Option("--state", help="Job state folder (default: OUTPUT.jobs next to the output).")]
RetryBatchOpt = Annotated[bool, typer.Option("--retry-failed", help="Resubmit the articles whose lines failed, in a new batch.")]
EstimateOpt = Annotated[bool, typer.Option("--estimate", help="Print articles, tokens, cost (live, batch, cached) and time; send nothing.")]
OutputTokensOpt = Annotated[Optional[int], typer.Option("--output-tokens", min=1, help="--estimate: expected output tokens per article (default 3000, the seed's).")]
MaxRequestsOpt = Annotated[Optional[int], typer.Option("--max-requests", min=1, help="Requests per batch (default: the provider's documented limit).")]
MaxBytesOpt = Annotated[Optional[int], typer.Option("--max-bytes", min=1024, help="Bytes per batch (default: the provider's documented limit).")]
DiscountOpt = Annotated[Optional[float], typer.Option("--discount", help="Batch discount as a fraction (default: the provider's documented 0.5).")]


class RetryHow(StrEnum):
    live = "live"
    batch = "batch"


RetryHowOpt = Annotated[Optional[RetryHow], typer.Option("--retry-failed", help="Redo failed articles: live now, or in a new batch.")]
WaitOpt = Annotated[bool, typer.Option("--wait", help="Poll until every batch has ended.")]
PollOpt = Annotated[float, typer.Option("--poll", min=0.01, help="--wait: seconds between polls.")]


@dataclass(frozen=True)
class JobTarget:
    """The options every `jobs` command takes: the output (and its job state), the task, the model."""

    output: OutputOpt
    state: StateOpt = None
    task: TaskOpt = "incident"
    profile: ProfileOpt = None
    model: ModelOpt = None
    config: ConfigOpt = None
    base_url: BaseUrlOpt = None

    @property
    def directory(self) -> Path:
        from summarizer.batchapi import default_state_dir

        return self.state or default_state_dir(self.output)

    def job(self, **terms: Any) -> Any:
        """The Job these options name; `terms` left None keep the provider's documented ones."""
        from summarizer.batchapi import Job

        return Job(config=load_config(self.config), task=self.task, profile=self.profile, model=self.model,
                   base_url=self.base_url, terms={k: v for k, v in terms.items() if v is not None})  # fmt: skip


def _jobs_command(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register `run(target: JobTarget, **own)` as `jobs NAME`, its options JobTarget's and its own.

    Typer reads a command's options from its signature, so the command's signature is made of
    `run`'s arguments, JobTarget's fields, then `run`'s options (the order `--help` shows):
    the shared options are declared once, in JobTarget.
    """

    def register(run: Callable[..., None]) -> Callable[..., None]:
        hints = get_type_hints(JobTarget, include_extras=True)
        shared = [
            inspect.Parameter(f.name, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=hints[f.name],
                              default=inspect.Parameter.empty if f.default is MISSING else f.default)
            for f in fields(JobTarget)
        ]  # fmt: skip
        own = list(inspect.signature(run, eval_str=True).parameters.values())[1:]
        names = [p.name for p in shared]

        @functools.wraps(run)
        def command(**options: Any) -> None:
            run(JobTarget(**{key: options.pop(key) for key in names}), **options)

        parameters = [*(p for p in own if p.default is p.empty), *shared, *(p for p in own if p.default is not p.empty)]
        command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in parameters}
        jobs_app.command(name)(command)
        return command

    return register


@_jobs_command("submit")
def submit_cmd(
    target: JobTarget,
    input: Annotated[Path, typer.Argument(help="JSONL of articles, as `summarize --input` reads.")],
    estimate: EstimateOpt = False,
    output_tokens: OutputTokensOpt = None,
    max_requests: MaxRequestsOpt = None,
    max_bytes: MaxBytesOpt = None,
    discount: DiscountOpt = None,
    retry_failed: RetryBatchOpt = False,
) -> None:
    """Send every article not yet in OUTPUT as batch requests (rerun to finish an interrupted submit)."""
    from summarizer.batchapi import estimate as make_estimate
    from summarizer.batchapi import submit

    job = target.job(max_requests=max_requests, max_bytes=max_bytes, discount=discount)
    try:
        if estimate:
            for line in make_estimate(input, job=job, output_tokens=output_tokens).lines():
                typer.echo(line)
            return
        report = submit(input, output=target.output, job=job, state_dir=target.state, retry_failed=retry_failed)
    finally:
        job.close()
    sys.stderr.write(f"summarizer: {report.summary()}\n")
    for entry in report.batches:
        typer.echo(f"{entry.batch_id}\t{entry.count} requests\t{entry.bytes:,} bytes")


@_jobs_command("status")
def status_cmd(target: JobTarget) -> None:
    """One line per batch: id, provider state, request counts."""
    from summarizer.batchapi import status

    job = target.job()
    try:
        for entry, line in status(target.directory, job=job):
            typer.echo(f"{entry.n}\t{entry.batch_id or '-'}\t{entry.count}\t{line}")
    finally:
        job.close()


@_jobs_command("collect")
def collect_cmd(target: JobTarget, retry_failed: RetryHowOpt = None, wait: WaitOpt = False, poll: PollOpt = 60.0) -> None:
    """Write each ended batch's results into OUTPUT (validated, grounded, cached); rerun resumes."""
    from summarizer.batchapi import collect, submit
    from summarizer.batchapi.state import JobState

    directory = target.directory
    job = target.job()
    try:
        live: Literal["live"] | None = "live" if retry_failed is RetryHow.live else None
        report = collect(directory, job=job, retry_failed=live)
        while wait and report.pending:
            time.sleep(poll)
            report = collect(directory, job=job, retry_failed=live)
        sys.stderr.write(f"summarizer: {report.summary()}\n")
        if retry_failed is RetryHow.batch:
            loaded = JobState.load(directory)
            assert loaded is not None
            again = submit(Path(loaded.input), output=target.output, job=job, state_dir=directory, retry_failed=True)
            sys.stderr.write(f"summarizer: retry: {again.summary()}\n")
    finally:
        job.close()
    if report.failed or report.pending:
        raise typer.Exit(1)
