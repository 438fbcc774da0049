"""The command line: machine-readable stdout, escaped views, documented exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarizer.cli._app import app
from summarizer.errors import SummarizerError
from summarizer.prompting import fence_id

runner = CliRunner()


def invoke(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    code = result.exit_code
    if isinstance(result.exception, SummarizerError):  # what run_app() turns into exit codes
        code = result.exception.exit_code
    return code, result.stdout, result.stderr


def script(tmp_path: Path, record: dict[str, Any]) -> str:
    path = tmp_path / "answers.jsonl"
    path.write_text(json.dumps({"record": record}, ensure_ascii=False) + "\n", encoding="utf-8")
    return f"scripted/{path}"


def test_json_output_carries_record_grounding_and_meta(tmp_path: Path, seed_answer: dict[str, Any]) -> None:
    code, out, _ = invoke("summarize", str(Path(__file__).parent / "fixtures" / "seed-article.txt"), "--model", script(tmp_path, seed_answer))
    assert code == 0
    data = json.loads(out)
    assert data["meta"]["prompt_version"] == "3" and len(data["meta"]["schema_hash"]) == 64
    assert data["article"]["id"] == "seed-article"
    assert len(data["grounding"]) == 50


def test_text_view_escapes_terminal_sequences_from_article_and_model(tmp_path: Path) -> None:
    evil = "Gunmen \x1b[31mkilled\x1b[0m two [bold]guards[/bold] at the bank."
    record = {"summary": "Gunmen \x1b]0;pwned\x07killed two [red]guards[/red].", "incidents": []}
    article = tmp_path / "a.txt"
    article.write_text(evil, encoding="utf-8")
    code, out, _ = invoke("summarize", str(article), "--model", script(tmp_path, record), "--format", "text")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "[red]guards[/red]" in out  # shown literally, never interpreted as markup


def test_article_from_stdin_and_published_date(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]) -> None:
    code, out, _ = invoke("summarize", "-", "--model", script(tmp_path, seed_answer), "--published", "2023-01-12", input=seed_text.encode())
    assert code == 0
    meta = json.loads(out)
    assert meta["article"]["published"] == "2023-01-12" and meta["meta"]["date_inferred"] is False


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["summarize", "/nonexistent/article.txt"], 2, "no article file"),
        (["summarize", "EMPTY"], 2, "empty"),
        (["summarize", "SEED", "--model", "nope/x"], 3, "unknown provider"),
        (["summarize", "SEED", "--model", "openai/gpt-4o-mini"], 3, "OPENAI_API_KEY"),
        (["summarize", "SEED", "--task", "nope"], 3, "unknown task"),
        (["summarize", "SEED", "--config", "/nonexistent.toml"], 3, "config file not found"),
    ],
)
def test_bad_input_exits_with_the_documented_code(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    (tmp_path / "empty.txt").write_text("  \n")
    seed = str(Path(__file__).parent / "fixtures" / "seed-article.txt")
    args = [seed if a == "SEED" else str(tmp_path / "empty.txt") if a == "EMPTY" else a for a in args]
    result = runner.invoke(app, args)
    exc = result.exception
    assert isinstance(exc, SummarizerError), result.output
    assert exc.exit_code == code and message in str(exc)


def test_model_failure_exits_4(tmp_path: Path, seed_text: str) -> None:
    code, _, _ = invoke("summarize", "-", "--model", script(tmp_path, {"summary": 5}), input=seed_text)
    assert code == 4


def test_schema_and_prompt_commands(seed_text: str, tmp_path: Path) -> None:
    code, out, _ = invoke("schema", "incident")
    assert code == 0 and "casualty_figures" in json.loads(out)["properties"]
    article = tmp_path / "a.txt"
    article.write_text(seed_text, encoding="utf-8")
    code, out, _ = invoke("prompt", "incident", str(article))
    messages = json.loads(out)
    assert [m["role"] for m in messages] == ["system", "user"]
    assert f"<article-{fence_id(seed_text)}>\n14 soldiers killed" in messages[1]["content"]


def test_version_and_help() -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and out.startswith("summarizer ")
    for command in ([], ["summarize"], ["schema"], ["prompt"]):
        code, out, _ = invoke(*command, "--help")
        assert code == 0 and "Usage" in out


def test_the_hand_written_seed_answer_prints_in_both_formats(tmp_path: Path, seed_answer: dict[str, Any]) -> None:
    seed = str(Path(__file__).parent / "fixtures" / "seed-article.txt")
    code, out, _ = invoke("summarize", seed, "--model", script(tmp_path, seed_answer), "--format", "text")
    assert code == 0
    assert "grounded quotes: 50/50" in out and "UNGROUNDED" not in out
    assert "outcome_word: neutralized" in out and 'with a lead"' in out
    code, out, _ = invoke("summarize", seed, "--model", script(tmp_path, seed_answer))
    figures = json.loads(out)["record"]["casualty_figures"]
    claimed = {(f["claimant"]["name"], f["count"]["value"], f["outcome"]) for f in figures}
    assert {("the Malian army", 14, "killed"), ("the Malian army", 11, "wounded"), ("JNIM", 5, "killed"), ("JNIM", 7, "killed")} <= claimed
