"""Configuration: named model profiles in TOML, found in a fixed order, validated once.

Lookup order for the file: --config / `config_path`, $SUMMARIZER_CONFIG, ./summarizer.toml,
./pyproject.toml [tool.summarizer], then the user's config dir (platformdirs). A file found in the
working directory is untrusted for key routing and Python loading (summarizer.trust, README 'Trust'). Profile choice:
argument, then $SUMMARIZER_PROFILE, then the file's `default_profile`. With no profile at all,
the keyless rules baseline runs: an API key in the environment alone never starts network calls.

API keys are only ever read from the environment variable a profile names (`api_key_env`);
a key in the file is refused, and keys are never stored on these objects' repr or dumps.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from summarizer import environment, secrets
from summarizer.errors import ConfigError
from summarizer.model.registry import BASELINE_MODEL, Mode, provider_spec
from summarizer.trust import check_untrusted, check_url

__all__ = [
    "BASELINE_MODEL",
    "Config",
    "Mode",
    "Limits",
    "Part",
    "Price",
    "Profile",
    "RetryPolicy",
    "find_config_file",
    "load_config",
    "resolve_profile",
    "user_config_file",
    "user_data_dir",
]

APP_NAME = "summarizer"


Part = Literal["request", "retry", "limits", "routing"]
"""A profile's settings in parts: what decides the answer (request, the default), how failures are
retried (retry), how fast calls go (limits), and which profile and key (routing)."""


def _part(part: Part) -> dict[str, Any]:
    return {"part": part}


class RetryPolicy(BaseModel):
    """A profile's retry part: how the model layer retries and how long it waits."""

    model_config = ConfigDict(frozen=True)
    timeout: float
    attempt_timeout: float | None
    transport_retries: int
    max_backoff: float
    max_wait: float


class Limits(BaseModel):
    """A profile's throughput part."""

    model_config = ConfigDict(frozen=True)
    concurrency: int
    requests_per_minute: float | None
    tokens_per_minute: float | None


class Price(BaseModel):
    """USD per million tokens."""

    model_config = ConfigDict(extra="forbid")
    input: float = Field(ge=0)
    output: float = Field(ge=0)
    cached_input: float | None = Field(default=None, ge=0, description="Input read from the prompt cache; default: input.")


