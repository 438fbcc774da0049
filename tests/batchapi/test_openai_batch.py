"""OpenAI's Batch API end to end: jobs submit/collect -> the real openai SDK -> OpenAIBatchFake."""

from __future__ import annotations

import json
from collections.abc import Iterator
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
from fakes.openai_batch import OpenAIBatchFake

from summarizer.batchapi import Job, collect, default_state_dir, submit
from summarizer.config import load_config

INVALID = {10, 25}
"""Positions whose batch answer is not valid JSON: re-asked live."""


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEYS["openai"], "test-key")


def _responder(seed_answer: dict[str, Any]) -> Any:
    def respond(custom_id: str, body: dict[str, Any]) -> Answer:
        position = int(custom_id.rsplit("-", 1)[1])
        if position in INVALID:
            return Answer(text='{"incidents": [ {"oops"', usage={"input": 5700, "output": 40})
        return Answer(record=seed_answer, usage={"input": 5700, "output": 3000, "cached": 4864})

    return respond


@pytest.fixture
def fake(seed_answer: dict[str, Any]) -> Iterator[OpenAIBatchFake]:
    with OpenAIBatchFake(respond=_responder(seed_answer)) as server:
        yield server


def _job(config_path: Path, **terms: Any) -> Job:
    return Job(config=load_config(config_path), task="incident", profile=None, model=None, terms=terms)


def _batch_cost(usage: dict[str, Any]) -> float:
    fresh = usage["input_tokens"] - usage["cached_input_tokens"]
    return (fresh * PRICE["input"] + usage["cached_input_tokens"] * PRICE["cached_input"] + usage["output_tokens"] * PRICE["output"]) / 2e6


def test_fifty_articles_survive_a_killed_collect(tmp_path: Path, fake: OpenAIBatchFake, seed_text: str, seed_answer: dict[str, Any]) -> None:
    config = write_config(tmp_path, "openai", fake.base_url)
    articles = write_articles(tmp_path / "in.jsonl", seed_text, 50)
    out = tmp_path / "out.jsonl"
    job = _job(config)
    report = submit(articles, output=out, job=job)
    assert len(report.batches) == 1 and report.batches[0].count == 50
    fake.add(*[Answer(record=seed_answer) for _ in range(4)])  # the live re-asks (one eaten by the kill)
    killer = Killer()
    fake.on_chat = killer
    run_killed(killer, "jobs", "collect", "-o", str(out), "--config", str(config), "--wait", "--poll", "0.05")
    midway = read_lines(out)
    assert 0 < len(midway) < 50, len(midway)
    fake.on_chat = None
    again = collect(default_state_dir(out), job=job)
    lines = read_lines(out)
    assert len(lines) == 50 and sorted(x["id"] for x in lines) == [f"art-{i:03d}" for i in range(50)]
    assert all(x["ok"] for x in lines) and again.skipped == len(midway)
    assert fake.refused == [] and len(fake.batches) == 1
    by_id = {x["id"]: x["result"] for x in lines}
    for ident, result in by_id.items():
        assert result["record"]["incidents"] and result["grounding"] and all(g["status"] != "not_found" for g in result["grounding"]), ident
        usage = result["meta"]["usage"]
        if int(ident[-3:]) in INVALID:  # re-asked live: live price
            assert usage["requests"] == 1 and result["meta"]["attempts"] >= 1
        else:
            assert usage["cost_usd"] == pytest.approx(_batch_cost(usage))
            assert usage["cost_usd"] == pytest.approx(((5700 - 4864) * 2.0 + 4864 * 0.5 + 3000 * 8.0) / 2e6)
    job.close()


def test_a_kill_between_create_and_state_write_submits_once(tmp_path: Path, fake: OpenAIBatchFake, seed_text: str, seed_answer: dict[str, Any]) -> None:
    config = write_config(tmp_path, "openai", fake.base_url)
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
    assert report.reconciled == 1 and report.batches == [] and report.skipped == 50
    assert len(fake.batches) == 1, "the rerun created a second batch"
    fake.add(*[Answer(record=seed_answer) for _ in range(len(INVALID))])
    collect(default_state_dir(out), job=job)
    assert len(read_lines(out)) == 50 and all(x["ok"] for x in read_lines(out))
    job.close()


def test_a_submission_over_the_per_batch_limit_is_split(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]) -> None:
    with OpenAIBatchFake(respond=_responder(seed_answer), max_requests=20) as fake:
        config = write_config(tmp_path, "openai", fake.base_url)
        articles = write_articles(tmp_path / "in.jsonl", seed_text, 50)
        out = tmp_path / "out.jsonl"
        fake.add(*[Answer(record=seed_answer) for _ in range(4)])
        job = _job(config, max_requests=20)
        report = submit(articles, output=out, job=job)
        assert [b.count for b in report.batches] == [20, 20, 10]
        collect(default_state_dir(out), job=job)
        assert fake.refused == [] and len(fake.batches) == 3
        assert len(read_lines(out)) == 50 and all(x["ok"] for x in read_lines(out))
        job.close()


