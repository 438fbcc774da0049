"""Configuration: named model profiles in TOML, found in a fixed order, validated once.

Lookup order for the file: --config / `config_path`, $SUMMARIZER_CONFIG, ./summarizer.toml,
./pyproject.toml [tool.summarizer], then the user's config dir (platformdirs). Profile choice:
argument, then $SUMMARIZER_PROFILE, then the file's `default_profile`. With no profile at all,
the keyless rules baseline runs: an API key in the environment alone never starts network calls.

API keys are only ever read from the environment variable a profile names (`api_key_env`);
a key in the file is refused, and keys are never stored on these objects' repr or dumps.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from summarizer.errors import ConfigError

__all__ = [
    "BASELINE_MODEL",
    "Config",
    "Price",
    "Profile",
    "find_config_file",
    "load_config",
    "user_data_dir",
]

BASELINE_MODEL = "rules/baseline"
APP_NAME = "summarizer"

Mode = Literal["tools", "json", "json_schema", "md_json", "tools_strict"]

DEFAULT_KEY_ENV: dict[str, str | None] = {
    "openai": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "google": "GOOGLE_API_KEY",
    "gemini": "GOOGLE_API_KEY",
    "mistral": "MISTRAL_API_KEY",
    "groq": "GROQ_API_KEY",
    "openrouter": "OPENROUTER_API_KEY",
    "ollama": None,
    "vllm": None,
    "compat": None,
    "rules": None,
    "scripted": None,
}
"""Providers we know, and the environment variable that holds each one's key by default."""

DEFAULT_BASE_URL: dict[str, str] = {
    "ollama": "http://localhost:11434/v1",
    "vllm": "http://localhost:8000/v1",
    "openrouter": "https://openrouter.ai/api/v1",
    "groq": "https://api.groq.com/openai/v1",
}


class Price(BaseModel):
    """USD per million tokens."""

    model_config = ConfigDict(extra="forbid")
    input: float = Field(ge=0)
    output: float = Field(ge=0)


