"""The CLI over many inputs: FILES... to JSON lines on stdout, --input/--output files, usage errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from batch_helpers import read_lines, write_jsonl
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.errors import SummarizerError
from summarizer.testing import FakeOpenAIServer, Reply


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    code = result.exception.exit_code if isinstance(result.exception, SummarizerError) else result.exit_code
    return code, result.stdout, result.stderr


def config_file(tmp_path: Path, server: FakeOpenAIServer, **extra: Any) -> str:
    lines = ['default_profile = "fake"', "[profiles.fake]", 'model = "compat/fake-model"', f'base_url = "{server.base_url}"']
    lines += [f"{k} = {json.dumps(v)}" for k, v in extra.items()]
    lines += ['[prices."compat/fake-model"]', "input = 50.0", "output = 100.0"]
    path = tmp_path / "summarizer.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_several_files_stream_one_json_line_each(tmp_path: Path, articles: dict[str, str], seed_answer: dict[str, Any]) -> None:
    paths = []
    for ident, text in list(articles.items())[:3]:
        (tmp_path / f"{ident}.txt").write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / f"{ident}.txt"))
    with FakeOpenAIServer(responder=lambda r, h: Reply.with_record(seed_answer)) as server:
        code, out, err = invoke("summarize", *paths, "--config", config_file(tmp_path, server))
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert sorted(line["id"] for line in lines) == ["art-000", "art-001", "art-002"]
    assert "3 done" in err and "cost $0.0300" in err  # totals on stderr: 3 calls x $0.01


def test_input_and_output_files_and_a_rerun_skips_everything(tmp_path: Path, articles: dict[str, str], seed_answer: dict[str, Any]) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", articles)
    out = tmp_path / "out.jsonl"
    with FakeOpenAIServer(responder=lambda r, h: Reply.with_record(seed_answer)) as server:
        config = config_file(tmp_path, server)
        assert invoke("summarize", "--input", str(source), "--output", str(out), "--config", config, "-j", "3")[0] == 0
        code, _, err = invoke("summarize", "--input", str(source), "--output", str(out), "--config", config)
        assert len(server.requests) == 6
    assert code == 0 and "6 already in" in err
    assert len(read_lines(out)) == 6


def test_budget_on_the_command_line(tmp_path: Path, articles: dict[str, str], seed_answer: dict[str, Any]) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", articles)
    with FakeOpenAIServer(responder=lambda r, h: Reply.with_record(seed_answer)) as server:
        config = config_file(tmp_path, server)
        code, _, err = invoke("summarize", "--input", str(source), "--output", str(tmp_path / "o.jsonl"),
                              "--config", config, "--budget", "0.015", "-j", "1", "--no-cache")  # fmt: skip
        assert len(server.requests) == 2  # $0.01 per call: after 2, $0.02 >= $0.015
    assert code == 1 and "budget reached: 4 article(s) not started" in err


def test_per_article_options_are_refused_for_many(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    code, _, _ = invoke("summarize", str(tmp_path / "a.txt"), str(tmp_path / "a.txt"), "--title", "T")
    assert code == 2


def test_no_cache_and_cache_only_together_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    code, _, _ = invoke("summarize", str(tmp_path / "a.txt"), "--no-cache", "--cache-only")
    assert code == 2
