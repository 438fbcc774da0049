"""Ray Data over a corpus in files: the batch's own per-article run, one model client per worker.

    from summarizer.scale import summarize_dataset
    report = summarize_dataset("corpus.parquet", output="results.parquet", workers=4, concurrency=16)

The input (.parquet, .csv or .jsonl; a folder or glob of them; any filesystem Ray reads) has
the columns of a JSONL input line: `id` plus `text` or `path`. Each Ray worker is an actor
(`_Summarizer`) holding ONE summarizer.model.layer.Model (one HTTP client, connection pool,
lane and rate limiter) and running `summarize_many` on each block it gets, `concurrency`
articles at a time; the lines it makes are the batch's lines, turned into rows by
summarizer.batch.table, and the driver streams every row into one results file through the
same ResultsWriter the CLI batch uses. Every article ends as exactly one row: a bad row or an
unexpected crash in a block becomes that article's failure row, never the job's.

Cache: each worker opens the config's cache (data_dir/cache.sqlite3). On one machine all
workers share that one SQLite file (WAL, busy timeout). On a cluster, each node has its own
(SQLite must not sit on a network filesystem); copy one node's file to the others, or set
data_dir per node, and accept fewer hits. Rate limits: the profile's requests/tokens per
minute are divided among the workers, so the job as a whole stays under them.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.article import Article
from summarizer.batch.run import summarize_many
from summarizer.batch.table import ResultsWriter, format_of, pyarrow_schema, read_rows, row_of_line
from summarizer.batch.table_inputs import article_of_row, check_columns
from summarizer.config import Config, Profile, load_config, resolve_profile
from summarizer.errors import InputError, SummarizerError
from summarizer.model.layer import CacheMode, Model, cache_mode

__all__ = ["DatasetReport", "import_ray", "read_dataset", "summarize_dataset"]


def import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError:
        raise InputError("the Ray path needs Ray Data: pip install 'incident-summarizer[ray]'") from None
    return ray


def read_dataset(source: str | Path) -> Any:
    """A Ray Dataset of articles from .parquet, .csv or .jsonl files (by the first file's suffix)."""
    ray = import_ray()
    name = str(source)
    suffix = Path(name.rstrip("/")).suffix.lower()
    if suffix == ".parquet":
        return ray.data.read_parquet(name)
    if suffix == ".csv":
        return ray.data.read_csv(name)
    if suffix in (".jsonl", ".json", ".ndjson"):
        return ray.data.read_json(name, lines=True)
    raise InputError(f"{name}: the Ray path reads .parquet, .csv or .jsonl; rename or convert the input")


@dataclass
class DatasetReport:
    """What a Ray run wrote: one row per article in `output`."""

    output: Path
    rows: int
    ok: int
    failed: int
    skipped: int
    elapsed_s: float

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def summary(self) -> str:
        kept = f" ({self.skipped} kept from an earlier run)" if self.skipped else ""
        return f"{self.rows} rows in {self.output}{kept}: {self.ok} ok, {self.failed} failed; {self.elapsed_s:.1f}s"


class _Rows:
    """A sink for summarize_many that keeps the block's rows in memory (a block is small)."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}
        self.done: dict[str, bool] = {}
        self.models: set[str] = set()
        self.torn_bytes = 0
        self.path: Path | None = None

    def write(self, obj: dict[str, Any], raw: dict[str, str] | None = None) -> None:
        row = row_of_line(obj, raw)
        self.rows[row["id"]] = row

    def write_line(self, data: bytes) -> None:
        row = row_of_line(json.loads(data))
        self.rows[row["id"]] = row

    def close(self) -> None:
        pass


def _failure_row(ident: str, exc: BaseException) -> dict[str, Any]:
    return row_of_line({"id": ident, "ok": False, "error": {"type": type(exc).__name__, "message": str(exc) or repr(exc)}})


def _share(profile: Profile, workers: int) -> Profile:
    """The profile with its rate limits split evenly among `workers` (each has its own limiter)."""
    update: dict[str, Any] = {}
    if profile.requests_per_minute is not None:
        update["requests_per_minute"] = profile.requests_per_minute / workers
    if profile.tokens_per_minute is not None:
        update["tokens_per_minute"] = profile.tokens_per_minute / workers
    return profile.model_copy(update=update) if update else profile


class _Summarizer:
    """One Ray worker: one Model for its whole life, `summarize_many` on each block."""

    def __init__(
        self, *, config: Config, task: str, profile: str | None, model: str | None, cache: str,
        concurrency: int, workers: int, base_url: str | None, api_key_env: str | None, base: str,
    ) -> None:  # fmt: skip
        self.config = config
        self.task = task
        self.cache = cache_mode(cache)
        self.concurrency = concurrency
        self.base = Path(base)
        self.options: dict[str, Any] = {"profile": profile, "model": model, "base_url": base_url, "api_key_env": api_key_env}
        chosen = _share(resolve_profile(config, profile, model, base_url=base_url, api_key_env=api_key_env), workers)
        self.client = Model(chosen)  # the key is read here, from this worker's environment

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        slots: list[dict[str, Any] | str] = []  # a failure row made here, or the id of an article to run
        articles: list[Article] = []
        seen: set[str] = set()
        for row in batch.to_pylist():
            raw_id = row.get("id")
            ident = raw_id if isinstance(raw_id, str) else ("" if raw_id is None else str(raw_id))
            try:
                if ident in seen:
                    raise InputError(f"row id {ident!r}: the id appears twice; ids must be unique")
                article = article_of_row(row, self.base, f"row id {ident!r}")
            except SummarizerError as exc:
                slots.append(_failure_row(ident, exc))
                continue
            seen.add(ident)
            articles.append(article)
            slots.append(ident)
        sink = _Rows()
        try:
            summarize_many(
                articles, task=self.task, config=self.config, cache=self.cache, concurrency=self.concurrency,
                sink=sink, client=self.client, **self.options,
            )  # fmt: skip
        except Exception as exc:  # a crash in the block is each unfinished article's error, not the job's
            for ident in seen:
                sink.rows.setdefault(ident, _failure_row(ident, exc))
        rows = [
            slot if isinstance(slot, dict) else sink.rows.get(slot) or _failure_row(slot, RuntimeError("no result was written"))
            for slot in slots
        ]
        return pa.Table.from_pylist(rows, schema=pyarrow_schema())


def summarize_dataset(
    source: str | Path | Any,
    *,
    output: str | Path,
    task: str = "incident",
    profile: str | None = None,
    model: str | None = None,
    config: Config | None = None,
    cache: CacheMode | str | bool | None = None,
    workers: int = 2,
    concurrency: int | None = None,
    batch_size: int | None = None,
    base_url: str | None = None,
    api_key_env: str | None = None,
    base_dir: str | Path | None = None,
    cpus_per_worker: float = 0.5,
    overwrite: bool = False,
    retry_failed: bool = False,
) -> DatasetReport:
    """Summarize every row of `source` (a path Ray reads, or a ray.data.Dataset) on the running
    Ray cluster (ray.init() is the caller's), writing one row per article to `output`.

    `workers` actors, each with `concurrency` calls at once (default: the profile's) and
    `cpus_per_worker` of Ray's CPUs (keep the total below the cluster's: Ray's read tasks need
    CPUs too, and a pool holding all of them waits forever); rows of a
    `path` column are read relative to `base_dir` (default: the input's folder). An existing
    `output` is resumed: its rows are kept and their ids skipped (`retry_failed` redoes failed
    ones, `overwrite` starts afresh).
    """
    ray = import_ray()
    started = time.perf_counter()
    out_path = Path(output)
    format_of(out_path)
    config = config if config is not None else load_config()
    chosen = resolve_profile(config, profile, model, base_url=base_url, api_key_env=api_key_env)  # config errors here, once
    per_worker = concurrency or chosen.concurrency
    if isinstance(source, (str, Path)):
        dataset = read_dataset(source)
        base = Path(base_dir) if base_dir is not None else Path(str(source)).parent
    else:
        dataset = source
        base = Path(base_dir) if base_dir is not None else Path.cwd()
    check_columns(list(dataset.schema().names), str(source) if isinstance(source, (str, Path)) else "dataset")
    kept: list[dict[str, Any]] = []
    if out_path.exists() and not overwrite:
        kept = [r for r in read_rows(out_path) if r.get("ok") or not retry_failed]
    if kept:
        skip = frozenset(str(r["id"]) for r in kept)
        dataset = dataset.filter(lambda row: str(row["id"]) not in skip)
    rows_per_batch = batch_size or max(32, 4 * per_worker)
    # a single input file is a single block, which one actor would take alone: cut it into blocks
    # of one batch each, so every worker gets work (no shuffle: rows stay where they are)
    dataset = dataset.repartition(target_num_rows_per_block=rows_per_batch)
    mapped = dataset.map_batches(
        _Summarizer,
        batch_format="pyarrow",
        batch_size=rows_per_batch,
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=cpus_per_worker,  # waiting on HTTP, mostly: leave CPUs for Ray's read tasks
        fn_constructor_kwargs={
            "config": config, "task": task, "profile": profile, "model": model, "cache": cache_mode(cache).value,
            "concurrency": per_worker, "workers": workers, "base_url": base_url, "api_key_env": api_key_env,
            "base": str(base.resolve()) if "://" not in str(base) else str(base),
        },
    )  # fmt: skip
    writer = ResultsWriter(out_path)
    ok = failed = 0
    try:
        writer.write_many(kept)
        for block in mapped.iter_batches(batch_format="pyarrow", batch_size=None):
            for row in block.to_pylist():
                writer.write(row)
                ok, failed = (ok + 1, failed) if row["ok"] else (ok, failed + 1)
        writer.close()
    except BaseException:
        writer.abort()
        raise
    ok += sum(1 for r in kept if r.get("ok"))
    failed += sum(1 for r in kept if not r.get("ok"))
    return DatasetReport(output=out_path, rows=writer.rows_written, ok=ok, failed=failed, skipped=len(kept),
                         elapsed_s=time.perf_counter() - started)  # fmt: skip
