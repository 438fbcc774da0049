"""Shared by the batch-API tests: configs pointing at a fake, one job's files, scripted batch answers,
the CLI in a child process, reading results. The fixtures built on them are in conftest.py."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fakes import Answer

from summarizer.batchapi import CollectReport, Job, SubmitReport, collect, default_state_dir, submit

MODELS = {"openai": "openai/gpt-4o-mini", "anthropic": "anthropic/claude-sonnet-4-6", "google": "google/gemini-2.5-flash"}
KEYS = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY", "google": "GOOGLE_API_KEY"}
PRICE = {"input": 2.0, "output": 8.0, "cached_input": 0.5}
INVALID = {10, 25}
"""Positions whose batch answer is not valid JSON: re-asked live."""


def responder(record: dict[str, Any], usage: dict[str, int]) -> Callable[[str, dict[str, Any]], Answer]:
    """A batch fake's `respond`: `record` with `usage`, except broken JSON at the INVALID positions."""

    def respond(custom_id: str, body: dict[str, Any]) -> Answer:
        if int(custom_id.rsplit("-", 1)[1]) in INVALID:
            return Answer(text='{"incidents": [ {"oops"', usage={"input": usage["input"], "output": 40})
        return Answer(record=record, usage=usage)

    return respond


@dataclass
class BatchRun:
    """One job over `articles` into `out`, its config pointing at a fake (made by the `new_run` fixture)."""

    config: Path
    articles: Path
    out: Path
    job: Job

    @property
    def state(self) -> Path:
        return default_state_dir(self.out)

    def submit(self, **options: Any) -> SubmitReport:
        return submit(self.articles, output=self.out, job=self.job, **options)

    def collect(self, **options: Any) -> CollectReport:
        return collect(self.state, job=self.job, **options)

    def lines(self) -> list[dict[str, Any]]:
        return read_lines(self.out)

    def collect_killed(self, fake: Any) -> list[dict[str, Any]]:
        """`jobs collect --wait` in a child process, SIGKILLed at its first live request to `fake`
        (a re-ask); the lines it had written by then."""
        killer = Killer()
        fake.on_chat = killer
        run_killed(killer, "jobs", "collect", "-o", str(self.out), "--config", str(self.config), "--wait", "--poll", "0.05")
        fake.on_chat = None
        return self.lines()

    def submit_killed(self, fake: Any) -> dict[str, Any]:
        """`jobs submit` in a child process, SIGKILLed as `fake` creates the batch (before the child
        records it); the job state it left."""
        killer = Killer()
        fake.on_create = killer
        run_killed(killer, "jobs", "submit", str(self.articles), "-o", str(self.out), "--config", str(self.config))
        fake.on_create = None
        state: dict[str, Any] = json.loads((self.state / "job.json").read_text())
        return state


NewRun = Callable[..., BatchRun]
"""The `new_run(provider, fake, n, **terms)` fixture of conftest.py."""


def write_config(tmp: Path, provider: str, base_url: str) -> Path:
    model = MODELS[provider]
    path = tmp / "summarizer.toml"
    path.write_text(
        f'default_profile = "p"\ndata_dir = "{tmp / "data"}"\n\n[profiles.p]\nmodel = "{model}"\nbase_url = "{base_url}"\n'
        f'transport_retries = 0\nmax_backoff = 0.05\n\n[prices."{model}"]\ninput = 2.0\noutput = 8.0\ncached_input = 0.5\n',
        encoding="utf-8",
    )
    return path


def write_articles(path: Path, text: str, n: int) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            handle.write(json.dumps({"id": f"art-{i:03d}", "text": f"{text}\n\nEditor's note {i}."}) + "\n")
    return path


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def cli(*args: str) -> subprocess.Popen[bytes]:
    """The real CLI in a child process (so a test can SIGKILL it mid-run)."""
    return subprocess.Popen(
        [sys.executable, "-c", "from summarizer.cli import main; main()", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ),
    )  # fmt: skip


class Killer:
    """Called from inside a fake's handler: SIGKILLs the child the first `after`-th time."""

    def __init__(self, after: int = 1) -> None:
        self.pid: int | None = None
        self.after = after
        self.calls = 0
        self.killed = False

    def __call__(self) -> None:
        self.calls += 1
        if self.pid is not None and not self.killed and self.calls >= self.after:
            self.killed = True
            os.kill(self.pid, signal.SIGKILL)
            time.sleep(0.2)  # the child is gone before this request is answered


def run_killed(killer: Killer, *args: str, timeout: float = 60) -> int:
    proc = cli(*args)
    killer.pid = proc.pid
    try:
        _out, err = proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert killer.killed, f"the child was never killed (rc {proc.returncode}): {err.decode()[-2000:]}"
    return proc.returncode
