"""One test per refusal rule: a deliberately wrong client sends the forbidden payload through
`summarizer summarize`, the fake answers the documented error, and the user sees one line.

The wrong client is made by swapping one of the project's payload builders for a naive one (the
Pydantic schema as is, a system-role message, an extra parameter): what an adapter without
summarizer.structured would send.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fakes import AnthropicFake, FakeServer, GeminiFake, OpenAIFake

import summarizer.providers.native as native
import summarizer.providers.payloads as payloads
from summarizer.cli import main

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed-article.txt"


def _naive_schema(schema: Any) -> dict[str, Any]:
    result: dict[str, Any] = schema.model_json_schema()
    return result


def _with(builder: Callable[..., dict[str, Any]], change: Callable[[dict[str, Any]], None]) -> Callable[..., dict[str, Any]]:
    def wrong(*args: Any) -> dict[str, Any]:
        body = builder(*args)
        change(body)
        return body

    return wrong


def _anthropic_system_in_messages(body: dict[str, Any]) -> None:
    body["messages"] = [{"role": "system", "content": body.pop("system")[0]["text"]}, *body["messages"]]


RULES: list[tuple[str, type[FakeServer], str, str, Callable[[pytest.MonkeyPatch], None], str]] = [
    ("strict-defaults-and-custom-keys", OpenAIFake, "openai/gpt-4o-mini", "OPENAI_API_KEY",
     lambda mp: mp.setattr(payloads, "strict_schema", _naive_schema), "Invalid schema for response_format 'IncidentSummary'"),
    ("strict-tools", OpenAIFake, "openai/gpt-4o-mini#tools_strict", "OPENAI_API_KEY",
     lambda mp: mp.setattr(payloads, "strict_schema", _naive_schema),
     "Invalid schema for tools[0].function.parameters 'IncidentSummary'"),
    ("reasoning-temperature", OpenAIFake, "openai/gpt-5", "OPENAI_API_KEY",
     lambda mp: mp.setattr(native, "openai_body", _with(payloads.openai_body, lambda b: b.update(temperature=0.0))),
     "Only the default (1) value is supported"),
    ("anthropic-system-role", AnthropicFake, "anthropic/claude-sonnet-4-6", "ANTHROPIC_API_KEY",
     lambda mp: mp.setattr(native, "anthropic_body", _with(payloads.anthropic_body, _anthropic_system_in_messages)),
     'Unexpected role "system"'),
    ("anthropic-max-tokens", AnthropicFake, "anthropic/claude-sonnet-4-6", "ANTHROPIC_API_KEY",
     lambda mp: mp.setattr(native, "anthropic_body", _with(payloads.anthropic_body, lambda b: b.update(extra_body={"max_tokens": None}))),  # the SDK insists on the argument: null it on the wire
     "max_tokens"),
    ("gemini-keywords", GeminiFake, "google/gemini-2.5-flash", "GOOGLE_API_KEY",
     lambda mp: mp.setattr(payloads, "gemini_schema", _naive_schema), "is not supported in response_json_schema"),
]


@pytest.mark.parametrize(("rule", "fake_class", "model", "env", "break_client", "documented"), RULES, ids=[r[0] for r in RULES])
def test_a_wrong_client_gets_the_documented_error_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest,
    rule: str, fake_class: type[FakeServer], model: str, env: str, break_client: Callable[[pytest.MonkeyPatch], None], documented: str,
) -> None:  # fmt: skip
    monkeypatch.setenv(env, "test-key")
    break_client(monkeypatch)
    payloads._schema_once.cache_clear()  # derived once per schema: derive it again with the broken function
    request.addfinalizer(payloads._schema_once.cache_clear)
    model, _, mode = model.partition("#")  # 'provider/model#mode' picks a non-default mode
    with fake_class() as fake:
        config = tmp_path / "summarizer.toml"
        extra = f'mode = "{mode}"\n' if mode else ""
        config.write_text(f'default_profile = "p"\n[profiles.p]\nmodel = "{model}"\nbase_url = "{fake.base_url}"\n{extra}', encoding="utf-8")
        monkeypatch.setattr(sys, "argv", ["summarizer", "summarize", str(SEED), "--config", str(config), "--no-cache"])
        with pytest.raises(SystemExit) as exited:
            main()
        refused = list(fake.refused)
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    assert exited.value.code == 4 and "answered 400" in lines[0] and documented in lines[0], lines[0]
    assert len(refused) == 1 and documented in refused[0][1]
