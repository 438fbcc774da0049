"""Long articles are grounded in the child process: same answer, no keys in its environment, and a
child that dies or cannot start costs nothing but speed."""

from __future__ import annotations

import asyncio
import copy
import logging
import os
from pathlib import Path
from typing import Any

import pytest

import summarizer.grounding_worker as worker
from summarizer.grounding import aground, evidence_quotes, ground
from summarizer.offload import LONG_ARTICLE
from summarizer.schemas.incident import IncidentSummary


def _long_case(seed_text: str, seed_answer: dict[str, Any]) -> tuple[IncidentSummary, str]:
    answer = copy.deepcopy(seed_answer)
    answer["incidents"][0]["location"]["evidence"] = ["Malian soldiers were kiled in an ambush", "the weather in Oslo was mild"]
    text = (seed_text + "\n\n") * (LONG_ARTICLE // len(seed_text) + 2)
    return IncidentSummary.model_validate(answer), text


@pytest.fixture(autouse=True)
def fresh_child() -> Any:
    worker._close()
    worker._child, worker._broken = None, False
    yield
    worker._close()
    worker._child, worker._broken = None, False


def test_a_long_article_is_grounded_in_the_child_with_the_same_answer(seed_text: str, seed_answer: dict[str, Any]) -> None:
    record, text = _long_case(seed_text, seed_answer)
    assert asyncio.run(aground(record, text)) == ground(record, text)
    assert worker._child is not None and worker._child.process.poll() is None  # it ran there, and still serves
    first = worker._child.process.pid
    assert asyncio.run(aground(record, text)) == ground(record, text)
    assert worker._child.process.pid == first  # one child serves every long article


def test_a_short_article_never_starts_the_child(seed_text: str, seed_answer: dict[str, Any]) -> None:
    record = IncidentSummary.model_validate(seed_answer)
    asyncio.run(aground(record, seed_text))
    assert worker._child is None


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads the child's environment from /proc (Linux)")
def test_the_child_gets_no_key_variables(seed_text: str, seed_answer: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-canary-never-in-the-child-0001")
    monkeypatch.setenv("SOME_SERVICE_TOKEN", "canary-token-0002")
    monkeypatch.setenv("SUMMARIZER_PLAIN_SETTING", "kept")
    record, text = _long_case(seed_text, seed_answer)
    asyncio.run(aground(record, text))
    assert worker._child is not None
    environ = Path(f"/proc/{worker._child.process.pid}/environ").read_bytes().split(b"\0")
    names = {entry.split(b"=", 1)[0] for entry in environ if entry}
    assert b"SUMMARIZER_PLAIN_SETTING" in names
    assert b"OPENAI_API_KEY" not in names and b"SOME_SERVICE_TOKEN" not in names


def test_a_dead_child_is_replaced(seed_text: str, seed_answer: dict[str, Any]) -> None:
    record, text = _long_case(seed_text, seed_answer)
    asyncio.run(aground(record, text))
    assert worker._child is not None
    worker._child.process.kill()
    worker._child.process.wait()
    assert asyncio.run(aground(record, text)) == ground(record, text)
    assert worker._child.process.poll() is None and not worker._broken


def test_a_child_that_cannot_start_means_grounding_here_said_once(
    seed_text: str, seed_answer: dict[str, Any], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse() -> None:
        raise OSError("no processes left")

    monkeypatch.setattr(worker, "_Child", refuse)
    record, text = _long_case(seed_text, seed_answer)
    with caplog.at_level(logging.WARNING, logger="summarizer"):
        assert asyncio.run(aground(record, text)) == ground(record, text)
        assert asyncio.run(aground(record, text)) == ground(record, text)
    warnings = [r for r in caplog.records if "grounding process failed" in r.getMessage()]
    assert len(warnings) == 1 and "no processes left" in warnings[0].getMessage()


def test_the_child_answers_a_failure_and_the_parent_grounds_it_itself(seed_text: str, seed_answer: dict[str, Any]) -> None:
    record, text = _long_case(seed_text, seed_answer)
    quotes = list(evidence_quotes(record))
    asyncio.run(aground(record, text))
    assert worker._child is not None
    with pytest.raises(RuntimeError, match="TypeError"):
        worker._child.ask([("path", None)], text)  # type: ignore[list-item]  # a quote that is no str fails there
    assert worker._child.process.poll() is None  # one bad request does not end the child
    assert worker.ground_far(quotes, text) == ground(record, text)


def test_the_child_exits_when_the_parent_closes_its_pipe(seed_text: str, seed_answer: dict[str, Any]) -> None:
    record, text = _long_case(seed_text, seed_answer)
    asyncio.run(aground(record, text))
    assert worker._child is not None
    process = worker._child.process
    worker._close()
    assert process.poll() == 0
    assert os.getpid() != process.pid
