"""Who may decide where keys go and what code runs: the trust model for config files and URLs.

A config given by --config or $SUMMARIZER_CONFIG, or found in the user's config dir, is the
user's own: trusted. A config found by searching the working directory (./summarizer.toml,
./pyproject.toml) may come from any repository the user cloned: it may choose models and
settings, but not (1) send a key to a host other than its provider's default, (2) name a key
variable other than the registry's for that provider (or one listed in `allowed_key_env` of the
user config), or (3) load Python (`schema_path`, a task schema outside summarizer.schemas).
The user opts in with --trust-project ($SUMMARIZER_TRUST_PROJECT=1) or by listing the project
folder in `trusted_projects` of the user config. Everywhere, trusted or not: plain http only to
loopback hosts, and never credentials inside a URL.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from summarizer.errors import ConfigError
from summarizer.model.registry import provider_spec

if TYPE_CHECKING:
    from summarizer.config import Config, Profile

__all__ = ["OPT_IN", "check_untrusted", "check_url", "is_loopback"]

OPT_IN = "pass --trust-project (or set SUMMARIZER_TRUST_PROJECT=1), or list the folder in trusted_projects of your user config"
"""How the user trusts a working-directory config; every refusal of one ends with it."""

_URL_SECRETS = {"key", "api_key", "apikey", "api-key", "token", "access_token", "auth", "password", "secret", "sig"}


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str, where: str) -> None:
    """Refuse a URL carrying credentials, or plain http to a host that is not this machine."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{where}: base_url {url!r} is not an http(s) URL: write https://host/v1")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise ConfigError(
            f"{where}: base_url has credentials in it (user:password@): remove them and put the key in an "
            "environment variable named by api_key_env"
        )
    if any(k.lower() in _URL_SECRETS for k, _ in parse_qsl(parts.query, keep_blank_values=True)):
        raise ConfigError(
            f"{where}: base_url has a credential in its query string: remove it and put the key in an "
            "environment variable named by api_key_env"
        )
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ConfigError(
            f"{where}: base_url {parts.scheme}://{parts.hostname} is plain http to another machine, so the key "
            "and articles would travel unencrypted: use https (plain http is for localhost only)"
        )


def _sends_key(profile: Profile) -> bool:
    if profile.api_key_env is not None:
        return bool(profile.api_key_env)
    return bool(provider_spec(profile.provider, model=profile.model).key_envs)


def check_untrusted(config: Config, path: Path, allowed_key_env: frozenset[str]) -> None:
    """Refuse what a working-directory config may not decide; one line naming the file and the fix."""
    for name, profile in config.profiles.items():
        spec = provider_spec(profile.provider, model=profile.model)
        where = f"{path}: profile {name!r}"
        env = profile.api_key_env
        if env and env not in spec.key_envs and env not in allowed_key_env:
            usual = ", ".join(spec.key_envs) or "none"
            raise ConfigError(
                f"{where} reads the key from {env}, not {spec.name}'s own variable ({usual}), and this file was found "
                f"in the working directory: list {env} in allowed_key_env of your user config, or {OPT_IN}"
            )
        if profile.base_url and _sends_key(profile):
            target = urlsplit(profile.base_url)
            host = f"{target.scheme}://{target.netloc}".lower()
            if host != (spec.default_host or "").lower():
                default = spec.default_host or "none"
                raise ConfigError(
                    f"{where} sends its key to {host}, not {spec.name}'s default host ({default}), and this file was "
                    f"found in the working directory: set api_key_env = \"\" to send no key, or {OPT_IN}"
                )
    for name, task in config.tasks.items():
        if task.schema_path is not None:
            raise ConfigError(
                f"{path}: task {name!r} loads Python from schema_path {task.schema_path}, and this file was found in the "
                f"working directory: move the task to your user config, or {OPT_IN}"
            )
