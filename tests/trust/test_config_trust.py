"""A config found in the working directory may not route keys, pick key variables or load Python."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import ConfigError, summarize
from summarizer.config import load_config, resolve_profile
from summarizer.testing import FakeModel, Reply

CANARY = "sk-canary-0123456789abcdef"


def project(tmp_path: Path, body: str) -> Path:
    (tmp_path / "summarizer.toml").write_text(body, encoding="utf-8")
    return tmp_path


def user_config(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "home" / "config" / "summarizer"  # conftest points XDG_CONFIG_HOME at home/config
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "summarizer.toml").write_text(body, encoding="utf-8")
    return folder / "summarizer.toml"


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / "config"))
    monkeypatch.setenv("OPENAI_API_KEY", CANARY)


def test_a_key_pointed_at_another_host_is_refused_before_any_request(tmp_path: Path) -> None:
    with FakeModel([Reply.with_record({"summary": "x"})]) as server:
        cwd = project(tmp_path, f'default_profile = "p"\n[profiles.p]\nmodel = "openai/gpt-4o-mini"\nbase_url = "{server.base_url}"\n')
        with pytest.raises(ConfigError) as info:
            summarize("A bomb exploded in Lima.", config=load_config(cwd=cwd))
        assert server.requests == [] and server.headers == []  # nothing arrived
    message = str(info.value)
    assert str(cwd / "summarizer.toml") in message and "default host (https://api.openai.com)" in message
    assert "--trust-project" in message and "\n" not in message and CANARY not in message


def test_the_same_profile_from_the_user_config_or_with_the_opt_in_is_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = 'default_profile = "p"\n[profiles.p]\nmodel = "openai/gpt-4o-mini"\nbase_url = "http://127.0.0.1:9/v1"\n'
    cwd = project(tmp_path, body)
    assert load_config(cwd=cwd, trust_project=True).trusted
    user_config(tmp_path, f'trusted_projects = ["{cwd}"]\n')
    assert load_config(cwd=cwd).profiles["p"].base_url == "http://127.0.0.1:9/v1"
    (tmp_path / "elsewhere").mkdir()
    assert load_config(tmp_path / "summarizer.toml").trusted  # --config is the user's own choice


def test_a_key_sent_to_the_default_host_or_no_key_to_another_is_fine(tmp_path: Path) -> None:
    cwd = project(tmp_path, '[profiles.a]\nmodel = "openai/gpt-4o-mini"\nbase_url = "https://api.openai.com/v1"\n'
                  '[profiles.b]\nmodel = "openai/m"\nbase_url = "http://localhost:8080/v1"\napi_key_env = ""\n'
                  '[profiles.c]\nmodel = "ollama/llama3.1"\nbase_url = "http://127.0.0.1:11435/v1"\n')
    config = load_config(cwd=cwd)
    assert not config.trusted and set(config.profiles) == {"a", "b", "c"}


def test_a_foreign_key_variable_is_refused_from_an_untrusted_config(tmp_path: Path) -> None:
    cwd = project(tmp_path, '[profiles.p]\nmodel = "openai/gpt-4o-mini"\napi_key_env = "GITHUB_TOKEN"\n')
    with pytest.raises(ConfigError, match=r"summarizer.toml: profile 'p' reads the key from GITHUB_TOKEN, not openai's own variable \(OPENAI_API_KEY\)"):
        load_config(cwd=cwd)


def test_allowed_key_env_in_the_user_config_lets_a_variable_through(tmp_path: Path) -> None:
    cwd = project(tmp_path, '[profiles.p]\nmodel = "openai/gpt-4o-mini"\napi_key_env = "WORK_OPENAI_KEY"\n')
    user_config(tmp_path, 'allowed_key_env = ["WORK_OPENAI_KEY"]\n')
    assert load_config(cwd=cwd).profiles["p"].api_key_env == "WORK_OPENAI_KEY"


def test_a_working_directory_config_cannot_trust_itself(tmp_path: Path) -> None:
    cwd = project(tmp_path, f'trusted_projects = ["{tmp_path}"]\n[profiles.p]\nmodel = "openai/x"\napi_key_env = "GITHUB_TOKEN"\n')
    with pytest.raises(ConfigError, match="belong in your user config"):
        load_config(cwd=cwd)
    (tmp_path / "summarizer.toml").write_text("trusted = true\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="set by summarizer"):
        load_config(cwd=cwd)


def test_schema_path_in_an_untrusted_config_is_refused(tmp_path: Path) -> None:
    (tmp_path / "evil.py").write_text("import sys; sys.exit('ran')\n", encoding="utf-8")
    cwd = project(tmp_path, '[tasks.t]\nprompt_dir = "t"\nschema_path = "evil.py"\n')
    with pytest.raises(ConfigError, match="loads Python from schema_path .*evil.py.*--trust-project"):
        load_config(cwd=cwd)


def test_an_untrusted_task_may_name_only_a_registered_schema(tmp_path: Path) -> None:
    from summarizer.tasks import get_task

    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "system.j2").write_text("s", encoding="utf-8")
    (folder / "user.j2").write_text("{{ article | fence }}", encoding="utf-8")
    (folder / "task.toml").write_text('version = "1"\nschema = "this:x"\n', encoding="utf-8")
    cwd = project(tmp_path, '[tasks.t]\nprompt_dir = "t"\n')
    with pytest.raises(ConfigError, match="schema 'this:x' would import Python"):
        get_task("t", load_config(cwd=cwd))
    (folder / "task.toml").write_text('version = "1"\nschema = "summarizer.schemas.incident:IncidentSummary"\n', encoding="utf-8")
    assert get_task("t", load_config(cwd=cwd)).schema_name == "IncidentSummary"


@pytest.mark.parametrize("url", ["https://user:pw@api.openai.com/v1", f"https://{CANARY}@gw.example/v1",
                                 "https://gw.example/v1?api_key=abc", "http://127.0.0.1:1@evil.example/v1"])
def test_a_url_with_credentials_is_refused_everywhere(tmp_path: Path, url: str) -> None:
    cfg = tmp_path / "mine.toml"
    cfg.write_text(f'[profiles.p]\nmodel = "compat/m"\nbase_url = "{url}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="credential") as info:
        load_config(cfg)  # even a trusted --config
    assert CANARY not in str(info.value) and "pw" not in str(info.value).replace(str(cfg), "")
    with pytest.raises(ConfigError, match="credential"):
        resolve_profile(load_config(cwd=tmp_path / "nothing"), model="compat/m", base_url=url)


def test_plain_http_is_refused_for_another_machine_but_not_for_loopback(tmp_path: Path) -> None:
    cfg = tmp_path / "mine.toml"
    cfg.write_text('[profiles.p]\nmodel = "compat/m"\nbase_url = "http://gpu-box.lan:8000/v1"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="plain http to another machine"):
        load_config(cfg)
    for ok in ("http://localhost:8000/v1", "http://127.0.0.1:8000/v1", "http://[::1]:8000/v1", "https://gpu-box.lan/v1"):
        cfg.write_text(f'[profiles.p]\nmodel = "compat/m"\nbase_url = "{ok}"\n', encoding="utf-8")
        assert load_config(cfg).profiles["p"].base_url == ok
