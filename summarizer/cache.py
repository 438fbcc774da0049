"""The response cache: an embedded SQLite file so nobody pays twice for the same answer.

Keyed by `Prepared.cache_key()`, a hash of everything that decides the answer (rendered
messages, schema, task and prompt version, model, provider settings). A hit makes no call
and comes back with `meta.cached = True`. Only successful results are stored. Several
processes may share one file (WAL journal, busy timeout), e.g. a batch and an eval run.

Opening checks the file (integrity, writability), so a corrupt cache or an unusable data dir
is one ConfigError saying what to do before any paid call. A corrupt file is never repaired
in place: `reset_cache` moves it aside (nothing deleted) and the next open starts empty.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ValidationError

from summarizer.config import Config
from summarizer.errors import ConfigError
from summarizer.result import SummaryResult, result_class, result_json
from summarizer.secrets import scrub

__all__ = [
    "CACHE_FILE",
    "CacheCorruptError",
    "CacheMode",
    "CacheStats",
    "ResponseCache",
    "cache_mode",
    "open_cache",
    "reset_cache",
]

CACHE_FILE = "cache.sqlite3"
SCHEMA_VERSION = 1


class CacheMode(StrEnum):
    """use: read and write; off (--no-cache): neither; only (--cache-only): read, and a miss fails."""

    use = "use"
    off = "off"
    only = "only"


def cache_mode(value: CacheMode | str | bool | None) -> CacheMode:
    """Accept a mode, its name, or a bool (True = use, False = off); None means the default, use."""
    if value is None or value is True:
        return CacheMode.use
    if value is False:
        return CacheMode.off
    try:
        return CacheMode(value)
    except ValueError:
        raise ConfigError(f"unknown cache mode {value!r}: use one of {', '.join(m.value for m in CacheMode)}") from None


@dataclass(frozen=True)
class CacheStats:
    path: Path
    entries: int
    bytes: int
    hits: int
    by_model: dict[str, int]


_DDL = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    created REAL NOT NULL,
    model TEXT NOT NULL,
    task TEXT NOT NULL,
    hits INTEGER NOT NULL DEFAULT 0,
    made_by TEXT NOT NULL DEFAULT '',
    result TEXT NOT NULL
);
"""


class CacheCorruptError(ConfigError):
    """The cache file cannot be read: damaged (not a database, pages failing SQLite's check) or
    written by a newer summarizer. `summarizer cache clear` sets it aside."""

    def __init__(self, path: Path, detail: str, *, newer: bool = False) -> None:
        problem = f"was written by a newer summarizer ({detail}): upgrade summarizer, or" if newer else f"is corrupt ({detail}):"
        super().__init__(
            f"the response cache {path} {problem} run `summarizer cache clear` to set it aside "
            "and start an empty one, or pass --no-cache"
        )
        self.path = path


_CORRUPT_WORDS = ("not a database", "malformed", "corrupt", "file is encrypted")


def _storage_error(path: Path, exc: BaseException) -> ConfigError:
    """The one-line error for a cache that cannot be used, with the fix."""
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, OSError):
        detail = exc.strerror or detail
    elif isinstance(exc, sqlite3.DatabaseError) and any(word in detail for word in _CORRUPT_WORDS):
        return CacheCorruptError(path, detail)
    return ConfigError(
        f"cannot use the response cache at {path} ({detail}): set data_dir in the config or "
        "$SUMMARIZER_DATA_DIR to a writable folder, or pass --no-cache"
    )


