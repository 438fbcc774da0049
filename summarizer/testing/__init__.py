"""Script a model in your own tests, with no network beyond 127.0.0.1.

    from summarizer import summarize
    from summarizer.testing import FakeModel, Reply

    with FakeModel([Reply.with_record(my_record)]) as fake:
        result = summarize(text, config=fake.config)
    assert fake.requests[0]["messages"][0]["role"] == "system"

Scripted answers travel over real HTTP through openai + instructor, so parsing, validation,
re-asks, retries and grounding behave exactly as with a real provider.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from summarizer.config import Config, Profile
from summarizer.testing.server import FakeOpenAIServer, Reply

__all__ = ["FakeModel", "FakeOpenAIServer", "Reply"]


class FakeModel(FakeOpenAIServer):
    """A FakeOpenAIServer plus a ready profile/config pointing at it (provider 'compat')."""

    def __init__(self, replies: Iterable[Reply] = (), *, mode: str = "tools", **profile: Any) -> None:
        super().__init__(replies)
        self._mode = mode
        self._profile_overrides = profile

    @property
    def profile(self) -> Profile:
        settings: dict[str, Any] = {"max_backoff": 0.05, **self._profile_overrides}
        return Profile(name="fake", model="compat/fake-model", base_url=self.base_url, mode=self._mode, **settings)  # type: ignore[arg-type]

    @property
    def config(self) -> Config:
        return Config(default_profile="fake", profiles={"fake": self.profile})

    def __enter__(self) -> FakeModel:
        self.start()
        return self
