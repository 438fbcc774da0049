"""Ray path overhead per row: summarize_dataset on a local Ray cluster against the CLI batch
(summarize_many) on the same articles, same fake server, same total concurrency.

    .venv/bin/python bench/ray_overhead.py [--articles 400 --workers 2 --concurrency 8 --delay-ms 50]

Both read the same Parquet file and write Parquet results through the same writer. Ray's
start-up (ray.init, a few seconds to a minute on a loaded machine) is timed apart and not in
the per-row figure; the first Ray job (actor start) is. Goal: at most 5 ms added per row at
50 ms latency (a floor: the batch itself is ~1.0x the ideal, see bench/throughput.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # keep the node on 127.0.0.1

from _common import ServerProcess, articles, config_for

GOAL_MS = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8, help="per Ray worker; the batch gets workers x this")
    parser.add_argument("--delay-ms", type=float, default=50.0)
    args = parser.parse_args()

    import pyarrow as pa
    import pyarrow.parquet as pq
    import ray

    from summarizer.batch import summarize_many
    from summarizer.batch.table_inputs import read_input
    from summarizer.scale import summarize_dataset

    docs = articles(args.articles)
    with ServerProcess(args.delay_ms) as server, tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "corpus.parquet"
        pq.write_table(pa.Table.from_pylist([{"id": k, "text": v} for k, v in docs.items()]), source)
        config = config_for(server.base_url)
        summarize_many(dict(list(docs.items())[:4]), config=config, cache="off")  # warm imports
        started = time.perf_counter()
        batch = summarize_many(read_input(source), output=Path(tmp) / "cli.parquet", config=config, cache="off",
                               concurrency=args.workers * args.concurrency)  # fmt: skip
        batch_s = time.perf_counter() - started

        started = time.perf_counter()
        ray.init(_node_ip_address="127.0.0.1", include_dashboard=False, num_cpus=2, log_to_driver=False)
        init_s = time.perf_counter() - started
        try:
            started = time.perf_counter()
            report = summarize_dataset(source, output=Path(tmp) / "ray.parquet", config=config, cache="off",
                                       workers=args.workers, concurrency=args.concurrency)  # fmt: skip
            ray_s = time.perf_counter() - started
        finally:
            ray.shutdown()
    per_row_ms = (ray_s - batch_s) / args.articles * 1000
    print(
        f"ray overhead: {args.articles} articles, {args.workers} workers x {args.concurrency} concurrency, "
        f"{args.delay_ms:.0f} ms latency: CLI batch {batch_s:.2f} s ({batch.totals.failed} failed), "
        f"Ray {ray_s:.2f} s ({report.rows} rows, {report.failed} failed; ray.init {init_s:.1f} s apart), "
        f"ratio {ray_s / batch_s:.2f}"
    )
    print(
        f"ray overhead: {per_row_ms:+.1f} ms per row over the CLI batch "
        f"(goal <= {GOAL_MS:.0f} ms: {'met' if per_row_ms <= GOAL_MS else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
