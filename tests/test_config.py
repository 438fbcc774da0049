"""Profiles from TOML: discovery order, validation messages, keys only from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import ConfigError, summarize
from summarizer.api import resolve_profile
from summarizer.config import load_config


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_no_config_and_a_key_in_the_environment_still_means_the_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-present")
    config = load_config(cwd=tmp_path)
    assert resolve_profile(config).model == "rules/baseline"


def test_summarizer_toml_in_the_working_directory_is_found(tmp_path: Path) -> None:
    write(tmp_path / "summarizer.toml", 'default_profile = "a"\n[profiles.a]\nmodel = "openai/gpt-4o-mini"\n')
    config = load_config(cwd=tmp_path)
    assert resolve_profile(config).model == "openai/gpt-4o-mini"


def test_pyproject_tool_section_is_found(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.summarizer]\ndefault_profile = "b"\n[tool.summarizer.profiles.b]\nmodel = "ollama/llama3.1"\n')
    assert resolve_profile(load_config(cwd=tmp_path)).model == "ollama/llama3.1"


def test_profile_argument_beats_environment_beats_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = write(
        tmp_path / "s.toml",
        'default_profile = "a"\n[profiles.a]\nmodel = "openai/a"\n[profiles.b]\nmodel = "openai/b"\n[profiles.c]\nmodel = "openai/c"\n',
    )
    config = load_config(cfg)
    assert resolve_profile(config).model == "openai/a"
    monkeypatch.setenv("SUMMARIZER_PROFILE", "b")
    assert resolve_profile(config).model == "openai/b"
    assert resolve_profile(config, "c").model == "openai/c"


def test_environment_variable_points_at_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = write(tmp_path / "elsewhere.toml", 'default_profile = "x"\n[profiles.x]\nmodel = "vllm/qwen"\n')
    monkeypatch.setenv("SUMMARIZER_CONFIG", str(cfg))
    assert resolve_profile(load_config(cwd=tmp_path)).model == "vllm/qwen"


def test_a_key_written_in_the_file_is_refused(tmp_path: Path) -> None:
    cfg = write(tmp_path / "s.toml", '[profiles.a]\nmodel = "openai/x"\napi_key = "sk-oops"\n')
    with pytest.raises(ConfigError, match="api_key_env") as info:
        load_config(cfg)
    assert "sk-oops" not in str(info.value)


def test_bad_values_name_the_field(tmp_path: Path) -> None:
    cfg = write(tmp_path / "s.toml", '[profiles.a]\nmodel = "openai/x"\ntemperature = 7\n')
    with pytest.raises(ConfigError, match=r"profiles\.a\.temperature"):
        load_config(cfg)
    cfg = write(tmp_path / "t.toml", '[profiles.a]\nmodel = "gpt-4o"\n')
    with pytest.raises(ConfigError, match="provider/model"):
        load_config(cfg)
    cfg = write(tmp_path / "u.toml", "this is = = not toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(cfg)


def test_unknown_profile_lists_the_known_ones(tmp_path: Path) -> None:
    cfg = write(tmp_path / "s.toml", '[profiles.a]\nmodel = "openai/x"\n')
    with pytest.raises(ConfigError, match="unknown profile 'zzz'.*configured profiles: a"):
        resolve_profile(load_config(cfg), "zzz")


def test_missing_key_names_the_variable_and_no_request_is_made(seed_text: str, tmp_path: Path) -> None:
    cfg = write(tmp_path / "s.toml", 'default_profile = "a"\n[profiles.a]\nmodel = "openai/x"\napi_key_env = "TEAM_OPENAI_KEY"\n')
    with pytest.raises(ConfigError, match="TEAM_OPENAI_KEY"):
        summarize(seed_text, config=load_config(cfg))


def test_compat_provider_requires_a_base_url(seed_text: str) -> None:
    with pytest.raises(ConfigError, match="base_url"):
        summarize(seed_text, model="compat/some-model")


def test_missing_extra_says_what_to_install(seed_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setenv("ANTHROPIC_API_KEY", "k")
    monkeypatch.setitem(sys.modules, "anthropic", None)  # as if the extra were not installed
    with pytest.raises(ConfigError, match=r"summarizer\[anthropic\]"):
        summarize(seed_text, model="anthropic/claude-x")


def test_profile_parts_cover_every_field_once_and_the_fingerprint_is_the_request_part() -> None:
    from summarizer.config import Limits, Profile, RetryPolicy

    parts = {part: Profile.fields_of(part) for part in ("request", "retry", "limits", "routing")}
    every = [name for names in parts.values() for name in names]
    assert sorted(every) == sorted(Profile.model_fields)  # each field in exactly one part
    assert parts["retry"] == list(RetryPolicy.model_fields) and parts["limits"] == list(Limits.model_fields)
    profile = Profile(model="openai/x", timeout=7, concurrency=3, max_tokens=99)
    assert profile.retry.timeout == 7 and profile.limits.concurrency == 3
    fingerprint = profile.settings_fingerprint()
    assert fingerprint["max_tokens"] == 99 and "timeout" not in fingerprint and "api_key_env" not in fingerprint
    assert set(fingerprint) == set(parts["request"]) | {"mode"}
    assert Profile(model="openai/x", timeout=1).settings_fingerprint() == Profile(model="openai/x").settings_fingerprint()


def test_flat_toml_keys_still_load_into_the_parts(tmp_path: Path) -> None:
    cfg = write(tmp_path / "s.toml", 'default_profile = "a"\n[profiles.a]\nmodel = "openai/x"\ntimeout = 9\nmax_wait = 30\nconcurrency = 2\n')
    profile = resolve_profile(load_config(cfg))
    assert profile.retry.timeout == 9 and profile.retry.max_wait == 30 and profile.limits.concurrency == 2
