"""Per-call costs: raw responses only when asked, no client for a fully cached batch, tasks read once."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from summarizer.batch import summarize_many
from summarizer.cache import CACHE_FILE
from summarizer.config import Config
from summarizer.providers import clients
from summarizer.result import SummaryResult, result_class
from summarizer.tasks import get_task
from summarizer.testing import FakeOpenAIServer, Reply


def _config(server: FakeOpenAIServer, tmp_path: Path, **top: Any) -> Config:
    return Config.model_validate(
        {
            "default_profile": "fake",
            "profiles": {"fake": {"name": "fake", "model": "compat/fake-model", "base_url": server.base_url, "transport_retries": 0}},
            "data_dir": str(tmp_path / "data"),
            **top,
        }
    )


def _articles(seed_text: str) -> dict[str, str]:
    return {f"art-{i}": f"{seed_text}\n\nNote {i}." for i in range(3)}


def _rows(tmp_path: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(tmp_path / "data" / CACHE_FILE) as db:
        return [json.loads(r[0]) for r in db.execute("SELECT result FROM responses")]


@pytest.mark.parametrize("keep", [False, True])
def test_raw_responses_reach_lines_and_cache_rows_only_when_asked(
    tmp_path: Path, seed_text: str, seed_answer: dict[str, Any], keep: bool
) -> None:
    with FakeOpenAIServer(responder=lambda r, h: Reply.with_record(seed_answer)) as server:
        report = summarize_many(_articles(seed_text), output=tmp_path / "out.jsonl", config=_config(server, tmp_path, keep_raw_responses=keep))
    assert report.totals.failed == 0
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = _rows(tmp_path)
    assert len(lines) == len(rows) == 3
    for stored in [line["result"] for line in lines] + rows:
        raw = stored["meta"].get("raw_response")
        if keep:
            assert raw is not None and json.loads(raw)["summary"] == seed_answer["summary"]
        else:
            assert "raw_response" not in stored["meta"]


def test_a_fully_cached_batch_builds_no_http_client(
    tmp_path: Path, seed_text: str, seed_answer: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with FakeOpenAIServer(responder=lambda r, h: Reply.with_record(seed_answer)) as server:
        config = _config(server, tmp_path)
        summarize_many(_articles(seed_text), config=config)
        built: list[object] = []
        real = clients.build_client

        def counting(*args: Any, **kwargs: Any) -> Any:
            built.append(args)
            return real(*args, **kwargs)

        monkeypatch.setattr("summarizer.providers.llm.build_client", counting)
        report = summarize_many(_articles(seed_text), config=config)
        assert report.totals.cached == 3 and built == []
        summarize_many({"new": seed_text + "\n\nNew."}, config=config)
        assert len(built) == 1  # a miss builds it, once


def test_builtin_task_files_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    first = get_task("incident")
    monkeypatch.setattr("summarizer.tasks._load", lambda *a: pytest.fail("task files parsed again"))
    assert get_task("incident") is first


def test_the_result_class_for_a_schema_is_built_once() -> None:
    from summarizer.schemas.incident import IncidentSummary

    assert result_class(IncidentSummary) is result_class(IncidentSummary)
    assert issubclass(result_class(IncidentSummary), SummaryResult)


def test_a_template_of_small_values_is_rendered_once_and_one_reading_the_article_every_time() -> None:
    from summarizer.prompting import _render_memo, render

    system = "Answer as {{ schema_name }}."
    user = "Summarize {{ article | fence }} for {{ schema_name }}."
    _render_memo.cache_clear()
    first = render(system, "t/system.j2", {"schema_name": "A", "article": "x" * 10_000})
    again = render(system, "t/system.j2", {"schema_name": "A", "article": "y" * 10_000})
    other = render(system, "t/system.j2", {"schema_name": "B", "article": "x"})
    assert (first, again, other) == ("Answer as A.", "Answer as A.", "Answer as B.")
    assert _render_memo.cache_info().hits == 1 and _render_memo.cache_info().misses == 2  # keyed by schema_name alone
    one = render(user, "t/user.j2", {"schema_name": "A", "article": "first text"})
    two = render(user, "t/user.j2", {"schema_name": "A", "article": "second text"})
    assert "first text" in one and "second text" in two
    assert _render_memo.cache_info().misses == 2  # a template that reads a long or new article is not memoized by it


def test_key_values_follow_the_environment_as_it_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.secrets import scrub, secret_values

    before = secret_values()
    monkeypatch.setenv("LEAN_SERVICE_TOKEN", "tok-0123456789")
    assert "tok-0123456789" in secret_values() and scrub("x tok-0123456789 y", shapes=False) == "x *** y"
    monkeypatch.setenv("LEAN_SERVICE_TOKEN", "tok-9876543210")
    assert "tok-9876543210" in secret_values() and "tok-0123456789" not in secret_values()
    monkeypatch.delenv("LEAN_SERVICE_TOKEN")
    assert secret_values() == before


@pytest.mark.skipif(not hasattr(os, "environb"), reason="bytes environment: POSIX only")
def test_key_values_are_decoded_as_os_environ_decodes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key that is not valid UTF-8 is masked as os.environ shows it (surrogate-escaped)."""
    from summarizer.secrets import secret_values

    monkeypatch.setitem(os.environb, b"LEAN_RAW_TOKEN", b"tok-\xff\xfe-0123456789")
    assert os.environ["LEAN_RAW_TOKEN"] in secret_values()
