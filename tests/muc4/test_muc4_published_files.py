"""Published GRIT, GTT and IterX output files, as distributed, scored by `eval score --external` exactly as the reference does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from muc4_paths import DATASET
from typer.testing import CliRunner

from summarizer.cli._app import app

DATA = Path(__file__).resolve().parent / "data"
EXPECTED: dict[str, Any] = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
METRIC = {"ceaf_ree": "ceaf_ree", "gtt_template_f1": "gtt"}


@pytest.fixture(scope="module")
def dev20(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dataset holding the 20 dev cases the sample files predict, copied from muc4-dev."""
    out = tmp_path_factory.mktemp("muc4-dev-20")
    ids = set(EXPECTED["documents"])
    (out / "articles").mkdir()
    (out / "gold").mkdir()
    lines = [ln for ln in (DATASET / "cases.jsonl").read_text().splitlines() if ln and json.loads(ln)["id"] in ids]
    (out / "cases.jsonl").write_text("\n".join(lines) + "\n")
    for cid in ids:
        shutil.copy(DATASET / "articles" / f"{cid}.txt", out / "articles")
        shutil.copy(DATASET / "gold" / f"{cid}.json", out / "gold")
    manifest = (DATASET / "manifest.toml").read_text().replace('name = "muc4-dev"', 'name = "muc4-dev-20"')
    (out / "manifest.toml").write_text(manifest)
    assert len(lines) == 20
    return out


def score(dataset: Path, predictions: Path) -> dict[str, Any]:
    result = CliRunner().invoke(
        app, ["eval", "score", str(dataset), "--predictions", str(predictions), "--external", "--no-save", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


@pytest.mark.parametrize("name", sorted(EXPECTED["expected"]))
def test_a_published_file_scores_exactly_as_the_reference(dev20: Path, name: str) -> None:
    report = score(dev20, DATA / name)
    extra = report["extra"]
    expected = EXPECTED["expected"][name]
    wrong = []
    for metric, figures in expected.items():
        assert extra["documents"] == figures["documents"] == 20
        for key, stats in [*figures["per_role"].items(), ("micro", figures["micro"])]:
            for stat, value in stats.items():
                if extra[f"{METRIC[metric]}.{key}.{stat}"] != value:
                    wrong.append(f"{metric}.{key}.{stat}: {extra[f'{METRIC[metric]}.{key}.{stat}']} != {value}")
    assert wrong == []
    assert report["external"] == 20 and report["failed"] == 0
    # a GRIT file has no templates: no GTT figure is made up for it
    assert ("gtt.micro.f1" in extra) == ("gtt_template_f1" in expected)


def test_a_document_missing_from_the_file_is_a_failed_case_scored_as_empty(dev20: Path, tmp_path: Path) -> None:
    published = json.loads((DATA / "gtt_preds_gtt.out").read_text(encoding="utf-8"))
    del published["10001"]  # TST1-MUC3-0001
    partial = tmp_path / "partial.out"
    partial.write_text(json.dumps(published), encoding="utf-8")
    report = score(dev20, partial)
    full = EXPECTED["expected"]["gtt_preds_gtt.out"]
    assert report["failed"] == 1 and report["external"] == 19
    assert report["extra"]["failed_documents"] == 1 and report["extra"]["documents"] == 20
    # its gold still counts: recall denominators are those of all 20 documents
    assert report["extra"]["ceaf_ree.micro.r_den"] == full["ceaf_ree"]["micro"]["r_den"]
    assert report["extra"]["gtt.micro.r_den"] == full["gtt_template_f1"]["micro"]["r_den"]
    assert report["extra"]["ceaf_ree.micro.r_num"] < full["ceaf_ree"]["micro"]["r_num"]


def test_the_report_table_shows_the_counts(dev20: Path) -> None:
    result = CliRunner().invoke(
        app, ["eval", "score", str(dev20), "--predictions", str(DATA / "gtt_preds_gtt.out"), "--external", "--no-save"]
    )
    assert result.exit_code == 0, result.output
    rows = [ln for ln in result.stdout.splitlines() if "gtt" in ln and "micro" in ln]
    # GTT micro: P 52/71, R 45/74
    assert len(rows) == 1 and all(v in rows[0].split() for v in ("0.7324", "0.6081", "0.6645", "52", "71", "45", "74"))
