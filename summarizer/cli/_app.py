"""The root Typer app and the one place that turns SummarizerError into an exit code."""

from __future__ import annotations

import sys
import warnings
from typing import Any, TextIO

import typer

from summarizer.errors import SummarizerError
from summarizer.secrets import scrub

app = typer.Typer(
    name="summarizer",
    help="Grounded, structured incident records from news articles, and evals that score them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str, code: int) -> "typer.Exit":
    """Print one plain line on stderr and return the Exit to raise."""
    sys.stderr.write(f"error: {scrub(message)}\n")
    return typer.Exit(code)


_show_warning = warnings.showwarning


def _show_notice(message: Warning | str, category: type[Warning], filename: str, lineno: int, file: TextIO | None = None, line: str | None = None) -> Any:
    """Warnings that mark themselves `cli_note` (GoldUpgradeNotice) print as one 'note:' line."""
    if getattr(category, "cli_note", False):
        sys.stderr.write(f"note: {message}\n")
        return None
    return _show_warning(message, category, filename, lineno, file, line)


def run_app() -> None:
    warnings.showwarning = _show_notice
    try:
        app()
    except SummarizerError as exc:
        sys.stderr.write(f"error: {scrub(str(exc))}\n")
        raise SystemExit(exc.exit_code) from None
