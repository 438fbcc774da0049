"""Fixtures for the export tests: the seed's gold as a record, and a 500-article results file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "evals" / "datasets" / "seed"
SEED_ID = "mali-jnim-ambush-2023-01-10"


@pytest.fixture(scope="session")
def seed_gold_item() -> Any:
    """The seed's gold read as a record (first alternative, optional items dropped), outlet from the case."""
    from summarizer.article import ArticleMeta
    from summarizer.evals.gold import gold_as_record
    from summarizer.export import ExportItem
    from summarizer.schemas.incident import IncidentSummary

    gold = json.loads((SEED / "gold" / f"{SEED_ID}.json").read_text(encoding="utf-8"))
    case = next(json.loads(line) for line in (SEED / "cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip())
    record = IncidentSummary.model_validate(gold_as_record(gold))
    return ExportItem.of_record(SEED_ID, record, article=ArticleMeta(id=SEED_ID, outlet=case["metadata"]["outlet"]))


@pytest.fixture(scope="session")
def batch_500(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    from summarizer.schemas.incident import IncidentSummary
    from summarizer.testing.results_file import write_synthetic_results

    fixtures = ROOT / "tests" / "fixtures"
    base = IncidentSummary.model_validate_json((fixtures / "seed-answer.json").read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("batch") / "results.jsonl"
    truths = write_synthetic_results(path, base, (fixtures / "seed-article.txt").read_text(encoding="utf-8"), 500)
    return path, truths
