"""Script a model in your own tests.

In process, no socket (the model object seam):

    from summarizer import summarize
    from summarizer.testing import TestModel

    fake = TestModel([my_record])
    result = summarize(text, model=fake)
    assert fake.requests[0][0]["role"] == "system"

Over real HTTP on 127.0.0.1, through openai + instructor, so parsing, validation, re-asks,
retries and grounding behave exactly as with a real provider:

    with FakeModel([Reply.with_record(my_record)]) as fake:
        result = summarize(text, config=fake.config)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from summarizer.config import Config, Profile
from summarizer.model.registry import GENERIC_PROVIDER
from summarizer.testing.model import TestModel
from summarizer.testing.server import FakeOpenAIServer, Reply

__all__ = ["FakeModel", "FakeOpenAIServer", "Reply", "TestModel"]


class FakeModel(FakeOpenAIServer):
    """A FakeOpenAIServer plus a ready profile/config pointing at it (provider 'compat')."""

    def __init__(self, replies: Iterable[Reply] = (), *, mode: str | None = None, **profile: Any) -> None:
        super().__init__(replies)
        self._mode = mode
        self._profile_overrides = profile

    @property
    def profile(self) -> Profile:
        settings: dict[str, Any] = {"max_backoff": 0.05, **self._profile_overrides}
        return Profile(name="fake", model=f"{GENERIC_PROVIDER}/fake-model", base_url=self.base_url, mode=self._mode, **settings)  # type: ignore[arg-type]

    @property
    def config(self) -> Config:
        return Config(default_profile="fake", profiles={"fake": self.profile})

    def __enter__(self) -> FakeModel:
        self.start()
        return self
