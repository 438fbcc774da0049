"""Results as a table, one row per article: the one writer for JSONL, Parquet and CSV results.

Both the batch (`summarize --output x.parquet`) and the Ray path (summarizer.scale) write
through `ResultsWriter`, so a row means the same thing whichever path made it. Columns:

    id             the article's id
    ok             true when `result` holds a record
    result         the SummaryResult as JSON text (null on failure)
    error_type     the error's class name, e.g. TransportError (null on success)
    error_message  what went wrong and what to do (null on success)
    usage          tokens a failed article still spent, as JSON text (null when none)

JSON text in `result` keeps the record exact (no lossy flattening); the tidy per-incident and
per-figure tables derive from it (summarizer.export, whose Parquet reader reads these columns).
Parquet and CSV need pyarrow (`pip install 'incident-summarizer[parquet]'`).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from summarizer.batch.output import encode_line
from summarizer.errors import InputError

__all__ = ["COLUMNS", "FORMATS", "ResultsSink", "ResultsWriter", "TableSink", "format_of", "pyarrow_schema", "read_rows", "row_of_line"]

COLUMNS = ("id", "ok", "result", "error_type", "error_message", "usage")
FORMATS = {".jsonl": "jsonl", ".parquet": "parquet", ".csv": "csv"}


class ResultsSink(Protocol):
    """Where a batch puts its lines: ResultsFile (JSONL), TableSink (Parquet, CSV), StreamOut, or yours.

    `done` maps ids already there to whether they succeeded (resume skips them); `models` names
    the models of those results (resume refuses to mix in another).
    """

    done: dict[str, bool]
    models: set[str]
    torn_bytes: int

    @property
    def path(self) -> Path | None: ...

    def write(self, obj: dict[str, Any], raw: dict[str, str] | None = None) -> None: ...

    def write_line(self, data: bytes) -> None: ...

    def close(self) -> None: ...


def format_of(path: Path) -> str:
    """The results format a path's suffix names; any other suffix is a one-line InputError."""
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise InputError(f"{path}: results are written as .jsonl, .parquet or .csv; pick one of these suffixes")
    return found


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError:
        raise InputError("Parquet and CSV need pyarrow: pip install 'incident-summarizer[parquet]'") from None
    return pyarrow


def pyarrow_schema() -> Any:
    """The Arrow schema of a results table (every block and file has exactly these columns)."""
    pa = _pyarrow()
    return pa.schema([("id", pa.string()), ("ok", pa.bool_()), ("result", pa.string()), ("error_type", pa.string()),
                      ("error_message", pa.string()), ("usage", pa.string())])  # fmt: skip


def row_of_line(obj: dict[str, Any], raw: dict[str, str] | None = None) -> dict[str, Any]:
    """The table row of one batch results line (`raw` holds keys whose values are JSON text already)."""
    raw = raw or {}
    error = obj.get("error") if isinstance(obj.get("error"), dict) else {}
    result = raw.get("result")
    if result is None and obj.get("result") is not None:
        result = json.dumps(obj["result"], ensure_ascii=False, separators=(",", ":"))
    usage = obj.get("usage")
    return {
        "id": str(obj["id"]),
        "ok": bool(obj.get("ok")),
        "result": result,
        "error_type": error.get("type") if error else None,
        "error_message": error.get("message") if error else None,
        "usage": json.dumps(usage, separators=(",", ":")) if usage is not None else None,
    }


def _line_of_row(row: dict[str, Any]) -> bytes:
    """A row as the batch's JSONL line: {"id", "ok", "result"} or {"id", "ok", "error", "usage"?}."""
    obj: dict[str, Any] = {"id": row["id"], "ok": bool(row["ok"])}
    raw: dict[str, str] = {}
    if row["ok"]:
        raw["result"] = row["result"]
    else:
        obj["error"] = {"type": row.get("error_type") or "Error", "message": row.get("error_message") or "failed"}
        if row.get("usage"):
            raw["usage"] = row["usage"]
    return encode_line(obj, raw)


