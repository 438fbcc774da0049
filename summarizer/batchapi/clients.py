"""Each provider's batch endpoints through its own SDK: create (upload first), find by tag, status, results.

| family    | create                                   | found again by          | results                     |
|-----------|------------------------------------------|-------------------------|-----------------------------|
| openai    | files.create(purpose=batch), batches.create | metadata summarizer_tag | output file, then error file |
| anthropic | messages.batches.create(requests=...)    | creation time + count   | messages.batches.results    |
| google    | files.upload (resumable), batches.create | display_name            | dest file, files.download   |

Anthropic's Message Batches take no metadata, so a batch lost between create and state write is
recognised by being created after the intent with exactly the intent's request count.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from summarizer.config import Profile
from summarizer.errors import ConfigError
from summarizer.model.registry import Family, ProviderSpec
from summarizer.model.routing import Route

__all__ = ["BatchClient", "Status", "client_for"]

TAG_KEY = "summarizer_tag"


@dataclass(frozen=True)
class Status:
    """`state`: the provider's own word; `ended`: no further change will come; `failed`: why, when it did."""

    state: str
    ended: bool
    counts: str = ""
    failed: str | None = None


class BatchClient(Protocol):
    def create(self, requests: Path, tag: str, count: int) -> str: ...
    def find(self, tag: str, count: int, since: float) -> str | None: ...
    def status(self, batch_id: str) -> Status: ...
    def results(self, batch_id: str, scratch: Path) -> Iterator[bytes]: ...
    def cancel(self, batch_id: str) -> None: ...


