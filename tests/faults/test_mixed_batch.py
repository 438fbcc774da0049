"""The acceptance run: 200 articles (fixed seed) against a server mixing every fault, plus bad texts."""

from __future__ import annotations

import collections
import random
import re
import threading
from pathlib import Path
from typing import Any

from fault_helpers import config_file, read_lines, run_subprocess, write_jsonl
from fault_server import Fault, FaultServer

SEED = 1414
N = 200
KINDS = {  # kind: (share, requests it costs with 1 transport retry and 1 re-ask, ends ok)
    "ok": (30, 1, True),
    "string_choices": (8, 1, False),
    "null_message": (8, 1, False),
    "html": (8, 2, False),
    "truncated_json": (8, 2, False),
    "500_once": (6, 2, True),
    "429_once": (6, 2, True),
    "reset_once": (6, 2, True),
    "503_always": (5, 2, False),
    "reset_always": (5, 2, False),
    "lone_surrogate": (5, 0, False),
    "nul": (5, 0, False),
}
CASE = re.compile(r"\[case-(\d{3})\]")


def plan(seed: int) -> list[str]:
    rng = random.Random(seed)
    names = list(KINDS)
    return rng.choices(names, weights=[KINDS[k][0] for k in names], k=N)


class Mix:
    """Chooses each request's fault from the article it carries and how often that article came."""

    def __init__(self, kinds: list[str]) -> None:
        self.kinds = kinds
        self.seen: collections.Counter[int] = collections.Counter()
        self.lock = threading.Lock()

    def __call__(self, request: dict[str, Any]) -> Fault:
        match = CASE.search(str(request.get("messages")))
        assert match is not None
        number = int(match.group(1))
        with self.lock:
            self.seen[number] += 1
            first = self.seen[number] == 1
        kind = self.kinds[number]
        if kind in ("ok", "string_choices", "null_message", "html", "truncated_json"):
            return Fault(kind)
        if kind.endswith("_once") and not first:
            return Fault("ok")
        if kind.startswith("reset"):
            return Fault("reset")
        status = int(kind[:3])
        return Fault("status", status, {"Retry-After": "0"} if status == 429 else {})


def test_200_articles_through_every_fault_end_in_200_lines_exit_1_no_traceback(
    tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]
) -> None:
    kinds = plan(SEED)
    rows = []
    for number, kind in enumerate(kinds):
        text = f"{seed_text}\n[case-{number:03d}]"
        if kind == "lone_surrogate":
            text = text.replace("soldiers", "soldiers \ud83d", 1)
        elif kind == "nul":
            text = text + "\x00" + "trailing"
        rows.append({"id": f"art-{number:03d}", "text": text})
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    mix = Mix(kinds)
    with FaultServer(seed_answer, mix) as server:
        config = config_file(tmp_path, server.base_url, concurrency=16)
        outcome = run_subprocess(
            ["summarize", "--input", str(source), "--output", str(out), "--config", str(config)],
            env={"SUMMARIZER_DATA_DIR": str(tmp_path / "data")},
        )
        requests = server.requests
    assert "Traceback" not in outcome.stderr, outcome.stderr[-3000:]
    assert outcome.code == 1, outcome.stderr[-2000:]
    lines = read_lines(out)
    assert len(lines) == N and len({line["id"] for line in lines}) == N
    assert requests >= sum(1 for k in kinds if k not in ("lone_surrogate", "nul"))  # every sendable article was sent
    by_id = {line["id"]: line for line in lines}
    count = collections.Counter(kinds)
    assert set(count) == set(KINDS)  # the seed puts every fault in the run
    for number, kind in enumerate(kinds):
        line = by_id[f"art-{number:03d}"]
        if kind == "ok":
            assert line["ok"], line
        elif kind in ("lone_surrogate", "nul"):
            assert line["error"]["type"] == "InputError"
        elif not kind.endswith("_once"):
            assert not line["ok"] and line["error"]["type"] in ("OutputInvalidError", "TransportError"), line
    assert all("\n" not in line["error"]["message"] and not line["error"].get("unexpected") for line in lines if not line["ok"])
    ok = sum(line["ok"] for line in lines)
    assert f"{ok} done" in outcome.stderr and f"{N - ok} failed" in outcome.stderr
