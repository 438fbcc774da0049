"""Pick a backend for a profile: the provider is the part of the model string before the slash."""

from __future__ import annotations

from summarizer.config import DEFAULT_KEY_ENV, Profile
from summarizer.errors import ConfigError
from summarizer.providers.base import Backend, Completion, Messages

__all__ = ["Backend", "Completion", "Messages", "KNOWN_PROVIDERS", "get_backend"]

KNOWN_PROVIDERS = sorted(DEFAULT_KEY_ENV)


def get_backend(profile: Profile) -> Backend:
    """Build the backend; unknown providers and missing keys fail here, before any call."""
    provider = profile.provider
    if provider not in DEFAULT_KEY_ENV:
        raise ConfigError(
            f"unknown provider {provider!r} in model {profile.model!r}; known: {', '.join(KNOWN_PROVIDERS)} "
            "(any OpenAI-compatible server: provider 'compat' with base_url)"
        )
    if provider == "rules":
        from summarizer.providers.rules import RulesBackend

        return RulesBackend(profile)
    if provider == "scripted":
        from summarizer.providers.scripted import ScriptedBackend

        return ScriptedBackend(profile)
    from summarizer.providers.llm import LLMBackend

    return LLMBackend(profile)
