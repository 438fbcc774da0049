"""`summarizer prompt TASK FILE --payload` prints the exact body the provider receives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fakes import Answer, AnthropicFake, FakeServer, GeminiFake, OllamaFake, OpenAIFake
from typer.testing import CliRunner

from summarizer.cli import app

CASES = [
    (OpenAIFake, "openai/gpt-4o-mini", "OPENAI_API_KEY"),
    (OpenAIFake, "openai/gpt-5", "OPENAI_API_KEY"),
    (AnthropicFake, "anthropic/claude-sonnet-4-6", "ANTHROPIC_API_KEY"),
    (GeminiFake, "google/gemini-2.5-flash", "GOOGLE_API_KEY"),
    (OllamaFake, "ollama/llama3.1", None),
]


def _write_config(tmp_path: Path, model: str, url: str) -> Path:
    path = tmp_path / "summarizer.toml"
    path.write_text(f'default_profile = "p"\n[profiles.p]\nmodel = "{model}"\nbase_url = "{url}"\n', encoding="utf-8")
    return path


@pytest.mark.parametrize(("fake_class", "model", "key_env"), CASES, ids=[c[1] for c in CASES])
def test_payload_is_byte_equal_to_what_the_fake_received(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_text: str, seed_answer: dict[str, Any],
    fake_class: type[FakeServer], model: str, key_env: str | None,
) -> None:  # fmt: skip
    article = tmp_path / "seed.txt"
    article.write_text(seed_text, encoding="utf-8")
    if key_env:
        monkeypatch.setenv(key_env, "test-key")
    with fake_class() as fake:
        config = _write_config(tmp_path, model, fake.base_url)
        fake.add(Answer(record=seed_answer))
        runner = CliRunner()
        ran = runner.invoke(app, ["summarize", str(article), "--config", str(config), "--no-cache"])
        assert ran.exit_code == 0, ran.output
        shown = runner.invoke(app, ["prompt", "incident", str(article), "--payload", "--config", str(config)])
        assert shown.exit_code == 0, shown.output
        assert fake.refused == [] and len(fake.requests) == 1
        received = fake.requests[0].body
    assert shown.stdout_bytes == received + b"\n"
    assert json.loads(received)  # a JSON body, not an error page


def test_payload_reads_no_key(tmp_path: Path, seed_text: str) -> None:
    article = tmp_path / "seed.txt"
    article.write_text(seed_text, encoding="utf-8")
    config = _write_config(tmp_path, "openai/gpt-4o-mini", "http://127.0.0.1:9/v1")
    shown = CliRunner().invoke(app, ["prompt", "incident", str(article), "--payload", "--config", str(config)])
    assert shown.exit_code == 0, shown.output
    body = json.loads(shown.stdout_bytes)
    assert body["response_format"]["json_schema"]["strict"] is True and "test-key" not in shown.output


def test_payload_for_gemini_tools_and_vllm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_text: str, seed_answer: dict[str, Any]) -> None:
    from fakes import VLLMFake

    article = tmp_path / "seed.txt"
    article.write_text(seed_text, encoding="utf-8")
    monkeypatch.setenv("GOOGLE_API_KEY", "test-key")
    for fake_class, model, extra in [(GeminiFake, "google/gemini-2.5-flash", 'mode = "tools"\n'), (VLLMFake, "vllm/Qwen2.5-7B-Instruct", "")]:
        with fake_class() as fake:
            config = _write_config(tmp_path, model, fake.base_url)
            config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")
            fake.add(Answer(record=seed_answer))
            runner = CliRunner()
            assert runner.invoke(app, ["summarize", str(article), "--config", str(config), "--no-cache"]).exit_code == 0
            shown = runner.invoke(app, ["prompt", "incident", str(article), "--payload", "--config", str(config)])
            assert fake.refused == [] and shown.stdout_bytes == fake.requests[0].body + b"\n", model
