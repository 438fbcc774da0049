"""A 500-article results file with known answers (summarizer.testing.results_file) for viewer tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def synthetic_batch(path: Path, n: int = 500) -> list[Any]:
    from summarizer.schemas.incident import IncidentSummary
    from summarizer.testing.results_file import write_synthetic_results

    fixtures = ROOT / "tests" / "fixtures"
    base = IncidentSummary.model_validate_json((fixtures / "seed-answer.json").read_text(encoding="utf-8"))
    return write_synthetic_results(path, base, (fixtures / "seed-article.txt").read_text(encoding="utf-8"), n)
