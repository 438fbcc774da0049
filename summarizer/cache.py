"""The response cache: an embedded SQLite file so nobody pays twice for the same answer.

Keyed by `Prepared.cache_key()`, a hash of everything that decides the answer (rendered
messages, schema, task and prompt version, model, provider settings). A hit makes no call
and comes back with `meta.cached = True`. Only successful results are stored. Several
processes may share one file (WAL journal, busy timeout), e.g. a batch and an eval run.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ValidationError

from summarizer.config import Config
from summarizer.errors import ConfigError
from summarizer.result import SummaryResult
from summarizer.secrets import scrub

__all__ = ["CACHE_FILE", "CacheMode", "CacheStats", "ResponseCache", "cache_mode", "open_cache"]

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


class ResponseCache:
    """One SQLite file of SummaryResult JSON by cache key; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30.0, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                raise ConfigError(
                    f"response cache {path} has format {version}, newer than this summarizer ({SCHEMA_VERSION}): "
                    "upgrade summarizer or run `summarizer cache clear`"
                )
            self._db.executescript(_DDL)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(responses)")}
            if "made_by" not in columns:  # a cache written before grounding was stored by version
                self._db.execute("ALTER TABLE responses ADD COLUMN made_by TEXT NOT NULL DEFAULT ''")
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            raise ConfigError(
                f"cannot open the response cache at {path}: {exc}; set data_dir in the config or "
                "$SUMMARIZER_DATA_DIR to a writable folder, or pass --no-cache"
            ) from None
        self._lock = threading.Lock()

    def get(self, key: str, schema: type[BaseModel]) -> tuple[SummaryResult[BaseModel], bool] | None:
        """The stored result validated against `schema` and whether this summarizer version made it;
        None on a miss (an entry that no longer validates counts as a miss)."""
        with self._lock:
            row = self._db.execute("SELECT result, made_by FROM responses WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            try:
                result: SummaryResult[BaseModel] = SummaryResult[schema].model_validate_json(row[0])  # type: ignore[valid-type]
            except ValidationError:
                return None  # stored by an incompatible version: the fresh answer will replace it
            self._db.execute("UPDATE responses SET hits = hits + 1 WHERE key = ?", (key,))
            return result, row[1] == _made_by()

    def put(self, key: str, result: SummaryResult[BaseModel]) -> None:
        blob = scrub(result.model_dump_json(), shapes=False)
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO responses (key, created, model, task, hits, made_by, result) "
                "VALUES (?, ?, ?, ?, 0, ?, ?)",
                (key, time.time(), result.meta.model, result.meta.task, _made_by(), blob),
            )

    def __contains__(self, key: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM responses WHERE key = ?", (key,)).fetchone() is not None

    def stats(self) -> CacheStats:
        with self._lock:
            entries, hits = self._db.execute("SELECT COUNT(*), COALESCE(SUM(hits), 0) FROM responses").fetchone()
            by_model = dict(self._db.execute("SELECT model, COUNT(*) FROM responses GROUP BY model ORDER BY model"))
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
        with self._lock:
            deleted = self._db.execute(sql, args).rowcount
            if not where:
                self._db.execute("VACUUM")
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


def open_cache(config: Config) -> ResponseCache:
    """The cache under the config's data dir, opened once per process and path."""
    path = (config.resolved_data_dir() / CACHE_FILE).resolve()
    with _open_lock:
        cache = _open.get(path)
        if cache is None:
            cache = _open[path] = ResponseCache(path)
        return cache
