"""The `summarizer` command line. Each command group lives in its own module.

Exit codes scripts can rely on:
    0  success
    1  a gate failed (e.g. --fail-under) or a batch finished with failed articles
    2  bad input: article, dataset, gold label or command-line usage
    3  configuration: unknown provider or profile, bad config value, missing API key
    4  the model call failed (transport, invalid output, truncation, refusal, cache miss)
"""

from __future__ import annotations

from summarizer.cli._app import app, run_app

__all__ = ["app", "main"]

# Importing registers each group's commands on `app`.
from summarizer.cli import commands as _commands  # noqa: E402,F401


def main() -> None:
    run_app()
