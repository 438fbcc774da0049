"""The run log: every prediction, raw response, score and usage of one eval, as versioned,
typed JSON, indexed in a local SQLite store so `eval runs` lists and `eval report/compare/rescore`
reload them. `RunStore.load` is the one reader every consumer (CLI tables, compare, HTML pages,
rescore) goes through; `CaseOutput.failed` is the one rule for a failed case.

A run in progress is a journal (`<id>.partial.jsonl`: a header line, then one line per finished
case, flushed as each case ends), so a crash or Ctrl-C keeps every paid call and `eval run
--resume ID` finishes only the rest.

RUN_VERSION is bumped whenever a field is renamed or reinterpreted; loading refuses a newer one.
Version 1 (untyped `score` and `report` dicts) loads into the version 2 models unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, model_validator

from summarizer.config import user_data_dir
from summarizer.errors import DatasetError, InputError, SummarizerError
from summarizer.evals.dataset import Dataset, load_dataset
from summarizer.evals.scoring.aggregate import Scorecard, ScoredCase
from summarizer.evals.scoring.scorer import ArticleScore
from summarizer.result import QuoteGrounding, Usage
from summarizer.secrets import scrub

__all__ = [
    "RUN_VERSION", "CaseError", "CaseOutput", "CaseScore", "RunJournal", "RunRecord", "RunStore",
    "new_run_id", "run_dataset", "scored_cases",
]  # fmt: skip

RUN_VERSION = 2
"""2: `score` is a CaseScore and `report` a Scorecard (or null) instead of untyped dicts; `task_fn` added."""


class CaseError(BaseModel):
    """Why a case produced no record: the error class and its message."""

    type: str
    message: str
    unexpected: bool = Field(default=False, description="Not a SummarizerError: a bug in the task or the library.")

    @model_validator(mode="before")
    @classmethod
    def _v1_unexpected(cls, data: Any) -> Any:
        # Version 1 marked an unexpected error only by this message prefix.
        if isinstance(data, dict) and "unexpected" not in data and str(data.get("message", "")).startswith("unexpected error (a bug"):
            return {**data, "unexpected": True}
        return data


class CaseScore(BaseModel):
    """One output's counts: [correct, partial, incorrect, missed, spurious] per field path."""

    fields: dict[str, list[int]] = Field(default_factory=dict)
    items: dict[str, list[int]] = Field(default_factory=dict, description="[matched, missed, spurious] per list.")
    key_ok: bool | None = Field(default=None, description="Every key field right; None when the schema names none.")

    def article_score(self) -> ArticleScore:
        return ArticleScore(fields={k: list(v) for k, v in self.fields.items()}, items={k: list(v) for k, v in self.items.items()})


class CaseOutput(BaseModel):
    """One output for one case (one per repeat). `record` is None when no record was produced."""

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
    score: CaseScore | None = None

    @property
    def failed(self) -> bool:
        """The one rule: no record, or an error (a stored record that no longer validates carries one)."""
        return self.record is None or self.error is not None


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
    task_fn: str | None = Field(default=None, description="'module:function' of a user task (eval run --task-fn).")
    repeat: int = 1
    predictions_file: str | None = None
    summarizer_version: str = ""
    cases: list[CaseOutput] = Field(default_factory=list)
    scorecard: Scorecard | None = None
    usage: Usage = Field(default_factory=Usage)
    rescored: dt.datetime | None = None
    scorer_version: int = Field(default=1, description="SCORER_VERSION of the scorer that made the stored counts.")

    @model_validator(mode="before")
    @classmethod
    def _version_1(cls, data: Any) -> Any:
        # Version 1 called the scorecard `report` and stored {} for "not scored yet".
        if isinstance(data, dict) and "report" in data and "scorecard" not in data:
            data = {k: v for k, v in data.items() if k != "report"} | {"scorecard": data["report"] or None}
        return data

    @property
    def failed(self) -> int:
        return sum(o.failed for o in self.cases)

    @property
    def label(self) -> str:
        """What produced the outputs, for titles: the model, the task function, or the predictions file."""
        return self.model or self.task_fn or self.predictions_file or self.kind


def scored_cases(run: RunRecord) -> list[ScoredCase]:
    """The per-output scores stored in a run, as the statistics expect them (no rescoring)."""
    out: list[ScoredCase] = []
    for o in run.cases:
        if o.score is None:
            out.append(ScoredCase(case_id=o.case_id, score=None, sample=o.sample))
        else:
            out.append(ScoredCase(o.case_id, o.score.article_score(), failed=o.failed, key_ok=o.score.key_ok, sample=o.sample))
    return out


