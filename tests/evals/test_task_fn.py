"""`eval run --task-fn module:function`: any async callable (case) -> record is scored like a model."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from test_cli_eval import MULTI, SEED, invoke, run_id

from summarizer.errors import InputError
from summarizer.evals.runs import RunStore

TASKS = '''
import json
from pathlib import Path

ANSWERS = {json.loads(line)["article_id"]: json.loads(line)["record"]
           for line in Path(__file__).with_name("answers.jsonl").read_text().splitlines()}

async def from_file(case):
    """A cached file of answers, as a user might evaluate one."""
    return ANSWERS[case.id]

async def buggy(case):
    if case.id == "attack-01":
        raise KeyError("no such column")
    return ANSWERS[case.id]

def not_async(case):
    return {}
'''


@pytest.fixture()
def tasks_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    name = f"user_tasks_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(TASKS, encoding="utf-8")
    answers = (MULTI / "answers_b.jsonl").read_text(encoding="utf-8")
    (tmp_path / "answers.jsonl").write_text(answers, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


def test_a_task_function_is_run_scored_and_stored(tasks_module: str) -> None:
    code, out, _ = invoke("eval", "run", str(MULTI), "--task-fn", f"{tasks_module}:from_file")
    assert code == 0, out
    run = RunStore().load(run_id(out))
    assert run.task_fn == f"{tasks_module}:from_file" and run.model is None
    assert run.scorecard is not None and run.scorecard.failed == 0 and run.scorecard.cases == 24
    # the same answers through the scripted model score the same
    code, out_model, _ = invoke("eval", "run", str(MULTI), "--model", f"scripted/{MULTI / 'answers_b.jsonl'}", "-f", "json")
    code, out_fn, _ = invoke("eval", "run", str(MULTI), "--task-fn", f"{tasks_module}:from_file", "-f", "json")
    by_model, by_fn = json.loads(out_model), json.loads(out_fn)
    assert by_fn["fields"] == by_model["fields"] and by_fn["micro"] == by_model["micro"]


def test_an_unexpected_error_in_one_case_is_its_error_and_the_exit_code_is_1(tasks_module: str) -> None:
    code, out, err = invoke("eval", "run", str(MULTI), "--task-fn", f"{tasks_module}:buggy")
    assert code == 1
    assert "failed attack-01: KeyError: 'no such column'" in err
    assert "1 case(s) failed with an unexpected error" in err
    run = RunStore().load(run_id(out))  # stored all the same
    assert run.scorecard is not None and run.scorecard.failed == 1 and len(run.cases) == 24


@pytest.mark.parametrize(("ref", "message"), [
    ("nomodule_xyz:f", "cannot import"),
    ("{mod}:missing", "has no function 'missing'"),
    ("{mod}:not_async", "must be an async function"),
    ("nocolon", "module.path:function"),
])  # fmt: skip
def test_a_bad_task_reference_is_a_one_line_input_error(tasks_module: str, ref: str, message: str) -> None:
    from typer.testing import CliRunner

    from summarizer.cli._app import app

    result = CliRunner().invoke(app, ["eval", "run", str(SEED), "--task-fn", ref.format(mod=tasks_module)])
    assert isinstance(result.exception, InputError) and result.exception.exit_code == 2
    assert message in str(result.exception) and "\n" not in str(result.exception)


def test_task_fn_and_a_model_are_exclusive(tasks_module: str) -> None:
    code, _, _ = invoke("eval", "run", str(SEED), "--task-fn", f"{tasks_module}:from_file", "--model", "x/y")
    assert code == 2


def test_eval_score_reads_batch_output_as_written_and_prints_each_failure(tmp_path: Path, seed_perfect: dict[str, Any]) -> None:
    from typer.testing import CliRunner

    from summarizer.cli._app import app

    cases = [json.loads(line) for line in (MULTI / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
    articles = tmp_path / "articles.jsonl"
    articles.write_text("".join(json.dumps({"id": c["id"], "path": str((MULTI / c["article"]).resolve()), **c["metadata"]}) + "\n"
                                for c in cases), encoding="utf-8")  # fmt: skip
    answers = tmp_path / "answers.jsonl"
    lines = (MULTI / "answers_b.jsonl").read_text(encoding="utf-8").splitlines()
    answers.write_text("\n".join(lines[:20]) + "\n", encoding="utf-8")  # 4 articles get no answer: failed lines
    results = tmp_path / "results.jsonl"
    batch = CliRunner().invoke(app, ["summarize", "--input", str(articles), "--output", str(results), "--model", f"scripted/{answers}"])
    written = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    assert len(written) == 24 and sum(not w["ok"] for w in written) == 4, batch.output
    code, out, err = invoke("eval", "score", str(MULTI), "--predictions", str(results), "-f", "json")
    report = json.loads(out)
    assert report["failed"] == 4 and report["cases"] == 24
    assert report["fields"]["incidents.type"]["correct"] == 20
    failed_lines = [line for line in err.splitlines() if line.startswith("failed ")]
    assert len(failed_lines) == 4 and all("no answer for article" in line for line in failed_lines), err
