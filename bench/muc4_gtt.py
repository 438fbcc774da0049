"""GTT template F1's mapping search on large documents: seconds per document against the goal.

Goal (issue 16): a document with 10 predicted and 10 gold templates scores well under a second.
GTT's own enumeration visits (10 + 1) ** 10 = 25.9e9 mappings; the bounded search returns the same
mapping (tests/muc4/test_muc4_gtt.py checks it against the enumeration on small documents).
Prints, per case, the worst and median seconds over random documents and the ratio to a 1 s floor.

    .venv/bin/python bench/muc4_gtt.py [--documents 50] [--size 10]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from typing import Any

from summarizer.evals.muc4.gtt import gtt_document
from summarizer.evals.muc4.roles import ROLES

FLOOR_S = 1.0
WORDS = ["fmln", "army", "bus", "bomb", "the guerrillas", "police", "bank", "car bomb", "soldiers", "cerezo"]


def templates(rng: random.Random, n: int, *, gold: bool, vocabulary: int) -> list[dict[str, Any]]:
    types = ["attack", "bombing / attack", "kidnapping", "arson"] if gold else ["attack", "bombing", "kidnapping", "arson"]
    words = WORDS[:vocabulary]
    return [
        {"incident_type": rng.choice(types),
         **{role: [rng.sample(words, rng.randint(1, 2)) for _ in range(rng.randint(0, 3))] for role in ROLES}}
        for _ in range(n)
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=50)
    parser.add_argument("--size", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(16)
    cases = {
        "random (10 words)": lambda: (templates(rng, args.size, gold=True, vocabulary=10),
                                      templates(rng, args.size, gold=False, vocabulary=10)),
        "tie-heavy (3 words)": lambda: (templates(rng, args.size, gold=True, vocabulary=3),
                                        templates(rng, args.size, gold=False, vocabulary=3)),
        "identical templates": lambda: ([templates(random.Random(1), 1, gold=False, vocabulary=4)[0]] * args.size,) * 2,
    }  # fmt: skip
    print(f"{args.size} predicted x {args.size} gold templates, {args.documents} documents per case; floor {FLOOR_S} s")
    for name, make in cases.items():
        times = []
        for _ in range(args.documents):
            gold, pred = make()
            start = time.perf_counter()
            gtt_document(gold, pred)
            times.append(time.perf_counter() - start)
        worst = max(times)
        print(f"{name:22} median {statistics.median(times):.4f} s  worst {worst:.4f} s  worst/floor {worst / FLOOR_S:.3f}")


if __name__ == "__main__":
    main()
