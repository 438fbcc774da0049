"""summarize_many(): one JSON line per article, failures recorded, budget, totals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import config_for, read_lines

from summarizer.batch import summarize_many
from summarizer.config import Price
from summarizer.errors import ConfigError, InputError
from summarizer.testing import FakeOpenAIServer, Reply


def answering(seed_answer: dict[str, Any], fail_marker: str | None = None) -> Any:
    def respond(request: dict[str, Any], headers: dict[str, str]) -> Reply:
        if fail_marker is not None and fail_marker in json.dumps(request["messages"]):
            return Reply.error(400, "scripted bad request")
        return Reply.with_record(seed_answer)

    return respond


def test_every_article_gets_one_line_with_its_id(tmp_path: Path, articles: dict[str, str], seed_answer: dict[str, Any]) -> None:
    with FakeOpenAIServer(responder=answering(seed_answer)) as server:
        report = summarize_many(articles, output=tmp_path / "out.jsonl", config=config_for(server), concurrency=3)
    lines = read_lines(tmp_path / "out.jsonl")
    assert sorted(line["id"] for line in lines) == sorted(articles)
    assert all(line["ok"] for line in lines)
    assert lines[0]["result"]["record"]["casualty_figures"][0]["count"]["value"] == 14
    assert report.totals.done == 6 and report.exit_code == 0


def test_usage_is_summed_over_the_batch(tmp_path: Path, articles: dict[str, str], seed_answer: dict[str, Any]) -> None:
    price = Price(input=2.0, output=8.0)  # USD per million tokens
    with FakeOpenAIServer(responder=answering(seed_answer)) as server:
        report = summarize_many(articles, config=config_for(server, price=price), cache="off")
    # the fake server reports 100 input and 50 output tokens per call; 6 calls
    assert report.totals.usage.input_tokens == 600 and report.totals.usage.output_tokens == 300
    assert report.totals.spent_usd == pytest.approx(600 * 2.0 / 1e6 + 300 * 8.0 / 1e6)
    assert len(report.results) == 6  # no output file: results come back in memory


def test_a_failing_article_is_recorded_and_the_others_finish(tmp_path: Path, articles: dict[str, str], seed_answer: dict[str, Any]) -> None:
    articles["art-bad"] = articles["art-000"] + "\nPOISON-PILL"
    with FakeOpenAIServer(responder=answering(seed_answer, fail_marker="POISON-PILL")) as server:
        report = summarize_many(articles, output=tmp_path / "out.jsonl", config=config_for(server))
    lines = {line["id"]: line for line in read_lines(tmp_path / "out.jsonl")}
    assert len(lines) == 7
    bad = lines["art-bad"]
    assert bad["ok"] is False
    assert bad["error"]["type"] == "TransportError" and "400" in bad["error"]["message"]
    assert sum(line["ok"] for line in lines.values()) == 6
    assert report.exit_code == 1


def test_an_unusable_article_fails_alone(tmp_path: Path, articles: dict[str, str], seed_answer: dict[str, Any]) -> None:
    articles["art-empty"] = "   \n  "
    with FakeOpenAIServer(responder=answering(seed_answer)) as server:
        summarize_many(articles, output=tmp_path / "out.jsonl", config=config_for(server))
        requests = len(server.requests)
    lines = {line["id"]: line for line in read_lines(tmp_path / "out.jsonl")}
    assert lines["art-empty"]["error"]["type"] == "InputError"
    assert requests == 6  # the empty one never reached the server


def test_budget_stops_new_calls_once_reached(tmp_path: Path, articles: dict[str, str], seed_answer: dict[str, Any]) -> None:
    # each call: 100 input tokens at $50/M + 50 output at $100/M = $0.005 + $0.005 = $0.01
    price = Price(input=50.0, output=100.0)
    with FakeOpenAIServer(responder=answering(seed_answer)) as server:
        report = summarize_many(
            articles, output=tmp_path / "out.jsonl", config=config_for(server, price=price),
            concurrency=1, budget_usd=0.025, cache="off",
        )  # fmt: skip
        requests = len(server.requests)
    # spent before each start: 0, 0.01, 0.02 -> calls 1-3 start; at 0.03 >= 0.025 the rest wait
    assert requests == 3
    assert report.not_started == 3 and report.budget_reached
    assert len(read_lines(tmp_path / "out.jsonl")) == 3  # not-started articles stay pending for a rerun
    assert report.exit_code == 1


def test_budget_without_a_price_is_refused_before_any_call(articles: dict[str, str]) -> None:
    with FakeOpenAIServer() as server:
        with pytest.raises(ConfigError, match=r"prices"):
            summarize_many(articles, config=config_for(server), budget_usd=1.0)
        assert server.requests == []


def test_concurrency_bounds_calls_in_flight(articles: dict[str, str], seed_answer: dict[str, Any]) -> None:
    import threading

    state = {"now": 0, "peak": 0}
    lock = threading.Lock()
    release = threading.Semaphore(0)

    def respond(request: dict[str, Any], headers: dict[str, str]) -> Reply:
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        release.acquire(timeout=0.2)  # hold the request briefly so overlaps happen
        with lock:
            state["now"] -= 1
        return Reply.with_record(seed_answer)

    with FakeOpenAIServer(responder=respond) as server:
        summarize_many(articles, config=config_for(server), concurrency=2, cache="off")
    assert state["peak"] == 2  # never more than 2 in flight, and the pool was used


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', encoding="utf-8")
    from summarizer.batch import read_jsonl

    with pytest.raises(InputError, match="'a' appears twice"):
        read_jsonl(path)


def test_input_line_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "text": "x"}\n{"id": "b", "txt": "y"}\n', encoding="utf-8")
    from summarizer.batch import read_jsonl

    with pytest.raises(InputError, match=r"in\.jsonl:2: unknown key\(s\) txt"):
        read_jsonl(path)


def test_progress_bar_shows_count_rate_and_eta() -> None:
    import io

    from summarizer.batch.progress import BatchProgress

    stream = io.StringIO()
    bar = BatchProgress(True, stream=stream)
    bar.start(total=3, already_done=1)
    bar.advance(failed=1, spent=0.5, cached=0)
    bar.advance(failed=1, spent=0.75, cached=1)
    bar.stop()
    shown = stream.getvalue()
    assert "3/3" in shown and "art/s" in shown and "eta" in shown
    assert "failed 1 cached 1 $0.7500" in shown