class ResultsWriter:
    """Streams rows into a results file that appears whole or not at all.

    Rows go to a hidden temporary file beside `path`; `close()` finishes it and renames it over
    `path`, so a reader (or a killed run) never sees half a Parquet file. `abort()` removes it.
    Parquet row groups hold `group_rows` rows, so memory stays bounded on any corpus size.
    """

    def __init__(self, path: Path, *, group_rows: int = 1000) -> None:
        self.path = path
        self.format = format_of(path)
        self.rows_written = 0
        self._group_rows = group_rows
        self._pending: list[dict[str, Any]] = []
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            self._handle = open(self._temp, "wb")
        except OSError as exc:
            raise InputError(f"cannot write {path}: {exc.strerror or exc}; pick a writable --output") from None
        self._writer: Any = None
        if self.format != "jsonl":
            pa = _pyarrow()
            if self.format == "parquet":
                import pyarrow.parquet as pq

                self._writer = pq.ParquetWriter(self._handle, pyarrow_schema())
            else:
                import pyarrow.csv as pcsv

                self._writer = pcsv.CSVWriter(self._handle, pyarrow_schema())
            self._table = pa.Table.from_pylist

    def write(self, row: dict[str, Any]) -> None:
        if self.format == "jsonl":
            self._handle.write(_line_of_row(row))
        else:
            self._pending.append(row)
            if len(self._pending) >= self._group_rows:
                self._flush()
        self.rows_written += 1

    def write_many(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.write(row)

    def _flush(self) -> None:
        if self._pending:
            self._writer.write_table(self._table(self._pending, schema=pyarrow_schema()))
            self._pending = []

    def close(self) -> Path:
        """Finish the file and put it in place; returns its path."""
        if self._writer is not None:
            self._flush()
            self._writer.close()
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        os.replace(self._temp, self.path)
        return self.path

    def abort(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(Exception):  # its footer is never wanted: the file is discarded
                self._writer.close()
            self._writer = None
        self._handle.close()
        self._temp.unlink(missing_ok=True)


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The rows of a results table this module wrote (Parquet or CSV; JSONL lines become rows)."""
    fmt = format_of(path)
    if fmt == "jsonl":
        lines: list[dict[str, Any]] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                lines.append(row_of_line(json.loads(line)))
        return lines
    _pyarrow()
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
    else:
        import pyarrow.csv as pcsv

        table = pcsv.read_csv(path, convert_options=pcsv.ConvertOptions(column_types=pyarrow_schema(), strings_can_be_null=True))
    missing = [c for c in ("id", "ok") if c not in table.column_names]
    if missing:
        raise InputError(f"{path} has no {', '.join(missing)} column: it is not a results table; pick another --output or pass --overwrite")
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


def _model_of(row: dict[str, Any]) -> str | None:
    try:
        model = json.loads(row["result"])["meta"]["model"] if row.get("result") else None
    except (ValueError, KeyError, TypeError):
        return None
    return model if isinstance(model, str) else None


@dataclass
class TableSink:
    """A Parquet or CSV results file for the batch: resumable per run, written whole at the end.

    On open, the rows already in the file are kept (resume skips their ids; `retry_failed` drops
    the failed ones) and copied into the new file; each finished article is added as it comes.
    A killed run leaves the previous file as it was (JSONL output keeps every finished line).
    """

    path: Path
    writer: ResultsWriter
    lock_fd: int
    done: dict[str, bool] = field(default_factory=dict)
    models: set[str] = field(default_factory=set)
    torn_bytes: int = 0

    @classmethod
    def open(cls, path: Path, *, overwrite: bool = False, retry_failed: bool = False) -> TableSink:
        kept: list[dict[str, Any]] = []
        if path.exists() and not overwrite:
            kept = [r for r in read_rows(path) if r.get("ok") or not retry_failed]
        lock_fd = _lock(path)
        try:
            sink = cls(path=path, writer=ResultsWriter(path), lock_fd=lock_fd)
        except BaseException:
            os.close(lock_fd)
            raise
        for row in kept:
            sink.done[str(row["id"])] = bool(row["ok"])
            model = _model_of(row)
            if model is not None:
                sink.models.add(model)
            sink.writer.write(row)
        return sink

    def write(self, obj: dict[str, Any], raw: dict[str, str] | None = None) -> None:
        self.writer.write(row_of_line(obj, raw))

    def write_line(self, data: bytes) -> None:
        """One encoded batch line (summarizer.batch.output.encode_line) as a row."""
        self.writer.write(row_of_line(json.loads(data)))

    def close(self) -> None:
        if self.lock_fd >= 0:
            try:
                self.writer.close()
            finally:
                os.close(self.lock_fd)
                self.lock_fd = -1


def _lock(path: Path) -> int:
    """An exclusive lock on a hidden file beside `path`: two runs never write the same table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(f".{path.name}.lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise InputError(f"another summarizer run is writing {path}: wait for it or pick another --output") from None
    return fd
