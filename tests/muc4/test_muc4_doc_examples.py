"""The worked examples of evals/MUC4.md (```json muc4-example blocks) are run as tests, one rule each."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from summarizer.evals.muc4.ceaf_ree import ceaf_ree
from summarizer.evals.muc4.formats import read_documents
from summarizer.evals.muc4.gtt import best_mapping, dedupe_gold, gtt_f1
from summarizer.evals.muc4.keys import parse_filler
from summarizer.evals.muc4.mapping import country_of
from summarizer.evals.muc4.metrics import muc4_metrics
from summarizer.evals.muc4.roles import grit_entities
from summarizer.evals.muc4.texts import parse_dateline

DOC = Path(__file__).resolve().parents[2] / "evals" / "MUC4.md"
EXAMPLES = [
    json.loads(m)
    for m in re.findall(r"```json muc4-example\n(.*?)\n```", DOC.read_text(encoding="utf-8"), re.DOTALL)
]


def _figures(counts: Any, expect: dict[str, float]) -> None:
    got = counts.as_dict()
    assert {k: got[k] for k in ("p_num", "p_den", "r_num", "r_den")} == {
        k: expect[k] for k in ("p_num", "p_den", "r_num", "r_den")
    }
    assert (got["precision"], got["recall"], got["f1"]) == pytest.approx(
        (expect["precision"], expect["recall"], expect["f1"]), abs=1e-4
    )


def _ceaf_ree(e: dict[str, Any], _: Path) -> None:
    _figures(ceaf_ree([(e["gold"], e["predicted"])])["micro"], e["expect"])


def _gtt(e: dict[str, Any], _: Path) -> None:
    counts = gtt_f1([(e["gold"], e["predicted"])])
    _figures(counts["micro"], e["expect"])
    for key, want in e.get("per_key", {}).items():
        assert {k: counts[key].as_dict()[k] for k in want} == want
    if "mapping" in e:
        assert list(best_mapping(dedupe_gold(e["gold"]), e["predicted"])) == e["mapping"]


def _grit_view(e: dict[str, Any], _: Path) -> None:
    entities = grit_entities([tuple(f) for f in e["fillers"]], e["doctext"])
    assert [[list(m) for m in ent] for ent in entities] == e["expect"]


def _dateline(e: dict[str, Any], _: Path) -> None:
    d = parse_dateline(e["text"])
    assert d is not None and d.date is not None
    assert {"place": d.place, "date": d.date.isoformat(), "source": d.source} == e["expect"]


def _location(e: dict[str, Any], _: Path) -> None:
    values = list(parse_filler(e["filler"], slot=3).values)
    assert values == e["expect"]["alternatives"]
    assert [country_of(v) for v in values] == e["expect"]["countries"]


def _reader(e: dict[str, Any], tmp: Path) -> None:
    path = tmp / "preds.jsonl"
    path.write_text("\n".join(e["lines"]) + "\n", encoding="utf-8")
    docs = read_documents(path)
    counts = {d: len(doc.get("templates", doc.get("pred_templates", []))) for d, doc in docs.items()}
    assert counts == e["expect"]


def _muc4_metrics(e: dict[str, Any], _: Path) -> None:
    got = muc4_metrics([(g, p) for g, p in e["pairs"]])
    assert {k: got[k] for k in e["expect"]} == e["expect"]


RULES: dict[str, Callable[[dict[str, Any], Path], None]] = {
    "ceaf_ree": _ceaf_ree,
    "gtt": _gtt,
    "grit_view": _grit_view,
    "dateline": _dateline,
    "location": _location,
    "reader": _reader,
    "muc4_metrics": _muc4_metrics,
}


def test_the_doc_has_a_worked_example_for_every_rule() -> None:
    kinds = [e["rule"] for e in EXAMPLES]
    assert set(kinds) == set(RULES)
    assert kinds.count("ceaf_ree") == 6 and kinds.count("gtt") == 5


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e['rule']}-{json.dumps(e)[40:80]}")
def test_worked_example(example: dict[str, Any], tmp_path: Path) -> None:
    RULES[example["rule"]](example, tmp_path)
