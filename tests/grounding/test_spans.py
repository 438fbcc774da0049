"""Grounding locates every shipped quote, and its variants, exactly where the difflib matcher did."""

from __future__ import annotations

import json
from pathlib import Path

from grounding.spans import snapshot

SNAPSHOT = Path(__file__).with_name("spans.json")


def test_every_shipped_quote_and_variant_lands_on_the_snapshot_span() -> None:
    before = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    after = snapshot()
    assert len(after) == len(before) > 6000
    changed = [(old, new) for old, new in zip(before, after) if old != new]
    assert changed == []


def test_the_snapshot_covers_every_matcher() -> None:
    statuses = {row[3] for row in json.loads(SNAPSHOT.read_text(encoding="utf-8"))}
    assert statuses == {"exact", "normalized", "fuzzy", "not_found"}
