"""`summarizer jobs submit|status|collect`: provider batch APIs at batch prices, `--estimate` first."""

from __future__ import annotations

import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

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


class RetryHow(StrEnum):
    live = "live"
    batch = "batch"


def _job(config: Optional[Path], task: str, profile: Optional[str], model: Optional[str], base_url: Optional[str], **terms: Any) -> Any:
    from summarizer.batchapi import Job

    return Job(config=load_config(config), task=task, profile=profile, model=model, base_url=base_url,
               terms={k: v for k, v in terms.items() if v is not None})  # fmt: skip


@jobs_app.command("submit")
def submit_cmd(
    input: Annotated[Path, typer.Argument(help="JSONL of articles, as `summarize --input` reads.")],
    output: OutputOpt,
    state: StateOpt = None,
    task: TaskOpt = "incident",
    profile: ProfileOpt = None,
    model: ModelOpt = None,
    config: ConfigOpt = None,
    base_url: BaseUrlOpt = None,
    estimate: Annotated[bool, typer.Option("--estimate", help="Print articles, tokens, cost (live, batch, cached) and time; send nothing.")] = False,
    output_tokens: Annotated[Optional[int], typer.Option("--output-tokens", min=1, help="--estimate: expected output tokens per article (default 3000, the seed's).")] = None,
    max_requests: Annotated[Optional[int], typer.Option("--max-requests", min=1, help="Requests per batch (default: the provider's documented limit).")] = None,
    max_bytes: Annotated[Optional[int], typer.Option("--max-bytes", min=1024, help="Bytes per batch (default: the provider's documented limit).")] = None,
    discount: Annotated[Optional[float], typer.Option("--discount", help="Batch discount as a fraction (default: the provider's documented 0.5).")] = None,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="Resubmit the articles whose lines failed, in a new batch.")] = False,
) -> None:
    """Send every article not yet in OUTPUT as batch requests (rerun to finish an interrupted submit)."""
    from summarizer.batchapi import estimate as make_estimate
    from summarizer.batchapi import submit

    job = _job(config, task, profile, model, base_url, max_requests=max_requests, max_bytes=max_bytes, discount=discount)
    try:
        if estimate:
            for line in make_estimate(input, job=job, output_tokens=output_tokens).lines():
                typer.echo(line)
            return
        report = submit(input, output=output, job=job, state_dir=state, retry_failed=retry_failed)
    finally:
        job.close()
    sys.stderr.write(f"summarizer: {report.summary()}\n")
    for entry in report.batches:
        typer.echo(f"{entry.batch_id}\t{entry.count} requests\t{entry.bytes:,} bytes")


@jobs_app.command("status")
def status_cmd(
    output: OutputOpt,
    state: StateOpt = None,
    task: TaskOpt = "incident",
    profile: ProfileOpt = None,
    model: ModelOpt = None,
    config: ConfigOpt = None,
    base_url: BaseUrlOpt = None,
) -> None:
    """One line per batch: id, provider state, request counts."""
    from summarizer.batchapi import default_state_dir, status

    job = _job(config, task, profile, model, base_url)
    try:
        for entry, line in status(state or default_state_dir(output), job=job):
            typer.echo(f"{entry.n}\t{entry.batch_id or '-'}\t{entry.count}\t{line}")
    finally:
        job.close()


@jobs_app.command("collect")
def collect_cmd(
    output: OutputOpt,
    state: StateOpt = None,
    task: TaskOpt = "incident",
    profile: ProfileOpt = None,
    model: ModelOpt = None,
    config: ConfigOpt = None,
    base_url: BaseUrlOpt = None,
    retry_failed: Annotated[Optional[RetryHow], typer.Option("--retry-failed", help="Redo failed articles: live now, or in a new batch.")] = None,
    wait: Annotated[bool, typer.Option("--wait", help="Poll until every batch has ended.")] = False,
    poll: Annotated[float, typer.Option("--poll", min=0.01, help="--wait: seconds between polls.")] = 60.0,
) -> None:
    """Write each ended batch's results into OUTPUT (validated, grounded, cached); rerun resumes."""
    from summarizer.batchapi import collect, default_state_dir, submit
    from summarizer.batchapi.state import JobState

    directory = state or default_state_dir(output)
    job = _job(config, task, profile, model, base_url)
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
            again = submit(Path(loaded.input), output=output, job=job, state_dir=directory, retry_failed=True)
            sys.stderr.write(f"summarizer: retry: {again.summary()}\n")
    finally:
        job.close()
    if report.failed or report.pending:
        raise typer.Exit(1)
