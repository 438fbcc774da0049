"""Cache: a fully cached re-run against the first run (goal: at least 50x faster, zero requests
reaching the server).

    .venv/bin/python bench/cache.py [--articles 200 --concurrency 1 32 --delay-ms 50]

Both runs go through summarize_many with the same articles and a fresh SQLite cache in a
temporary data dir; the second writes to a new output file, so nothing is skipped by resume.
It runs once per --concurrency: at 1 the first run pays the latency per article, at 32 the
first run is mostly client CPU, so the ratio says how cheap a hit is next to a call.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ServerProcess, articles, config_for


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 32])
    parser.add_argument("--delay-ms", type=float, default=50.0)
    args = parser.parse_args()


    for concurrency in args.concurrency:
        measure(args.articles, concurrency, args.delay_ms)


def measure(n: int, concurrency: int, delay_ms: float) -> None:
    from summarizer.batch import summarize_many

    docs = articles(n + 1)
    with ServerProcess(delay_ms) as server, tempfile.TemporaryDirectory() as tmp:
        os.environ["SUMMARIZER_DATA_DIR"] = str(Path(tmp) / "data")
        config = config_for(server.base_url)
        summarize_many({"warm": docs.pop(next(iter(docs)))}, config=config, cache="off")  # imports, not timed
        times, sent, cached = [], [], []
        for run in ("first", "cached"):
            before = server.requests()
            started = time.perf_counter()
            report = summarize_many(docs, output=Path(tmp) / f"{run}.jsonl", config=config, concurrency=concurrency)
            times.append(time.perf_counter() - started)
            sent.append(server.requests() - before)
            cached.append(report.totals.cached)
    ratio = times[0] / times[1]
    ok = ratio >= 50 and sent[1] == 0
    print(
        f"cache: {len(docs)} articles at concurrency {concurrency}, {delay_ms:.0f} ms latency: first run {times[0]:.2f} s "
        f"({sent[0]} requests), cached re-run {times[1]:.3f} s ({sent[1]} requests, {cached[1]} cached): "
        f"{ratio:.0f}x faster (goal >= 50x and 0 requests: {'met' if ok else 'NOT met'})"
    )

if __name__ == "__main__":
    main()
