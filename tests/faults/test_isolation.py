"""Isolation at the batch layer: whatever one article raises, it gets its line and the run goes on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fault_helpers import read_lines
from fault_server import Fault, FaultServer

from summarizer.batch import summarize_many
from summarizer.batch.failure import one_line
from summarizer.batch.output import encode_line
from summarizer.config import Config
from summarizer.errors import ConfigError, InputError
from summarizer.model.layer import Model


def _config(base_url: str) -> Config:
    profile = {"name": "f", "model": "compat/m", "base_url": base_url, "transport_retries": 0, "max_backoff": 0.01}
    return Config.model_validate({"default_profile": "f", "profiles": {"f": profile}})


def _articles(seed: str) -> dict[str, str]:
    return {f"a{n}": f"{seed}\nNote {n}." for n in range(4)}


def test_an_exception_of_any_type_is_that_articles_line_and_marked_unexpected(
    tmp_path: Path, seed_text: str, seed_answer: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Model.call

    async def flaky(self: Any, prep: Any) -> Any:
        if prep.article.meta.id == "a2":
            raise KeyError("a bug\nover two lines")
        return await real(self, prep)

    monkeypatch.setattr(Model, "call", flaky)
    with FaultServer(seed_answer, lambda request: Fault("ok")) as server:
        report = summarize_many(_articles(seed_text), output=tmp_path / "out.jsonl", config=_config(server.base_url), cache="off")
        assert server.requests == 3
    lines = {line["id"]: line for line in read_lines(tmp_path / "out.jsonl")}
    assert sorted(lines) == ["a0", "a1", "a2", "a3"]
    assert lines["a2"]["error"] == {"type": "KeyError", "message": "unexpected KeyError: 'a bug\\nover two lines'", "unexpected": True}
    assert [lines[i]["ok"] for i in ("a0", "a1", "a3")] == [True, True, True]
    assert report.exit_code == 1 and report.unexpected == 1
    assert "1 unexpected error(s)" in report.summary()


def test_a_cache_that_cannot_store_costs_a_warning_never_the_answer(
    tmp_path: Path, seed_text: str, seed_answer: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_store(self: Any, prep: Any, result: Any, mode: Any, store: Any = None, blob: Any = None) -> None:
        raise ConfigError("cannot use the response cache at X (disk I/O error): set data_dir ...")

    monkeypatch.setattr(Model, "store", broken_store)
    with FaultServer(seed_answer, lambda request: Fault("ok")) as server:
        report = summarize_many(_articles(seed_text), output=tmp_path / "out.jsonl", config=_config(server.base_url))
    assert [line["ok"] for line in read_lines(tmp_path / "out.jsonl")] == [True] * 4
    assert report.exit_code == 0
    assert report.warnings == ["could not store an answer in the response cache (ConfigError: cannot use the response cache at X (disk I/O error): set data_dir ...)"]


@pytest.mark.parametrize("ident", ["a\ud800", "a\nb", "\u200b", "a\x00"])
def test_the_python_api_refuses_an_unusable_id_by_position(ident: str) -> None:
    with pytest.raises(InputError, match=r"^articles: item 2: the id .* is unusable") as caught:
        summarize_many({"ok": "text", ident: "text"}, config=Config(), cache="off")
    assert "\n" not in str(caught.value)


def test_a_line_with_a_lone_surrogate_is_still_valid_json_and_utf8() -> None:
    data = encode_line({"id": "x", "ok": False, "error": {"message": "bad \ud800 here \\"}})
    assert json.loads(data.decode("utf-8"))["error"]["message"] == "bad \ud800 here \\"


def test_one_line_collapses_whitespace_escapes_the_unprintable_and_caps_length() -> None:
    assert one_line("a\n  b\tc\u200bd\ud800") == "a b c\\u200bd\\ud800"
    assert len(one_line("x" * 5000)) == 1000
