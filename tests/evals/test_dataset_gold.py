"""Datasets load by name or path, refuse escaping paths, and validate gold naming case and field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from summarizer.errors import DatasetError
from summarizer.evals.dataset import load_dataset
from summarizer.evals.gold import gold_as_record, validate_gold
from summarizer.schemas.incident import IncidentSummary

FIXTURES = Path(__file__).parent / "fixtures"


def make_dataset(root: Path, gold: Any = None, *, article: str = "articles/a.txt", extra_manifest: str = "") -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "gold").mkdir()
    (root / "articles" / "a.txt").write_text("Gunmen killed 3 soldiers in Gao.", encoding="utf-8")
    (root / "manifest.toml").write_text(f'name = "tiny"\ntask = "incident"\n{extra_manifest}', encoding="utf-8")
    case = {"id": "a", "article": article, "gold": "gold/a.json", "metadata": {"published": "2024-01-02"}}
    (root / "cases.jsonl").write_text(json.dumps(case) + "\n", encoding="utf-8")
    if gold is not None:
        (root / "gold" / "a.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


def test_loads_by_path_with_metadata_and_gold() -> None:
    ds = load_dataset(FIXTURES / "seed")
    assert ds.task == "incident" and ds.schema is IncidentSummary
    case = ds.cases[0]
    assert case.meta.id == "mali-jnim-ambush-2023-01-10"
    assert str(case.meta.published) == "2023-01-12"
    assert case.gold is not None and len(case.gold["casualty_figures"]) == 8


def test_loads_a_shipped_dataset_by_name() -> None:
    ds = load_dataset("news-dev")
    assert ds.name == "news-dev" and len(ds.cases) == 20


def test_unknown_dataset_lists_known_ones() -> None:
    with pytest.raises(DatasetError, match="news-dev"):
        load_dataset("no-such-dataset")


def test_missing_gold_file_means_unlabeled(tmp_path: Path) -> None:
    ds = load_dataset(make_dataset(tmp_path / "d"))
    assert ds.cases[0].gold is None and ds.labeled == []


@pytest.mark.parametrize("bad", ["../outside.txt", "/etc/passwd", "articles/../../x.txt"])
def test_paths_cannot_escape_the_dataset_folder(tmp_path: Path, bad: str) -> None:
    with pytest.raises(DatasetError, match="escapes the dataset folder"):
        load_dataset(make_dataset(tmp_path / "d", article=bad))


def test_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    root = make_dataset(tmp_path / "d")
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    (root / "articles" / "link.txt").symlink_to(tmp_path / "secret.txt")
    case = {"id": "a", "article": "articles/link.txt"}
    (root / "cases.jsonl").write_text(json.dumps(case) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="escapes"):
        load_dataset(root)


@pytest.mark.parametrize(
    ("gold", "field", "hint"),
    [
        ({"incidents": [{"type": "massacre"}]}, "incidents[0].type", "massacre"),
        ({"casualty_figures": [{"count": {"valeu": 3}}]}, "casualty_figures[0].count.valeu", "known fields"),
        ({"incidents": [{"type": None}]}, "incidents[0].type", "cannot be null"),
        ({"incidents": [{"location": {"country": {"$range": [1, 2]}}}]}, "incidents[0].location.country", "only for numbers"),
        ({"casualty_figures": [{"count": {"value": {"$range": [5, 2]}}}]}, "casualty_figures[0].count.value", "low <= high"),
        ({"incidents": [{"date": {"start": "2023-13-40"}}]}, "incidents[0].date.start", "date"),
        ({"incidents": [{"type": {"$any": []}}]}, "incidents[0].type", "non-empty"),
        ({"summary": "x", "$optional": True}, "$optional", "only on a list item"),
        ({"$weird": 1}, "$weird", "unknown marker"),
    ],
)
def test_invalid_gold_names_the_case_and_field(tmp_path: Path, gold: dict[str, Any], field: str, hint: str) -> None:
    with pytest.raises(DatasetError) as err:
        load_dataset(make_dataset(tmp_path / "d", gold))
    message = str(err.value)
    assert "case a" in message and f"gold field {field}" in message and hint in message


def test_gold_markers_are_accepted() -> None:
    gold = {
        "$note": "checked twice",
        "incidents": [{"$source": {"slot": "raw"}, "type": {"$any": ["bombing", "armed_clash"]}}],
        "casualty_figures": [{"$optional": True, "count": {"value": {"$range": [10, 15]}}}],
        "sources": [],
    }
    assert validate_gold(gold, IncidentSummary, where="case x") is gold


def test_gold_as_record_picks_first_alternative_and_drops_markers() -> None:
    gold = {"$note": "n", "incidents": [{"type": {"$any": ["bombing", "armed_clash"]}}],
            "casualty_figures": [{"$optional": True, "party": "x"}, {"count": {"value": {"$range": [10, 14]}}}]}  # fmt: skip
    assert gold_as_record(gold) == {"incidents": [{"type": "bombing"}], "casualty_figures": [{"count": {"value": 12}}]}


def test_schema_from_the_manifest_makes_any_task_scorable(tmp_path: Path) -> None:
    root = make_dataset(tmp_path / "d", {"name": "Gao"}, extra_manifest='schema = "summarizer.schemas.incident:Weapon"\n')
    ds = load_dataset(root)
    assert ds.schema.__name__ == "Weapon" and ds.cases[0].gold == {"name": "Gao"}


def test_a_plain_list_item_may_be_optional_with_null_among_its_alternatives() -> None:
    from summarizer.evals.scoring import score_record

    gold = {"incidents": [{"id": "I1", "location": {"country": "Mali", "regions": ["Mopti", {"$any": ["Segou", None]}]}}]}
    validate_gold(gold, IncidentSummary, where="t")

    def region_counts(regions: list[str]) -> list[int]:
        pred = {"summary": "x", "incidents": [{"id": "I1", "type": "armed_clash", "description": "x",
                "date": {"precision": "unknown"}, "location": {"country": "Mali", "regions": regions}}]}  # fmt: skip
        return list(score_record(gold, pred, IncidentSummary).fields["incidents.location.regions"])

    correct, _, _, missed, spurious = region_counts(["Mopti"])
    assert (correct, missed, spurious) == (1, 0, 0)  # the optional Segou is not required
    correct, _, _, missed, spurious = region_counts(["Mopti", "Segou"])
    assert (correct, missed, spurious) == (2, 0, 0)  # and counts when given
    with pytest.raises(DatasetError, match="regions"):
        validate_gold({"incidents": [{"location": {"regions": [None]}}]}, IncidentSummary, where="t")
