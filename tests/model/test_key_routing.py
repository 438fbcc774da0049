"""Key routing: a key goes only to its provider's host or its own profile's base_url.

Two loopback servers record the Authorization header of every request they receive.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from servers import Loopback, chat_completion, send
from typer.testing import CliRunner

from summarizer import ConfigError, summarize
from summarizer.cli._app import app
from summarizer.config import Config, Profile, load_config, resolve_profile
from summarizer.model.registry import provider_spec
from summarizer.model.routing import route_for

TEAM_KEY = "sk-team-secret"
ADHOC_KEY = "sk-adhoc-secret"


@pytest.fixture
def answering(seed_answer: dict[str, Any]) -> Any:
    return lambda handler, request: send(handler, 200, chat_completion(seed_answer, request), "application/json")


@pytest.fixture
def team_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A default profile whose key (TEAM_KEY) belongs to server A; returns a factory for the URL."""
    monkeypatch.setenv("TEAM_KEY", TEAM_KEY)
    monkeypatch.setenv("GROQ_API_KEY", "sk-groq-secret")

    def make(a_url: str) -> Path:
        path = tmp_path / "summarizer.toml"
        path.write_text(
            f'default_profile = "team"\n[profiles.team]\nmodel = "groq/llama-team"\nbase_url = "{a_url}/v1"\napi_key_env = "TEAM_KEY"\n',
            encoding="utf-8",
        )
        return path

    return make


def test_a_profiles_key_goes_to_its_own_base_url(answering: Any, team_config: Any, seed_text: str) -> None:
    with Loopback(answering) as a, Loopback(answering) as b:
        summarize(seed_text, config=load_config(team_config(a.url)), cache="off")
    assert [h.get("authorization") for h in a.headers] == [f"Bearer {TEAM_KEY}"]
    assert b.headers == []


def test_base_url_alone_sends_no_key(answering: Any, team_config: Any, seed_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai-secret")
    with Loopback(answering) as a, Loopback(answering) as b:
        config = load_config(team_config(a.url))
        prep_profile = resolve_profile(config, None, "openai/gpt-4o-mini", base_url=b.url + "/v1")
        summarize(seed_text, config=Config(default_profile="x", profiles={"x": prep_profile.model_copy(update={"name": "x"})}), cache="off")
    assert a.headers == []
    assert len(b.headers) == 1 and "authorization" not in b.headers[0] and "x-api-key" not in b.headers[0]
    assert all("secret" not in value for value in b.headers[0].values())


def test_base_url_with_api_key_env_sends_that_key_there_only(answering: Any, team_config: Any, seed_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADHOC_KEY", ADHOC_KEY)
    with Loopback(answering) as a, Loopback(answering) as b:
        config = load_config(team_config(a.url))
        profile = resolve_profile(config, None, "compat/m", base_url=b.url + "/v1", api_key_env="ADHOC_KEY")
        summarize(seed_text, config=Config(default_profile="x", profiles={"x": profile.model_copy(update={"name": "x"})}), cache="off")
    assert a.headers == []
    assert [h.get("authorization") for h in b.headers] == [f"Bearer {ADHOC_KEY}"]


def test_model_builds_from_registry_defaults_never_the_default_profile(team_config: Any, tmp_path: Path) -> None:
    config = load_config(team_config("http://127.0.0.1:9"))
    same_provider = resolve_profile(config, None, "groq/other-model")
    assert same_provider.base_url is None and same_provider.api_key_env is None
    route = route_for(same_provider, provider_spec("groq"))
    assert route.base_url == provider_spec("groq").default_base_url  # the provider's own host
    assert route.key_env == "GROQ_API_KEY" and route.api_key == "sk-groq-secret"  # its own key, not TEAM_KEY
    with pytest.raises(ConfigError, match="needs base_url"):
        summarize("Fourteen soldiers were killed.", model="compat/m", config=config)  # A's URL is not inherited


def test_explicit_profile_and_model_of_another_provider_drop_the_profiles_url_and_key(team_config: Any) -> None:
    config = load_config(team_config("http://127.0.0.1:9"))
    other = resolve_profile(config, "team", "openai/gpt-4o-mini")
    assert other.base_url is None and other.api_key_env is None
    same = resolve_profile(config, "team", "groq/another")
    assert same.base_url == "http://127.0.0.1:9/v1" and same.api_key_env == "TEAM_KEY"


def test_cli_model_and_base_url_send_no_key_and_ignore_the_default_profile(
    answering: Any, team_config: Any, tmp_path: Path, seed_text: str
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(seed_text, encoding="utf-8")
    with Loopback(answering) as a, Loopback(answering) as b:
        config = team_config(a.url)
        result = CliRunner().invoke(
            app, ["summarize", str(article), "--config", str(config), "--model", "compat/m", "--base-url", b.url + "/v1", "--no-cache"]
        )
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["meta"]["model"] == "compat/m"
        with_key = CliRunner().invoke(
            app, ["summarize", str(article), "--config", str(config), "--model", "compat/m", "--base-url", b.url + "/v1",
                  "--api-key-env", "TEAM_KEY", "--no-cache"],
        )  # fmt: skip
        assert with_key.exit_code == 0, with_key.output
    assert a.headers == []
    assert "authorization" not in b.headers[0]
    assert b.headers[1].get("authorization") == f"Bearer {TEAM_KEY}"


def test_credentials_are_stripped_from_a_request_leaving_the_routed_origin() -> None:
    import asyncio

    import httpx2

    from summarizer.model.routing import Route
    from summarizer.providers.wire import http_client

    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(200, json={})

    async def go() -> None:
        route = Route(base_url="http://a.example/v1", key_env="K", api_key="sk-k")
        async with http_client(route, timeout=5, transport=httpx2.MockTransport(handler)) as client:
            await client.post("http://a.example/v1/x", headers={"Authorization": "Bearer sk-k"})
            await client.post("http://b.example/v1/x", headers={"Authorization": "Bearer sk-k"})

    asyncio.run(go())
    assert seen[0].headers.get("authorization") == "Bearer sk-k"
    assert "authorization" not in seen[1].headers


def test_profile_with_empty_api_key_env_sends_no_key(seed_text: str, answering: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai-secret")
    with Loopback(answering) as b:
        profile = Profile(name="x", model="openai/gpt-4o-mini", base_url=b.url + "/v1", api_key_env="")
        summarize(seed_text, config=Config(default_profile="x", profiles={"x": profile}), cache="off")
    assert "authorization" not in b.headers[0]
