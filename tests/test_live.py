"""Live providers: opt-in only (`pytest --live` plus the provider's key); never in the default run."""

from __future__ import annotations

import os

import pytest

from summarizer import summarize
from summarizer.schemas.incident import IncidentSummary

LIVE_MODELS = {
    "OPENAI_API_KEY": "openai/gpt-4o-mini",
    "ANTHROPIC_API_KEY": "anthropic/claude-3-5-haiku-latest",
    "GOOGLE_API_KEY": "google/gemini-2.0-flash",
}


@pytest.mark.live
@pytest.mark.parametrize("key_env", sorted(LIVE_MODELS))
def test_a_real_provider_summarizes_the_seed(key_env: str, seed_text: str) -> None:
    if not os.environ.get(key_env):
        pytest.skip(f"{key_env} is not set")
    result = summarize(seed_text, model=LIVE_MODELS[key_env], published=None)
    assert isinstance(result.record, IncidentSummary)
    assert result.record.incidents
    assert result.grounding_rate > 0.8
