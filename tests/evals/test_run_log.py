"""The typed run log: files written by version 1 still load, and every reader applies one failed-case rule."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli._app import app
from summarizer.evals.runs import RUN_VERSION, CaseScore, RunStore, scored_cases
from summarizer.evals.scoring.aggregate import Scorecard
from summarizer.report import compare_page, run_page
from summarizer.report.adapter import compare_view, run_view

FIXTURES = Path(__file__).parent / "fixtures"
V1_RUN = FIXTURES / "runs" / "v1-run-multi.json"
"""Written by `eval run` at aa55531 (RUN_VERSION 1): 3 answers for the 24 cases of `multi`."""
V1_INVALID = FIXTURES / "runs" / "v1-rescored-invalid-record.json"
"""The same run after `eval rescore` at aa55531 with attack-01's stored record made invalid (type 'riot'),
as a schema change would leave it: the record is kept, with an OutputInvalidError beside it."""
runner = CliRunner()


@pytest.fixture(autouse=True)
def _datasets_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixtures name their dataset `multi` and a path on the machine that wrote them."""
    monkeypatch.setenv("SUMMARIZER_DATASETS", str(FIXTURES))


def test_a_version_1_run_file_loads_into_the_typed_log() -> None:
    assert json.loads(V1_RUN.read_text(encoding="utf-8"))["version"] == 1
    run = RunStore().load(str(V1_RUN))
    assert isinstance(run.scorecard, Scorecard) and run.scorecard.failed == 21 and run.scorecard.cases == 24
    assert all(isinstance(o.score, CaseScore) for o in run.cases)
    first = next(o for o in run.cases if o.case_id == "attack-00")
    assert first.score is not None and first.score.key_ok is True and not first.failed


def test_a_version_1_run_is_saved_as_the_current_version(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    path = store.save(store.load(str(V1_RUN)))
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == RUN_VERSION
    assert store.load(path.stem) == store.load(str(V1_RUN)).model_copy(update={"version": RUN_VERSION})


def test_rescoring_a_version_1_run_with_todays_scorer_changes_no_count() -> None:
    copy = Path(RunStore().root) / "v1.json"
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(V1_RUN, copy)
    result = runner.invoke(app, ["eval", "rescore", str(copy)])
    assert result.exit_code == 0, result.output
    assert "scores unchanged after rescoring" in result.stdout


def test_compare_the_html_pages_and_the_cli_agree_on_a_stored_invalid_record() -> None:
    store = RunStore()
    a, b = store.load(str(V1_RUN)), store.load(str(V1_INVALID))
    bad = next(o for o in b.cases if o.case_id == "attack-01")
    assert bad.record is not None and bad.error is not None  # the case the readers used to disagree on
    assert bad.failed and b.failed == 22 and a.failed == 21

    # CLI: `eval runs` (the index) and `eval report`
    store.save(b)
    assert store.entries()[0]["failed"] == 22
    result = runner.invoke(app, ["eval", "report", str(V1_INVALID), "-f", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["failed"] == 22
    # compare: the statistics' input, the compare view and its page
    assert [c.case_id for c in scored_cases(b) if c.failed] == [o.case_id for o in b.cases if o.failed]
    view = compare_view(a, b, None)
    assert (view.a.failed, view.b.failed) == (21, 22)
    assert re.search(r"<td>24 \(21\)</td><td>24 \(22\)</td>", compare_page(a, b))
    # the run page
    articles = {art.case_id: art for art in run_view(b, None).articles}
    assert articles["attack-01"].error is not None and "OutputInvalidError" in articles["attack-01"].error
    assert "<dd>24, 22 failed</dd>" in run_page(b)
