"""Running the real `summarizer` entry point against a FaultServer, and reading what it left."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from summarizer.cli import main

MARK = "FAULT-HERE"
"""Text in the one article a case aims its fault at; the server looks for it in the request."""


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str

    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("error:")]


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Outcome:
    """`summarizer ARGS` in this process through the installed entry point (error mapping included);
    an exception escaping it fails the test, as a traceback would."""
    monkeypatch.setattr(sys, "argv", ["summarizer", *args])
    capsys.readouterr()
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)


def config_file(tmp_path: Path, base_url: str, **profile: Any) -> Path:
    settings = {"transport_retries": 1, "max_backoff": 0.01, "reasks": 1, **profile}
    lines = ['default_profile = "fake"', "[profiles.fake]", 'model = "compat/fake-model"', f'base_url = "{base_url}"']
    lines += [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    path = tmp_path / "summarizer.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    """ASCII JSON (ensure_ascii): a lone surrogate travels as its \\udXXX escape, as in real files."""
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def read_lines(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def unprivileged() -> list[str] | None:
    """A command prefix under which file permissions apply: none needed for a normal user; for
    root, setpriv dropping the capabilities that bypass them. None when neither is possible."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    probe = subprocess.run([setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "true"], capture_output=True)
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"] if probe.returncode == 0 else None


def run_subprocess(args: list[str], *, env: dict[str, str], prefix: list[str] | None = None, timeout: float = 120) -> Outcome:
    """`summarizer ARGS` as a separate process (tracebacks would reach its stderr)."""
    command = [*(prefix or []), sys.executable, "-c", "from summarizer.cli import main; main()", *args]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **env}, timeout=timeout)
    return Outcome(done.returncode, done.stdout, done.stderr)


def make_corrupt_cache(path: Path, how: str) -> None:
    """A cache file that cannot be used: random bytes, garbage pages behind a valid header, or a newer format."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if how == "not_a_database":
        path.write_bytes(bytes((n * 7919 + 13) % 256 for n in range(20_000)))
        return
    if how == "newer":
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("CREATE TABLE future (x)")
        db.execute("PRAGMA user_version = 99")
        db.close()
        return
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE responses (key TEXT PRIMARY KEY, created REAL, model TEXT, task TEXT, hits INTEGER, made_by TEXT, result TEXT)")
    for n in range(400):
        db.execute("INSERT INTO responses VALUES (?, 0, 'm', 't', 0, '', ?)", (f"k{n}", "x" * 2000))
    db.close()
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 20, 4096 * 30):  # pages 21-30: b-tree pages turned to noise
        data[offset] = (offset * 7919) % 256
    path.write_bytes(bytes(data))
