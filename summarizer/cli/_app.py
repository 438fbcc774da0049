"""The root Typer app and the one place that turns SummarizerError into an exit code."""

from __future__ import annotations

import sys

import typer

from summarizer.errors import SummarizerError

app = typer.Typer(
    name="summarizer",
    help="Grounded, structured incident records from news articles, and evals that score them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str, code: int) -> "typer.Exit":
    """Print one plain line on stderr and return the Exit to raise."""
    sys.stderr.write(f"error: {message}\n")
    return typer.Exit(code)


def run_app() -> None:
    try:
        app()
    except SummarizerError as exc:
        sys.stderr.write(f"error: {exc}\n")
        raise SystemExit(exc.exit_code) from None
