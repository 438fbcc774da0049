"""The reference counts of 400 + 400 synthetic documents are the specification: every one matches exactly.

tests/muc4/data/PROVENANCE.md says where the vectors come from; each holds gold and predicted
extracts (CEAF-REE) or templates (GTT), with repeated entities, duplicate gold templates and type
alternatives, and the counts the reference implementation gives per role or key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from summarizer.evals.muc4.ceaf_ree import ceaf_ree
from summarizer.evals.muc4.gtt import gtt_f1

DATA = Path(__file__).resolve().parent / "data"


def _vectors(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line]


def _differences(expected: dict[str, dict[str, float]], got: dict[str, dict[str, float]]) -> list[str]:
    return [
        f"{key}.{stat}: expected {value}, got {got[key][stat]}"
        for key, stats in expected.items()
        for stat, value in stats.items()
        if got[key][stat] != value
    ]


def test_all_400_gtt_template_f1_vectors_match_exactly() -> None:
    vectors = _vectors("gtt-template-f1.jsonl")
    assert len(vectors) == 400
    wrong = {}
    for v in vectors:
        got = gtt_f1([(v["gold_templates"], v["pred_templates"])])
        diff = _differences(v["expected"], {k: c.as_dict() for k, c in got.items()})
        if diff:
            wrong[v["docid"]] = diff
    assert wrong == {}


def test_all_400_ceaf_ree_vectors_match_exactly() -> None:
    vectors = _vectors("ceaf-ree.jsonl")
    assert len(vectors) == 400
    wrong = {}
    for v in vectors:
        got = ceaf_ree([(v["gold_extracts"], v["pred_extracts"])])
        diff = _differences(v["expected"], {k: c.as_dict() for k, c in got.items()})
        if diff:
            wrong[v["docid"]] = diff
    assert wrong == {}


@pytest.mark.parametrize("name", ["gtt-template-f1.jsonl", "ceaf-ree.jsonl"])
def test_the_vectors_exercise_what_they_claim(name: str) -> None:
    vectors = _vectors(name)
    if name.startswith("gtt"):
        duplicate_gold = sum(
            any(t in v["gold_templates"][:n] for n, t in enumerate(v["gold_templates"])) for v in vectors
        )
        alternatives = sum(any("/" in t["incident_type"] for t in v["gold_templates"]) for v in vectors)
        assert duplicate_gold >= 40 and alternatives >= 100
    # p_num != r_num somewhere is what separates GTT's counting from a one-to-one alignment
    differing = sum(any(s["p_num"] != s["r_num"] for s in v["expected"].values()) for v in vectors)
    assert differing > 0 if name.startswith("gtt") else differing == 0
