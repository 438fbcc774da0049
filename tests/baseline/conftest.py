"""Shared fixtures for the rules baseline tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.article import Article, ArticleMeta

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (DATA / "mali-jnim-ambush-2023-01-10.txt").read_text("utf-8")


@pytest.fixture(scope="session")
def seed(seed_text: str) -> Article:
    """The seed article with no publication date, as the done-when requires."""
    return Article(text=seed_text, meta=ArticleMeta())
