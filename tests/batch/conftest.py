"""Fixtures for batch tests."""

from __future__ import annotations

import pytest
from batch_helpers import variants


@pytest.fixture
def articles(seed_text: str) -> dict[str, str]:
    """Six distinct articles, each containing every seed quote."""
    return variants(seed_text, 6)
