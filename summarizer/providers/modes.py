"""Structured-output modes per API family, and the request keywords each family takes.

This is where a provider's way of asking for structured output lives: `instructor_mode` maps a
profile's mode to instructor's mode for the family; `request_kwargs` builds the keywords of one
create() call (token limit, temperature, per-request deadline, headers). Registry capability
flags (summarizer.model.registry) say what a provider supports; this module decides how to ask.
"""

from __future__ import annotations

from typing import Any

import instructor

from summarizer.config import Profile
from summarizer.errors import ConfigError
from summarizer.model.registry import Family, Mode, ProviderSpec

__all__ = ["instructor_mode", "request_kwargs"]

_GENERIC: dict[Mode, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "tools_strict": instructor.Mode.TOOLS_STRICT,
    "json": instructor.Mode.JSON,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "md_json": instructor.Mode.MD_JSON,
}

_BY_FAMILY: dict[Family, dict[Mode, instructor.Mode]] = {
    Family.openai: _GENERIC,
    Family.scripted: _GENERIC,
    Family.anthropic: {"tools": instructor.Mode.TOOLS, "json": instructor.Mode.JSON},  # from_anthropic picks the provider
    Family.google: {"tools": instructor.Mode.GENAI_TOOLS, "json": instructor.Mode.GENAI_JSON,
                    "json_schema": instructor.Mode.GENAI_STRUCTURED_OUTPUTS},
}


def instructor_mode(profile: Profile, spec: ProviderSpec) -> instructor.Mode:
    modes = _BY_FAMILY.get(spec.family, {})
    mode = profile.effective_mode
    if mode not in modes:
        raise ConfigError(
            f"profile {profile.name!r}: mode {mode!r} is not available for provider {spec.name!r}; "
            f"use one of {', '.join(modes) or '(none)'}"
        )
    return modes[mode]


def request_kwargs(profile: Profile, spec: ProviderSpec, *, timeout: float, headers: dict[str, str]) -> dict[str, Any]:
    """Keywords for one create() call besides model, messages, response_model and re-asks."""
    kwargs: dict[str, Any] = {"max_tokens": profile.max_tokens}
    # The anthropic 2.x SDK's messages.create() has no temperature parameter (it raises TypeError).
    if profile.temperature is not None and spec.family is not Family.anthropic:
        kwargs["temperature"] = profile.temperature
    if spec.family in (Family.openai, Family.scripted, Family.anthropic):
        kwargs["timeout"] = timeout  # the SDK's own limit for this request: what is left of the deadline
        if headers:
            kwargs["extra_headers"] = headers
    return kwargs
