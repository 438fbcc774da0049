"""Helpers for batch tests: many variants of the seed article, and configs pointing at a fake server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.config import Config, Price
from summarizer.testing import FakeOpenAIServer


def variants(text: str, n: int) -> dict[str, str]:
    """n distinct articles (distinct cache keys) that still contain every seed quote."""
    return {f"art-{i:03d}": f"{text}\n\nEditor's note {i}." for i in range(n)}


def config_for(server: FakeOpenAIServer, *, price: Price | None = None, **profile: Any) -> Config:
    settings: dict[str, Any] = {"max_backoff": 0.05, "transport_retries": 0, **profile}
    data: dict[str, Any] = {
        "default_profile": "fake",
        "profiles": {"fake": {"name": "fake", "model": "compat/fake-model", "base_url": server.base_url, **settings}},
    }
    if price is not None:
        data["prices"] = {"compat/fake-model": price.model_dump()}
    return Config.model_validate(data)


def write_jsonl(path: Path, articles: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in articles.items()), encoding="utf-8")
    return path


def read_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
