"""`summarizer label check|draft`: problems listed by case and field; drafts become datasets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.baseline import word_number
from summarizer.cli._app import app
from summarizer.evals.labeling import check_dataset

FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()


def make_dataset(root: Path, gold: dict[str, Any]) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "gold").mkdir()
    (root / "manifest.toml").write_text('name = "t"\ntask = "incident"\n')
    (root / "articles" / "seed.txt").write_text((FIXTURES / "seed-article.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "gold" / "seed.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    (root / "cases.jsonl").write_text('{"id": "seed", "article": "articles/seed.txt", "gold": "gold/seed.json"}\n')
    return root


def test_a_clean_gold_set_has_no_problems(tmp_path: Path, seed_answer: dict[str, Any]) -> None:
    assert check_dataset(make_dataset(tmp_path / "d", seed_answer)) == []


def test_a_quote_missing_from_the_article_names_case_and_field(tmp_path: Path, seed_answer: dict[str, Any]) -> None:
    seed_answer["incidents"][1]["weapons"][0]["evidence"] = ["with four explosive devices"]
    problems = check_dataset(make_dataset(tmp_path / "d", seed_answer))
    assert [(p.case, p.field) for p in problems] == [("seed", "incidents[1].weapons[0].evidence[0]")]
    result = runner.invoke(app, ["label", "check", str(tmp_path / "d")])
    assert result.exit_code == 2
    assert "seed: incidents[1].weapons[0].evidence[0]: quote not found verbatim" in result.stdout


def test_a_figure_whose_value_disagrees_with_its_words_is_flagged(tmp_path: Path, seed_answer: dict[str, Any]) -> None:
    seed_answer["casualty_figures"][0]["count"]["value"] = 41
    problems = check_dataset(make_dataset(tmp_path / "d", seed_answer))
    assert [(p.field, "disagrees" in p.message) for p in problems] == [("casualty_figures[0].count", True)]


def test_a_date_on_the_wrong_weekday_is_flagged(tmp_path: Path, seed_answer: dict[str, Any]) -> None:
    seed_answer["incidents"][0]["date"]["start"] = "2022-01-10"  # a Monday; the quote says Tuesday
    problems = check_dataset(make_dataset(tmp_path / "d", seed_answer))
    assert [p.field for p in problems] == ["incidents[0].date.start"]
    assert "Monday" in problems[0].message and "Tuesday" in problems[0].message


def test_schema_errors_are_listed_not_raised(tmp_path: Path, seed_answer: dict[str, Any]) -> None:
    seed_answer["incidents"][0]["type"] = "massacre"
    problems = check_dataset(make_dataset(tmp_path / "d", seed_answer))
    assert len(problems) == 1 and "incidents" in problems[0].message and "type" in problems[0].message


@pytest.mark.parametrize(("text", "value"), [("14", 14), ("Fourteen", 14), ("thirty-one", 31), ("a dozen", 12), ("1,200", 1200), ("dozens", None)])
def test_number_words(text: str, value: int | None) -> None:
    assert word_number(text) == value


def test_draft_from_a_scripted_model_adds_a_checkable_case(tmp_path: Path, seed_answer: dict[str, Any]) -> None:
    answers = tmp_path / "answers.jsonl"
    answers.write_text(json.dumps({"record": seed_answer}, ensure_ascii=False) + "\n", encoding="utf-8")
    dataset = tmp_path / "mine"
    result = runner.invoke(
        app, ["label", "draft", str(FIXTURES / "seed-article.txt"), "--model", f"scripted/{answers}", "--dataset", str(dataset)]
    )
    assert result.exit_code == 0, result.output
    gold = json.loads((dataset / "gold" / "seed-article.json").read_text(encoding="utf-8"))
    assert gold["$note"].startswith("DRAFT by scripted/")
    assert next(iter(gold)) == "$schema_version" and gold["$schema_version"] == 2  # drafts carry the schema version
    assert check_dataset(dataset) == []
    again = runner.invoke(app, ["label", "draft", str(FIXTURES / "seed-article.txt"), "--model", f"scripted/{answers}", "--dataset", str(dataset)])
    assert again.exit_code != 0  # a draft never overwrites a label


@pytest.mark.parametrize("name", ["seed", "news-dev", "news-dev-second", "muc4-dev"])
def test_every_shipped_dataset_passes_label_check(name: str) -> None:
    assert [str(p) for p in check_dataset(name)] == []


def test_news_dev_has_twenty_labeled_cases() -> None:
    from summarizer.evals.dataset import load_dataset

    assert len(load_dataset("news-dev").labeled) == 20


def test_a_quote_across_a_line_break_is_flagged(tmp_path: Path, seed_answer: dict[str, Any]) -> None:  # R-EVID-2
    root = make_dataset(tmp_path / "d", seed_answer)
    article = root / "articles" / "seed.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nThe toll was given\nby the army.\n", encoding="utf-8")
    seed_answer["casualty_figures"][0]["evidence"].append("The toll was given\nby the army")
    (root / "gold" / "seed.json").write_text(json.dumps(seed_answer, ensure_ascii=False), encoding="utf-8")
    problems = check_dataset(root)
    assert [(p.field, "R-EVID-2" in p.message) for p in problems] == [("casualty_figures[0].evidence[1]", True)]


def test_a_partial_date_beside_a_full_start_is_flagged(tmp_path: Path, seed_answer: dict[str, Any]) -> None:  # R-DATE-3
    seed_answer["incidents"][0]["date"]["partial"] = "--01-10"
    problems = check_dataset(make_dataset(tmp_path / "d", seed_answer))
    assert [(p.field, "R-DATE-3" in p.message) for p in problems] == [("incidents[0].date.partial", True)]
