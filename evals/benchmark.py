"""Scoring speed: `python -m summarizer.evals.benchmark --pairs 10000` (goal: under 30 s on 2 cores).

Wall time of scoring plus aggregation; pair construction is not timed.

Pairs are the shipped seed gold against perturbed copies of itself (dates moved, claimants
swapped, figures dropped or duplicated, lists reordered, failed cases), so alignment does real work.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import time
from typing import Any

from pydantic import BaseModel

from summarizer.evals.dataset import load_dataset
from summarizer.evals.gold import gold_as_record
from summarizer.evals.scoring.aggregate import ScoredCase, aggregate, key_fields_right
from summarizer.evals.scoring.parallel import score_records
from summarizer.evals.scoring.plan import plan_for

__all__ = ["main", "make_pairs", "score_pairs"]


def _perturb(record: dict[str, Any], rng: random.Random) -> dict[str, Any] | None:
    out = copy.deepcopy(record)
    kind = rng.randrange(6)
    figures = out["casualty_figures"]
    if kind == 0 and out["incidents"]:
        out["incidents"][0]["date"]["start"] = "2022-01-10"
    elif kind == 1 and figures:
        figures[0]["claimant"] = {"name": "JNIM", "kind": "armed_group", "anonymous": False}
    elif kind == 2 and figures:
        figures.pop(rng.randrange(len(figures)))
    elif kind == 3 and figures:
        figures.append(copy.deepcopy(figures[0]))
    elif kind == 4:
        rng.shuffle(figures)
        out["incidents"].reverse()
    elif kind == 5 and rng.random() < 0.2:
        return None  # a failed case
    return out


Pair = tuple[str, dict[str, Any], BaseModel | dict[str, Any] | None]


def make_pairs(n: int, *, dataset: str = "seed", seed: int = 0, stored: bool = False) -> tuple[type[BaseModel], list[Pair]]:
    """n (case id, gold, prediction) triples cycling over the dataset's labeled cases.

    `stored`: predictions as the JSON dicts a run record holds (what `evaluate` scores), not models.
    """
    ds = load_dataset(dataset)
    rng = random.Random(seed)
    pairs: list[Pair] = []
    labeled = ds.labeled
    for i in range(n):
        case = labeled[i % len(labeled)]
        assert case.gold is not None
        pred = _perturb(gold_as_record(case.gold), rng)
        model = ds.schema.model_validate(pred) if pred is not None else None
        pairs.append((f"{case.id}#{i}", case.gold, model.model_dump(mode="json") if stored and model else model))
    return ds.schema, pairs


def score_pairs(schema: type[BaseModel], pairs: list[Pair]) -> float:
    """Wall seconds to score every pair (on every core, as `evaluate` does) and aggregate with 1000 bootstrap resamples."""
    key_fields = plan_for(schema).key_fields
    started = time.perf_counter()
    scores = score_records([(gold, pred) for _, gold, pred in pairs], schema)
    scored = [ScoredCase(cid, score, failed=pred is None, key_ok=key_fields_right(score, key_fields))
              for (cid, _, pred), score in zip(pairs, scores)]  # fmt: skip
    aggregate(scored, key_fields=key_fields)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, nargs="+", default=[1000, 2000, 5000, 10000])
    parser.add_argument("--dataset", default="seed")
    parser.add_argument("--stored", action="store_true", help="predictions as stored JSON, as `evaluate` scores them")
    args = parser.parse_args()
    for n in args.pairs:
        schema, pairs = make_pairs(n, dataset=args.dataset, stored=args.stored)
        seconds = score_pairs(schema, pairs)
        print(f"{n:>7} pairs  {seconds:7.2f} s  {seconds / n * 1000:6.3f} ms/pair  ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
