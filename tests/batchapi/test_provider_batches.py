"""The same job through each provider's batch API (Anthropic, Gemini): submit 50, kill collect, resume;
kill between create and state write; split over the documented per-batch limit."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from batchapi_helpers import (
    KEYS,
    PRICE,
    Killer,
    read_lines,
    run_killed,
    write_articles,
    write_config,
)
from fakes import Answer
from fakes.anthropic_batch import AnthropicBatchFake
from fakes.gemini_batch import GeminiBatchFake

from summarizer.batchapi import Job, collect, default_state_dir, submit
from summarizer.config import load_config

INVALID = {10, 25}
FAKES: dict[str, Callable[..., Any]] = {"anthropic": AnthropicBatchFake, "google": GeminiBatchFake}
PROVIDERS = sorted(FAKES)


def _responder(seed_answer: dict[str, Any]) -> Callable[[str, dict[str, Any]], Answer]:
    def respond(custom_id: str, body: dict[str, Any]) -> Answer:
        if int(custom_id.rsplit("-", 1)[1]) in INVALID:
            return Answer(text='{"incidents": [ {"oops"', usage={"input": 700, "output": 40})
        return Answer(record=seed_answer, usage={"input": 700, "output": 3000})

    return respond


@pytest.fixture(params=PROVIDERS)
def provider(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(KEYS[request.param], "test-key")
    return str(request.param)


@pytest.fixture
def fake(provider: str, seed_answer: dict[str, Any]) -> Iterator[Any]:
    with FAKES[provider](respond=_responder(seed_answer)) as server:
        yield server


def _job(config_path: Path, **terms: Any) -> Job:
    return Job(config=load_config(config_path), task="incident", profile=None, model=None, terms=terms)


def test_fifty_articles_survive_a_killed_collect(tmp_path: Path, provider: str, fake: Any, seed_text: str, seed_answer: dict[str, Any]) -> None:
    config = write_config(tmp_path, provider, fake.base_url)
    articles = write_articles(tmp_path / "in.jsonl", seed_text, 50)
    out = tmp_path / "out.jsonl"
    job = _job(config)
    assert [b.count for b in submit(articles, output=out, job=job).batches] == [50]
    fake.add(*[Answer(record=seed_answer) for _ in range(4)])
    killer = Killer()
    fake.on_chat = killer
    run_killed(killer, "jobs", "collect", "-o", str(out), "--config", str(config), "--wait", "--poll", "0.05")
    midway = read_lines(out)
    assert 0 < len(midway) < 50, len(midway)
    fake.on_chat = None
    again = collect(default_state_dir(out), job=job)
    lines = read_lines(out)
    assert sorted(x["id"] for x in lines) == [f"art-{i:03d}" for i in range(50)] and all(x["ok"] for x in lines)
    assert again.skipped == len(midway) and fake.refused == [] and len(fake.batches) == 1
    for x in lines:
        result = x["result"]
        assert result["record"]["incidents"] and result["grounding"]
        assert all(g["status"] != "not_found" for g in result["grounding"]), x["id"]
        if int(x["id"][-3:]) not in INVALID:
            u = result["meta"]["usage"]
            fresh = u["input_tokens"] - u["cached_input_tokens"]
            expected = (fresh * PRICE["input"] + u["cached_input_tokens"] * PRICE["cached_input"] + u["output_tokens"] * PRICE["output"]) / 2e6
            assert u["output_tokens"] == 3000 and u["cost_usd"] == pytest.approx(expected)
    job.close()


def test_a_kill_between_create_and_state_write_submits_once(tmp_path: Path, provider: str, fake: Any, seed_text: str, seed_answer: dict[str, Any]) -> None:
    config = write_config(tmp_path, provider, fake.base_url)
    articles = write_articles(tmp_path / "in.jsonl", seed_text, 50)
    out = tmp_path / "out.jsonl"
    killer = Killer()
    fake.on_create = killer
    run_killed(killer, "jobs", "submit", str(articles), "-o", str(out), "--config", str(config))
    state = json.loads((default_state_dir(out) / "job.json").read_text())
    assert [b["status"] for b in state["batches"]] == ["intent"] and len(fake.batches) == 1
    fake.on_create = None
    job = _job(config)
    report = submit(articles, output=out, job=job)
    assert report.reconciled == 1 and report.batches == [] and len(fake.batches) == 1
    fake.add(*[Answer(record=seed_answer) for _ in range(len(INVALID))])
    collect(default_state_dir(out), job=job)
    assert len(read_lines(out)) == 50 and all(x["ok"] for x in read_lines(out))
    job.close()


def test_a_submission_over_the_per_batch_limit_is_split(tmp_path: Path, provider: str, seed_text: str, seed_answer: dict[str, Any]) -> None:
    with FAKES[provider](respond=_responder(seed_answer), max_requests=20) as fake:
        config = write_config(tmp_path, provider, fake.base_url)
        articles = write_articles(tmp_path / "in.jsonl", seed_text, 50)
        out = tmp_path / "out.jsonl"
        fake.add(*[Answer(record=seed_answer) for _ in range(4)])
        job = _job(config, max_requests=20)
        assert [b.count for b in submit(articles, output=out, job=job).batches] == [20, 20, 10]
        collect(default_state_dir(out), job=job)
        assert fake.refused == [] and len(fake.batches) == 3
        assert len(read_lines(out)) == 50 and all(x["ok"] for x in read_lines(out))
        job.close()


def test_expired_requests_fail_per_article_and_retry_live_finishes_them(tmp_path: Path, provider: str, seed_text: str, seed_answer: dict[str, Any]) -> None:
    with FAKES[provider](respond=lambda cid, body: Answer(record=seed_answer), outcome="expired") as fake:
        config = write_config(tmp_path, provider, fake.base_url)
        articles = write_articles(tmp_path / "in.jsonl", seed_text, 10)
        out = tmp_path / "out.jsonl"
        job = _job(config)
        submit(articles, output=out, job=job)
        collect(default_state_dir(out), job=job)
        failed = [x for x in read_lines(out) if not x["ok"]]
        assert len(read_lines(out)) == 10 and len(failed) == 5 and {x["error"]["type"] for x in failed} == {"BatchExpired"}
        fake.add(*[Answer(record=seed_answer) for _ in range(5)])
        collect(default_state_dir(out), job=job, retry_failed="live")
        assert len(read_lines(out)) == 10 and all(x["ok"] for x in read_lines(out)) and fake.chat_requests == 5
        job.close()


@pytest.mark.parametrize("kind", ["anthropic", "google"])
def test_a_split_by_bytes_keeps_every_batch_under_the_fakes_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, seed_text: str, seed_answer: dict[str, Any]
) -> None:
    monkeypatch.setenv(KEYS[kind], "test-key")
    limit = 300_000
    with FAKES[kind](respond=_responder(seed_answer), max_bytes=limit) as fake:
        config = write_config(tmp_path, kind, fake.base_url)
        articles = write_articles(tmp_path / "in.jsonl", seed_text, 30)
        out = tmp_path / "out.jsonl"
        fake.add(*[Answer(record=seed_answer) for _ in range(2)])
        job = _job(config, max_bytes=limit - 20_000)  # headroom for the create call's own JSON framing
        report = submit(articles, output=out, job=job)
        assert len(report.batches) > 1 and sum(b.count for b in report.batches) == 30
        collect(default_state_dir(out), job=job)
        assert fake.refused == [] and len(fake.batches) == len(report.batches)
        assert len(read_lines(out)) == 30 and all(x["ok"] for x in read_lines(out))
        job.close()
