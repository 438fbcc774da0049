"""Scoring speed: `python -m summarizer.evals.benchmark --pairs 10000` (goal: under 30 s on 2 cores).

Pairs are the shipped seed gold against perturbed copies of itself (dates moved, claimants
swapped, figures dropped or duplicated, lists reordered, failed cases), so alignment does real work.
"""

from __future__ import annotations

import argparse
import copy
import random
import time
from typing import Any

from pydantic import BaseModel

from summarizer.evals.dataset import load_dataset
from summarizer.evals.gold import gold_as_record
from summarizer.evals.scoring.aggregate import ScoredCase, aggregate, key_fields_right
from summarizer.evals.scoring.scorer import score_record

__all__ = ["make_pairs", "score_pairs", "main"]


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


def make_pairs(n: int, *, dataset: str = "seed", seed: int = 0) -> tuple[type[BaseModel], list[tuple[str, dict[str, Any], BaseModel | None]]]:
    """n (case id, gold, prediction) triples cycling over the dataset's labeled cases."""
    ds = load_dataset(dataset)
    rng = random.Random(seed)
    pairs: list[tuple[str, dict[str, Any], BaseModel | None]] = []
    labeled = ds.labeled
    for i in range(n):
        case = labeled[i % len(labeled)]
        assert case.gold is not None
        pred = _perturb(gold_as_record(case.gold), rng)
        pairs.append((f"{case.id}#{i}", case.gold, ds.schema.model_validate(pred) if pred is not None else None))
    return ds.schema, pairs


def score_pairs(schema: type[BaseModel], pairs: list[tuple[str, dict[str, Any], BaseModel | None]]) -> float:
    """CPU seconds to score every pair and aggregate with 1000 bootstrap resamples.

    CPU time, not wall time, so that other processes on a shared machine do not skew it.
    """
    key_fields = tuple(getattr(schema, "key_fields", ()))
    started = time.process_time()
    scored = []
    for cid, gold, pred in pairs:
        score = score_record(gold, pred, schema)
        scored.append(ScoredCase(cid, score, failed=pred is None, key_ok=key_fields_right(score, key_fields)))
    aggregate(scored, key_fields=key_fields)
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, nargs="+", default=[1000, 2000, 5000, 10000])
    parser.add_argument("--dataset", default="seed")
    args = parser.parse_args()
    for n in args.pairs:
        schema, pairs = make_pairs(n, dataset=args.dataset)
        seconds = score_pairs(schema, pairs)
        print(f"{n:>7} pairs  {seconds:7.2f} CPU s  {seconds / n * 1000:6.3f} ms/pair")


if __name__ == "__main__":
    main()
