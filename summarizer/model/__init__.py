"""The model layer and the provider registry.

    summarizer.model.registry   what each provider is (one frozen table)
    summarizer.model.routing    where a profile's requests and key go
    summarizer.model.layer      Model: cache, retries under a deadline, lane, rate limit, cost
    summarizer.model.events     the `summarizer` logger's call events

This package's __init__ stays light (config imports the registry); import the layer as
`from summarizer.model.layer import Model`.
"""

from __future__ import annotations

from summarizer.model.registry import (
    PROVIDERS,
    Capabilities,
    Family,
    ProviderSpec,
    known_providers,
    provider_spec,
)

__all__ = ["PROVIDERS", "Capabilities", "Family", "ProviderSpec", "known_providers", "provider_spec"]
