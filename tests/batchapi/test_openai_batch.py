"""OpenAI's Batch API end to end: jobs submit/collect -> the real openai SDK -> OpenAIBatchFake."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from batchapi_helpers import INVALID, PRICE, NewRun, responder
from fakes import Answer
from fakes.openai_batch import OpenAIBatchFake
from typer.testing import CliRunner

from summarizer.batch import read_jsonl, summarize_many
from summarizer.cli import app
from summarizer.config import load_config

USAGE = {"input": 5700, "output": 3000, "cached": 4864}


@pytest.fixture
def fake(seed_answer: dict[str, Any]) -> Iterator[OpenAIBatchFake]:
    with OpenAIBatchFake(respond=responder(seed_answer, USAGE)) as server:
        yield server


def _batch_cost(usage: dict[str, Any]) -> float:
    fresh = usage["input_tokens"] - usage["cached_input_tokens"]
    return (fresh * PRICE["input"] + usage["cached_input_tokens"] * PRICE["cached_input"] + usage["output_tokens"] * PRICE["output"]) / 2e6


def test_fifty_articles_survive_a_killed_collect(new_run: NewRun, fake: OpenAIBatchFake, seed_answer: dict[str, Any]) -> None:
    run = new_run("openai", fake, 50)
    report = run.submit()
    assert len(report.batches) == 1 and report.batches[0].count == 50
    fake.add(*[Answer(record=seed_answer) for _ in range(4)])  # the live re-asks (one eaten by the kill)
    midway = run.collect_killed(fake)
    assert 0 < len(midway) < 50, len(midway)
    again = run.collect()
    lines = run.lines()
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


def test_a_kill_between_create_and_state_write_submits_once(new_run: NewRun, fake: OpenAIBatchFake, seed_answer: dict[str, Any]) -> None:
    run = new_run("openai", fake, 50)
    state = run.submit_killed(fake)
    assert [b["status"] for b in state["batches"]] == ["intent"] and len(fake.batches) == 1
    report = run.submit()
    assert report.reconciled == 1 and report.batches == [] and report.skipped == 50
    assert len(fake.batches) == 1, "the rerun created a second batch"
    fake.add(*[Answer(record=seed_answer) for _ in range(len(INVALID))])
    run.collect()
    assert len(run.lines()) == 50 and all(x["ok"] for x in run.lines())


def test_a_submission_over_the_per_batch_limit_is_split(new_run: NewRun, seed_answer: dict[str, Any]) -> None:
    with OpenAIBatchFake(respond=responder(seed_answer, USAGE), max_requests=20) as fake:
        run = new_run("openai", fake, 50, max_requests=20)
        fake.add(*[Answer(record=seed_answer) for _ in range(4)])
        report = run.submit()
        assert [b.count for b in report.batches] == [20, 20, 10]
        run.collect()
        assert fake.refused == [] and len(fake.batches) == 3
        assert len(run.lines()) == 50 and all(x["ok"] for x in run.lines())


def test_the_fake_fails_a_batch_over_its_limit_and_each_article_says_so(new_run: NewRun, seed_answer: dict[str, Any]) -> None:
    with OpenAIBatchFake(respond=responder(seed_answer, USAGE), max_requests=20) as fake:
        run = new_run("openai", fake, 30)  # the documented 50,000: one batch of 30, over this fake's 20
        run.submit()
        report = run.collect()
        lines = run.lines()
        assert len(lines) == 30 and report.failed == 30
        assert all(x["error"]["type"] == "BatchFailed" and "maximum is 20" in x["error"]["message"] for x in lines)


def test_a_split_by_bytes_keeps_every_file_under_the_size_limit(new_run: NewRun, seed_answer: dict[str, Any]) -> None:
    with OpenAIBatchFake(respond=responder(seed_answer, USAGE), max_bytes=400_000) as fake:
        run = new_run("openai", fake, 50, max_bytes=400_000)
        report = run.submit()
        assert len(report.batches) > 1 and all(b.bytes <= 400_000 for b in report.batches)
        assert sum(b.count for b in report.batches) == 50 and fake.refused == []


def test_an_expired_batch_fails_its_unfinished_articles_and_retry_live_finishes_them(new_run: NewRun, seed_answer: dict[str, Any]) -> None:
    with OpenAIBatchFake(respond=lambda cid, body: Answer(record=seed_answer), outcome="expired") as fake:
        run = new_run("openai", fake, 10)
        run.submit()
        report = run.collect()
        lines = run.lines()
        expired = [x for x in lines if not x["ok"]]
        assert len(lines) == 10 and len(expired) == 5 and report.failed == 5
        assert all(x["error"]["type"] == "BatchExpired" for x in expired)
        fake.add(*[Answer(record=seed_answer) for _ in range(5)])
        run.collect(retry_failed="live")
        lines = run.lines()
        assert len(lines) == 10 and all(x["ok"] for x in lines) and fake.chat_requests == 5


def test_retry_failed_in_a_new_batch(new_run: NewRun, seed_answer: dict[str, Any]) -> None:
    with OpenAIBatchFake(respond=lambda cid, body: Answer(record=seed_answer), outcome="expired") as fake:
        run = new_run("openai", fake, 10)
        run.submit()
        run.collect()
        fake.outcome = "completed"
        again = run.submit(retry_failed=True)
        assert [b.count for b in again.batches] == [5]
        run.collect()
        lines = run.lines()
        assert len(lines) == 10 and all(x["ok"] for x in lines) and len(fake.batches) == 2 and fake.chat_requests == 0


def test_collected_results_fill_the_cache_the_live_path_reads(new_run: NewRun, fake: OpenAIBatchFake, seed_answer: dict[str, Any]) -> None:
    run = new_run("openai", fake, 12)
    fake.add(*[Answer(record=seed_answer) for _ in range(len(INVALID))])
    run.submit()
    run.collect()
    chats = fake.chat_requests
    live = summarize_many(read_jsonl(run.articles), config=load_config(run.config))
    assert fake.chat_requests == chats and live.totals.cached == 12


def test_a_running_batch_is_left_pending_and_collected_later(new_run: NewRun, seed_answer: dict[str, Any]) -> None:
    with OpenAIBatchFake(respond=lambda cid, body: Answer(record=seed_answer), polls=3) as fake:
        run = new_run("openai", fake, 5)
        run.submit()
        first = run.collect()
        assert first.pending and first.written == 0
        for _ in range(3):
            last = run.collect()
        assert not last.pending and len(run.lines()) == 5


def test_jobs_status_prints_one_line_per_batch_with_its_provider_state(new_run: NewRun, seed_answer: dict[str, Any]) -> None:
    with OpenAIBatchFake(respond=responder(seed_answer, USAGE), max_requests=20, polls=5) as fake:
        run = new_run("openai", fake, 30, max_requests=20)
        batches = run.submit().batches
        state = run.out.parent / "elsewhere.jobs"
        result = CliRunner().invoke(app, ["jobs", "status", "-o", str(run.out), "--config", str(run.config)])
        assert result.exit_code == 0, result.output
        rows = [line.split("\t") for line in result.output.splitlines()]
        assert [(row[1], row[2]) for row in rows] == [(b.batch_id, str(b.count)) for b in batches]
        assert all(row[3].startswith("in_progress") for row in rows)
        missing = CliRunner().invoke(app, ["jobs", "status", "-o", str(run.out), "--state", str(state), "--config", str(run.config)])
        assert missing.exit_code != 0 and f"no job state in {state}" in str(missing.output) + str(missing.exception)
