from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from summarizer.evals.dataset import Dataset, load_dataset
from summarizer.evals.gold import gold_as_record

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def seed() -> Dataset:
    return load_dataset(FIXTURES / "seed")


@pytest.fixture()
def seed_gold(seed: Dataset) -> dict[str, Any]:
    assert seed.cases[0].gold is not None
    return copy.deepcopy(seed.cases[0].gold)


@pytest.fixture(params=["fixture", "shipped"])
def any_seed_gold(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The seed gold: this suite's own fixture, and the hand-labeled one shipped in evals/datasets/seed."""
    dataset = load_dataset(FIXTURES / "seed") if request.param == "fixture" else load_dataset("seed")
    gold = dataset.cases[0].gold
    assert gold is not None
    return copy.deepcopy(gold)


@pytest.fixture()
def seed_perfect(seed_gold: dict[str, Any]) -> dict[str, Any]:
    """The gold as a plain prediction: first alternative of every $any, optional items dropped."""
    return gold_as_record(seed_gold)  # type: ignore[no-any-return]


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never write runs into the real user data dir."""
    monkeypatch.setenv("SUMMARIZER_DATA_DIR", str(tmp_path / "data"))