def _lines(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        for line in handle:
            if line.strip():
                yield line


class OpenAIBatches:
    def __init__(self, profile: Profile, route: Route) -> None:
        import openai

        self.sdk = openai.OpenAI(api_key=route.api_key or "no-key", base_url=route.base_url, max_retries=3, timeout=profile.timeout)

    def create(self, requests: Path, tag: str, count: int) -> str:
        with open(requests, "rb") as handle:
            uploaded = self.sdk.files.create(file=(f"{tag}.jsonl", handle), purpose="batch")
        batch = self.sdk.batches.create(
            input_file_id=uploaded.id, endpoint="/v1/chat/completions", completion_window="24h", metadata={TAG_KEY: tag}
        )
        return batch.id

    def find(self, tag: str, count: int, since: float) -> str | None:
        for batch in self.sdk.batches.list(limit=100):
            if (batch.metadata or {}).get(TAG_KEY) == tag:
                return batch.id
            if batch.created_at < since - 60:
                return None  # newest first: nothing older can be ours
        return None

    def status(self, batch_id: str) -> Status:
        b = self.sdk.batches.retrieve(batch_id)
        counts = f"{b.request_counts.completed} done, {b.request_counts.failed} failed of {b.request_counts.total}" if b.request_counts else ""
        failed = None
        if b.status == "failed":
            failed = "; ".join(e.message or e.code or "" for e in (b.errors.data if b.errors and b.errors.data else [])) or "failed"
        return Status(b.status, b.status in ("completed", "expired", "cancelled", "failed"), counts, failed)

    def results(self, batch_id: str, scratch: Path) -> Iterator[bytes]:
        b = self.sdk.batches.retrieve(batch_id)
        for file_id in (b.output_file_id, b.error_file_id):
            if not file_id:
                continue
            path = scratch / f"{batch_id}-{file_id}.jsonl"
            with self.sdk.files.with_streaming_response.content(file_id) as response, open(path, "wb") as out:
                for chunk in response.iter_bytes():
                    out.write(chunk)
            yield from _lines(path)
            path.unlink()

    def cancel(self, batch_id: str) -> None:
        self.sdk.batches.cancel(batch_id)


class AnthropicBatches:
    def __init__(self, profile: Profile, route: Route) -> None:
        import anthropic

        self.sdk = anthropic.Anthropic(api_key=route.api_key or "no-key", base_url=route.base_url, max_retries=3, timeout=profile.timeout)

    def create(self, requests: Path, tag: str, count: int) -> str:
        items = [json.loads(line) for line in _lines(requests)]
        return str(self.sdk.messages.batches.create(requests=items).id)

    def find(self, tag: str, count: int, since: float) -> str | None:
        for batch in self.sdk.messages.batches.list(limit=100):
            created = batch.created_at.timestamp()
            if created < since - 60:
                return None
            c = batch.request_counts
            total = c.processing + c.succeeded + c.errored + c.canceled + c.expired
            if created >= since - 5 and total == count:
                return str(batch.id)
        return None

    def status(self, batch_id: str) -> Status:
        b = self.sdk.messages.batches.retrieve(batch_id)
        c = b.request_counts
        counts = f"{c.succeeded} succeeded, {c.errored} errored, {c.expired} expired, {c.canceled} canceled, {c.processing} processing"
        return Status(b.processing_status, b.processing_status == "ended", counts)

    def results(self, batch_id: str, scratch: Path) -> Iterator[bytes]:
        for item in self.sdk.messages.batches.results(batch_id):
            yield item.to_json(indent=None).encode("utf-8")

    def cancel(self, batch_id: str) -> None:
        self.sdk.messages.batches.cancel(batch_id)


class GeminiBatches:
    _ENDED = {"JOB_STATE_SUCCEEDED", "JOB_STATE_FAILED", "JOB_STATE_CANCELLED", "JOB_STATE_EXPIRED"}

    def __init__(self, profile: Profile, route: Route) -> None:
        try:
            from google import genai  # type: ignore[import-not-found, unused-ignore]
            from google.genai import types  # type: ignore[import-not-found, unused-ignore]
        except ImportError:
            raise ConfigError("provider 'google' needs its SDK: pip install 'incident-summarizer[google]'") from None
        options = types.HttpOptions(base_url=route.base_url, api_version="v1beta", timeout=int(profile.timeout * 1000))
        self.sdk: Any = genai.Client(api_key=route.api_key or "no-key", http_options=options)
        self.model = profile.model_name

    def create(self, requests: Path, tag: str, count: int) -> str:
        uploaded = self.sdk.files.upload(file=str(requests), config={"mime_type": "jsonl", "display_name": tag})
        batch = self.sdk.batches.create(model=self.model, src=uploaded.name, config={"display_name": tag})
        return str(batch.name)

    def find(self, tag: str, count: int, since: float) -> str | None:
        for batch in self.sdk.batches.list(config={"page_size": 100}):
            if batch.display_name == tag:
                return str(batch.name)
        return None

    def status(self, batch_id: str) -> Status:
        b = self.sdk.batches.get(name=batch_id)
        state = getattr(b.state, "name", str(b.state))
        failed = str(b.error.message) if state == "JOB_STATE_FAILED" and b.error is not None else None
        return Status(state, state in self._ENDED, "", failed)

    def results(self, batch_id: str, scratch: Path) -> Iterator[bytes]:
        b = self.sdk.batches.get(name=batch_id)
        if b.dest is None or not b.dest.file_name:
            return
        path = scratch / f"{batch_id.replace('/', '_')}.jsonl"
        path.write_bytes(self.sdk.files.download(file=b.dest.file_name))
        yield from _lines(path)
        path.unlink()

    def cancel(self, batch_id: str) -> None:
        self.sdk.batches.cancel(name=batch_id)


def client_for(profile: Profile, spec: ProviderSpec, route: Route) -> BatchClient:
    if spec.family is Family.anthropic:
        return AnthropicBatches(profile, route)
    if spec.family is Family.google:
        return GeminiBatches(profile, route)
    return OpenAIBatches(profile, route)


def scratch_dir(state_dir: Path) -> Path:
    path = state_dir / "scratch"
    path.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=path))
