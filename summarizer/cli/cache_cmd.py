"""`summarizer cache stats|clear`: look at and empty the response cache."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from summarizer.cache import CacheCorruptError, open_cache, reset_cache
from summarizer.cli._app import app, fail
from summarizer.config import load_config

cache_app = typer.Typer(help="The response cache (SQLite under the data dir): stats and clear.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")

ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Config file (its data_dir locates the cache).")]


@cache_app.command()
def stats(
    config: ConfigOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Where the cache is, how many answers it holds, by model, and how often they were reused."""
    s = open_cache(load_config(config)).stats()
    if as_json:
        typer.echo(json.dumps({"path": str(s.path), "entries": s.entries, "bytes": s.bytes, "hits": s.hits, "by_model": s.by_model}))
        return
    typer.echo(f"cache: {s.path}")
    typer.echo(f"entries: {s.entries}  size: {s.bytes / 1e6:.2f} MB  hits served: {s.hits}")
    for model, count in s.by_model.items():
        typer.echo(f"  {model}: {count}")


@cache_app.command()
def clear(
    config: ConfigOpt = None,
    model: Annotated[str | None, typer.Option("--model", "-m", help="Only this model's answers.")] = None,
    older_than_days: Annotated[float | None, typer.Option(help="Only answers older than this many days.")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete cached answers (all, or one model's, or old ones); the next run pays for them again.

    A corrupt cache file (one SQLite cannot read) is moved aside instead, so an empty cache starts.
    """
    try:
        cache = open_cache(load_config(config))
    except CacheCorruptError as exc:
        if model is not None or older_than_days is not None:
            raise fail(f"{exc}; an unreadable cache cannot be cleared selectively: run `summarizer cache clear` alone", exc.exit_code) from None
        if not yes:
            typer.confirm(f"{exc}\nmove {exc.path} aside and start an empty cache?", abort=True)
        moved = reset_cache(exc.path)
        typer.echo(f"moved the unreadable cache {exc.path} aside to {moved}; the next run starts an empty cache")
        return
    what = "every cached answer" if model is None and older_than_days is None else "the matching cached answers"
    if not yes:
        typer.confirm(f"delete {what} in {cache.path}?", abort=True)
    deleted = cache.clear(model=model, older_than_s=older_than_days * 86400 if older_than_days is not None else None)
    typer.echo(f"deleted {deleted} cached answer(s) from {cache.path}")
