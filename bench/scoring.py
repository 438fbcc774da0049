"""Scoring: 1,000 and 10,000 synthetic gold/prediction pairs through the eval scorer
(summarizer.evals.scoring: score_record per pair, then aggregate with bootstrap intervals);
seconds and peak memory (goal: linear growth, 10,000 under 30 s on a 2-core machine).

    .venv/bin/python bench/scoring.py [--sizes 1000 10000]

Gold comes from the shipped news-dev labels; each prediction is that gold resolved to plain
values (first alternative, range midpoint) and then perturbed by a seeded RNG: counts nudged,
list items dropped, some predictions missing (a failed case). Each size runs in a fresh
process so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "evals" / "datasets" / "news-dev" / "gold"


def perturb(value: Any, rng: random.Random) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value + 1 if rng.random() < 0.2 else value
    if isinstance(value, list):
        items = [perturb(v, rng) for v in value]
        if items and isinstance(items[0], dict) and rng.random() < 0.2:
            items.pop(rng.randrange(len(items)))
        return items
    if isinstance(value, dict):
        return {k: perturb(v, rng) for k, v in value.items()}
    return value


def pairs(n: int, seed: int = 0) -> list[tuple[str, dict[str, Any], dict[str, Any] | None]]:
    from summarizer.evals.gold import gold_as_record

    golds = [(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(GOLD_DIR.glob("*.json"))]
    if not golds:
        raise SystemExit(f"no gold files under {GOLD_DIR}")
    rng = random.Random(seed)
    out = []
    for i in range(n):
        name, gold = golds[i % len(golds)]
        prediction = None if rng.random() < 0.05 else perturb(gold_as_record(copy.deepcopy(gold)), rng)
        out.append((f"{name}#{i}", gold, prediction))
    return out


def child(n: int) -> None:
    from summarizer.evals.scoring import ScoredCase, aggregate, key_fields_right, score_record
    from summarizer.evals.scoring.plan import plan_for
    from summarizer.evals.scoring.similarity import GoldCache
    from summarizer.schemas.incident import IncidentSummary

    work = pairs(n)
    key_fields = plan_for(IncidentSummary).key_fields
    cache: GoldCache = {}  # as eval runs score: each gold item classified once per batch
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    scored = []
    for case_id, gold, prediction in work:
        score = score_record(gold, prediction, IncidentSummary, gold_cache=cache)
        ok = key_fields_right(score, key_fields) if key_fields else None
        scored.append(ScoredCase(case_id, score, failed=prediction is None, key_ok=ok))
    scored_s = time.perf_counter() - started
    report = aggregate(scored, key_fields=key_fields)
    total_s = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "n": n, "score_s": scored_s, "total_s": total_s, "peak_rss_mb": peak_mb,
        "growth_mb": peak_mb - rss_before / 1024, "micro_f1": report.micro.f1,
    }))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    results = []
    for n in args.sizes:
        done = subprocess.run([sys.executable, __file__, "--child", str(n)], capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    for r in results:
        print(
            f"scoring: {r['n']:>6} pairs  {r['total_s']:6.2f} s (scoring {r['score_s']:.2f} s + aggregate "
            f"{r['total_s'] - r['score_s']:.2f} s)  peak RSS {r['peak_rss_mb']:.0f} MB (+{r['growth_mb']:.0f} MB while scoring)"
            f"  micro F1 {r['micro_f1']:.3f}"
        )
    if len(results) >= 2:
        small, big = results[0], results[-1]
        size_ratio = big["n"] / small["n"]
        time_ratio = big["total_s"] / small["total_s"]
        linear = time_ratio <= size_ratio * 1.3
        under = big["n"] < 10000 or big["total_s"] < 30
        print(
            f"scoring: time ratio {time_ratio:.1f}x for {size_ratio:.0f}x the pairs "
            f"(goal linear: {'met' if linear else 'NOT met'}; {big['n']} under 30 s: {'met' if under else 'NOT met'})"
        )


if __name__ == "__main__":
    main()
