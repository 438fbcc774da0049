"""Bytes per results line and cache row on the seed batch, raw responses kept vs not (goal: at
least 30% smaller by default).

    .venv/bin/python bench/line_size.py

20 variants of the seed article through summarize_many against an in-process fake server,
once with keep_raw_responses = true and once with the default (false).
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SEED_ANSWER, SEED_TEXT


def main() -> None:
    from summarizer.batch import summarize_many
    from summarizer.config import Config
    from summarizer.testing import FakeOpenAIServer, Reply

    docs = {f"s{i}": f"{SEED_TEXT}\n\nNote {i}." for i in range(20)}
    sizes: dict[bool, tuple[float, float]] = {}
    with FakeOpenAIServer(responder=lambda r, h: Reply.with_record(SEED_ANSWER)) as server:
        for keep in (True, False):
            tmp = Path(tempfile.mkdtemp())
            config = Config.model_validate(
                {
                    "default_profile": "b",
                    "profiles": {"b": {"name": "b", "model": "compat/m", "base_url": server.base_url}},
                    "data_dir": str(tmp / "data"),
                    "keep_raw_responses": keep,
                }
            )
            summarize_many(docs, output=tmp / "out.jsonl", config=config)
            line = len((tmp / "out.jsonl").read_bytes()) / len(docs)
            with sqlite3.connect(tmp / "data" / "cache.sqlite3") as db:
                row = sum(len(r[0].encode()) for r in db.execute("SELECT result FROM responses")) / len(docs)
            sizes[keep] = (line, row)
    (line_raw, row_raw), (line, row) = sizes[True], sizes[False]
    for what, kept, default in (("results line", line_raw, line), ("cache row", row_raw, row)):
        cut = 1 - default / kept
        print(f"{what}: {default:.0f} B by default vs {kept:.0f} B with raw responses: {cut:.0%} smaller (goal >= 30%: {'met' if cut >= 0.3 else 'NOT met'})")


if __name__ == "__main__":
    main()
