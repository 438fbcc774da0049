"""`summarizer summarize`, `schema`, `prompt`: one article from the command line."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from summarizer import __version__
from summarizer.api import prepare, run_prepared
from summarizer.article import ArticleMeta, decode_article_bytes
from summarizer.cli._app import app
from summarizer.config import load_config
from summarizer.tasks import get_task
from summarizer.views import to_text

import asyncio


class Format(StrEnum):
    json = "json"
    text = "text"
    html = "html"


ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="Config file (default: see README, 'Configuration').")]
ProfileOpt = Annotated[Optional[str], typer.Option("--profile", "-p", help="Profile name from the config.")]
ModelOpt = Annotated[Optional[str], typer.Option("--model", "-m", help="'provider/model', e.g. openai/gpt-4o-mini.")]
TaskOpt = Annotated[str, typer.Option("--task", "-t", help="Task name (built-in: incident, muc4).")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"summarizer {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")] = False,
) -> None:
    """Grounded, structured incident records from news articles, and evals that score them."""


def read_input(file: str) -> tuple[str, str | None]:
    """Article text from a path or '-' (stdin), decoded robustly; and an id from the file name."""
    if file == "-":
        return decode_article_bytes(sys.stdin.buffer.read(), name="standard input"), None
    path = Path(file)
    from summarizer.errors import InputError

    if not path.is_file():
        raise InputError(f"no article file at {path}")
    return decode_article_bytes(path.read_bytes(), name=str(path)), path.stem


@app.command()
def summarize(
    file: Annotated[str, typer.Argument(help="Article file, or - for standard input.")],
    task: TaskOpt = "incident",
    profile: ProfileOpt = None,
    model: ModelOpt = None,
    config: ConfigOpt = None,
    published: Annotated[Optional[dt.datetime], typer.Option(formats=["%Y-%m-%d"], help="Publication date, YYYY-MM-DD.")] = None,
    title: Annotated[Optional[str], typer.Option(help="Article title.")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Outlet name.")] = None,
    url: Annotated[Optional[str], typer.Option(help="Article URL.")] = None,
    language: Annotated[Optional[str], typer.Option(help="Language code, e.g. en.")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="json (machine-readable), text, or html.")] = Format.json,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Summarize one article into a grounded incident record (JSON on stdout)."""
    text, stem = read_input(file)
    meta = ArticleMeta(
        id=stem, title=title, outlet=outlet, url=url, language=language,
        published=published.date() if published else None,
    )
    prep = prepare(text, task=task, profile=profile, model=model, config=load_config(config), meta=meta)
    result = asyncio.run(run_prepared(prep))
    if result.meta.notice:
        sys.stderr.write(result.meta.notice + "\n")
    if format is Format.json:
        rendered = result.model_dump_json(indent=2) + "\n"
    elif format is Format.text:
        rendered = to_text(result)
    else:
        from summarizer.report.html import summary_page  # issue 7

        rendered = summary_page(result, text)
    if output:
        output.write_text(rendered, encoding="utf-8")
    else:
        sys.stdout.write(rendered)


@app.command()
def schema(task: Annotated[str, typer.Argument(help="Task name.")] = "incident", config: ConfigOpt = None) -> None:
    """Print the task's JSON schema (what the model must fill)."""
    typer.echo(json.dumps(get_task(task, load_config(config)).schema.model_json_schema(), indent=2))


@app.command()
def prompt(
    task: Annotated[str, typer.Argument(help="Task name.")],
    file: Annotated[str, typer.Argument(help="Article file, or - for standard input.")],
    config: ConfigOpt = None,
    published: Annotated[Optional[dt.datetime], typer.Option(formats=["%Y-%m-%d"])] = None,
) -> None:
    """Print the exact messages that would be sent for FILE (no call is made)."""
    text, stem = read_input(file)
    meta = ArticleMeta(id=stem, published=published.date() if published else None)
    prep = prepare(text, task=task, model="rules/baseline", config=load_config(config), meta=meta)
    typer.echo(json.dumps(prep.messages, indent=2, ensure_ascii=False))