def run_dataset(run: RunRecord) -> Dataset:
    """The run's dataset by its stored path, else by name (a clone moved, or another machine)."""
    try:
        return load_dataset(run.dataset_path)
    except SummarizerError:
        return load_dataset(run.dataset)


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
        run = run.model_copy(update={"version": RUN_VERSION})  # an upgraded older run is saved as current
        tmp.write_text(scrub(run.model_dump_json(indent=1), shapes=False), encoding="utf-8")
        tmp.replace(path)
        micro = run.scorecard.micro.f1 if run.scorecard else None
        with self._connect() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO runs VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    run.id, run.created.isoformat(), run.kind, run.dataset, run.task, run.model, run.profile,
                    len(run.cases), run.failed, micro,
                    run.scorecard.key_fields_right if run.scorecard else None, str(path),
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

    # -- runs in progress -----------------------------------------------------------------------
    def journal_path(self, run_id: str) -> Path:
        return self.runs_dir / f"{run_id}{RunJournal.SUFFIX}"

    def partial_runs(self) -> list[str]:
        """Ids of runs that were interrupted and can be resumed, newest first."""
        if not self.runs_dir.is_dir():
            return []
        return sorted((p.name[: -len(RunJournal.SUFFIX)] for p in self.runs_dir.glob(f"*{RunJournal.SUFFIX}")), reverse=True)

    def find_partial(self, ref: str) -> str:
        """A resumable run's id from its id, unique id prefix or 'latest'."""
        ids = self.partial_runs()
        matches = ids[:1] if ref == "latest" else [i for i in ids if i == ref] or [i for i in ids if i.startswith(ref)]
        if not matches:
            known = ", ".join(ids[:5]) or "none"
            raise InputError(f"no interrupted run {ref!r} to resume in {self.runs_dir} (interrupted runs: {known})")
        if len(matches) > 1:
            raise InputError(f"run id {ref!r} is ambiguous: {', '.join(matches[:5])}")
        return matches[0]


class RunJournal:
    """A run in progress, appended one finished case at a time so that a crash loses no paid call.

    Line 1 is the run's header (a RunRecord without cases or report); every further line is one
    CaseOutput. Each line is flushed to disk before the next case is recorded; a torn last line
    (the process killed mid-write) is cut off when the journal is reopened.
    """

    SUFFIX = ".partial.jsonl"

    def __init__(self, path: Path, header: RunRecord, outputs: list[CaseOutput]) -> None:
        self.path = path
        self.header = header
        self.outputs = outputs
        self._file = path.open("ab")

    @classmethod
    def create(cls, store: RunStore, header: RunRecord) -> RunJournal:
        store.runs_dir.mkdir(parents=True, exist_ok=True)
        path = store.journal_path(header.id)
        blank = header.model_copy(update={"cases": [], "scorecard": None})
        path.write_bytes(blank.model_dump_json().encode("utf-8") + b"\n")
        return cls(path, header, [])

    @classmethod
    def reopen(cls, store: RunStore, ref: str) -> RunJournal:
        """The interrupted run `ref` with the outputs it kept, ready to take the remaining ones."""
        path = store.journal_path(store.find_partial(ref))
        data = path.read_bytes()
        keep = data.rfind(b"\n") + 1  # anything after the last newline is a torn write
        lines = data[:keep].splitlines()
        if not lines:
            raise DatasetError(f"{path}: an empty run journal; delete it and start a new run")
        try:
            header = RunRecord.model_validate_json(lines[0])
            outputs = [CaseOutput.model_validate_json(line) for line in lines[1:] if line.strip()]
        except ValidationError as exc:
            raise DatasetError(f"{path}: not a run journal this summarizer can read: {exc.errors()[0]['msg']}") from None
        if keep < len(data):
            with path.open("r+b") as f:
                f.truncate(keep)
        return cls(path, header, outputs)

    def done(self) -> set[tuple[str, int]]:
        return {(o.case_id, o.sample) for o in self.outputs}

    def append(self, output: CaseOutput) -> None:
        if self._file.closed:  # a call that ends after Ctrl-C closed the run: it is simply run again on resume
            return
        self._file.write(output.model_dump_json().encode("utf-8") + b"\n")
        self._file.flush()
        os.fsync(self._file.fileno())
        self.outputs.append(output)

    def close(self) -> None:
        self._file.close()

    def finish(self, store: RunStore, run: RunRecord) -> Path:
        """Store the complete run, then drop the journal (in that order: a crash between keeps both)."""
        self.close()
        path = store.save(run)
        self.path.unlink(missing_ok=True)
        return path

    def __iter__(self) -> Iterator[CaseOutput]:
        return iter(self.outputs)
