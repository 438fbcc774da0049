"""The public API cannot be misread: a path string is never article text, config= takes a path,
and the record comes back typed with the schema the caller names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from summarizer import summarize
from summarizer.errors import ConfigError, InputError
from summarizer.schemas.incident import IncidentSummary
from summarizer.testing import TestModel

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "evals" / "datasets" / "seed" / "articles" / "mali-jnim-ambush-2023-01-10.txt"


@pytest.mark.parametrize("argument", ["article.txt", "news/a1.txt", "./article", "https://example.org/news/1", "report.PDF"])
def test_a_string_that_looks_like_a_path_or_url_is_refused_before_any_call(
    argument: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    fake = TestModel([{"summary": "never asked", "incidents": []}])
    with pytest.raises(InputError, match=r"pass Path\(|never downloads"):
        summarize(argument, model=fake)
    assert fake.requests == []


def test_a_string_naming_an_existing_file_with_spaces_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my article").write_text("Two people were killed in Gao on Monday.", encoding="utf-8")
    with pytest.raises(InputError, match=r"names a file.*pass Path\('my article'\)"):
        summarize("my article", model=TestModel([]))


def test_a_path_reads_the_file_and_text_stays_text(tmp_path: Path) -> None:
    fake = TestModel([{"summary": "a", "incidents": []}, {"summary": "b", "incidents": []}])
    summarize(SEED, model=fake)
    assert "JNIM" in fake.requests[0][-1]["content"]
    summarize("Fourteen soldiers were killed on Tuesday near Boni.", model=fake)
    assert "Fourteen soldiers were killed on Tuesday near Boni." in fake.requests[1][-1]["content"]


def test_config_takes_a_path_as_str_or_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "summarizer.toml").write_text('[profiles.typo]\nmodel = "openai/gpt-4o-mini"\n', encoding="utf-8")
    text = SEED.read_text(encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown profile 'typos'.*did you mean 'typo'"):
        summarize(text, config="summarizer.toml", profile="typos")
    result = summarize(text, config=tmp_path / "summarizer.toml", model="rules/baseline")
    assert result.record.casualty_figures
    with pytest.raises(ConfigError, match="config file not found"):
        summarize(text, config="missing.toml")


class Other(BaseModel):
    summary: str


def test_schema_names_the_expected_class_and_a_mismatch_is_one_error() -> None:
    result = summarize("Two people were killed in Gao.", model=TestModel([{"summary": "x", "incidents": []}]), schema=IncidentSummary)
    assert isinstance(result.record, IncidentSummary)
    with pytest.raises(ConfigError, match="fills IncidentSummary, not Other"):
        summarize("Two people were killed in Gao.", model=TestModel([{"summary": "x", "incidents": []}]), schema=Other)


SNIPPET = '''
from summarizer import summarize
from summarizer.schemas.incident import IncidentSummary
from pydantic import BaseModel

class ProtestRecord(BaseModel):
    summary: str

default = summarize("text")
reveal_type(default.record)
mine = summarize("text", task="protest", schema=ProtestRecord)
reveal_type(mine.record)
other = summarize("text", task="protest")
reveal_type(other.record)
'''


def test_mypy_sees_the_record_type(tmp_path: Path) -> None:
    snippet = tmp_path / "snippet.py"
    snippet.write_text(SNIPPET, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "mc"), str(snippet)],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )  # fmt: skip
    assert "No module named mypy" not in done.stderr, "mypy is part of the [test] extra"
    revealed = [line.split("Revealed type is ", 1)[1] for line in done.stdout.splitlines() if "Revealed type is" in line]
    assert revealed == [
        '"summarizer.schemas.incident.IncidentSummary"',
        '"snippet.ProtestRecord"',
        '"pydantic.main.BaseModel"',
    ], done.stdout
