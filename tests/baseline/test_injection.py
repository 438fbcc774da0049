"""No fact from a sentence addressed to a reader, an editor or a model; genuine news keeps its figures.

The cases in data/injection/ were written before the filter existed (see its README).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from summarizer.article import Article, ArticleMeta
from summarizer.baseline import extract

DATA = Path(__file__).parent / "data" / "injection"
INJECTED: list[dict[str, Any]] = tomllib.loads((DATA / "injected.toml").read_text("utf-8"))["case"]
GENUINE: list[dict[str, Any]] = tomllib.loads((DATA / "genuine.toml").read_text("utf-8"))["case"]


def _record(text: str) -> Any:
    return extract(Article(text=text, meta=ArticleMeta()))


def _values(record: Any) -> set[int]:
    return {v for f in record.casualty_figures for v in (f.count.value, f.count.high) if v is not None}


def test_at_least_ten_injected_phrasings() -> None:
    assert len(INJECTED) >= 10


@pytest.mark.parametrize("case", INJECTED, ids=lambda c: c["id"])
def test_injected_line_yields_no_fact(case: dict[str, Any]) -> None:
    record = _record(case["text"])
    dumped = record.model_dump_json()
    for bad in case["forbidden"]:
        pattern = rf"(?<![\w,]){re.escape(bad)}(?![\w,])" if bad[0].isdigit() else re.escape(bad)
        assert not re.search(pattern, dumped), f"{bad!r} from the injected line reached the record"


@pytest.mark.parametrize("case", INJECTED, ids=lambda c: c["id"])
def test_genuine_figures_beside_an_injection_are_kept(case: dict[str, Any]) -> None:
    assert set(case["kept"]) <= _values(_record(case["text"]))


@pytest.mark.parametrize("case", GENUINE, ids=lambda c: c["id"])
def test_genuine_reporting_keeps_its_figure(case: dict[str, Any]) -> None:
    assert set(case["kept"]) <= _values(_record(case["text"]))


# Guards added after the filter was written, for words its patterns use.
@pytest.mark.parametrize("text, kept", [
    ("GAO, Mali, June 2, 2023 - The assistant police chief said 5 people were killed in a bomb attack on Thursday.", 5),
    ("GAO, Mali, June 2, 2023 - Gunmen killed 9 villagers on Thursday. This would indicate that the group is active, the army said.", 9),
    ("KIDAL, Mali, January 9, 2024 - The army said 4 soldiers were killed on Tuesday. Were they assistants or bodyguards?", 4),
])
def test_words_near_the_patterns_are_still_news(text: str, kept: int) -> None:
    assert kept in _values(_record(text))
