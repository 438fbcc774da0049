"""SDK clients per API family, built with the route's URL and key, SDK retries off.

Each client gets an explicit base_url and key (never the SDK's environment lookups), max_retries=0
(retries happen once, in the model layer) and an httpx2 client from summarizer.providers.wire.
A missing SDK is a ConfigError naming the extra to install.
"""

from __future__ import annotations

from typing import Any

import httpx2
import instructor

from summarizer.config import Profile
from summarizer.errors import ConfigError
from summarizer.model.registry import Family, ProviderSpec
from summarizer.model.routing import Route
from summarizer.providers.modes import instructor_mode
from summarizer.providers.wire import http_client

__all__ = ["build_client"]

_PLACEHOLDER_KEY = "no-key"  # satisfies SDKs that insist on one; the wire hook strips it


def _missing(spec: ProviderSpec) -> ConfigError:
    return ConfigError(f"provider {spec.name!r} needs its SDK: {spec.install_hint}")


def build_client(
    profile: Profile, spec: ProviderSpec, route: Route, *, transport: httpx2.AsyncBaseTransport | None = None
) -> tuple[Any, httpx2.AsyncClient]:
    """The instructor client for the profile and the httpx2 client under it (closed by the caller)."""
    mode = instructor_mode(profile, spec)
    http = http_client(route, timeout=profile.timeout, transport=transport)
    if spec.family in (Family.openai, Family.scripted):
        import openai

        client = openai.AsyncOpenAI(
            api_key=route.api_key or _PLACEHOLDER_KEY, base_url=route.base_url, timeout=profile.timeout,
            max_retries=0, http_client=http,
        )  # fmt: skip
        return instructor.from_openai(client, mode=mode), http
    if spec.family is Family.anthropic:
        try:
            import anthropic
        except ImportError:
            raise _missing(spec) from None
        aclient = anthropic.AsyncAnthropic(
            api_key=route.api_key or _PLACEHOLDER_KEY, base_url=route.base_url, timeout=profile.timeout,
            max_retries=0, http_client=http,
        )  # fmt: skip
        return instructor.from_anthropic(aclient, mode=mode), http
    if spec.family is Family.google:
        try:
            from google import genai  # type: ignore[import-not-found, unused-ignore]
            from google.genai import types  # type: ignore[import-not-found, unused-ignore]
        except ImportError:
            raise _missing(spec) from None
        options = types.HttpOptions(base_url=route.base_url, timeout=int(profile.timeout * 1000))
        gclient = genai.Client(api_key=route.api_key or _PLACEHOLDER_KEY, http_options=options)
        from instructor.v2.providers.genai.client import from_genai

        return from_genai(gclient, mode=mode, use_async=True), http
    raise ConfigError(f"provider {spec.name!r} (family {spec.family.value}) is not reached through an SDK")
