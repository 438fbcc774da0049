"""`summarizer summarize` over many articles: FILES... or --input JSONL/Parquet/CSV, into JSONL (resumable), Parquet or CSV."""

from __future__ import annotations

import sys
from pathlib import Path

from summarizer.batch import read_files, summarize_many
from summarizer.batch.table_inputs import read_input
from summarizer.config import Config
from summarizer.model.layer import CacheMode
from summarizer.secrets import scrub

__all__ = ["cache_mode_of", "run_batch"]


def cache_mode_of(no_cache: bool, cache_only: bool) -> CacheMode:
    from summarizer.errors import InputError

    if no_cache and cache_only:
        raise InputError("--no-cache and --cache-only contradict each other: pick one")
    return CacheMode.off if no_cache else CacheMode.only if cache_only else CacheMode.use


def run_batch(
    *,
    files: list[str],
    input_path: Path | None,
    output: Path | None,
    task: str,
    profile: str | None,
    model: str | None,
    config: Config,
    cache: CacheMode,
    budget: float | None,
    concurrency: int | None,
    overwrite: bool,
    retry_failed: bool,
    progress: bool | None,
    base_url: str | None = None,
    api_key_env: str | None = None,
    fail_on_ungrounded: bool = False,
    fetch: bool = False,
    article_timeout: float | None = None,
) -> int:
    """Run the batch, print totals on stderr, and return the exit code (see summarizer.cli)."""
    notices: list[str] = []
    articles = read_input(input_path, notices=notices) if input_path is not None else []
    if files:
        articles = [*articles, *read_files(files, notices=notices, fetch=fetch)]
    for notice in notices[:20]:
        sys.stderr.write(f"notice: {notice}\n")
    if len(notices) > 20:
        sys.stderr.write(f"notice: ... and {len(notices) - 20} more input(s) not cleanly UTF-8\n")
    show = progress if progress is not None else (output is not None and sys.stderr.isatty())
    try:
        report = summarize_many(
            articles, output=output, stdout=output is None, task=task, profile=profile, model=model,
            config=config, cache=cache, concurrency=concurrency, budget_usd=budget, progress=show,
            overwrite=overwrite, retry_failed=retry_failed, base_url=base_url, api_key_env=api_key_env,
            fail_on_ungrounded=fail_on_ungrounded, article_timeout_s=article_timeout,
        )  # fmt: skip
    except KeyboardInterrupt:
        where = f"rerun the same command to resume into {output}" if output else "nothing was kept (use --output to resume)"
        sys.stderr.write(f"interrupted: finished articles are saved; {where}\n")
        return 130
    for notice in report.notices:  # e.g. the keyless baseline made the records: said once, not per line
        sys.stderr.write(f"{notice}\n")
    sys.stderr.write(f"summarizer: {report.summary()}\n")
    for warning in report.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    for failure in report.failures[:10]:
        sys.stderr.write(f"  failed {failure.id}: {failure.type}: {scrub(failure.message)[:300]}\n")
    if len(report.failures) > 10:
        sys.stderr.write(f"  ... and {len(report.failures) - 10} more (see the output's lines with \"ok\": false)\n")
    return report.exit_code
