"""`label check` does not say OK on an untouched draft: it warns about the DRAFT note and empty
manifest fields, and --strict turns the warnings into exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli._app import app

SEED = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "seed" / "articles" / "mali-jnim-ambush-2023-01-10.txt"


@pytest.fixture
def drafted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SUMMARIZER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    ran = CliRunner().invoke(app, ["label", "draft", str(SEED), "--dataset", "mine", "--id", "a1", "--published", "2023-01-12"])
    assert ran.exit_code == 0, ran.output
    return tmp_path / "mine"


def test_an_untouched_draft_is_not_ok(drafted: Path) -> None:
    ran = CliRunner().invoke(app, ["label", "check", str(drafted)])
    assert ran.exit_code == 0
    assert "gold/a1.json: still a draft" in ran.stdout
    for field in ("description", "licence", "provenance.source", "provenance.labeled_by"):
        assert f"manifest.toml: {field} is empty" in ran.stdout
    assert "OK" not in ran.stderr and "5 warning(s)" in ran.stderr
    assert CliRunner().invoke(app, ["label", "check", "--strict", str(drafted)]).exit_code == 2


def test_a_corrected_dataset_with_a_full_manifest_is_ok(drafted: Path) -> None:
    gold_path = drafted / "gold" / "a1.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    del gold["$note"]
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    (drafted / "manifest.toml").write_text(
        'name = "mine"\ntask = "incident"\ndescription = "one article"\nlicence = "CC-BY-4.0"\n\n'
        '[provenance]\nsource = "seed"\nlabeled_by = "me"\n', encoding="utf-8",
    )  # fmt: skip
    ran = CliRunner().invoke(app, ["label", "check", "--strict", str(drafted)])
    assert ran.exit_code == 0, ran.output
    assert "warning" not in ran.stdout and ran.stderr.strip().endswith("OK")


@pytest.mark.parametrize("name", ["seed", "news-dev", "news-dev-second", "muc4-dev"])
def test_every_shipped_dataset_passes_strict(name: str) -> None:
    ran = CliRunner().invoke(app, ["label", "check", "--strict", name])
    assert ran.exit_code == 0, ran.output