def test_the_fake_fails_a_batch_over_its_limit_and_each_article_says_so(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]) -> None:
    with OpenAIBatchFake(respond=_responder(seed_answer), max_requests=20) as fake:
        config = write_config(tmp_path, "openai", fake.base_url)
        articles = write_articles(tmp_path / "in.jsonl", seed_text, 30)
        out = tmp_path / "out.jsonl"
        job = _job(config)  # the documented 50,000: one batch of 30, over this fake's 20
        submit(articles, output=out, job=job)
        report = collect(default_state_dir(out), job=job)
        lines = read_lines(out)
        assert len(lines) == 30 and report.failed == 30
        assert all(x["error"]["type"] == "BatchFailed" and "maximum is 20" in x["error"]["message"] for x in lines)
        job.close()


def test_a_split_by_bytes_keeps_every_file_under_the_size_limit(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]) -> None:
    with OpenAIBatchFake(respond=_responder(seed_answer), max_bytes=400_000) as fake:
        config = write_config(tmp_path, "openai", fake.base_url)
        articles = write_articles(tmp_path / "in.jsonl", seed_text, 50)
        out = tmp_path / "out.jsonl"
        job = _job(config, max_bytes=400_000)
        report = submit(articles, output=out, job=job)
        assert len(report.batches) > 1 and all(b.bytes <= 400_000 for b in report.batches)
        assert sum(b.count for b in report.batches) == 50 and fake.refused == []
        job.close()


def test_an_expired_batch_fails_its_unfinished_articles_and_retry_live_finishes_them(
    tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]
) -> None:
    with OpenAIBatchFake(respond=lambda cid, body: Answer(record=seed_answer), outcome="expired") as fake:
        config = write_config(tmp_path, "openai", fake.base_url)
        articles = write_articles(tmp_path / "in.jsonl", seed_text, 10)
        out = tmp_path / "out.jsonl"
        job = _job(config)
        submit(articles, output=out, job=job)
        report = collect(default_state_dir(out), job=job)
        lines = read_lines(out)
        expired = [x for x in lines if not x["ok"]]
        assert len(lines) == 10 and len(expired) == 5 and report.failed == 5
        assert all(x["error"]["type"] == "BatchExpired" for x in expired)
        fake.add(*[Answer(record=seed_answer) for _ in range(5)])
        collect(default_state_dir(out), job=job, retry_failed="live")
        lines = read_lines(out)
        assert len(lines) == 10 and all(x["ok"] for x in lines) and fake.chat_requests == 5
        job.close()


def test_retry_failed_in_a_new_batch(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]) -> None:
    with OpenAIBatchFake(respond=lambda cid, body: Answer(record=seed_answer), outcome="expired") as fake:
        config = write_config(tmp_path, "openai", fake.base_url)
        articles = write_articles(tmp_path / "in.jsonl", seed_text, 10)
        out = tmp_path / "out.jsonl"
        job = _job(config)
        submit(articles, output=out, job=job)
        collect(default_state_dir(out), job=job)
        fake.outcome = "completed"
        again = submit(articles, output=out, job=job, retry_failed=True)
        assert [b.count for b in again.batches] == [5]
        collect(default_state_dir(out), job=job)
        lines = read_lines(out)
        assert len(lines) == 10 and all(x["ok"] for x in lines) and len(fake.batches) == 2 and fake.chat_requests == 0
        job.close()


def test_collected_results_fill_the_cache_the_live_path_reads(tmp_path: Path, fake: OpenAIBatchFake, seed_text: str, seed_answer: dict[str, Any]) -> None:
    from summarizer.batch import summarize_many

    config = write_config(tmp_path, "openai", fake.base_url)
    articles = write_articles(tmp_path / "in.jsonl", seed_text, 12)
    out = tmp_path / "out.jsonl"
    job = _job(config)
    fake.add(*[Answer(record=seed_answer) for _ in range(len(INVALID))])
    submit(articles, output=out, job=job)
    collect(default_state_dir(out), job=job)
    chats = fake.chat_requests
    from summarizer.batch import read_jsonl

    live = summarize_many(read_jsonl(articles), config=load_config(config))
    assert fake.chat_requests == chats and live.totals.cached == 12
    job.close()


def test_a_running_batch_is_left_pending_and_collected_later(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]) -> None:
    with OpenAIBatchFake(respond=lambda cid, body: Answer(record=seed_answer), polls=3) as fake:
        config = write_config(tmp_path, "openai", fake.base_url)
        articles = write_articles(tmp_path / "in.jsonl", seed_text, 5)
        out = tmp_path / "out.jsonl"
        job = _job(config)
        submit(articles, output=out, job=job)
        first = collect(default_state_dir(out), job=job)
        assert first.pending and first.written == 0
        for _ in range(3):
            last = collect(default_state_dir(out), job=job)
        assert not last.pending and len(read_lines(out)) == 5
        job.close()
