"""Fixtures for the report tests: the report-fixture dataset, two scored runs, one browser."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from report_helpers import FIXTURES, chromium, make_run, require_browser


@pytest.fixture(scope="session")
def report_dataset() -> Any:
    from summarizer.evals.dataset import load_dataset

    return load_dataset(FIXTURES / "dataset")


@pytest.fixture(scope="session")
def run_a(report_dataset: Any) -> Any:
    return make_run(report_dataset, "predictions-a.jsonl", "20261123T120000Z-aaaaaa")


@pytest.fixture(scope="session")
def run_b(report_dataset: Any) -> Any:
    return make_run(report_dataset, "predictions-b.jsonl", "20261123T120000Z-bbbbbb")


@pytest.fixture(scope="session")
def seed_prediction() -> dict[str, Any]:
    import json

    data: dict[str, Any] = json.loads((FIXTURES / "seed-prediction.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless chromium for the session (skipped outside CI when chromium is missing)."""
    require_browser()
    with chromium() as driver:
        yield driver
