"""`summarizer summarize`, `schema`, `prompt`: one article from the command line."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from summarizer import __version__, environment
from summarizer._loop import run_blocking
from summarizer.api import prepare, run_prepared
from summarizer.article import Article, ArticleMeta, check_article, load_article
from summarizer.cli._app import app
from summarizer.config import load_config
from summarizer.model.events import configure_cli_logging
from summarizer.model.layer import CacheMode
from summarizer.model.registry import BASELINE_MODEL, known_providers, markdown_table
from summarizer.secrets import scrub
from summarizer.tasks import get_task
from summarizer.views import to_text


class Format(StrEnum):
    json = "json"
    text = "text"
    html = "html"


ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="Config file (default: see README, 'Configuration').")]
ProfileOpt = Annotated[Optional[str], typer.Option("--profile", "-p", help="Profile name from the config.")]
ModelOpt = Annotated[
    Optional[str],
    typer.Option("--model", "-m", help=f"'provider/model', e.g. openai/gpt-4o-mini; providers: {', '.join(known_providers())} (see `summarizer providers`)."),
]
TaskOpt = Annotated[str, typer.Option("--task", "-t", help="Task name (built-in: incident, muc4).")]
BaseUrlOpt = Annotated[Optional[str], typer.Option("--base-url", help="Ad-hoc server URL for --model (e.g. http://localhost:8080/v1); sends no key unless --api-key-env.")]
ApiKeyEnvOpt = Annotated[Optional[str], typer.Option("--api-key-env", help="Env var whose key goes to --base-url (or replaces the profile's key variable).")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Show every model-call event (attempts, waits, re-asks, cache hits) on stderr.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"summarizer {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")] = False,
    trust_project: Annotated[bool, typer.Option(
        "--trust-project",
        help="Trust the working directory's config and datasets: key routing, key variables, Python (README 'Trust').",
    )] = False,
) -> None:
    """Grounded, structured incident records from news articles, and evals that score them."""
    if trust_project:
        os.environ[environment.TRUST_PROJECT] = "1"  # read by config and dataset loading in this process


def read_input(file: str) -> tuple[str, str | None]:
    """Article text from a path or '-' (stdin), decoded robustly; and an id from the file name."""
    article, ident = read_article_input(file)
    return article.text, ident


def read_article_input(file: str, *, fetch: bool = False) -> tuple[Article, str | None]:
    """The checked article in a path (text, HTML or PDF), '-' (stdin) or, with `fetch`, a URL;
    and an id from the file name (the URL for a URL)."""
    from summarizer.errors import InputError
    from summarizer.sources import fetch_url, is_url, read_bytes_as_article

    notices: list[str] = []
    ident: str | None
    if file == "-":
        found, ident = read_bytes_as_article(sys.stdin.buffer.read(), name="standard input", notices=notices), None
    elif is_url(file):
        if not fetch:
            raise InputError(f"{file!r} is a URL: pass --fetch to download it (nothing is fetched unless asked)")
        found, ident = fetch_url(file, notices=notices), file
    else:
        found, ident = load_article(Path(file), notices=notices), Path(file).stem
    for notice in notices:  # invalid bytes replaced, or cp1252 used: the user should know
        sys.stderr.write(f"notice: {notice}\n")
    return check_article(found, name="standard input" if file == "-" else file), ident


@app.command()
def summarize(
    files: Annotated[Optional[list[str]], typer.Argument(help="Article file(s), or - for standard input.", show_default=False)] = None,
    input: Annotated[Optional[Path], typer.Option("--input", "-i", help="Articles: JSONL ({\"id\", \"text\" or \"path\", title, published, ...} per line), or .parquet / .csv with those columns.")] = None,
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
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout (many articles: .jsonl, .parquet or .csv, resumed on rerun).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the response cache.")] = False,
    cache_only: Annotated[bool, typer.Option("--cache-only", help="Only cached answers; a miss fails (exit 4).")] = False,
    budget: Annotated[Optional[float], typer.Option("--budget", min=0, help="Many articles: start no new call once this many USD are spent.")] = None,
    concurrency: Annotated[Optional[int], typer.Option("--concurrency", "-j", min=1, max=512, help="Many articles: calls at once (default: the profile's).")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Many articles: start --output afresh instead of resuming it.")] = False,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="Many articles: resume, and redo the articles that failed last time.")] = False,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Many articles: progress bar on stderr (default: when it is a terminal).")] = None,
    base_url: BaseUrlOpt = None,
    api_key_env: ApiKeyEnvOpt = None,
    verbose: VerboseOpt = False,
    fail_on_ungrounded: Annotated[bool, typer.Option("--fail-on-ungrounded", help="Exit 1 when a record quotes words not found verbatim in its article.")] = False,
    fetch: Annotated[bool, typer.Option("--fetch", help="Download FILES given as http(s) URLs (nothing is fetched unless asked).")] = False,
    article_timeout: Annotated[Optional[float], typer.Option("--article-timeout", min=0.001, help="Many articles: abandon an article whose calls take longer than this many seconds in all.")] = None,
) -> None:
    """Summarize articles into grounded incident records.

    One FILE: the record as JSON on stdout (or --output). Several FILES or --input JSONL: one JSON
    line per article ({"id", "ok", "result" or "error"}), written as each finishes; rerunning
    with the same --output skips articles already there.
    """
    from summarizer.cli.batch_cmd import cache_mode_of, run_batch
    from summarizer.errors import InputError

    configure_cli_logging(verbose)
    files = files or []
    mode = cache_mode_of(no_cache, cache_only)
    if input is None and len(files) == 1:
        if budget is not None or concurrency is not None or overwrite or retry_failed or article_timeout is not None:
            raise InputError(
                "--budget, --concurrency, --overwrite, --retry-failed and --article-timeout apply to many articles "
                "(several FILES or --input)"
            )
        _summarize_one(files[0], task=task, profile=profile, model=model, config=config, published=published,
                       title=title, outlet=outlet, url=url, language=language, format=format, output=output, cache=mode,
                       base_url=base_url, api_key_env=api_key_env, fail_on_ungrounded=fail_on_ungrounded,
                       fetch=fetch)  # fmt: skip
        return
    if input is None and not files:
        raise InputError("give an article FILE (or - for stdin), several FILES, or --input articles.jsonl")
    if "-" in files:
        raise InputError("standard input (-) works for one article only; for many, use --input JSONL")
    if any(v is not None for v in (published, title, outlet, url, language)):
        raise InputError("--published/--title/--outlet/--url/--language are for one article; give them per line in --input JSONL")
    if format is not Format.json:
        raise InputError("many articles are written as JSON lines: drop --format")
    code = run_batch(
        files=files, input_path=input, output=output, task=task, profile=profile, model=model,
        config=load_config(config), cache=mode, budget=budget, concurrency=concurrency,
        overwrite=overwrite, retry_failed=retry_failed, progress=progress, base_url=base_url, api_key_env=api_key_env,
        fail_on_ungrounded=fail_on_ungrounded, fetch=fetch, article_timeout=article_timeout,
    )  # fmt: skip
    if code:
        raise typer.Exit(code)


def _summarize_one(
    file: str, *, task: str, profile: str | None, model: str | None, config: Path | None,
    published: dt.datetime | None, title: str | None, outlet: str | None, url: str | None,
    language: str | None, format: Format, output: Path | None, cache: CacheMode,
    base_url: str | None = None, api_key_env: str | None = None, fail_on_ungrounded: bool = False,
    fetch: bool = False,
) -> None:
    """One article: the result rendered as JSON, text or HTML (unchanged single-file behaviour)."""
    article, stem = read_article_input(file, fetch=fetch)
    text = article.text
    meta = ArticleMeta(
        id=stem, title=title, outlet=outlet, url=url, language=language,
        published=published.date() if published else None,
    )  # given options win over what the page says (load_article merges)
    prep = prepare(article, task=task, profile=profile, model=model, config=load_config(config), meta=meta,
                   base_url=base_url, api_key_env=api_key_env)  # fmt: skip
    result = run_blocking(run_prepared(prep, cache=cache))
    if result.meta.notice:
        sys.stderr.write(result.meta.notice + "\n")
    if format is Format.json:
        rendered = result.model_dump_json(indent=2) + "\n"
    elif format is Format.text:
        rendered = to_text(result)
    else:
        from summarizer.report.html import summary_page  # issue 7

        rendered = summary_page(result, text)
    rendered = scrub(rendered, shapes=False)
    if output:
        output.write_text(rendered, encoding="utf-8")
    else:
        sys.stdout.write(rendered)
    missing = result.ungrounded
    if missing:  # in every format: JSON readers rarely look at the grounding list
        sys.stderr.write(
            f"warning: {len(missing)} of {len(result.grounding)} quote(s) are not found verbatim in the article "
            f"(see \"grounding\"), e.g. {missing[0].quote[:120]!r}\n"
        )
        if fail_on_ungrounded:
            raise typer.Exit(1)


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
    payload: Annotated[bool, typer.Option("--payload", help="Print the exact HTTP request body the profile's provider would get (nothing is sent, no key is read).")] = False,
    profile: ProfileOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
) -> None:
    """Print the exact messages that would be sent for FILE (no call is made); --payload: the whole request body."""
    text, stem = read_input(file)
    meta = ArticleMeta(id=stem, published=published.date() if published else None)
    if not payload:
        prep = prepare(text, task=task, model=BASELINE_MODEL, config=load_config(config), meta=meta)
        typer.echo(json.dumps(prep.messages, indent=2, ensure_ascii=False))
        return
    from summarizer.config import resolve_profile
    from summarizer.providers.capture import captured_body

    cfg = load_config(config)
    chosen = resolve_profile(cfg, profile, model, base_url=base_url, api_key_env="")
    prep = prepare(text, task=task, model=BASELINE_MODEL, config=cfg, meta=meta)
    url, body = captured_body(chosen, prep.messages, prep.task.schema, prep.article)
    sys.stderr.write(f"POST {url}\n")
    sys.stdout.buffer.write(body + b"\n")
    sys.stdout.flush()


@app.command()
def providers() -> None:
    """Print the provider registry: API family, default URL, key variable, default mode, extra."""
    sys.stdout.write(markdown_table())
