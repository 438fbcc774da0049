"""The response cache: a hit makes no call, --no-cache bypasses it, --cache-only fails on a miss."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import config_for, read_lines, write_jsonl

from summarizer import CacheMissError, TransportError, summarize
from summarizer.batch import summarize_many
from summarizer.cache import open_cache
from summarizer.testing import FakeOpenAIServer, Reply

CLI = [sys.executable, "-c", "from summarizer.cli import main; main()"]


def test_a_hit_makes_no_request_and_is_marked_cached(seed_text: str, seed_answer: dict[str, Any]) -> None:
    with FakeOpenAIServer([Reply.with_record(seed_answer)]) as server:
        config = config_for(server)
        first = summarize(seed_text, config=config)
        second = summarize(seed_text, config=config)
        assert len(server.requests) == 1
    assert first.meta.cached is False and second.meta.cached is True
    assert second.record == first.record
    assert [g.status for g in second.grounding] == [g.status for g in first.grounding]


def test_a_cached_batch_rerun_sends_zero_requests(tmp_path: Path, articles: dict[str, str], seed_answer: dict[str, Any]) -> None:
    with FakeOpenAIServer(responder=lambda r, h: Reply.with_record(seed_answer)) as server:
        config = config_for(server)
        summarize_many(articles, output=tmp_path / "first.jsonl", config=config)
        assert len(server.requests) == 6
        report = summarize_many(articles, output=tmp_path / "second.jsonl", config=config)
        assert len(server.requests) == 6  # nothing new reached the server
    assert report.totals.cached == 6
    assert all(line["result"]["meta"]["cached"] for line in read_lines(tmp_path / "second.jsonl"))


def test_no_cache_neither_reads_nor_writes(seed_text: str, seed_answer: dict[str, Any]) -> None:
    with FakeOpenAIServer([Reply.with_record(seed_answer)] * 2) as server:
        config = config_for(server)
        summarize(seed_text, config=config, cache="off")
        summarize(seed_text, config=config, use_cache=False)
        assert len(server.requests) == 2
    assert open_cache(config).stats().entries == 0


def test_cache_only_miss_raises_without_a_request(seed_text: str) -> None:
    with FakeOpenAIServer() as server:
        with pytest.raises(CacheMissError, match="cache-only"):
            summarize(seed_text, config=config_for(server), cache="only")
        assert server.requests == []


@pytest.mark.parametrize("change", [{"temperature": 0.7}, {"mode": "json"}, {"max_tokens": 100}])
def test_settings_that_change_the_answer_change_the_key(seed_text: str, seed_answer: dict[str, Any], change: dict[str, Any]) -> None:
    with FakeOpenAIServer([Reply.with_record(seed_answer)] * 2) as server:
        summarize(seed_text, config=config_for(server))
        summarize(seed_text, config=config_for(server, **change))
        assert len(server.requests) == 2


def test_a_different_publication_date_is_a_different_answer(seed_text: str, seed_answer: dict[str, Any]) -> None:
    import datetime as dt

    with FakeOpenAIServer([Reply.with_record(seed_answer)] * 2) as server:
        summarize(seed_text, config=config_for(server), published=dt.date(2023, 1, 11))
        summarize(seed_text, config=config_for(server), published=dt.date(2023, 1, 12))
        assert len(server.requests) == 2


def test_failures_are_not_cached(seed_text: str, seed_answer: dict[str, Any]) -> None:
    with FakeOpenAIServer([Reply.error(400), Reply.with_record(seed_answer)]) as server:
        config = config_for(server)
        with pytest.raises(TransportError):
            summarize(seed_text, config=config)
        assert summarize(seed_text, config=config).meta.cached is False
        assert len(server.requests) == 2


def _run(args: list[str], config: Path) -> subprocess.CompletedProcess[str]:
    """In-process CLI run, with the exit code run_app() would give a SummarizerError."""
    from typer.testing import CliRunner

    from summarizer.cli import app
    from summarizer.errors import SummarizerError

    result = CliRunner().invoke(app, [*args, "--config", str(config)])
    code = result.exception.exit_code if isinstance(result.exception, SummarizerError) else result.exit_code
    return subprocess.CompletedProcess(args, code, result.stdout, result.stderr)


def _config_file(tmp_path: Path, server: FakeOpenAIServer) -> Path:
    path = tmp_path / "summarizer.toml"
    path.write_text(
        f'default_profile = "fake"\n[profiles.fake]\nmodel = "compat/fake-model"\nbase_url = "{server.base_url}"\n',
        encoding="utf-8",
    )
    return path


def test_cli_cache_only_miss_exits_4(tmp_path: Path, seed_text: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text(seed_text, encoding="utf-8")
    with FakeOpenAIServer() as server:
        config = _config_file(tmp_path, server)
        done = subprocess.run(  # a real process: the exit code is what a shell script sees
            [*CLI, "summarize", str(article), "--cache-only", "--config", str(config)],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert server.requests == []
    assert done.returncode == 4
    assert "cache-only" in done.stderr and done.stdout == ""


def test_cli_batch_cache_only_miss_is_recorded_and_exits_4(tmp_path: Path, articles: dict[str, str]) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", articles)
    with FakeOpenAIServer() as server:
        done = _run(["summarize", "--input", str(source), "--output", str(tmp_path / "o.jsonl"), "--cache-only"], _config_file(tmp_path, server))
        assert server.requests == []
    assert done.returncode == 4
    assert {line["error"]["type"] for line in read_lines(tmp_path / "o.jsonl")} == {"CacheMissError"}


def test_cli_cache_stats_and_clear(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]) -> None:
    article = tmp_path / "a.txt"
    article.write_text(seed_text, encoding="utf-8")
    with FakeOpenAIServer([Reply.with_record(seed_answer)]) as server:
        config = _config_file(tmp_path, server)
        assert _run(["summarize", str(article)], config).returncode == 0
        assert _run(["summarize", str(article), "--cache-only"], config).returncode == 0
        stats = json.loads(_run(["cache", "stats", "--json"], config).stdout)
        assert stats["entries"] == 1 and stats["hits"] == 1 and stats["by_model"] == {"compat/fake-model": 1}
        cleared = _run(["cache", "clear", "--yes"], config)
        assert "deleted 1" in cleared.stdout
        assert _run(["summarize", str(article), "--cache-only"], config).returncode == 4
        assert len(server.requests) == 1


def test_grounding_stored_by_another_version_is_recomputed(seed_text: str, seed_answer: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.cache as cache_module

    with FakeOpenAIServer([Reply.with_record(seed_answer)]) as server:
        config = config_for(server)
        summarize(seed_text, config=config)
        store = open_cache(config)
        key = next(iter(store._db.execute("SELECT key FROM responses")))[0]
        from summarizer.schemas.incident import IncidentSummary

        found = store.get(key, IncidentSummary)
        assert found is not None and found[1] is True
        monkeypatch.setattr(cache_module, "_made_by", lambda: "0.0.0-other")
        found = store.get(key, IncidentSummary)
        assert found is not None and found[1] is False
        assert summarize(seed_text, config=config).meta.cached  # still a hit, grounding recomputed


def test_editing_a_scripted_answers_file_changes_the_key(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]) -> None:
    answers = tmp_path / "answers.jsonl"
    answers.write_text(json.dumps({"record": seed_answer}) + "\n", encoding="utf-8")
    first = summarize(seed_text, model=f"scripted/{answers}")
    assert summarize(seed_text, model=f"scripted/{answers}").meta.cached
    answers.write_text(json.dumps({"record": seed_answer}) + "\n\n", encoding="utf-8")
    again = summarize(seed_text, model=f"scripted/{answers}")
    assert first.meta.cached is False and again.meta.cached is False
