"""`summarizer ray INPUT --output OUT`: the batch on Ray Data (extra `ray`; see summarizer.scale)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from summarizer.cli._app import app
from summarizer.cli.summarize_cmd import (
    ApiKeyEnvOpt,
    BaseUrlOpt,
    ConfigOpt,
    ModelOpt,
    ProfileOpt,
    TaskOpt,
)
from summarizer.config import load_config


@app.command("ray")
def ray_run(
    source: Annotated[str, typer.Argument(help="Articles: .parquet, .csv or .jsonl (a file, folder or glob Ray reads) with 'id' and 'text' or 'path'.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Results, one row per article: .parquet, .jsonl or .csv (resumed on rerun).")],
    address: Annotated[Optional[str], typer.Option("--address", help="Ray cluster to join ('auto', or ray://HOST:10001); default: a local Ray on 127.0.0.1.")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Ray workers (actors), each with one model client.")] = 2,
    concurrency: Annotated[Optional[int], typer.Option("--concurrency", "-j", min=1, max=512, help="Calls at once per worker (default: the profile's).")] = None,
    batch_size: Annotated[Optional[int], typer.Option("--batch-size", min=1, help="Articles per block a worker takes (default: 4 x concurrency, at least 32).")] = None,
    task: TaskOpt = "incident",
    profile: ProfileOpt = None,
    model: ModelOpt = None,
    config: ConfigOpt = None,
    base_url: BaseUrlOpt = None,
    api_key_env: ApiKeyEnvOpt = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the response cache.")] = False,
    cache_only: Annotated[bool, typer.Option("--cache-only", help="Only cached answers; a miss fails that article.")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Start --output afresh instead of resuming it.")] = False,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="Resume, and redo the articles that failed last time.")] = False,
) -> None:
    """Summarize a corpus on Ray Data: one model client per worker, one results row per article."""
    from summarizer.cli.batch_cmd import cache_mode_of
    from summarizer.scale.ray_data import import_ray, summarize_dataset

    mode = cache_mode_of(no_cache, cache_only)
    cfg = load_config(config)
    ray = import_ray()
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if address is not None:
        ray.init(address=address, log_to_driver=False)
    else:
        ray.init(_node_ip_address="127.0.0.1", include_dashboard=False, num_cpus=max(workers, os.cpu_count() or 1), log_to_driver=False)
    try:
        report = summarize_dataset(
            source, output=output, task=task, profile=profile, model=model, config=cfg, cache=mode,
            workers=workers, concurrency=concurrency, batch_size=batch_size, base_url=base_url,
            api_key_env=api_key_env, overwrite=overwrite, retry_failed=retry_failed,
        )  # fmt: skip
    finally:
        ray.shutdown()
    sys.stderr.write(f"summarizer: {report.summary()}\n")
    if report.exit_code:
        raise typer.Exit(report.exit_code)