class Profile(BaseModel):
    """How to reach one model. Everything but `model` has a sensible default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = "default"
    model: str = Field(description="'provider/model', e.g. 'openai/gpt-4o-mini' or 'ollama/llama3.1'.")
    base_url: str | None = Field(default=None, description="For OpenAI-compatible servers (vLLM, llama.cpp).")
    api_key_env: str | None = Field(default=None, description="Name of the env var holding the key.")
    mode: Mode = "tools"
    temperature: float | None = Field(default=0.0, ge=0, le=2)
    max_tokens: int = Field(default=4096, gt=0)
    timeout: float = Field(default=120.0, gt=0)
    transport_retries: int = Field(default=4, ge=0, le=20)
    max_backoff: float = Field(default=60.0, gt=0, description="Cap on one backoff wait, seconds.")
    reasks: int = Field(default=2, ge=0, le=10, description="Re-asks after invalid output.")
    reask_on_ungrounded: bool = Field(default=False, description="Re-ask once when quotes are not found.")
    context_chars: int = Field(default=60_000, gt=1000, description="Split longer articles into chunks.")
    concurrency: int = Field(default=8, ge=1, le=512)
    requests_per_minute: float | None = Field(default=None, gt=0)
    tokens_per_minute: float | None = Field(default=None, gt=0)

    @field_validator("model")
    @classmethod
    def _provider_slash_model(cls, value: str) -> str:
        provider, sep, name = value.partition("/")
        if not sep or not provider or not name:
            raise ValueError(f"model must be 'provider/model' such as 'openai/gpt-4o-mini', got {value!r}")
        return value

    @property
    def provider(self) -> str:
        return self.model.split("/", 1)[0]

    @property
    def model_name(self) -> str:
        return self.model.split("/", 1)[1]

    def key_env(self) -> str | None:
        return self.api_key_env if self.api_key_env is not None else DEFAULT_KEY_ENV.get(self.provider)

    def api_key(self) -> str | None:
        """The key from the environment; raises ConfigError naming the variable when it is unset."""
        env = self.key_env()
        if env is None:
            return None
        key = os.environ.get(env)
        if not key:
            raise ConfigError(
                f"profile {self.name!r} ({self.model}) needs an API key: set the environment variable {env}"
            )
        return key

    def settings_fingerprint(self) -> dict[str, Any]:
        """Everything in the profile that can change the answer (never the key)."""
        return self.model_dump(
            include={"model", "base_url", "mode", "temperature", "max_tokens", "reasks", "reask_on_ungrounded", "context_chars"}
        )


class TaskEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prompt_dir: Path = Field(description="Folder with task.toml, system.j2 and user.j2.")
    schema_path: Path | None = Field(default=None, description="A .py file defining the schema, if not importable.")


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    default_profile: str | None = None
    profiles: dict[str, Profile] = Field(default_factory=dict)
    prices: dict[str, Price] = Field(default_factory=dict, description="Keyed by 'provider/model'.")
    tasks: dict[str, TaskEntry] = Field(default_factory=dict)
    data_dir: Path | None = Field(default=None, description="Cache and run store; default: user data dir.")
    source: Path | None = Field(default=None, description="The file this config came from.")

    def profile(self, name: str | None = None) -> Profile | None:
        """The chosen profile, or None when nothing is configured (the keyless default applies)."""
        chosen = name or os.environ.get("SUMMARIZER_PROFILE") or self.default_profile
        if chosen is None:
            return None
        if chosen not in self.profiles:
            known = ", ".join(sorted(self.profiles)) or "none"
            where = f" in {self.source}" if self.source else ""
            raise ConfigError(f"unknown profile {chosen!r}{where}; configured profiles: {known}")
        return self.profiles[chosen]

    def price(self, model: str) -> Price | None:
        return self.prices.get(model)

    def resolved_data_dir(self) -> Path:
        return user_data_dir(self.data_dir)


def user_data_dir(configured: Path | None = None) -> Path:
    """Where caches and run stores live: config, then $SUMMARIZER_DATA_DIR, then the platform dir."""
    if configured is not None:
        return configured
    env = os.environ.get("SUMMARIZER_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME))


def find_config_file(explicit: str | Path | None = None, cwd: Path | None = None) -> Path | None:
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        return path
    env = os.environ.get("SUMMARIZER_CONFIG")
    if env:
        if not Path(env).is_file():
            raise ConfigError(f"SUMMARIZER_CONFIG points to a missing file: {env}")
        return Path(env)
    here = cwd or Path.cwd()
    if (here / "summarizer.toml").is_file():
        return here / "summarizer.toml"
    pyproject = here / "pyproject.toml"
    tool = _read_toml(pyproject).get("tool") if pyproject.is_file() else None
    if isinstance(tool, dict) and "summarizer" in tool:
        return pyproject
    user = Path(platformdirs.user_config_dir(APP_NAME)) / "summarizer.toml"
    return user if user.is_file() else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read the config file {path}: {exc.strerror or exc}") from None


def _table(data: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    """data[key] when it is a TOML table (or absent); `profiles = 5` is one line saying so."""
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        hint = f" ([{key}.NAME] sections)" if key in ("profiles", "tasks") else f" ([tool.{key}])" if key == "summarizer" else ""
        raise ConfigError(f"{path}: {key} must be a TOML table{hint}, not {type(value).__name__} {value!r:.60}")
    return value


def _refuse_inline_keys(data: dict[str, Any], path: Path) -> None:
    for name, profile in _table(data, "profiles", path).items():
        if isinstance(profile, dict) and {"api_key", "key", "token"} & set(profile):
            raise ConfigError(
                f"{path}: profile {name!r} has a key in the file; keys come only from the environment: "
                f"remove it and set api_key_env = \"YOUR_ENV_VAR\""
            )


def load_config(path: str | Path | None = None, *, cwd: Path | None = None) -> Config:
    """Find and validate the config; an empty Config when there is no file."""
    found = find_config_file(path, cwd)
    if found is None:
        return Config()
    data = _read_toml(found)
    if found.name == "pyproject.toml":
        data = _table(_table(data, "tool", found), "summarizer", found)
    _refuse_inline_keys(data, found)
    profiles = _table(data, "profiles", found)
    if profiles:
        data["profiles"] = {n: {"name": n, **p} if isinstance(p, dict) else p for n, p in profiles.items()}
    base = found.parent
    for entry in _table(data, "tasks", found).values():
        if isinstance(entry, dict):
            for key in ("prompt_dir", "schema_path"):
                if key in entry:
                    entry[key] = str(base / entry[key])
    try:
        config = Config.model_validate({**data, "source": found})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors(include_url=False)
        )
        raise ConfigError(f"{found}: {problems}") from None
    if config.default_profile and config.default_profile not in config.profiles:
        raise ConfigError(f"{found}: default_profile {config.default_profile!r} is not among [profiles.*]")
    return config
