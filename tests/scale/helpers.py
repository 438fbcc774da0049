"""Shared by the scale tests: a corpus table, a config file, a fake that fails marked articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from summarizer.testing import FakeOpenAIServer, Reply

FAULT = "FAULT-INJECTED"


def corpus(text: str, n: int, *, faulty_every: int = 0) -> dict[str, str]:
    """n distinct articles; with `faulty_every`, every k-th carries the marker the fake refuses."""
    docs = {}
    for i in range(n):
        marker = f" {FAULT}" if faulty_every and i % faulty_every == 0 else ""
        docs[f"art-{i:03d}"] = f"{text}\n\nEditor's note {i}.{marker}"
    return docs


def responder(seed_answer: dict[str, Any]) -> Any:
    """The seed record for every article, a 400 for those carrying the fault marker."""

    def answer(request: dict[str, Any], headers: dict[str, str]) -> Reply:
        if FAULT in json.dumps(request.get("messages"), ensure_ascii=False):
            return Reply.error(400, "injected fault: this article is refused")
        return Reply.with_record(seed_answer)

    return answer


def fake_server(seed_answer: dict[str, Any]) -> FakeOpenAIServer:
    return FakeOpenAIServer(responder=responder(seed_answer))


def write_parquet(path: Path, docs: dict[str, str]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([{"id": k, "text": v} for k, v in docs.items()]), path)
    return path


def config_file(tmp_path: Path, server: FakeOpenAIServer) -> Path:
    lines = ['default_profile = "fake"', "[profiles.fake]", 'model = "compat/fake-model"', f'base_url = "{server.base_url}"',
             "max_backoff = 0.05", "transport_retries = 0"]  # fmt: skip
    path = tmp_path / "summarizer.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
