"""Dataset and config faults that used to escape as RecursionError or AttributeError: one line each."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from fault_helpers import run_cli

SEED = Path(__file__).parents[2] / "evals" / "datasets" / "seed"


def _seed_with_gold(tmp_path: Path, gold: str) -> Path:
    root = tmp_path / "seed"
    shutil.copytree(SEED, root)
    (gold_file,) = (root / "gold").glob("*.json")
    gold_file.write_text(gold, encoding="utf-8")
    return root


DEEP_JSON = '{"summary": ' + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "}"


def test_eval_run_refuses_absurdly_nested_gold_in_one_line(tmp_path: Path, capsys: Any, monkeypatch: Any) -> None:
    root = _seed_with_gold(tmp_path, DEEP_JSON)
    outcome = run_cli(["eval", "run", str(root), "--model", "rules/baseline"], capsys, monkeypatch)
    assert outcome.code == 2, outcome.stderr
    assert outcome.stderr.count("\n") == 1 and "nested too deeply" in outcome.stderr
    assert outcome.stderr.startswith("error: case mali-jnim-ambush-2023-01-10")


def test_gold_built_in_python_too_deep_for_the_checker_is_a_dataset_error() -> None:
    from summarizer.errors import DatasetError
    from summarizer.evals.gold import validate_gold
    from summarizer.schemas.incident import IncidentSummary

    value: Any = "x"
    for _ in range(5_000):
        value = {"$any": [value]}
    with pytest.raises(DatasetError, match="nested too deeply"):
        validate_gold({"summary": value}, IncidentSummary, where="case deep")


def test_label_check_reports_absurdly_nested_gold_as_a_problem(tmp_path: Path, capsys: Any, monkeypatch: Any) -> None:
    root = _seed_with_gold(tmp_path, DEEP_JSON)
    outcome = run_cli(["label", "check", str(root)], capsys, monkeypatch)
    assert outcome.code == 2
    assert "nested too deeply" in outcome.stdout and "Traceback" not in outcome.stderr


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("profiles = 5\n", "profiles must be a TOML table ([profiles.NAME] sections), not int 5"),
        ("profiles = [1, 2]\n", "profiles must be a TOML table ([profiles.NAME] sections), not list [1, 2]"),
        ('tasks = "x"\n', "tasks must be a TOML table ([tasks.NAME] sections), not str 'x'"),
        ("[profiles]\nfake = 5\n", "profiles.fake: Input should be a valid dictionary"),
    ],
)
def test_config_values_of_the_wrong_shape_are_one_line(toml: str, message: str, tmp_path: Path, capsys: Any, monkeypatch: Any) -> None:
    (tmp_path / "summarizer.toml").write_text(toml, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Gunmen killed 3 people in Gao on Monday.", encoding="utf-8")
    outcome = run_cli(["summarize", str(tmp_path / "a.txt"), "--config", str(tmp_path / "summarizer.toml")], capsys, monkeypatch)
    assert outcome.code == 3
    assert outcome.stderr.count("\n") == 1 and message in outcome.stderr


@pytest.mark.parametrize("tool", ["tool = 5\n", "[tool]\nsummarizer = 5\n"])
def test_a_pyproject_with_odd_tool_tables_is_one_line_or_ignored(tool: str, tmp_path: Path, capsys: Any, monkeypatch: Any) -> None:
    (tmp_path / "pyproject.toml").write_text(tool, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Gunmen killed 3 people in Gao on Monday.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    outcome = run_cli(["summarize", "a.txt"], capsys, monkeypatch)
    assert "Traceback" not in outcome.stderr
    if "summarizer = 5" in tool:
        assert outcome.code == 3 and "summarizer must be a TOML table ([tool.summarizer]), not int 5" in outcome.stderr
    else:  # no [tool.summarizer]: not our config, the keyless default runs
        assert outcome.code == 0, outcome.stderr
