"""`summarizer eval` end to end with the scripted provider (loopback only)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli._app import app
from summarizer.errors import SummarizerError
from summarizer.evals.gold import gold_as_record
from summarizer.evals.runs import RunStore
from summarizer.result import GroundingStatus

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed"
MULTI = FIXTURES / "multi"
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    code = result.exit_code
    if isinstance(result.exception, SummarizerError):
        code = result.exception.exit_code
    elif result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return code, result.stdout, result.stderr


def run_id(out: str) -> str:
    match = re.search(r"run (\S+) stored at", out)
    assert match, out
    return match.group(1)


def seed_answers(tmp_path: Path, seed_perfect: dict[str, Any]) -> str:
    path = tmp_path / "answers.jsonl"
    path.write_text(json.dumps({"article_id": "mali-jnim-ambush-2023-01-10", "record": seed_perfect}) + "\n", encoding="utf-8")
    return f"scripted/{path}"


def test_run_on_the_seed_prints_the_table_and_stores_the_run(tmp_path: Path, seed_perfect: dict[str, Any]) -> None:
    code, out, _ = invoke("eval", "run", str(SEED), "--model", seed_answers(tmp_path, seed_perfect))
    assert code == 0
    assert "casualty_figures.count.value" in out and "every key field right: 100.0%" in out
    rid = run_id(out)
    stored = RunStore().load(rid)
    assert stored.cases[0].record is not None and stored.cases[0].raw_response
    assert stored.cases[0].grounding and stored.usage.requests >= 1
    code, listing, _ = invoke("eval", "runs")
    assert code == 0 and rid in listing


def test_repeats_are_separate_samples(tmp_path: Path, seed_perfect: dict[str, Any]) -> None:
    code, out, _ = invoke("eval", "run", str(SEED), "--model", seed_answers(tmp_path, seed_perfect), "--repeat", "2", "-f", "json")
    assert code == 0
    report = json.loads(out)
    assert report["cases"] == 2 and report["articles"] == 1


def test_failed_cases_are_recorded_and_scored_as_missed(tmp_path: Path) -> None:
    answers = tmp_path / "partial.jsonl"
    lines = (MULTI / "answers_b.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    answers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, _ = invoke("eval", "run", str(MULTI), "--model", f"scripted/{answers}", "-k", "8")
    assert code == 0
    run = RunStore().load(run_id(out))
    assert len(run.cases) == 24
    failed = [c for c in run.cases if c.error is not None]
    assert len(failed) == 21 and all(c.record is None for c in failed)
    assert failed[0].score is not None and failed[0].score.fields["casualty_figures.count.value"] == [0, 0, 0, 1, 0]
    assert run.scorecard is not None and run.scorecard.failed == 21
    assert all(c.score is not None and c.score.key_ok is False for c in failed)  # never "fully right"


def _two_runs() -> tuple[str, str, str, str]:
    code_a, out_a, _ = invoke("eval", "run", str(MULTI), "--model", f"scripted/{MULTI / 'answers_a.jsonl'}")
    code_b, out_b, _ = invoke("eval", "run", str(MULTI), "--model", f"scripted/{MULTI / 'answers_b.jsonl'}")
    assert code_a == code_b == 0
    return run_id(out_a), run_id(out_b), out_a, out_b


def test_compare_over_24_articles_reports_deltas_intervals_and_mcnemar() -> None:
    a, b, _, _ = _two_runs()
    code, out, _ = invoke("eval", "compare", a, b)
    assert code == 0
    # A misses the toll in the 12 even articles, B only in article 1: F1 12/24 -> 23/24.
    assert re.search(r"casualty_figures\.count\.value\s+│\s+0\.500\s+│\s+0\.958\s+│\s+\+0\.458", out)
    assert "Fields with a significant change: casualty_figures.count.value +0.458." in out
    # McNemar: 12 fixed, 1 broken; exact two-sided p = 2 * (1 + 13) / 2**13 = 0.00342
    assert "12 articles fixed, 1 broken; McNemar exact p = 0.00342: significant." in out
    code, js, _ = invoke("eval", "compare", a, b, "-f", "json")
    data = json.loads(js)
    assert data["fields"]["incidents.type"]["significant"] is False and data["articles"] == 24


def test_compare_warns_when_the_dataset_is_too_small(tmp_path: Path, seed_perfect: dict[str, Any]) -> None:
    model = seed_answers(tmp_path, seed_perfect)
    a = run_id(invoke("eval", "run", str(SEED), "--model", model)[1])
    b = run_id(invoke("eval", "run", str(SEED), "--model", model)[1])
    code, out, _ = invoke("eval", "compare", a, b)
    assert code == 0 and "Warning: only 1 articles in common; no difference can be significant" in out


def test_fail_under_gates_the_exit_code() -> None:
    a, b, _, _ = _two_runs()
    assert invoke("eval", "report", a, "--fail-under", "key_fields_right=0.9")[0] == 1
    assert invoke("eval", "report", b, "--fail-under", "key_fields_right=0.9")[0] == 0
    code, _, err = invoke("eval", "report", b, "--fail-under", "f1:casualty_figures.count.value=0.99")
    assert code == 1 and "f1:casualty_figures.count.value 0.958 < 0.990" in err
    assert invoke("eval", "report", b, "--fail-under", "bogus=1")[0] == 2


def test_rescore_reproduces_the_stored_scores() -> None:
    _, b, _, _ = _two_runs()
    before = RunStore().load(b)
    code, out, _ = invoke("eval", "rescore", b)
    assert code == 0 and "scores unchanged" in out
    after = RunStore().load(b)
    assert after.scorecard == before.scorecard
    assert [c.score for c in after.cases] == [c.score for c in before.cases]


def test_report_formats(tmp_path: Path, seed_perfect: dict[str, Any]) -> None:
    rid = run_id(invoke("eval", "run", str(SEED), "--model", seed_answers(tmp_path, seed_perfect))[1])
    assert json.loads(invoke("eval", "report", rid, "-f", "json")[1])["micro"]["f1"] == 1.0
    md = invoke("eval", "report", rid, "-f", "md")[1]
    assert "| field | P | R | F1 |" in md and "| incidents.date.start | 1.00 |" in md


def test_score_validates_and_grounds_predictions_and_counts_missing_cases(tmp_path: Path) -> None:
    entries = [json.loads(line) for line in (MULTI / "answers_b.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [{"id": e["article_id"], "record": e["record"]} for e in entries[:22]]
    rows[0]["record"] = {**rows[0]["record"], "incidents": [{"id": "I1", "type": "not-a-type"}]}
    rows[2]["record"]["casualty_figures"][0]["evidence"] = ["a quote the article never says"]
    preds = tmp_path / "preds.jsonl"
    preds.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, out, err = invoke("eval", "score", str(MULTI), "--predictions", str(preds), "-f", "json")
    assert code == 0
    report = json.loads(out)
    assert report["cases"] == 24 and report["failed"] == 3  # one invalid, two without a prediction
    # 21 valid records x 3 quotes, one of which is not in its article
    assert report["quotes"] == 63 and report["grounding_rate"] == pytest.approx(62 / 63)
    run = RunStore().load(run_id(err))
    kinds = sorted(c.error.type for c in run.cases if c.error)
    assert kinds == ["MissingPrediction", "MissingPrediction", "OutputInvalidError"]


def test_score_refuses_predictions_for_unknown_cases(tmp_path: Path) -> None:
    preds = tmp_path / "preds.jsonl"
    preds.write_text(json.dumps({"id": "nope", "record": {}}) + "\n", encoding="utf-8")
    code, _, _ = invoke("eval", "score", str(MULTI), "--predictions", str(preds))
    assert code == 2


def test_agree_gives_symmetric_f1_and_names_the_worst_fields(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(MULTI / "gold", a)
    shutil.copytree(MULTI / "gold", b)
    for name in ("attack-00.json", "attack-01.json"):
        gold = json.loads((b / name).read_text(encoding="utf-8"))
        gold["casualty_figures"][0]["count"]["value"] += 1
        (b / name).write_text(json.dumps(gold), encoding="utf-8")
    code, out, _ = invoke("eval", "agree", str(a), str(b), "-f", "json")
    assert code == 0
    data = json.loads(out)
    # 22 agreeing tolls, 2 disagreeing: TP 22 of 24 either way, F1 = 22/24
    assert data["fields"]["casualty_figures.count.value"]["f1"] == pytest.approx(22 / 24)
    assert data["fields"]["incidents.type"]["f1"] == 1.0
    code, out, _ = invoke("eval", "agree", str(a), str(b))
    assert "least agreed: casualty_figures.count.value (0.92)" in out


def test_agree_accepts_datasets(seed_gold: dict[str, Any]) -> None:
    code, out, _ = invoke("eval", "agree", str(SEED), str(SEED), "-f", "json")
    assert code == 0 and json.loads(out)["overall_f1"] == 1.0


def test_unknown_dataset_exits_2() -> None:
    assert invoke("eval", "run", "no-such-dataset", "--model", "rules/baseline")[0] == 2


def test_gold_as_record_of_the_seed_validates(seed_gold: dict[str, Any]) -> None:
    from summarizer.schemas.incident import IncidentSummary

    assert IncidentSummary.model_validate(gold_as_record(seed_gold)).casualty_figures[0].count.value == 14


def test_rescore_regrounds_and_reports_a_change() -> None:
    _, b, _, _ = _two_runs()
    store = RunStore()
    run = store.load(b)
    for case in run.cases:
        case.grounding = [g.model_copy(update={"status": GroundingStatus.not_found}) for g in case.grounding]
    assert run.scorecard is not None
    store.save(run.model_copy(update={"scorecard": run.scorecard.model_copy(update={"grounding_rate": 0.0})}))
    code, out, _ = invoke("eval", "rescore", b)
    assert code == 0 and "scores changed" in out and "grounding rate: 100.0% of 72 quotes" in out
    rescored = RunStore().load(b).scorecard
    assert rescored is not None and rescored.grounding_rate == 1.0


def test_run_refuses_a_dataset_without_gold(tmp_path: Path) -> None:
    root = tmp_path / "d"
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "a.txt").write_text("Nothing happened.", encoding="utf-8")
    (root / "manifest.toml").write_text('name = "d"\ntask = "incident"\n', encoding="utf-8")
    (root / "cases.jsonl").write_text('{"id": "a", "article": "articles/a.txt"}\n', encoding="utf-8")
    assert invoke("eval", "run", str(root), "--model", "rules/baseline")[0] == 2


def test_cache_only_fails_cases_until_answers_are_cached(tmp_path: Path, seed_perfect: dict[str, Any]) -> None:
    model = seed_answers(tmp_path, seed_perfect)
    code, out, _ = invoke("eval", "run", str(SEED), "--model", model, "--cache", "only")
    run = RunStore().load(run_id(out))
    assert code == 0 and run.cases[0].error is not None and run.cases[0].error.type == "CacheMissError"
    assert invoke("eval", "run", str(SEED), "--model", model)[0] == 0
    code, out, _ = invoke("eval", "run", str(SEED), "--model", model, "--cache", "only")
    assert RunStore().load(run_id(out)).cases[0].error is None
    assert invoke("eval", "run", str(SEED), "--model", model, "--cache", "only", "--repeat", "2")[0] == 2


def test_score_takes_a_summarize_json_result(tmp_path: Path, seed_perfect: dict[str, Any]) -> None:
    code, out, _ = invoke("summarize", str(SEED / "articles" / "mali-jnim-ambush-2023-01-10.txt"),
                          "--model", seed_answers(tmp_path, seed_perfect), "--format", "json")  # fmt: skip
    assert code == 0
    result = tmp_path / "result.json"
    result.write_text(out, encoding="utf-8")
    code, out, _ = invoke("eval", "score", str(SEED), "--predictions", str(result), "-f", "json", "--no-save")
    assert code == 0 and json.loads(out)["micro"]["f1"] == 1.0


def test_report_and_compare_write_self_contained_html(tmp_path: Path) -> None:
    a, b, _, _ = _two_runs()
    page = tmp_path / "run.html"
    code, _, err = invoke("eval", "report", b, "--format", "html", "-o", str(page))
    assert code == 0 and f"wrote {page}" in err
    html = page.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>") and "<script src=" not in html
    code, out, _ = invoke("eval", "compare", a, b, "--format", "html")
    assert code == 0 and "<!doctype html>" in out.lower()
    code, _, _ = invoke("eval", "report", b, "--format", "html", "-o", str(page), "--fail-under", "micro_f1=0.999")
    assert code == 1 and page.is_file()  # the page is written, and the gate still fails


def test_a_case_with_invalid_output_keeps_the_raw_response(tmp_path: Path) -> None:
    answers = tmp_path / "invalid.jsonl"
    answers.write_text(json.dumps({"record": {"summary": 5}}) + "\n", encoding="utf-8")
    code, out, _ = invoke("eval", "run", str(SEED), "--model", f"scripted/{answers}")
    assert code == 0
    case = RunStore().load(run_id(out)).cases[0]
    assert case.error is not None and case.error.type == "OutputInvalidError"
    assert case.raw_response == '{"summary": 5}'
