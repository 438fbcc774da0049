"""The importer: the shipped dataset is what a re-import writes; hand-checked gold of several texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from muc4_paths import DATASET, KEYS, case_ids, gold
from typer.testing import CliRunner

from summarizer.cli._app import app
from summarizer.errors import DatasetError
from summarizer.evals.dataset import load_dataset
from summarizer.evals.muc4.importer import import_muc
from summarizer.evals.muc4.mapping import parse_key_date


@pytest.fixture(scope="module")
def reimported(texts_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reimport") / "muc4-dev"
    import_muc([texts_file], KEYS, out, name="muc4-dev")
    return out


def test_reimport_gives_the_shipped_gold_and_articles_byte_for_byte(reimported: Path) -> None:
    ids = case_ids()
    assert len(ids) == 200
    for cid in ids:
        assert (reimported / "gold" / f"{cid}.json").read_bytes() == (
            DATASET / "gold" / f"{cid}.json"
        ).read_bytes(), cid
        assert (reimported / "articles" / f"{cid}.txt").read_bytes() == (
            DATASET / "articles" / f"{cid}.txt"
        ).read_bytes(), cid
    assert (reimported / "cases.jsonl").read_bytes() == (DATASET / "cases.jsonl").read_bytes()


def test_the_shipped_dataset_loads_and_validates() -> None:
    data = load_dataset(DATASET)
    assert (data.name, data.task, len(data.cases), len(data.labeled)) == (
        "muc4-dev",
        "muc4",
        200,
        200,
    )
    assert data.metrics == ["summarizer.evals.muc4.metrics:muc4_metrics"]
    assert sum(1 for c in data.cases if c.gold and c.gold["incidents"] == []) == 84


def test_every_raw_slot_is_kept_under_source() -> None:
    g = gold("TST1-MUC3-0001")
    src = g["$source"]
    assert [t["template"] for t in src["templates"]] == [1, 3, 4, 5, 6]
    assert all(len(t["slots"]) == 25 for t in src["templates"])
    assert src["templates"][0]["slots"]["19. HUM TGT: DESCRIPTION"] == [
        '"PRESIDENT": "CEREZO"',
        '"CIVILIAN"',
    ]
    assert src["dateline"] == {
        "place": "GUATEMALA CITY",
        "country": None,
        "date": "4 FEB 90",
        "source": "ACAN-EFE",
    }


def test_tst1_0001_maps_to_five_incidents() -> None:
    incidents = gold("TST1-MUC3-0001")["incidents"]
    assert [i["type"] if isinstance(i["type"], str) else "attack*" for i in incidents] == [
        "attack*",
        "arson",
        "robbery",
        "attack*",
        "arson",
    ]
    first = incidents[0]
    assert first["date"] == {"start": "1990-02-02", "precision": "day"}
    assert first["location"] == {"country": "Guatemala"}
    assert first["perpetrator_organizations"] == [
        {
            "name": {"$any": ["GUATEMALAN NATIONAL REVOLUTIONARY UNITY", "URNG"]},
            "attributions": [{"stance": {"$any": ["stated", "claimed"]}}],
        }
    ]
    assert first["human_targets"] == [
        {"name": "CEREZO", "description": "PRESIDENT"},
        {"name": "CIVILIAN", "kind": "civilians"},
    ]
    assert first["weapons"] == []  # "-": labeled none
    assert "weapons" not in incidents[1]  # "*" for an arson: unlabeled
    assert "date" not in incidents[3]  # "- 04 FEB 90" (on or before) has no counterpart


def test_optional_template_and_optional_fillers() -> None:
    (inc,) = gold("TST1-MUC3-0022")["incidents"]
    assert inc["$optional"] is True
    first = gold("TST2-MUC4-0026")["incidents"][0]
    assert [p.get("$optional", False) for p in first["perpetrator_individuals"]] == [
        False,
        False,
        False,
        True,
        True,
        True,
    ]
    assert first["perpetrator_organizations"][1] == {
        "name": "ARMY",
        "$optional": True,
    }  # optional confidence not labeled


def test_irrelevant_text_has_no_incidents() -> None:
    g = gold("TST1-MUC3-0003")
    assert g["incidents"] == [] and g["$source"]["relevant"] is False and g["$source"]["gtt"] == []


def test_key_dates() -> None:
    assert parse_key_date("17 FEB 90 - 18 FEB 90")[0] == "range"
    assert parse_key_date("- 04 FEB 90")[0] == "on_or_before"
    assert (
        parse_key_date("02 FEB 90")[1] is not None
        and parse_key_date("02 FEB 90")[1].isoformat() == "1990-02-02"
    )


def test_published_comes_from_the_dateline() -> None:
    cases = {
        json.loads(x)["id"]: json.loads(x)
        for x in (DATASET / "cases.jsonl").read_text().splitlines()
    }
    assert cases["TST1-MUC3-0001"]["metadata"]["published"] == "1990-02-04"
    assert "published" not in cases["TST1-MUC3-0043"]["metadata"]  # NO DATE


def test_a_message_without_a_key_is_an_error(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.write_text("TST9-MUC3-0001\n\n   LIMA, 1 JAN 90 (EFE) -- [TEXT] A.\n")
    with pytest.raises(DatasetError, match="messages without a key"):
        import_muc([texts], KEYS, tmp_path / "out")


def test_cli_import_writes_the_dataset(texts_file: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "import",
            "muc4",
            str(KEYS[0]),
            str(texts_file),
            str(KEYS[1]),
            "--out",
            str(tmp_path / "d"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "wrote 200 cases" in result.output and "191 templates (31 optional)" in result.output
    assert (tmp_path / "d" / "gold" / "TST2-MUC4-0100.json").is_file()
    again = CliRunner().invoke(
        app,
        ["eval", "import", "muc4", str(texts_file), *map(str, KEYS), "--out", str(tmp_path / "d")],
    )
    assert again.exit_code != 0
    assert isinstance(again.exception, DatasetError) and "is not empty" in str(again.exception)


def _one_message_key(tmp_path: Path, message_id: str, location: str) -> Path:
    """The first key template of TST1-MUC3-0001 under another id, with another LOCATION fill."""
    lines = KEYS[0].read_text(encoding="latin-1").splitlines()
    lines = lines[1 : next(n for n, ln in enumerate(lines) if ln.startswith("24.")) + 1]
    lines[0] = lines[0].replace("TST1-MUC3-0001", message_id)
    lines[3] = f"3.  INCIDENT: LOCATION              {location}"
    key = tmp_path / "key"
    key.write_text("\n".join(lines) + "\n", encoding="latin-1")
    return key


def test_a_mixed_case_dateline_and_alternatives_below_the_country(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.write_text(
        "TST9-MUC4-0001\n\n   San Salvador, 3 Feb 90 (Radio Venceremos) -- [Text] Guerrillas attacked a farm.\n"
    )
    key = _one_message_key(
        tmp_path, "TST9-MUC4-0001", "GUATEMALA: (ALTA VERAPAZ (DEPARTMENT) - COBAN (TOWN)) / (SAN CRISTOBAL (TOWN))"
    )
    import_muc([texts], [key], tmp_path / "out")
    (case,) = [json.loads(x) for x in (tmp_path / "out" / "cases.jsonl").read_text().splitlines()]
    assert case["metadata"]["published"] == "1990-02-03"
    assert case["metadata"]["outlet"] == "Radio Venceremos"
    incident = json.loads((tmp_path / "out" / "gold" / "TST9-MUC4-0001.json").read_text())["incidents"][0]
    assert incident["location"] == {"country": "Guatemala"}  # not {"$any": ["Guatemala", "San Cristobal"]}
