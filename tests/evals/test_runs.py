"""Run records: stored, indexed, reloaded identically; newer versions refused."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from summarizer.errors import DatasetError, InputError
from summarizer.evals.runs import RUN_VERSION, CaseError, CaseOutput, CaseScore, RunRecord, RunStore
from summarizer.evals.scoring.aggregate import FieldMetrics, Scorecard
from summarizer.result import GroundingStatus, QuoteGrounding, Usage


def _report(*, micro_f1: float, key_fields_right: float) -> Scorecard:
    micro = FieldMetrics(correct=1, partial=0, incorrect=1, missed=0, spurious=0, precision=0.5, recall=0.5, f1=micro_f1)
    return Scorecard(cases=2, articles=2, failed=1, micro=micro, macro_f1=micro_f1, key_fields_right=key_fields_right)


def make_run(run_id: str, *, created: dt.datetime | None = None) -> RunRecord:
    return RunRecord(
        id=run_id, created=created or dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC), kind="run",
        dataset="multi", dataset_path="/x/multi", task="incident", model="scripted/a.jsonl",
        cases=[
            CaseOutput(case_id="a", record={"summary": "s"}, raw_response='{"summary": "s"}',
                       grounding=[QuoteGrounding(path="summary", quote="q", status=GroundingStatus.exact, start=0, end=1, score=1.0)],
                       usage=Usage(input_tokens=10, output_tokens=5, requests=1), score=CaseScore(fields={"summary": [1, 0, 0, 0, 0]}, key_ok=True)),
            CaseOutput(case_id="b", error=CaseError(type="TransportError", message="boom")),
        ],
        scorecard=_report(micro_f1=0.5, key_fields_right=0.5),
    )  # fmt: skip


def test_a_stored_run_reloads_identically(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    run = make_run("20260102T030405Z-abcdef")
    path = store.save(run)
    assert path.parent == tmp_path / "runs"
    assert store.load(run.id) == run
    assert store.load(str(path)) == run


def test_index_lists_newest_first_with_summary_columns(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    store.save(make_run("r1", created=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)))
    store.save(make_run("r2", created=dt.datetime(2026, 1, 2, tzinfo=dt.UTC)))
    rows = store.entries()
    assert [r["id"] for r in rows] == ["r2", "r1"]
    assert rows[0]["cases"] == 2 and rows[0]["failed"] == 1 and rows[0]["micro_f1"] == 0.5
    assert store.load("latest").id == "r2"


def test_runs_load_by_unique_prefix_and_refuse_ambiguity(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    store.save(make_run("abc-1"))
    store.save(make_run("abd-2"))
    assert store.load("abc").id == "abc-1"
    with pytest.raises(InputError, match="ambiguous"):
        store.load("ab")
    with pytest.raises(InputError, match="no stored run"):
        store.load("zzz")


def test_a_newer_record_version_is_refused(tmp_path: Path) -> None:
    data = json.loads(make_run("x").model_dump_json())
    data["version"] = RUN_VERSION + 1
    path = tmp_path / "future.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DatasetError, match="version"):
        RunStore(tmp_path).load(str(path))


def test_store_defaults_to_the_env_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_DATA_DIR", str(tmp_path / "elsewhere"))
    assert RunStore().root == tmp_path / "elsewhere"


def test_runs_are_found_after_the_data_dir_moves(tmp_path: Path) -> None:
    RunStore(tmp_path / "old").save(make_run("r1"))
    (tmp_path / "old").rename(tmp_path / "new")
    assert RunStore(tmp_path / "new").load("r1").id == "r1"
