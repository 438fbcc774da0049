"""Cache rows carry the result format's version: a row of another version is ignored, never misread."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from summarizer.api import prepare
from summarizer.cache import open_cache
from summarizer.model import layer
from summarizer.result import RESULT_VERSION
from summarizer.testing import FakeModel, Reply


def test_a_row_of_another_result_version_is_a_miss_and_is_replaced(seed_text: str, seed_answer: dict[str, Any]) -> None:
    with FakeModel([Reply.with_record(seed_answer)] * 2) as fake:
        prep = prepare(seed_text, config=fake.config)
        first = layer.model_for(prep.profile)  # outside a loop: a fresh Model each time, like the CLI's


        async def twice() -> Any:
            stored = await prep.model.run(prep)
            open_cache(fake.config).put(prep.cache_key(), stored.model_copy(update={"version": 99}))
            assert prep.model.cached(prep) is None  # written under another format: ignored
            return await prep.model.run(prep)

        again = asyncio.run(twice())
        assert not again.meta.cached and len(fake.requests) == 2
        assert prep.model.cached(prep) is not None  # the fresh answer replaced the old row
        assert first is not prep.model


def test_the_key_covers_the_result_and_key_versions(seed_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeModel() as fake:
        before = prepare(seed_text, config=fake.config).cache_key()
        monkeypatch.setattr(layer, "CACHE_KEY_VERSION", layer.CACHE_KEY_VERSION + 1)
        bumped = prepare(seed_text, config=fake.config).cache_key()
        monkeypatch.setattr(layer, "RESULT_VERSION", RESULT_VERSION + 1)
        both = prepare(seed_text, config=fake.config).cache_key()
    assert len({before, bumped, both}) == 3
