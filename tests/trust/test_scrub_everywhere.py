"""A key a server echoes back is never stored or shown: everything written says *** instead.

A loopback OpenAI-style server answers with the request's own key inside the record (first
article) and inside 400 error bodies (the others). The real CLI runs summarize, batch, eval run
and eval report; then every file under the data dir (cache, run store), the outputs and reports,
every stdout and stderr, and the trace events are searched for the key.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from summarizer.testing import FakeOpenAIServer, Reply

CANARY = "canary-7f3a9b1c2d4e5f60718293a4"
KEY_ENV = "CANARY_API_KEY"
HOSTED = "ECHO-HOST-TOKEN"  # the first article asks to be answered; the rest get 400s


def _key(headers: dict[str, str]) -> str:
    return headers.get("authorization", "").removeprefix("Bearer ").strip()


def echo(request: dict[str, Any], headers: dict[str, str]) -> Reply:
    key = _key(headers)
    if HOSTED in json.dumps(request):
        return Reply.with_record({"summary": f"The server saw key {key} here."})
    return Reply.error(400, f"Incorrect API key provided: {key}. You can find your API key at https://example.invalid.")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from summarizer.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=180, env=os.environ.copy())


def test_an_echoed_key_is_found_nowhere_and_the_error_still_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, CANARY)
    out = tmp_path / "out"
    (out / "articles").mkdir(parents=True)
    first = out / "first.txt"
    first.write_text(f"{HOSTED}: a bomb exploded in Lima on Monday, killing two people.", encoding="utf-8")
    for i in range(2):
        (out / "articles" / f"a{i}.txt").write_text(f"Article {i}: gunmen attacked a bus in Kano.", encoding="utf-8")
    streams: list[str] = []
    with FakeOpenAIServer(responder=echo) as server:
        cfg = tmp_path / "mine.toml"
        cfg.write_text(
            f'default_profile = "p"\n[profiles.p]\nmodel = "compat/echo"\nbase_url = "{server.base_url}"\n'
            f'api_key_env = "{KEY_ENV}"\nmode = "json"\ntransport_retries = 0\nreasks = 0\n', encoding="utf-8",
        )
        runs = [
            cli("summarize", str(first), "--config", str(cfg), "--format", "html", "--output", str(out / "one.html")),
            cli("summarize", str(first), "--config", str(cfg), "--format", "json"),  # from the cache
            cli("summarize", str(out / "articles" / "a0.txt"), str(out / "articles" / "a1.txt"), "--config", str(cfg),
                "--output", str(out / "batch.jsonl")),
            cli("summarize", str(out / "articles" / "a0.txt"), "--config", str(cfg)),
            cli("eval", "run", "seed", "--config", str(cfg), "--format", "json"),
            cli("eval", "report", "latest", "--format", "html", "--output", str(out / "run.html")),
        ]
        assert server.requests and all(_key(h) == CANARY for h in server.headers)  # the key did travel, to its host
    for run in runs:
        streams += [run.stdout, run.stderr]
    assert runs[0].returncode == 0 and runs[1].returncode == 0, runs[0].stderr + runs[1].stderr
    assert "The server saw key *** here." in runs[1].stdout and json.loads(runs[1].stdout)["meta"]["cached"]
    assert runs[3].returncode == 4 and "Incorrect API key provided: ***. You can find" in runs[3].stderr
    assert "Incorrect API key provided: ***" in runs[2].stderr and runs[4].returncode == 0, runs[2].stderr + runs[4].stderr
    data_dir = Path(os.environ["SUMMARIZER_DATA_DIR"])
    files = [p for root in (data_dir, out) for p in root.rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite" or "cache" in p.name for p in files) and any(p.parent.name == "runs" for p in files)
    leaks = [str(p) for p in files if CANARY.encode() in p.read_bytes()]
    assert leaks == []
    assert [i for i, s in enumerate(streams) if CANARY in s] == []
    assert "Incorrect API key provided: ***" in (out / "batch.jsonl").read_text(encoding="utf-8")


def test_trace_events_never_carry_an_echoed_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer import ConfigError, ModelError, summarize
    from summarizer.config import Config, Profile
    from summarizer.trace import Event, add_hook

    monkeypatch.setenv(KEY_ENV, CANARY)
    seen: list[Event] = []
    remove = add_hook(seen.append)
    try:
        with FakeOpenAIServer(responder=echo) as server:
            profile = Profile(name="p", model="compat/echo", base_url=server.base_url, api_key_env=KEY_ENV,
                              mode="json", transport_retries=0, reasks=0)
            with pytest.raises((ModelError, ConfigError)) as info:
                summarize("Gunmen attacked a bus in Kano.", config=Config(default_profile="p", profiles={"p": profile}), cache="off")
    finally:
        remove()
    assert seen and all(CANARY not in repr(e) for e in seen)
    assert CANARY not in str(info.value) and "***" in str(info.value)


def test_the_scrubbing_transport_masks_echoed_keys_and_passes_clean_answers_through(monkeypatch: pytest.MonkeyPatch) -> None:
    """An answer holding a key comes back rebuilt with it masked (body and headers); a clean one
    comes back as read, with its timing set, as httpx sets it for a streamed response."""
    import asyncio
    import datetime

    import httpx2

    from summarizer.providers.wire import ScrubbingTransport

    key = "sk-transport-sentinel-0123456789"
    monkeypatch.setenv("SCRUB_TRANSPORT_TEST_KEY", key)

    def answer(request: httpx2.Request) -> httpx2.Response:
        echoed = request.url.path == "/echo"
        body = {"said": key if echoed else "nothing secret"}
        return httpx2.Response(200, json=body, headers={"x-echo": key if echoed else "plain"})

    async def fetch(path: str) -> httpx2.Response:
        async with httpx2.AsyncClient(transport=ScrubbingTransport(httpx2.MockTransport(answer))) as client:
            return await client.get(f"http://fake.invalid{path}")

    echoed, clean = asyncio.run(fetch("/echo")), asyncio.run(fetch("/clean"))
    assert echoed.json() == {"said": "***"} and echoed.headers["x-echo"] == "***"
    assert clean.json() == {"said": "nothing secret"} and clean.headers["x-echo"] == "plain"
    assert isinstance(clean.elapsed, datetime.timedelta) and isinstance(echoed.elapsed, datetime.timedelta)
