"""The CLI's view of the model layer's events: long waits by default, every attempt with -v."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli._app import app
from summarizer.testing import FakeModel, Reply


@pytest.fixture(autouse=True)
def _reset_cli_logging() -> Iterator[None]:
    yield
    logger = logging.getLogger("summarizer")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.setLevel(logging.NOTSET)
    logging.getLogger("instructor").setLevel(logging.NOTSET)


def _run(tmp_path: Path, fake: FakeModel, seed_text: str, *extra: str) -> Any:
    article = tmp_path / "a.txt"
    article.write_text(seed_text, encoding="utf-8")
    config = tmp_path / "summarizer.toml"
    config.write_text(
        f'default_profile = "f"\n[profiles.f]\nmodel = "compat/m"\nbase_url = "{fake.base_url}"\nmax_backoff = 0.05\n',
        encoding="utf-8",
    )
    return CliRunner().invoke(app, ["summarize", str(article), "--config", str(config), "--no-cache", *extra])


def test_a_long_retry_wait_is_one_stderr_line_by_default(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]) -> None:
    with FakeModel([Reply.error(429, headers={"Retry-After": "2.1"}), Reply.with_record(seed_answer)]) as fake:
        result = _run(tmp_path, fake, seed_text)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("summarizer: compat/m")]
    assert len(lines) == 1
    assert "answered 429 with Retry-After 2.1 s" in lines[0] and "pausing" in lines[0]
    assert "attempt" not in result.stderr
    assert "API call failed" not in result.stderr  # instructor's own records stay out of the default view


def test_verbose_shows_every_attempt(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]) -> None:
    with FakeModel([Reply.error(503), Reply.with_record(seed_answer)]) as fake:
        result = _run(tmp_path, fake, seed_text, "-v")
    assert result.exit_code == 0, result.output
    assert "attempt 1 of 5" in result.stderr and "attempt 2 of 5" in result.stderr
    assert "answered 503; waiting" in result.stderr
