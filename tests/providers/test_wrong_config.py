"""A deliberately wrong client configuration: the fake answers the documented error, the user sees one line.

Run through the real entry point (run_app), so what is asserted is what a terminal shows.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import openai
import pytest
from fakes import Answer, OpenAIFake

from summarizer.cli import main
from summarizer.schemas.incident import IncidentSummary

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed-article.txt"


def _run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str, settings: str) -> tuple[int, str]:
    config = tmp_path / "summarizer.toml"
    config.write_text(f'default_profile = "p"\n[profiles.p]\nbase_url = "{url}"\n{settings}\n', encoding="utf-8")
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setattr(sys, "argv", ["summarizer", "summarize", str(SEED), "--config", str(config), "--no-cache"])
    with pytest.raises(SystemExit) as exited:
        main()
    code = exited.value.code
    return int(code) if isinstance(code, int) else 1, capsys.readouterr().err


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    return lines[0]


def test_max_tokens_to_a_reasoning_model_declared_a_chat_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with OpenAIFake() as fake:
        code, err = _run_cli(tmp_path, monkeypatch, capsys, fake.base_url, 'model = "openai/o3"\nreasoning = false')
        refused = list(fake.refused)
    line = _one_line(err)
    assert code == 4 and "answered 400" in line and "Use 'max_completion_tokens' instead" in line
    assert len(refused) == 1


def test_temperature_in_a_reasoning_profile_is_refused_before_sending(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with OpenAIFake() as fake:
        code, err = _run_cli(
            tmp_path, monkeypatch, capsys, fake.base_url,
            'model = "openai/gpt-4o-mini"\nreasoning = true\nreasoning_effort = "low"\ntemperature = 1.0',
        )  # fmt: skip
    line = _one_line(err)
    assert code == 3 and "takes no temperature" in line  # refused here, before anything is sent
    assert fake.requests == []


def test_reasoning_effort_the_fake_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with OpenAIFake() as fake:
        code, err = _run_cli(tmp_path, monkeypatch, capsys, fake.base_url, 'model = "openai/gpt-4o-mini"\nreasoning = true\nreasoning_effort = "low"')
    line = _one_line(err)
    assert code == 4 and "'reasoning_effort' is not supported with this model" in line


def test_reasoning_effort_for_a_chat_model_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with OpenAIFake() as fake:
        code, err = _run_cli(tmp_path, monkeypatch, capsys, fake.base_url, 'model = "openai/gpt-4o-mini"\nreasoning_effort = "high"')
    assert code == 3 and "reasoning_effort applies to reasoning models only" in _one_line(err) and fake.requests == []


def test_the_openai_sdks_own_strict_converter_is_refused() -> None:
    """Why summarizer.structured exists: the SDK's converter keeps `default` and custom keys."""
    from openai.lib._pydantic import to_strict_json_schema

    schema: dict[str, Any] = to_strict_json_schema(IncidentSummary)
    assert "x-evidence" in json.dumps(schema) or '"default"' in json.dumps(schema)
    with OpenAIFake() as fake:
        fake.add(Answer(record={}))
        client = openai.OpenAI(api_key="k", base_url=fake.base_url, max_retries=0)
        fmt = {"type": "json_schema", "json_schema": {"name": "IncidentSummary", "schema": schema, "strict": True}}
        with pytest.raises(openai.BadRequestError, match="is not permitted"):
            client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "x"}], response_format=fmt)  # type: ignore[arg-type]
