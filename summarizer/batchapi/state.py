"""Job state on disk: written before every provider call that creates something, replaced atomically.

`job.json` lists the job's batches. A batch is first recorded as an *intent* (its tag, the file
of its requests and the ids of its articles) and only then created, carrying the tag in the
provider's batch metadata; after a kill between the create call and the state write, the next
run finds the batch by its tag instead of creating it again (see summarizer.batchapi.jobs).
Article ids live in one small file per batch (one id a line, the line number is the custom id),
so job.json stays a few hundred bytes per batch however many articles there are.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from summarizer.errors import InputError

__all__ = ["BatchEntry", "JobState", "STATE_VERSION"]

STATE_VERSION = 1
Status = Literal["intent", "submitted", "collected"]


class BatchEntry(BaseModel):
    n: int
    tag: str
    """Unique per batch; sent as batch metadata (OpenAI), display name (Gemini), custom-id prefix (all)."""
    status: Status = "intent"
    count: int
    bytes: int
    intent_at: float
    batch_id: str | None = None
    provider_status: str | None = None
    mode: Literal["batch", "retry"] = "batch"


class JobState(BaseModel):
    version: int = STATE_VERSION
    provider: str
    model: str
    profile: str
    task: str
    input: str
    output: str
    discount: float
    batches: list[BatchEntry] = Field(default_factory=list)

    @staticmethod
    def path_in(directory: Path) -> Path:
        return directory / "job.json"

    @classmethod
    def load(cls, directory: Path) -> JobState | None:
        path = cls.path_in(directory)
        if not path.exists():
            return None
        try:
            state = cls.model_validate_json(path.read_bytes())
        except ValueError as exc:
            raise InputError(f"{path} is not job state this tool wrote ({str(exc).splitlines()[0]}): pick another --state") from None
        if state.version != STATE_VERSION:
            raise InputError(f"{path} has state version {state.version}, this tool reads {STATE_VERSION}")
        return state

    def save(self, directory: Path) -> None:
        """Atomic: a kill leaves the old state or the new one, never half of either."""
        directory.mkdir(parents=True, exist_ok=True)
        path = self.path_in(directory)
        temp = path.with_name(f".job.{os.getpid()}.tmp")
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(self.model_dump_json(indent=1))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)

    @staticmethod
    def ids_path(directory: Path, n: int) -> Path:
        return directory / f"batch-{n:04d}.ids"

    @staticmethod
    def requests_path(directory: Path, n: int) -> Path:
        return directory / f"batch-{n:04d}.jsonl"

    @staticmethod
    def ids(directory: Path, n: int) -> list[str]:
        return [json.loads(line) for line in JobState.ids_path(directory, n).read_text(encoding="utf-8").splitlines()]
