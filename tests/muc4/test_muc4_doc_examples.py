"""The worked examples of evals/MUC4.md (```json muc4-example blocks) are run as tests."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from summarizer.evals.muc4.ceaf_ree import Counts, ceaf_ree
from summarizer.evals.muc4.gtt import gtt_f1

DOC = Path(__file__).resolve().parents[2] / "evals" / "MUC4.md"
EXAMPLES = [
    json.loads(m)
    for m in re.findall(
        r"```json muc4-example\n(.*?)\n```", DOC.read_text(encoding="utf-8"), re.DOTALL
    )
]


def test_the_doc_has_its_worked_examples() -> None:
    assert sum(e["metric"] == "ceaf_ree" for e in EXAMPLES) == 6
    assert sum(e["metric"] == "gtt" for e in EXAMPLES) == 3


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e['metric']}-{e['expect']}")
def test_worked_example(example: dict[str, Any]) -> None:
    if example["metric"] == "ceaf_ree":
        counts: Counts = ceaf_ree([(example["gold"], example["predicted"])])["all"]
    else:
        counts = gtt_f1([(example["gold"], example["predicted"])])
    expect = example["expect"]
    assert (counts.correct, counts.predicted, counts.gold) == (
        expect["correct"],
        expect["predicted"],
        expect["gold"],
    )
    assert (counts.precision, counts.recall, counts.f1) == pytest.approx(
        (expect["precision"], expect["recall"], expect["f1"]), abs=1e-4
    )
