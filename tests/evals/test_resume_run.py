"""A killed or interrupted eval run keeps every finished case; `--resume` completes it without calling them again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from summarizer.testing import FakeOpenAIServer, Reply

MULTI = Path(__file__).parent / "fixtures" / "multi"
CLI = [sys.executable, "-c", "from summarizer.cli import main; main()"]
CASES = [json.loads(line) for line in (MULTI / "cases.jsonl").read_text(encoding="utf-8").splitlines()]
TEXTS = {c["id"]: (MULTI / c["article"]).read_text(encoding="utf-8") for c in CASES}
ANSWERS = {e["article_id"]: e["record"] for e in map(json.loads, (MULTI / "answers_b.jsonl").read_text(encoding="utf-8").splitlines())}


class CountingServer:
    """Answers each article with its scripted record after `delay`, counting requests per article."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.calls: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.server = FakeOpenAIServer(responder=self.respond)

    def respond(self, request: dict[str, Any], headers: dict[str, str]) -> Reply:
        # the article's text travels JSON-escaped inside the messages
        sent = json.dumps(request.get("messages", []), ensure_ascii=False)
        case = next(cid for cid, text in TEXTS.items() if json.dumps(text.strip()[:200], ensure_ascii=False)[1:-1] in sent)
        with self.lock:
            self.calls[case] += 1
        return Reply.with_record(ANSWERS[case], delay=self.delay)

    def __enter__(self) -> CountingServer:
        self.server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()


def _config(tmp_path: Path, server: FakeOpenAIServer) -> Path:
    path = tmp_path / "summarizer.toml"
    path.write_text('default_profile = "fake"\n[profiles.fake]\nmodel = "compat/fake-model"\n'
                    f'base_url = "{server.base_url}"\ntransport_retries = 0\n', encoding="utf-8")  # fmt: skip
    return path


def _journal(data_dir: Path) -> Path | None:
    found = list((data_dir / "runs").glob("*.partial.jsonl")) if (data_dir / "runs").is_dir() else []
    return found[0] if found else None


def _kept(journal: Path) -> int:
    return journal.read_bytes().count(b"\n") - 1  # the header line aside


def _start_and_stop(args: list[str], data_dir: Path, sig: int, at_least: int) -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        journal = _journal(data_dir)
        if journal is not None and _kept(journal) >= at_least:
            break
        time.sleep(0.02)
    os.kill(proc.pid, sig)
    proc.wait(timeout=60)
    journal = _journal(data_dir)
    assert journal is not None
    return proc, _kept(journal)


def test_a_run_killed_midway_and_resumed_scores_as_an_uninterrupted_one(tmp_path: Path) -> None:
    data_dir = Path(os.environ["SUMMARIZER_DATA_DIR"])
    with CountingServer(delay=0.15) as fake:
        config = _config(tmp_path, fake.server)
        args = [*CLI, "eval", "run", str(MULTI), "--config", str(config), "--cache", "off", "-k", "2", "-f", "json"]
        first, kept = _start_and_stop(args, data_dir, signal.SIGKILL, at_least=4)
        assert first.returncode == -signal.SIGKILL
        assert 4 <= kept < 24, "the kill must land mid-run for this test to mean anything"
        time.sleep(0.5)  # requests the killed process sent may still be arriving
        called_before = Counter(fake.calls)
        resumed = subprocess.run([*CLI, "eval", "run", str(MULTI), "--resume", "latest", "--config", str(config),
                                  "--cache", "off", "-k", "2", "-f", "json"], capture_output=True, text=True, timeout=120)  # fmt: skip
        assert resumed.returncode == 0, resumed.stderr
        assert "already done" in resumed.stderr and _journal(data_dir) is None
        called_resumed = fake.calls - called_before
        fake.calls.clear()
        whole = subprocess.run(args, capture_output=True, text=True, timeout=120)
        assert whole.returncode == 0, whole.stderr

    assert json.loads(resumed.stdout) == json.loads(whole.stdout)  # same scores, interval bounds included
    assert sum(called_resumed.values()) == 24 - kept  # the finished cases were not paid for again
    in_flight = sum(called_before.values()) - kept
    assert 0 <= in_flight <= 2  # at -k 2, at most two calls were under way when the process died
    twice = [case for case in TEXTS if called_before[case] + called_resumed[case] > 1]
    assert len(twice) == in_flight  # only a call that never came back is made again
    assert all(fake.calls[case] == 1 for case in TEXTS)  # the uninterrupted run: once each


def test_ctrl_c_keeps_finished_cases_and_says_how_to_resume(tmp_path: Path) -> None:
    data_dir = Path(os.environ["SUMMARIZER_DATA_DIR"])
    with CountingServer(delay=0.15) as fake:
        config = _config(tmp_path, fake.server)
        args = [*CLI, "eval", "run", str(MULTI), "--config", str(config), "--cache", "off", "-k", "2"]
        proc, kept = _start_and_stop(args, data_dir, signal.SIGINT, at_least=2)
        err = proc.stderr.read() if proc.stderr else ""
        assert proc.returncode == 130, err
        assert f"interrupted: {kept} of 24 case(s) kept in run" in err and "--resume" in err
        listing = subprocess.run([*CLI, "eval", "runs"], capture_output=True, text=True, timeout=60)
        assert "interrupted (finish with" in listing.stderr
        resumed = subprocess.run([*CLI, "eval", "run", str(MULTI), "--resume", "latest", "--config", str(config), "--cache", "off"],
                                 capture_output=True, text=True, timeout=120)  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    assert f"{kept} case(s) already done" in resumed.stderr
