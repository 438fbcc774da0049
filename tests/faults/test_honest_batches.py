"""Nothing fails silently in a batch: ungrounded quotes are counted (and can fail the run), a
rerun with failed lines left says so and exits 1, the keyless baseline says it made the records."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from fault_helpers import config_file, read_lines, run_cli, write_jsonl
from fault_server import Fault, FaultServer


def fabricated(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its first evidence quote replaced by words the article never says."""
    out = copy.deepcopy(record)

    def walk(node: Any) -> bool:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "evidence" and isinstance(value, list) and value:
                    value[0] = "the minister wept openly on the steps of the cathedral"
                    return True
                if walk(value):
                    return True
        elif isinstance(node, list):
            return any(walk(item) for item in node)
        return False

    assert walk(out)
    return out


def _rows(seed: str, n: int = 3) -> list[dict[str, Any]]:
    return [{"id": f"a{k}", "text": f"{seed}\nNote {k}."} for k in range(n)]


@pytest.mark.parametrize("gate", [False, True])
def test_ungrounded_records_are_counted_and_fail_the_run_on_request(
    gate: bool, tmp_path: Path, seed_text: str, seed_answer: dict[str, Any], capsys: Any, monkeypatch: Any
) -> None:
    with FaultServer(fabricated(seed_answer), lambda request: Fault("ok")) as server:
        config = config_file(tmp_path, server.base_url, reask_on_ungrounded=False)
        args = ["summarize", "--input", str(write_jsonl(tmp_path / "in.jsonl", _rows(seed_text))), "--config", str(config)]
        outcome = run_cli([*args, *(["--fail-on-ungrounded"] if gate else [])], capsys, monkeypatch)
    assert len(outcome.stdout.splitlines()) == 3  # JSON lines on stdout, the warning on stderr
    assert "3 record(s) with quotes not found verbatim in their article" in outcome.stderr
    assert outcome.code == (1 if gate else 0)
    assert ("--fail-on-ungrounded makes this exit 1" in outcome.stderr) is not gate


def test_single_file_json_warns_about_ungrounded_quotes_on_stderr(
    tmp_path: Path, seed_text: str, seed_answer: dict[str, Any], capsys: Any, monkeypatch: Any
) -> None:
    (tmp_path / "a.txt").write_text(seed_text, encoding="utf-8")
    with FaultServer(fabricated(seed_answer), lambda request: Fault("ok")) as server:
        config = config_file(tmp_path, server.base_url, reask_on_ungrounded=False)
        plain = run_cli(["summarize", str(tmp_path / "a.txt"), "--config", str(config)], capsys, monkeypatch)
        gated = run_cli(["summarize", str(tmp_path / "a.txt"), "--config", str(config), "--fail-on-ungrounded"], capsys, monkeypatch)
    assert plain.code == 0 and plain.stdout.lstrip().startswith("{")
    assert "warning: 1 of " in plain.stderr and "'the minister wept openly" in plain.stderr
    assert gated.code == 1 and json.loads(gated.stdout)["record"] == json.loads(plain.stdout)["record"]  # written, then exit 1


def test_a_rerun_with_failed_lines_left_says_so_and_exits_1(
    tmp_path: Path, seed_text: str, seed_answer: dict[str, Any], capsys: Any, monkeypatch: Any
) -> None:
    rows = _rows(seed_text)
    rows[1]["text"] += "\nPOISON"
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    poisoned = {"on": True}

    def choose(request: dict[str, Any]) -> Fault:
        return Fault("status", 400) if poisoned["on"] and "POISON" in str(request.get("messages")) else Fault("ok")

    with FaultServer(seed_answer, choose) as server:
        args = ["summarize", "--input", str(source), "--output", str(out), "--config", str(config_file(tmp_path, server.base_url))]
        first = run_cli(args, capsys, monkeypatch)
        rerun = run_cli(args, capsys, monkeypatch)
        assert server.requests == 3  # the rerun made no call
        poisoned["on"] = False
        retried = run_cli([*args, "--retry-failed"], capsys, monkeypatch)
        assert server.requests == 4
    assert first.code == 1
    assert rerun.code == 1
    assert "3 already in" in rerun.stderr and "1 of them failed earlier and were not redone: rerun with --retry-failed" in rerun.stderr
    assert retried.code == 0 and "failed earlier" not in retried.stderr
    assert [line["ok"] for line in read_lines(out)] == [True, True, True]


def test_the_keyless_baseline_says_once_that_it_made_a_batch(tmp_path: Path, seed_text: str, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)  # no summarizer.toml here or above: no model configured
    for k in range(3):
        (tmp_path / f"a{k}.txt").write_text(f"{seed_text}\n{k}", encoding="utf-8")
    outcome = run_cli(["summarize", "a0.txt", "a1.txt", "a2.txt"], capsys, monkeypatch)
    assert outcome.code == 0, outcome.stderr
    assert outcome.stderr.count("keyless rules baseline") == 1