class ResponseCache:
    """One SQLite file of SummaryResult JSON by cache key; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30.0, check_same_thread=False, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise _storage_error(path, exc) from None
        try:
            self._setup()
        except (OSError, sqlite3.Error) as exc:
            self._db.close()
            raise _storage_error(path, exc) from None
        except BaseException:
            self._db.close()
            raise
        self._lock = threading.Lock()

    def _setup(self) -> None:
        db, path = self._db, self.path
        # garbage pages inside a valid header only show when read: check them all now, before any
        # paid call, and before anything writes to the file (a damaged file is set aside untouched)
        problems = [row[0] for row in db.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            raise CacheCorruptError(path, " ".join("; ".join(str(p) for p in problems).split())[:300])
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            raise CacheCorruptError(path, f"format {version}, this one reads {SCHEMA_VERSION}", newer=True)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_DDL)
        columns = {row[1] for row in db.execute("PRAGMA table_info(responses)")}
        if "made_by" not in columns:  # a cache written before grounding was stored by version
            db.execute("ALTER TABLE responses ADD COLUMN made_by TEXT NOT NULL DEFAULT ''")
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        db.execute("BEGIN IMMEDIATE")  # takes the write lock: a read-only file or folder fails here, not after a paid call
        db.execute("ROLLBACK")

    @contextlib.contextmanager
    def _using(self) -> Iterator[sqlite3.Connection]:
        """The connection under the lock; a storage fault becomes the one-line ConfigError."""
        with self._lock:
            try:
                yield self._db
            except (OSError, sqlite3.Error) as exc:
                raise _storage_error(self.path, exc) from None

    def get(self, key: str, schema: type[BaseModel]) -> tuple[SummaryResult[BaseModel], bool] | None:
        """The stored result validated against `schema` and whether this summarizer version made it;
        None on a miss (an entry that no longer validates counts as a miss)."""
        with self._using() as db:
            row = db.execute("SELECT result, made_by FROM responses WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            try:
                result: SummaryResult[BaseModel] = result_class(schema).model_validate_json(row[0])
            except ValidationError:
                return None  # stored by an incompatible version: the fresh answer will replace it
            db.execute("UPDATE responses SET hits = hits + 1 WHERE key = ?", (key,))
            return result, row[1] == _made_by()

    def put(self, key: str, result: SummaryResult[BaseModel], blob: str | None = None) -> None:
        """Store `result`, keys scrubbed; `blob` is its result_json() when the caller already made it."""
        blob = scrub(blob if blob is not None else result_json(result), shapes=False)
        with self._using() as db:
            db.execute(
                "INSERT OR REPLACE INTO responses (key, created, model, task, hits, made_by, result) "
                "VALUES (?, ?, ?, ?, 0, ?, ?)",
                (key, time.time(), result.meta.model, result.meta.task, _made_by(), blob),
            )

    def __contains__(self, key: str) -> bool:
        with self._using() as db:
            return db.execute("SELECT 1 FROM responses WHERE key = ?", (key,)).fetchone() is not None

    def stats(self) -> CacheStats:
        with self._using() as db:
            entries, hits = db.execute("SELECT COUNT(*), COALESCE(SUM(hits), 0) FROM responses").fetchone()
            by_model = dict(db.execute("SELECT model, COUNT(*) FROM responses GROUP BY model ORDER BY model"))
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())
        return CacheStats(path=self.path, entries=int(entries), bytes=size, hits=int(hits), by_model=by_model)

    def clear(self, *, model: str | None = None, older_than_s: float | None = None) -> int:
        """Delete entries (all, or one model's, or those older than N seconds); returns how many."""
        where: list[str] = []
        args: list[str | float] = []
        if model is not None:
            where.append("model = ?")
            args.append(model)
        if older_than_s is not None:
            where.append("created < ?")
            args.append(time.time() - older_than_s)
        sql = "DELETE FROM responses" + (" WHERE " + " AND ".join(where) if where else "")
        with self._using() as db:
            deleted = db.execute(sql, args).rowcount
            if not where:
                db.execute("VACUUM")
        return int(deleted)

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _made_by() -> str:
    """The summarizer version: grounding stored by another version is recomputed on a hit."""
    from summarizer import __version__

    return __version__


_open: dict[Path, ResponseCache] = {}
_open_lock = threading.Lock()


def cache_path(config: Config) -> Path:
    return (config.resolved_data_dir() / CACHE_FILE).resolve()


def open_cache(config: Config) -> ResponseCache:
    """The cache under the config's data dir, opened once per process and path."""
    path = cache_path(config)
    with _open_lock:
        cache = _open.get(path)
        if cache is None:
            cache = _open[path] = ResponseCache(path)
        return cache


def reset_cache(path: Path) -> Path | None:
    """Move a (corrupt) cache file and its journal aside, so the next open starts empty; works
    without SQLite opening it. Returns where the file went (None when there was no file)."""
    with _open_lock:
        cache = _open.pop(path, None)
        if cache is not None:
            with contextlib.suppress(sqlite3.Error):
                cache.close()
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
    try:
        moved = None
        if path.exists():
            os.replace(path, aside)
            moved = aside
        for suffix in ("-wal", "-shm", "-journal"):  # a journal replayed onto a new file would corrupt it
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.replace(companion, aside.with_name(aside.name + suffix))
    except OSError as exc:
        raise _storage_error(path, exc) from None
    return moved
