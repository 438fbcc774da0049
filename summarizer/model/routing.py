"""Key routing: which URL a profile's requests go to, and which key (if any) travels with them.

The rule: a key goes only to its provider's default host, or to the `base_url` written in the same
profile. `--model` profiles are built from registry defaults (summarizer.config.resolve_profile),
`--base-url` sets `api_key_env = ""` (no key) unless `--api-key-env` names one. The SDK clients
get the URL and key explicitly, so their own environment lookups (OPENAI_BASE_URL, ANTHROPIC_API_KEY
...) never pick a destination or a credential, and the wire hook (summarizer.providers.wire)
strips credentials from any request that would leave the routed origin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from summarizer import environment
from summarizer.config import Profile
from summarizer.errors import ConfigError
from summarizer.model.registry import ProviderSpec
from summarizer.secrets import watch

__all__ = ["Route", "origin", "route_for"]


@dataclass(frozen=True)
class Route:
    base_url: str | None
    key_env: str | None
    api_key: str | None = field(default=None, repr=False)

    @property
    def origin(self) -> str | None:
        return origin(self.base_url) if self.base_url else None


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def key_env_for(profile: Profile, spec: ProviderSpec) -> str | None:
    """The variable to read: the profile's own, none for `""`, else the provider's first set one."""
    if profile.api_key_env is not None:
        return profile.api_key_env or None
    if not spec.key_envs:
        return None
    return environment.first_set(spec.key_envs) or spec.key_envs[0]


def route_for(profile: Profile, spec: ProviderSpec) -> Route:
    """Decide URL and key before any client exists; ConfigError names what to set."""
    base_url = profile.base_url or spec.default_base_url
    if spec.needs_base_url and not profile.base_url:
        raise ConfigError(
            f"profile {profile.name!r}: provider {spec.name!r} needs base_url (your server's /v1 URL), "
            "in the profile or as --base-url"
        )
    env = key_env_for(profile, spec)
    key = None
    if env is not None:
        watch(env)  # whatever variable a key comes from, its value is scrubbed everywhere
        key = environment.secret(env)
        if key is None:
            raise ConfigError(f"profile {profile.name!r} ({profile.model}) needs an API key: set the environment variable {env}")
    return Route(base_url=base_url, key_env=env, api_key=key)
