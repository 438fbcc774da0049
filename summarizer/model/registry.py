"""The provider registry: what each provider is, in one frozen table.

Config (key variables, default URL and mode), the CLI (`--model` profiles), error messages (which
extra to install, which variable to set), the key-routing rule and README's provider table all read
this table; no other module names a provider. Adding a provider is adding one entry here (and, for a
new API family, one adapter in summarizer/providers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Literal
from urllib.parse import urlsplit

from summarizer.errors import ConfigError

__all__ = [
    "BASELINE_MODEL",
    "Capabilities",
    "GENERIC_PROVIDER",
    "Family",
    "Mode",
    "MODES",
    "PROVIDERS",
    "ProviderSpec",
    "known_providers",
    "markdown_table",
    "provider_spec",
]

Mode = Literal["tools", "json", "json_schema", "md_json", "tools_strict"]
MODES: tuple[Mode, ...] = ("tools", "tools_strict", "json", "json_schema", "md_json")
"""Structured-output modes a profile may name; what each means per family lives in the adapter."""


class Family(StrEnum):
    """The wire API a provider speaks: one adapter per family (summarizer/providers)."""

    openai = "openai"  # chat completions: OpenAI and every OpenAI-compatible server
    anthropic = "anthropic"  # the Messages API
    google = "google"  # google-genai generateContent
    rules = "rules"  # the in-process rules baseline: no model, no network
    scripted = "scripted"  # answers replayed from a JSONL file through a loopback OpenAI-style server


@dataclass(frozen=True)
class Capabilities:
    """What the provider's API offers beyond plain chat; the adapters read these flags."""

    strict_schemas: bool = False
    reasoning_params: bool = False
    batch_api: bool = False
    prompt_caching: bool = False


@dataclass(frozen=True)
class ProviderSpec:
    """One provider. `key_envs`: variables holding its key, first set wins; empty = no key."""

    name: str
    family: Family
    default_base_url: str | None
    key_envs: tuple[str, ...]
    default_mode: Mode
    extra: str | None = None
    """The pip extra that installs its SDK: pip install 'incident-summarizer[EXTRA]'."""
    capabilities: Capabilities = field(default_factory=Capabilities)
    needs_base_url: bool = False
    """No public default host: the profile (or --base-url) must say where the server is."""
    local: bool = False
    """Runs in this process (no model call): never cached, never rate limited, costs nothing."""
    note: str = ""

    @property
    def install_hint(self) -> str:
        return f"pip install 'incident-summarizer[{self.extra}]'" if self.extra else "pip install incident-summarizer"

    @property
    def default_host(self) -> str | None:
        """scheme://host[:port] of the default URL: the one place a key may go without a base_url."""
        if self.default_base_url is None:
            return None
        parts = urlsplit(self.default_base_url)
        return f"{parts.scheme}://{parts.netloc}"


_OPENAI_LIKE = Capabilities()

PROVIDERS: MappingProxyType[str, ProviderSpec] = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            ProviderSpec(
                "openai", Family.openai, "https://api.openai.com/v1", ("OPENAI_API_KEY",), "json_schema",
                capabilities=Capabilities(strict_schemas=True, reasoning_params=True, batch_api=True, prompt_caching=True),
                note="OpenAI's API",
            ),
            ProviderSpec(
                "anthropic", Family.anthropic, "https://api.anthropic.com", ("ANTHROPIC_API_KEY",), "tools",
                extra="anthropic",
                capabilities=Capabilities(batch_api=True, prompt_caching=True),
                note="Claude through the Messages API",
            ),
            ProviderSpec(
                "google", Family.google, "https://generativelanguage.googleapis.com", ("GOOGLE_API_KEY", "GEMINI_API_KEY"),
                "json_schema", extra="google",
                capabilities=Capabilities(reasoning_params=True, batch_api=True, prompt_caching=True),
                note="Gemini through google-genai",
            ),
            ProviderSpec(
                "groq", Family.openai, "https://api.groq.com/openai/v1", ("GROQ_API_KEY",), "tools",
                capabilities=_OPENAI_LIKE, note="Groq's OpenAI-compatible API",
            ),
            ProviderSpec(
                "openrouter", Family.openai, "https://openrouter.ai/api/v1", ("OPENROUTER_API_KEY",), "tools",
                capabilities=_OPENAI_LIKE, note="OpenRouter's OpenAI-compatible API",
            ),
            ProviderSpec(
                "mistral", Family.openai, "https://api.mistral.ai/v1", ("MISTRAL_API_KEY",), "tools",
                capabilities=_OPENAI_LIKE, note="Mistral's OpenAI-compatible chat completions",
            ),
            ProviderSpec(
                "ollama", Family.openai, "http://localhost:11434/v1", (), "json_schema",
                note="Ollama's OpenAI-compatible API on this machine; no key",
            ),
            ProviderSpec(
                "vllm", Family.openai, "http://localhost:8000/v1", (), "json_schema",
                note="a vLLM server on this machine; no key",
            ),
            ProviderSpec(
                "compat", Family.openai, None, (), "tools", needs_base_url=True,
                note="any OpenAI-compatible server (llama.cpp, LM Studio, a gateway): set base_url",
            ),
            ProviderSpec(
                "rules", Family.rules, None, (), "tools", local=True,
                note="rules/baseline: the keyless, deterministic rules baseline",
            ),
            ProviderSpec(
                "scripted", Family.scripted, None, (), "tools",
                note="scripted/PATH: answers replayed from a JSONL file through a loopback server (tests, demos)",
            ),
        )
    }
)

BASELINE_MODEL = "rules/baseline"
"""The keyless default's model string."""
GENERIC_PROVIDER = "compat"
"""The provider for any OpenAI-compatible server at a base_url (the testing fakes use it)."""


def markdown_table() -> str:
    """The registry as the Markdown table README's 'Providers' section shows (`summarizer providers`)."""
    rows = ["| provider | API family | default URL | key variable | default mode | extra | notes |", "|---|---|---|---|---|---|---|"]
    for spec in PROVIDERS.values():
        url = f"`{spec.default_base_url}`" if spec.default_base_url else ("your `base_url`" if spec.needs_base_url else "")
        keys = ", ".join(f"`{k}`" for k in spec.key_envs) or "none"
        extra = f"`{spec.extra}`" if spec.extra else ""
        mode = "" if spec.local else spec.default_mode
        rows.append(f"| `{spec.name}` | {spec.family.value} | {url} | {keys} | {mode} | {extra} | {spec.note} |")
    return "\n".join(rows) + "\n"


def known_providers() -> list[str]:
    return sorted(PROVIDERS)


def provider_spec(provider: str, *, model: str | None = None) -> ProviderSpec:
    """The entry for `provider`; ConfigError listing the known ones otherwise."""
    spec = PROVIDERS.get(provider)
    if spec is None:
        import difflib

        where = f" in model {model!r}" if model else ""
        close = difflib.get_close_matches(provider, known_providers(), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(
            f"unknown provider {provider!r}{where}{hint}; known: {', '.join(known_providers())} "
            "(any OpenAI-compatible server: provider 'compat' with base_url)"
        )
    return spec
