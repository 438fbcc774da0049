"""Storage faults: a corrupt cache is reset by a command, read-only places are one line with the fix."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from fault_helpers import (
    config_file,
    make_corrupt_cache,
    read_lines,
    run_cli,
    run_subprocess,
    unprivileged,
    write_jsonl,
)
from fault_server import Fault, FaultServer


@pytest.mark.parametrize("how", ["garbage_pages", "not_a_database", "newer"])
def test_cache_clear_sets_a_corrupt_cache_aside_and_the_next_batch_runs(
    how: str, tmp_path: Path, seed_text: str, seed_answer: dict[str, Any], capsys: Any, monkeypatch: Any
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("SUMMARIZER_DATA_DIR", str(data))
    cache = data / "cache.sqlite3"
    make_corrupt_cache(cache, how)
    damaged = cache.read_bytes()
    stats = run_cli(["cache", "stats"], capsys, monkeypatch)
    assert stats.code == 3 and len(stats.stderr.splitlines()) == 1 and "run `summarizer cache clear` to set it aside" in stats.stderr
    selective = run_cli(["cache", "clear", "--model", "m", "--yes"], capsys, monkeypatch)
    assert selective.code == 3 and "cannot be cleared selectively" in selective.stderr
    cleared = run_cli(["cache", "clear", "--yes"], capsys, monkeypatch)
    assert cleared.code == 0, cleared.stderr
    assert "moved the unreadable cache" in cleared.stdout
    aside = [p for p in data.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged  # set aside, not deleted
    with FaultServer(seed_answer, lambda request: Fault("ok")) as server:
        source = write_jsonl(tmp_path / "in.jsonl", [{"id": f"a{n}", "text": f"{seed_text}\n{n}"} for n in range(3)])
        config = config_file(tmp_path, server.base_url)
        run = run_cli(["summarize", "--input", str(source), "--output", str(tmp_path / "o.jsonl"), "--config", str(config)], capsys, monkeypatch)
        assert run.code == 0, run.stderr
        assert server.requests == 3
    assert run_cli(["cache", "stats", "--json"], capsys, monkeypatch).stdout.count('"entries": 3') == 1


PREFIX = unprivileged()
needs_permissions = pytest.mark.skipif(PREFIX is None, reason="running as root without setpriv: permissions cannot apply")


def _batch_args(tmp_path: Path, base_url: str, output: Path, seed_text: str) -> list[str]:
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": f"a{n}", "text": f"{seed_text}\n{n}"} for n in range(3)])
    return ["summarize", "--input", str(source), "--output", str(output), "--config", str(config_file(tmp_path, base_url))]


@needs_permissions
@pytest.mark.parametrize("place", ["folder", "file"])
def test_a_read_only_data_dir_or_cache_file_is_one_line_before_any_call(
    place: str, tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    if place == "file":
        (data / "cache.sqlite3").write_bytes(b"")
        (data / "cache.sqlite3").chmod(stat.S_IRUSR | stat.S_IRGRP)
    else:
        data.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with FaultServer(seed_answer, lambda request: Fault("ok")) as server:
            args = _batch_args(tmp_path, server.base_url, tmp_path / "out.jsonl", seed_text)
            outcome = run_subprocess(args, env={"SUMMARIZER_DATA_DIR": str(data)}, prefix=PREFIX)
            requests = server.requests
    finally:
        data.chmod(stat.S_IRWXU)
    assert "Traceback" not in outcome.stderr
    assert outcome.code == 3, outcome.stderr
    assert outcome.stderr.count("\n") == 1 and outcome.stderr.startswith("error: cannot use the response cache")
    assert "set data_dir in the config or $SUMMARIZER_DATA_DIR to a writable folder, or pass --no-cache" in outcome.stderr
    assert requests == 0
    assert read_lines(tmp_path / "out.jsonl") == []


@needs_permissions
def test_a_read_only_output_is_one_line_before_any_call(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]) -> None:
    output = tmp_path / "out.jsonl"
    output.write_bytes(b"")
    output.chmod(stat.S_IRUSR | stat.S_IRGRP)
    with FaultServer(seed_answer, lambda request: Fault("ok")) as server:
        outcome = run_subprocess(_batch_args(tmp_path, server.base_url, output, seed_text), env={"SUMMARIZER_DATA_DIR": str(tmp_path / "d")}, prefix=PREFIX)
        requests = server.requests
    assert "Traceback" not in outcome.stderr
    assert outcome.code == 2
    assert outcome.stderr == f"error: cannot open the results file {output}: Permission denied; pick a writable --output (or fix its permissions)\n"
    assert requests == 0


@needs_permissions
def test_no_cache_needs_no_data_dir(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]) -> None:
    """The fix the message offers works: --no-cache runs with an unusable data dir."""
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with FaultServer(seed_answer, lambda request: Fault("ok")) as server:
            args = [*_batch_args(tmp_path, server.base_url, tmp_path / "out.jsonl", seed_text), "--no-cache"]
            outcome = run_subprocess(args, env={"SUMMARIZER_DATA_DIR": str(data)}, prefix=PREFIX)
    finally:
        data.chmod(stat.S_IRWXU)
    assert outcome.code == 0, outcome.stderr
    assert [json.loads(line)["ok"] for line in (tmp_path / "out.jsonl").read_text().splitlines()] == [True] * 3
