"""N articles through the provider-batch path (jobs submit, then collect) against the OpenAI batch fake.

Each size runs in a fresh child process (peak RSS is per process); the fake runs in another.
Prints, per size: submit and collect seconds, seconds per 1,000 articles, peak RSS, job-state
size on disk (job.json + ids files; request files are deleted once their batch is created)
and the peak disk the submission needed (the request files before upload). Goals: time linear
(per-1,000 ratio between sizes at most 1.2), memory flat (peak RSS ratio, reported against 1.5),
job state well under 1 KB per article.

    .venv/bin/python bench/batchapi.py --sizes 2000 20000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXT = (ROOT / "tests" / "fixtures" / "seed-article.txt").read_text(encoding="utf-8")


def _dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def child(n: int, base_url: str) -> None:
    os.environ["OPENAI_API_KEY"] = "bench-key"
    from summarizer.batchapi import Job, collect, default_state_dir, submit
    from summarizer.config import Config, Price, Profile

    tmp = Path(tempfile.mkdtemp(prefix="bench-batchapi-"))
    articles = tmp / "in.jsonl"
    with open(articles, "w", encoding="utf-8") as handle:
        for i in range(n):
            handle.write(json.dumps({"id": f"a{i:06d}", "text": f"{SEED_TEXT}\n\nEditor's note {i}."}) + "\n")
    profile = Profile(name="p", model="openai/gpt-4o-mini", base_url=base_url, transport_retries=0)
    config = Config(profiles={"p": profile}, default_profile="p", data_dir=tmp / "data",
                    prices={"openai/gpt-4o-mini": Price(input=0.15, output=0.6, cached_input=0.075)})  # fmt: skip
    job = Job(config=config, task="incident", profile=None, model=None)
    out = tmp / "out.jsonl"
    started = time.perf_counter()
    report = submit(articles, output=out, job=job)
    submit_s = time.perf_counter() - started
    state = default_state_dir(out)
    state_bytes = _dir_bytes(state)
    started = time.perf_counter()
    collected = collect(state, job=job)
    collect_s = time.perf_counter() - started
    job.close()
    lines = sum(1 for _ in open(out, "rb"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({
        "n": n, "submit_s": submit_s, "collect_s": collect_s, "peak_rss": peak, "state_bytes": state_bytes,
        "request_bytes": sum(b.bytes for b in report.batches), "batches": len(report.batches), "lines": lines,
        "results_bytes": out.stat().st_size, "cache_bytes": _dir_bytes(tmp / "data"), "failed": collected.failed,
        "spent_usd": collected.totals.spent_usd,
    }))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(int(args.child[0]), args.child[1])
        return
    fake = subprocess.Popen([sys.executable, str(ROOT / "bench" / "batch_fake_server.py")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert fake.stdout is not None and fake.stdin is not None
    base_url = fake.stdout.readline().strip()
    rows = []
    try:
        for n in args.sizes:
            run = subprocess.run([sys.executable, __file__, "--child", str(n), base_url], capture_output=True, text=True, check=True)
            rows.append(json.loads(run.stdout.strip().splitlines()[-1]))
            r = rows[-1]
            print(f"{r['n']:>7,} articles: submit {r['submit_s']:.1f} s, collect {r['collect_s']:.1f} s "
                  f"({(r['submit_s'] + r['collect_s']) / r['n'] * 1000:.1f} s per 1,000); peak RSS {r['peak_rss'] / 2**20:.0f} MiB; "
                  f"job state {r['state_bytes'] / 1024:.0f} KiB ({r['state_bytes'] / r['n']:.0f} B/article); "
                  f"request files {r['request_bytes'] / 2**20:.0f} MiB in {r['batches']} batch(es); results {r['results_bytes'] / 2**20:.0f} MiB; "
                  f"cache {r['cache_bytes'] / 2**20:.0f} MiB; {r['lines']} lines, {r['failed']} failed", flush=True)  # fmt: skip
    finally:
        fake.stdin.close()
        fake.wait(timeout=60)
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        per = ((b["submit_s"] + b["collect_s"]) / b["n"]) / ((a["submit_s"] + a["collect_s"]) / a["n"])
        print(f"time per article, {b['n']:,} vs {a['n']:,}: {per:.2f}x (goal: at most 1.2, linear)")
        print(f"peak RSS, {b['n']:,} vs {a['n']:,}: {b['peak_rss'] / a['peak_rss']:.2f}x (goal: at most 1.5, flat)")
        print(f"disk needed at {b['n']:,}: request files {b['request_bytes'] / 2**20:.0f} MiB (deleted after create) + "
              f"results {b['results_bytes'] / 2**20:.0f} MiB + cache {b['cache_bytes'] / 2**20:.0f} MiB + state {b['state_bytes'] / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
