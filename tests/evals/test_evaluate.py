"""Scoring outputs of a dataset: extra metrics from the manifest, failures kept, unexpected errors recorded."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from summarizer.errors import DatasetError, TransportError
from summarizer.evals import runner
from summarizer.evals.dataset import Case, load_dataset
from summarizer.evals.evaluate import evaluate, missing_outputs
from summarizer.evals.runs import CaseOutput

MULTI = Path(__file__).parent / "fixtures" / "multi"
SEED = Path(__file__).parent / "fixtures" / "seed"

METRIC_MODULE = '''
def count_pairs(pairs):
    """Gold is the raw file content; the prediction a model instance or None."""
    with_prediction = [p for g, p in pairs if p is not None]
    tolls = sum(1 for g, p in pairs if p is not None
                and p.casualty_figures[0].count.value == g["casualty_figures"][0]["count"]["value"])
    return {"pairs": len(pairs), "with_prediction": len(with_prediction), "toll_accuracy": tolls / len(pairs)}
'''


def multi_with_metric(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "multi"
    shutil.copytree(MULTI, root)
    with (root / "manifest.toml").open("r+", encoding="utf-8") as fh:
        text = fh.read()
        fh.seek(0)
        fh.write('metrics = ["evals_test_metric:count_pairs"]\n' + text)
    (tmp_path / "evals_test_metric.py").write_text(METRIC_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("SUMMARIZER_TRUST_PROJECT", "1")  # a dataset's own metric code runs only when trusted
    return root


def outputs_from(answers: Path) -> list[CaseOutput]:
    rows = [json.loads(line) for line in answers.read_text(encoding="utf-8").splitlines()]
    return [CaseOutput(case_id=r["article_id"], record=r["record"]) for r in rows]


def test_manifest_metrics_get_gold_json_and_prediction_pairs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dataset = load_dataset(multi_with_metric(tmp_path, monkeypatch))
    outputs = outputs_from(MULTI / "answers_a.jsonl")[:20]
    outputs += missing_outputs(dataset, outputs)
    _, report = evaluate(dataset, outputs, samples=0)
    # 24 pairs, 4 without prediction; A gets the toll right in the 10 odd articles among the first 20
    assert report.extra == {"pairs": 24.0, "with_prediction": 20.0, "toll_accuracy": 10 / 24}


def test_a_broken_metric_reference_names_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = multi_with_metric(tmp_path, monkeypatch)
    text = (root / "manifest.toml").read_text(encoding="utf-8").replace("count_pairs", "nope")
    (root / "manifest.toml").write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError, match="evals_test_metric:nope"):
        evaluate(load_dataset(root), [], samples=0)


def test_report_counts_hand_checked_totals() -> None:
    dataset = load_dataset(MULTI)
    _, report = evaluate(dataset, outputs_from(MULTI / "answers_a.jsonl"), samples=200)
    value = report.fields["casualty_figures.count.value"]
    assert (value.correct, value.incorrect) == (12, 12)
    assert value.precision == value.recall == value.f1 == 0.5
    # 16 fields x 24 articles, of which 12 wrong: micro TP = 384 - 12 over 384 on both sides
    assert report.micro.f1 == pytest.approx(372 / 384)
    assert report.key_fields_right == 0.5
    assert report.micro.f1_ci is not None and report.micro.f1_ci[0] <= report.micro.f1 <= report.micro.f1_ci[1]


def test_stored_record_that_no_longer_validates_is_a_failure() -> None:
    dataset = load_dataset(MULTI)
    outputs = [CaseOutput(case_id="attack-00", record={"summary": "s", "incidents": [{"type": "nonsense"}]})]
    scored, report = evaluate(dataset, outputs, samples=0)
    assert scored[0].failed and outputs[0].error is not None and outputs[0].error.type == "OutputInvalidError"
    assert report.failed == 1


def test_runner_records_summarizer_errors_and_unexpected_exceptions() -> None:
    calls: list[str] = []

    async def task(case: Case) -> Any:
        calls.append(case.id)
        if case.id == "attack-00":
            raise TransportError("timed out", provider="x", model="y")
        raise KeyError("bug")

    dataset = load_dataset(MULTI)
    outputs = asyncio.run(runner.run_cases(dataset, task, repeat=2, concurrency=3))
    assert len(outputs) == 48 and len(calls) == 48
    assert [(o.case_id, o.sample) for o in outputs[:3]] == [("attack-00", 0), ("attack-00", 1), ("attack-01", 0)]
    assert outputs[0].error is not None and outputs[0].error.type == "TransportError" and not outputs[0].error.unexpected
    assert outputs[2].error is not None and outputs[2].error.type == "KeyError" and outputs[2].error.unexpected


def test_a_task_may_return_a_model_a_dict_or_something_invalid(seed_perfect: dict[str, Any]) -> None:
    from summarizer.schemas.incident import IncidentSummary

    dataset = load_dataset(SEED)
    answers: list[Any] = [IncidentSummary.model_validate(seed_perfect), seed_perfect, {"summary": 3}]

    async def task(case: Case) -> Any:
        return answers.pop(0)

    outputs = asyncio.run(runner.run_cases(dataset, task, repeat=3, concurrency=1))
    assert [o.failed for o in outputs] == [False, False, True]
    assert outputs[0].record == outputs[1].record and outputs[0].grounding  # quotes located in the article
    assert outputs[2].error is not None and outputs[2].error.type == "OutputInvalidError"


def test_a_case_whose_article_is_not_utf8_is_that_cases_one_line_error(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "multi"
    shutil.copytree(MULTI, root)
    (root / "articles" / "attack-01.txt").write_bytes("Gunmen attacked S\u00e9gou".encode("cp1252"))
    dataset = load_dataset(root)

    async def task(case: Case) -> Any:
        case.text  # noqa: B018 - reading the text is what fails
        raise AssertionError("not reached for the broken case only")

    outputs = {o.case_id: o for o in asyncio.run(runner.run_cases(dataset, task))}
    error = outputs["attack-01"].error
    assert error is not None and error.type == "DatasetError" and not error.unexpected
    assert "not UTF-8" in error.message and "\n" not in error.message and "re-save it as UTF-8" in error.message
    assert outputs["attack-00"].error is not None and outputs["attack-00"].error.type == "AssertionError"


EXTERNAL_METRIC = '''
def roles(pairs):
    """Counts what an external-format run hands over: documents and Nones."""
    docs = [p for g, p in pairs if isinstance(p, dict)]
    return {"documents": len(docs), "missing": sum(p is None for g, p in pairs),
            "templates": sum(len(d["templates"]) for d in docs)}
'''


def test_external_predictions_reach_extra_metrics_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from summarizer.cli._app import app

    root = multi_with_metric(tmp_path, monkeypatch)
    text = (root / "manifest.toml").read_text(encoding="utf-8").replace("evals_test_metric:count_pairs", "evals_ext_metric:roles")
    (root / "manifest.toml").write_text(text, encoding="utf-8")
    (tmp_path / "evals_ext_metric.py").write_text(EXTERNAL_METRIC, encoding="utf-8")
    docs = tmp_path / "roles.json"
    docs.write_text(json.dumps({"attack-00": {"templates": [{"incident_type": "attack"}]},
                                "attack-01": {"templates": []}}), encoding="utf-8")  # fmt: skip
    (tmp_path / "reader.py").write_text("import json\ndef read(path):\n    return json.loads(path.read_text())\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "score", str(root), "--predictions", str(docs),
                                      "--predictions-format", "reader:read", "--external", "-f", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["extra"] == {"documents": 2.0, "missing": 22.0, "templates": 1.0}
    assert report["external"] == 2 and report["fields"] == {} and report["cases"] == 0