class Profile(BaseModel):
    """How to reach one model. Everything but `model` has a sensible default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(default="default", json_schema_extra=_part("routing"))
    model: str = Field(description="'provider/model', e.g. 'openai/gpt-4o-mini' or 'ollama/llama3.1'.")
    base_url: str | None = Field(
        default=None, description="Where this profile's requests (and its key) go; default: the provider's own host."
    )
    api_key_env: str | None = Field(
        json_schema_extra=_part("routing"),
        default=None,
        description="Env var holding the key (default: the provider's usual one); \"\" sends no key at all.",
    )
    mode: Mode | None = Field(default=None, description="Structured-output mode; default: the provider's (registry).")
    temperature: float | None = Field(default=0.0, ge=0, le=2)
    reasoning: bool | None = Field(
        default=None,
        description="True for a reasoning model (no temperature, max_completion_tokens); default: summarizer.structured's table.",
    )
    reasoning_effort: Literal["minimal", "low", "medium", "high"] | None = Field(
        default=None, description="Sent to reasoning models only; default: the provider's."
    )
    max_tokens: int = Field(default=4096, gt=0)
    timeout: float = Field(
        json_schema_extra=_part("retry"),
        default=120.0, gt=0,
        description="Total seconds one request may take on the wire: every attempt and backoff wait included.",
    )
    attempt_timeout: float | None = Field(
        json_schema_extra=_part("retry"),
        default=None, gt=0, description="Cap on one attempt, so a hung one is retried (default: what is left of timeout)."
    )
    transport_retries: int = Field(json_schema_extra=_part("retry"), default=4, ge=0, le=20)
    max_backoff: float = Field(json_schema_extra=_part("retry"), default=60.0, gt=0, description="Cap on one backoff wait, seconds.")
    max_wait: float = Field(
        json_schema_extra=_part("retry"),
        default=120.0, ge=0,
        description="Longest Retry-After pause honoured; a longer one fails the waiting requests, saying so.",
    )
    reasks: int = Field(default=2, ge=0, le=10, description="Re-asks after invalid output.")
    reask_on_ungrounded: bool = Field(default=False, description="Re-ask once when quotes are not found.")
    context_chars: int = Field(default=60_000, gt=1000, description="Split longer articles into chunks.")
    concurrency: int = Field(json_schema_extra=_part("limits"), default=8, ge=1, le=512)
    requests_per_minute: float | None = Field(json_schema_extra=_part("limits"), default=None, gt=0)
    tokens_per_minute: float | None = Field(json_schema_extra=_part("limits"), default=None, gt=0)

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

    @property
    def effective_mode(self) -> Mode:
        """The profile's mode, or its provider's default from the registry."""
        return self.mode if self.mode is not None else provider_spec(self.provider, model=self.model).default_mode

    @classmethod
    def fields_of(cls, part: Part) -> list[str]:
        """The fields of one part; a field that declares none belongs to the request part."""
        return [
            name for name, info in cls.model_fields.items()
            if (info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}).get("part", "request") == part
        ]  # fmt: skip

    @property
    def retry(self) -> RetryPolicy:
        return RetryPolicy(**self.model_dump(include=set(self.fields_of("retry"))))

    @property
    def limits(self) -> Limits:
        return Limits(**self.model_dump(include=set(self.fields_of("limits"))))

    def settings_fingerprint(self) -> dict[str, Any]:
        """The request part as a whole (never the key): everything that can change the answer.

        A new field joins it unless it declares another part, so the cache key cannot silently
        miss a setting."""
        settings = self.model_dump(include=set(self.fields_of("request")))
        return {**settings, "mode": self.effective_mode}


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
    allowed_key_env: list[str] = Field(
        default_factory=list, description="User config only: more key variables a working-directory config may name."
    )
    trusted_projects: list[Path] = Field(
        default_factory=list, description="User config only: project folders whose own config is trusted."
    )
    source: Path | None = Field(default=None, description="The file this config came from.")
    keep_raw_responses: bool = Field(
        default=False,
        description="Write each answer's raw model output (meta.raw_response) into results files and cache rows; "
        "off by default: it repeats the record and was over a third of every line.",
    )
    trusted: bool = Field(default=True, description="Set by load_config: False for a working-directory file not opted in.")

    def profile(self, name: str | None = None) -> Profile | None:
        """Profile `name` (default: the config's default_profile), or None when nothing is configured.

        Reads no environment: resolve_profile passes $SUMMARIZER_PROFILE in as `name`."""
        chosen = name or self.default_profile
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
    env = environment.data_dir()
    return Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME))


def user_config_file() -> Path:
    """The user's own config file (trusted), whether or not it exists."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / "summarizer.toml"


def find_config_file(explicit: str | Path | None = None, cwd: Path | None = None) -> Path | None:
    return _locate(explicit, cwd)[0]


def _locate(explicit: str | Path | None, cwd: Path | None) -> tuple[Path | None, bool]:
    """The config file and whether it was found by searching the working directory (untrusted)."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        return path, False
    env = environment.config_file()
    if env:
        if not Path(env).is_file():
            raise ConfigError(f"SUMMARIZER_CONFIG points to a missing file: {env}")
        return Path(env), False
    here = cwd or Path.cwd()
    if (here / "summarizer.toml").is_file():
        return here / "summarizer.toml", True
    pyproject = here / "pyproject.toml"
    tool = _read_toml(pyproject).get("tool") if pyproject.is_file() else None
    if isinstance(tool, dict) and "summarizer" in tool:
        return pyproject, True
    user = user_config_file()
    return (user, False) if user.is_file() else (None, False)


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


def load_config(path: str | Path | None = None, *, cwd: Path | None = None, trust_project: bool = False) -> Config:
    """Find and validate the config; an empty Config when there is no file.

    A working-directory file is checked against the trust rules (summarizer.trust) unless
    `trust_project`, $SUMMARIZER_TRUST_PROJECT or the user config's trusted_projects opts in."""
    found, searched = _locate(path, cwd)
    if found is None:
        return Config()
    config = _parse(found)
    secrets.watch(*(p.api_key_env for p in config.profiles.values() if p.api_key_env))
    for name, profile in config.profiles.items():
        if profile.base_url is not None:
            check_url(profile.base_url, f"{found}: profile {name!r}")
    if not searched:
        return config
    if config.allowed_key_env or config.trusted_projects:
        raise ConfigError(
            f"{found}: allowed_key_env and trusted_projects belong in your user config ({user_config_file()}), "
            "not in a working-directory file: move them there"
        )
    user = _parse(user_config_file()) if user_config_file().is_file() else Config()
    project = found.parent.resolve()
    if trust_project or environment.trust_project() or any(project == p.expanduser().resolve() for p in user.trusted_projects):
        return config
    check_untrusted(config, found, frozenset(user.allowed_key_env))
    return config.model_copy(update={"trusted": False})


def _parse(found: Path) -> Config:
    data = _read_toml(found)
    if found.name == "pyproject.toml":
        data = _table(_table(data, "tool", found), "summarizer", found)
    _refuse_inline_keys(data, found)
    if "trusted" in data or "source" in data:
        raise ConfigError(f"{found}: 'trusted' and 'source' are set by summarizer, not in the file: remove them")
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


def resolve_profile(
    config: Config,
    profile: str | None = None,
    model: str | None = None,
    *,
    base_url: str | None = None,
    api_key_env: str | None = None,
) -> Profile:
    """The profile a call runs with; nothing configured -> the keyless baseline.

    Profile choice: argument, then $SUMMARIZER_PROFILE, then the config's default. `model` alone
    builds a fresh profile from the registry's defaults for its provider (never another profile's
    URL or key); with an explicit `profile` too, that profile's settings are kept, and its URL and
    key variable only when the provider is the same. `base_url` points the call at an ad-hoc
    server and sends no key unless `api_key_env` names one.
    """
    explicit = profile
    profile = profile or environment.profile_name()
    if model is not None:
        chosen = config.profile(explicit) if explicit is not None else None
        if chosen is None:
            chosen = Profile.model_construct(name=model, model=model)
        elif chosen.model.split("/", 1)[0] == model.split("/", 1)[0]:
            chosen = chosen.model_copy(update={"model": model})
        else:
            chosen = chosen.model_copy(update={"model": model, "base_url": None, "api_key_env": None})
        try:  # a malformed model string fails here as it would in TOML
            Profile.model_validate(chosen.model_dump())
        except ValidationError as exc:
            raise ConfigError(f"--model {model!r}: {exc.errors(include_url=False)[0]['msg']}") from None
    else:
        found = config.profile(profile)
        if found is None:
            if base_url is not None:
                raise ConfigError("--base-url needs --model provider/model (or a profile) to know what to ask for")
            return Profile(name="baseline", model=BASELINE_MODEL)
        chosen = found
    if base_url is not None:
        check_url(base_url, "--base-url")
        chosen = chosen.model_copy(update={"base_url": base_url, "api_key_env": api_key_env or ""})
    elif api_key_env is not None:
        chosen = chosen.model_copy(update={"api_key_env": api_key_env})
    return chosen
