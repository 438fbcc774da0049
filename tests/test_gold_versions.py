"""Gold carries its schema version; gold in the b317dcf format (no version) migrates and validates.

tests/fixtures/gold-v1-b317dcf/ is news-dev's scenario_en_kairos_61 exactly as committed at
b317dcf (article and gold), before `$schema_version` existed.
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli._app import app
from summarizer.errors import DatasetError
from summarizer.evals.dataset import load_dataset
from summarizer.evals.gold import validate_gold
from summarizer.evals.gold_versions import GOLD_VERSION, GoldUpgradeNotice, upgrade_gold
from summarizer.evals.labeling import check_dataset, migrate_dataset
from summarizer.schemas.incident import SCHEMA_VERSION, IncidentSummary

V1 = Path(__file__).parent / "fixtures" / "gold-v1-b317dcf"
runner = CliRunner()


@pytest.fixture
def old_dataset(tmp_path: Path) -> Path:
    return Path(shutil.copytree(V1, tmp_path / "old"))


def gold_of(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / "gold" / "scenario_en_kairos_61.json").read_text(encoding="utf-8"))
    return data


def suspect_kind(gold: dict[str, Any]) -> Any:
    return gold["incidents"][0]["perpetrator_individuals"][0]["kind"]


def test_the_schema_is_version_2() -> None:
    assert SCHEMA_VERSION == 2 and IncidentSummary.schema_version == 2


def test_b317dcf_gold_has_no_version_and_reads_as_version_1(old_dataset: Path) -> None:
    gold = gold_of(old_dataset)
    assert GOLD_VERSION not in gold
    assert suspect_kind(gold) == {"$any": ["unknown", "other"]}


def test_b317dcf_gold_is_upgraded_on_load_with_a_notice(old_dataset: Path) -> None:
    with pytest.warns(GoldUpgradeNotice, match="version 1 was upgraded to version 2.*label migrate"):
        dataset = load_dataset(old_dataset)
    gold = dataset.cases[0].gold
    assert gold is not None and gold[GOLD_VERSION] == 2
    assert suspect_kind(gold) == {"$any": ["unknown", "other", "individual"]}  # first choice kept


def test_label_migrate_writes_version_2_gold_that_validates_and_checks_clean(old_dataset: Path) -> None:
    result = runner.invoke(app, ["label", "migrate", str(old_dataset)])
    assert result.exit_code == 0, result.output
    assert "gold/scenario_en_kairos_61.json: version 1 -> 2" in result.stdout
    gold = gold_of(old_dataset)
    assert gold[GOLD_VERSION] == 2
    assert suspect_kind(gold) == {"$any": ["unknown", "other", "individual"]}
    with warnings.catch_warnings():
        warnings.simplefilter("error", GoldUpgradeNotice)  # migrated gold loads without a notice
        assert validate_gold(gold, IncidentSummary, where="migrated") is gold
        assert check_dataset(old_dataset) == []
    assert migrate_dataset(old_dataset).migrated == []  # a second run has nothing to do


def test_migrate_dry_run_writes_nothing(old_dataset: Path) -> None:
    before = (old_dataset / "gold" / "scenario_en_kairos_61.json").read_bytes()
    report = migrate_dataset(old_dataset, write=False)
    assert report.migrated == [("gold/scenario_en_kairos_61.json", 1)] and report.total == 1
    assert (old_dataset / "gold" / "scenario_en_kairos_61.json").read_bytes() == before


def test_old_gold_needing_no_change_loads_silently_as_it_is() -> None:
    gold = {"summary": "x", "incidents": []}
    with warnings.catch_warnings():
        warnings.simplefilter("error", GoldUpgradeNotice)
        assert validate_gold(gold, IncidentSummary, where="case x") is gold


def test_gold_newer_than_the_schema_is_refused() -> None:
    with pytest.raises(DatasetError, match="version 3, newer than this install's version 2"):
        upgrade_gold({GOLD_VERSION: 3, "summary": "x"}, IncidentSummary, where="case x")


def test_a_bad_version_marker_is_refused() -> None:
    with pytest.raises(DatasetError, match=r"\$schema_version must be a positive integer"):
        validate_gold({GOLD_VERSION: "2", "summary": "x"}, IncidentSummary, where="case x")


def test_the_version_marker_belongs_at_the_root_only() -> None:
    with pytest.raises(DatasetError, match=r"unknown marker '\$schema_version'"):
        validate_gold({GOLD_VERSION: 2, "incidents": [{GOLD_VERSION: 2}]}, IncidentSummary, where="case x")


@pytest.mark.parametrize("dataset", ["seed", "news-dev", "news-dev-second"])
def test_shipped_gold_is_stamped_with_the_current_version_and_checks_clean(dataset: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", GoldUpgradeNotice)
        loaded = load_dataset(dataset)
        assert check_dataset(dataset) == []
    for case in loaded.labeled:
        assert case.gold is not None and case.gold[GOLD_VERSION] == SCHEMA_VERSION, case.id


def test_the_cli_prints_the_upgrade_notice_as_one_note_line(capsys: pytest.CaptureFixture[str]) -> None:
    from summarizer.cli._app import _show_notice

    _show_notice(GoldUpgradeNotice("gold in IncidentSummary version 1 was upgraded"), GoldUpgradeNotice, "x.py", 1)
    assert capsys.readouterr().err == "note: gold in IncidentSummary version 1 was upgraded\n"
