"""Resume: a killed run leaves no torn or duplicated line, and the rerun finishes exactly the rest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import read_lines, variants, write_jsonl

from summarizer.batch.output import ResultsFile
from summarizer.errors import InputError
from summarizer.testing import FakeOpenAIServer, Reply

CLI = [sys.executable, "-c", "from summarizer.cli import main; main()"]


def _config_file(tmp_path: Path, server: FakeOpenAIServer, concurrency: int) -> Path:
    path = tmp_path / "summarizer.toml"
    path.write_text(
        'default_profile = "fake"\n[profiles.fake]\nmodel = "compat/fake-model"\n'
        f'base_url = "{server.base_url}"\ntransport_retries = 0\nconcurrency = {concurrency}\n',
        encoding="utf-8",
    )
    return path


def test_sigkill_mid_run_then_resume_yields_exactly_one_result_per_article(
    tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]
) -> None:
    articles = variants(seed_text, 16)
    source = write_jsonl(tmp_path / "articles.jsonl", articles)
    out = tmp_path / "results.jsonl"
    with FakeOpenAIServer(responder=lambda req, h: Reply.with_record(seed_answer, delay=0.25)) as server:
        args = [*CLI, "summarize", "--input", str(source), "--output", str(out),
                "--config", str(_config_file(tmp_path, server, concurrency=2)), "--no-cache"]  # fmt: skip
        first = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 4):
            time.sleep(0.02)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        assert first.returncode == -signal.SIGKILL
        finished_before = len([ln for ln in out.read_bytes().split(b"\n")[:-1] if ln.strip()])
        assert 4 <= finished_before < 16, "the kill must land mid-run for this test to mean anything"
        requests_before = _settled_count(server)

        second = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
        assert second.returncode == 0, second.stderr
        requests_resumed = len(server.requests) - requests_before

    lines = read_lines(out)  # every line parses: no torn line survived
    ids = [line["id"] for line in lines]
    assert sorted(ids) == sorted(articles)  # exactly one result per article: none lost, none twice
    assert all(line["ok"] for line in lines)
    assert requests_resumed == 16 - finished_before  # finished articles were not paid for again
    assert f"{finished_before} already in" in second.stderr


def _settled_count(server: FakeOpenAIServer) -> int:
    """Requests the killed run sent can still sit in socket buffers: wait until the count holds."""
    count, stable_since = len(server.requests), time.monotonic()
    while time.monotonic() - stable_since < 0.5:
        time.sleep(0.05)
        if len(server.requests) != count:
            count, stable_since = len(server.requests), time.monotonic()
    return count


def test_a_torn_last_line_is_cut_before_appending(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"id": "a", "ok": true}\n{"id": "b", "ok": tr')
    out = ResultsFile.open(path)
    try:
        assert out.done == {"a": True}
        assert out.torn_bytes == len(b'{"id": "b", "ok": tr')
        out.write({"id": "b", "ok": True})
    finally:
        out.close()
    assert path.read_bytes() == b'{"id": "a", "ok": true}\n{"id":"b","ok":true}\n'


def test_failed_articles_count_as_done_on_resume(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text('{"id": "a", "ok": false, "error": {"type": "TransportError", "message": "x"}}\n', encoding="utf-8")
    out = ResultsFile.open(path)
    out.close()
    assert out.done == {"a": False}


def test_a_corrupt_line_inside_the_file_is_refused_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text('{"id": "a", "ok": true}\nnot json\n{"id": "c", "ok": true}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"out\.jsonl:2 is not a JSON line"):
        ResultsFile.open(path)
    assert path.read_text(encoding="utf-8").count("\n") == 3  # untouched


def test_two_runs_cannot_write_the_same_output(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    first = ResultsFile.open(path)
    try:
        with pytest.raises(InputError, match="another summarizer run"):
            ResultsFile.open(path)
    finally:
        first.close()


def test_overwrite_starts_afresh(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text(json.dumps({"id": "a", "ok": True}) + "\n", encoding="utf-8")
    out = ResultsFile.open(path, overwrite=True)
    out.close()
    assert out.done == {} and path.read_bytes() == b""


def test_retry_failed_redoes_only_the_failed_articles(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]) -> None:
    from batch_helpers import config_for

    from summarizer.batch import summarize_many

    articles = variants(seed_text, 3)
    out = tmp_path / "out.jsonl"
    out.write_text(
        json.dumps({"id": "art-000", "ok": True, "result": {}}) + "\n"
        + json.dumps({"id": "art-001", "ok": False, "error": {"type": "TransportError", "message": "503"}}) + "\n",
        encoding="utf-8",
    )
    with FakeOpenAIServer(responder=lambda r, h: Reply.with_record(seed_answer)) as server:
        report = summarize_many(articles, output=out, config=config_for(server), retry_failed=True, cache="off")
        assert len(server.requests) == 2  # art-001 again, art-002 for the first time
    lines = read_lines(out)
    assert sorted(line["id"] for line in lines) == ["art-000", "art-001", "art-002"]
    assert all(line["ok"] for line in lines)
    assert report.skipped == 1
    assert not list(tmp_path.glob(".out.jsonl.*.tmp"))  # the temporary file was renamed into place


def test_resuming_with_another_model_is_refused(tmp_path: Path, seed_text: str) -> None:
    from batch_helpers import config_for

    from summarizer.batch import summarize_many

    out = tmp_path / "out.jsonl"
    out.write_text(json.dumps({"id": "art-000", "ok": True, "result": {"meta": {"model": "openai/gpt-4o"}}}) + "\n", encoding="utf-8")
    with FakeOpenAIServer() as server:
        with pytest.raises(InputError, match="holds results from openai/gpt-4o, not compat/fake-model"):
            summarize_many(variants(seed_text, 2), output=out, config=config_for(server))
        assert server.requests == []
