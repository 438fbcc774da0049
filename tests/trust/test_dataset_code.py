"""A dataset is data: its manifest names only registered metrics and schemas (exit 2 otherwise)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.errors import DatasetError
from summarizer.evals.dataset import load_dataset

SEED = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "seed"


def seed_with(tmp_path: Path, line: str) -> Path:
    root = tmp_path / "ds"
    shutil.copytree(SEED, root)
    manifest = root / "manifest.toml"
    manifest.write_text(line + "\n" + manifest.read_text(encoding="utf-8"), encoding="utf-8")
    return root


@pytest.mark.parametrize("line", ['metrics = ["builtins:print"]', 'metrics = ["this:x"]',
                                  'schema = "pydantic:BaseModel"', 'schema = "builtins:print"'])
def test_a_manifest_naming_unregistered_code_is_a_dataset_error(tmp_path: Path, line: str, capsys: pytest.CaptureFixture[str]) -> None:
    root = seed_with(tmp_path, line)
    with pytest.raises(DatasetError, match="is not registered .*--trust-project") as info:
        load_dataset(root)
    assert info.value.exit_code == 2 and "\n" not in str(info.value)
    assert capsys.readouterr().out == ""  # print was never called (and `this` never printed the Zen)


def test_the_command_line_exits_2_before_calling_anything(tmp_path: Path) -> None:
    root = seed_with(tmp_path, 'metrics = ["builtins:print"]')
    done = subprocess.run([sys.executable, "-c", "from summarizer.cli import main; main()", "eval", "run", str(root), "--model", "rules/baseline"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: ") and "builtins:print" in done.stderr and done.stdout == ""


def test_registered_metrics_and_schemas_still_load(tmp_path: Path) -> None:
    root = seed_with(tmp_path, 'schema = "summarizer.schemas.incident:IncidentSummary"\nmetrics = ["summarizer.evals.muc4.metrics:muc4_metrics"]')
    assert load_dataset(root).metrics == ["summarizer.evals.muc4.metrics:muc4_metrics"]


def test_the_opt_in_lets_a_dataset_name_its_own_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = seed_with(tmp_path, 'schema = "summarizer.schemas.incident:IncidentSummary"\nmetrics = ["json:dumps"]')
    monkeypatch.setenv("SUMMARIZER_TRUST_PROJECT", "1")
    assert load_dataset(root).metrics == ["json:dumps"]
