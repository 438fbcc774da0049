"""The OpenAI batch fake (tests/fakes/openai_batch.py) in its own process, for bench/batchapi.py.

Prints its /v1 base URL, answers every batch request with the seed record, and stops when its
standard input closes. Its uploaded and produced files live in a temporary folder on disk.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fakes import Answer  # noqa: E402
from fakes.openai_batch import OpenAIBatchFake  # noqa: E402

SEED = json.loads((ROOT / "tests" / "fixtures" / "seed-answer.json").read_text(encoding="utf-8"))


def main() -> None:
    with OpenAIBatchFake(respond=lambda cid, body: Answer(record=SEED, usage={"input": 5700, "output": 3000, "cached": 4864})) as fake:
        print(fake.base_url, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
