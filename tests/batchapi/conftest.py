"""Fixtures of the batch-API tests: one job's files, config and key, pointing at a batch fake."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from batchapi_helpers import KEYS, BatchRun, NewRun, write_articles, write_config
from fakes import FakeServer

from summarizer.batchapi import Job
from summarizer.config import load_config


@pytest.fixture
def new_run(tmp_path: Path, seed_text: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[NewRun]:
    """`new_run(provider, fake, n, **terms)`: `n` copies of the seed article, a config for `provider`
    at `fake`, its key in the environment (for the CLI child too), and a Job with `terms`; closed
    at teardown."""
    made: list[Job] = []

    def make(provider: str, fake: FakeServer, n: int, **terms: Any) -> BatchRun:
        monkeypatch.setenv(KEYS[provider], "test-key")
        config = write_config(tmp_path, provider, fake.base_url)
        articles = write_articles(tmp_path / "in.jsonl", seed_text, n)
        job = Job(config=load_config(config), task="incident", profile=None, model=None, terms=terms)
        made.append(job)
        return BatchRun(config, articles, tmp_path / "out.jsonl", job)

    yield make
    for job in made:
        job.close()
