"""Paths into the shipped muc4-dev dataset (tests never read ../shared) and helpers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATASET = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "muc4-dev"
KEYS = [DATASET / "raw" / "key-tst1.v7", DATASET / "raw" / "key-tst2.v4"]


def case_ids() -> list[str]:
    return [
        json.loads(line)["id"]
        for line in (DATASET / "cases.jsonl").read_text().splitlines()
        if line.strip()
    ]


def rebuild_texts(out: Path) -> Path:
    """A MUC text file (id line, blank line, message) rebuilt from the shipped articles."""
    parts = [
        f"{cid}\n\n{(DATASET / 'articles' / f'{cid}.txt').read_text(encoding='utf-8')}\n"
        for cid in case_ids()
    ]
    out.write_text("".join(parts), encoding="utf-8")
    return out


def gold(cid: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (DATASET / "gold" / f"{cid}.json").read_text(encoding="utf-8")
    )
    return data
