"""The run record: every prediction, raw response, score and usage of one eval, versioned JSON,
indexed in a local SQLite store so `eval runs` lists and `eval report/compare/rescore` reload them.

RUN_VERSION is bumped whenever a field is renamed or reinterpreted; loading refuses a newer one.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sqlite3
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from summarizer.config import user_data_dir
from summarizer.errors import DatasetError, InputError
from summarizer.result import QuoteGrounding, Usage
from summarizer.secrets import scrub

__all__ = ["RUN_VERSION", "CaseError", "CaseOutput", "RunRecord", "RunStore", "new_run_id"]

RUN_VERSION = 1


class CaseError(BaseModel):
    """Why a case produced no record: the error class and its message."""

    type: str
    message: str


class CaseOutput(BaseModel):
    """One output for one case (one per repeat). `record` is None when the case failed."""

    case_id: str
    sample: int = 0
    record: dict[str, Any] | None = None
    raw_response: str | None = None
    grounding: list[QuoteGrounding] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    meta: dict[str, Any] | None = Field(default=None, description="The SummaryResult's ResultMeta, raw response aside.")
    error: CaseError | None = None
    external: dict[str, Any] | None = Field(
        default=None, description="A prediction in another format (eval score --external), for extra metrics only."
    )
    latency_s: float = 0.0
    score: dict[str, Any] | None = Field(
        default=None, description="{'fields': {path: [cor, par, inc, mis, spu]}, 'items': ..., 'key_ok': bool}"
    )


class RunRecord(BaseModel):
    version: int = RUN_VERSION
    id: str
    created: dt.datetime
    kind: str = Field(description="'run' (a model was called), 'score' (predictions from a file), 'agree'.")
    dataset: str
    dataset_path: str
    task: str
    model: str | None = None
    profile: str | None = None
    repeat: int = 1
    predictions_file: str | None = None
    summarizer_version: str = ""
    cases: list[CaseOutput] = Field(default_factory=list)
    report: dict[str, Any] = Field(default_factory=dict)
    usage: Usage = Field(default_factory=Usage)
    rescored: dt.datetime | None = None
    scorer_version: int = Field(default=1, description="SCORER_VERSION of the scorer that made the stored counts.")


def new_run_id(now: dt.datetime | None = None) -> str:
    """Sortable and unique: UTC time to the second plus 6 random hex digits."""
    now = now or dt.datetime.now(dt.UTC)
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY, created TEXT NOT NULL, kind TEXT NOT NULL, dataset TEXT NOT NULL,
    task TEXT NOT NULL, model TEXT, profile TEXT, cases INTEGER NOT NULL, failed INTEGER NOT NULL,
    micro_f1 REAL, key_fields_right REAL, path TEXT NOT NULL
)
"""


class RunStore:
    """Run records as JSON files under <data dir>/runs, indexed in <data dir>/runs.sqlite."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.root = Path(data_dir) if data_dir is not None else user_data_dir()
        self.runs_dir = self.root / "runs"
        self.db_path = self.root / "runs.sqlite"

    def _connect(self) -> sqlite3.Connection:
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.db_path)
        conn.execute(_SCHEMA)
        return conn

    def save(self, run: RunRecord) -> Path:
        """Write the record (atomically) and upsert its index row."""
        path = self.runs_dir / f"{run.id}.json"
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(scrub(run.model_dump_json(indent=1), shapes=False), encoding="utf-8")
        tmp.replace(path)
        micro = run.report.get("micro", {}).get("f1")
        with self._connect() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO runs VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    run.id, run.created.isoformat(), run.kind, run.dataset, run.task, run.model, run.profile,
                    len(run.cases), sum(c.error is not None for c in run.cases), micro,
                    run.report.get("key_fields_right"), str(path),
                ),
            )  # fmt: skip
        conn.close()
        return path

    def entries(self, *, dataset: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Newest first; each row is the index entry, not the full record."""
        with self._connect() as conn:
            conn.row_factory = sqlite3.Row
            sql = "SELECT * FROM runs" + (" WHERE dataset = ?" if dataset else "") + " ORDER BY created DESC, id DESC LIMIT ?"
            rows = conn.execute(sql, (dataset, limit) if dataset else (limit,)).fetchall()
        conn.close()
        return [dict(r) for r in rows]

    def load(self, ref: str) -> RunRecord:
        """A run by id (or unique id prefix, or 'latest') from the store, or a run JSON file by path."""
        path = Path(ref)
        if not (ref.endswith(".json") and path.is_file()):
            path = self._find(ref)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"cannot read run record {path}: {exc}") from None
        version = data.get("version") if isinstance(data, dict) else None
        if not isinstance(version, int) or version > RUN_VERSION:
            raise DatasetError(f"{path}: run record version {version!r} is not supported (this summarizer reads <= {RUN_VERSION}); upgrade summarizer")
        try:
            return RunRecord.model_validate(data)
        except ValidationError as exc:
            raise DatasetError(f"{path}: not a valid run record: {exc.errors()[0]['loc']} {exc.errors()[0]['msg']}") from None

    def _find(self, ref: str) -> Path:
        with self._connect() as conn:
            if ref == "latest":
                rows = conn.execute("SELECT id, path FROM runs ORDER BY created DESC, id DESC LIMIT 1").fetchall()
            else:
                rows = conn.execute("SELECT id, path FROM runs WHERE id LIKE ? ORDER BY id", (ref + "%",)).fetchall()
        conn.close()
        if not rows:
            raise InputError(f"no stored run {ref!r} in {self.db_path}; `summarizer eval runs` lists them")
        if len(rows) > 1 and rows[0][0] != ref:
            raise InputError(f"run id {ref!r} is ambiguous: {', '.join(r[0] for r in rows[:5])}")
        indexed = Path(rows[0][1])
        # The data dir may have moved since the run was indexed: look beside the index too.
        return indexed if indexed.is_file() else self.runs_dir / f"{rows[0][0]}.json"
