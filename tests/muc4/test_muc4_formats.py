"""Readers of the literature's files in the shapes they are distributed in; malformed shapes refused with the place named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.errors import DatasetError
from summarizer.evals.muc4.formats import case_id, load_gtt, load_role_predictions, read_documents

DATA = Path(__file__).resolve().parent / "data"


def write(tmp_path: Path, text: str, name: str = "preds.jsonl") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_numeric_ids_are_n_times_10000_plus_the_message_number() -> None:
    assert case_id("10001") == "TST1-MUC3-0001"
    assert case_id("20100") == "TST2-MUC4-0100"
    assert case_id("30001") == "TST3-MUC4-0001"
    assert case_id("tst2-muc4-0007") == "TST2-MUC4-0007"


def test_grit_and_gtt_out_files_load_as_distributed() -> None:
    grit = load_role_predictions(DATA / "grit_preds_s_t.out")
    gtt = load_role_predictions(DATA / "gtt_preds_gtt.out")
    assert len(grit) == len(gtt) == 20 and "TST1-MUC3-0001" in grit and "TST2-MUC4-0010" in gtt
    assert set(grit["TST1-MUC3-0001"]) == {"extracts"} and set(gtt["TST1-MUC3-0001"]) == {"templates"}
    # the predictions are read, not the gold the file carries beside them
    raw = json.loads((DATA / "gtt_preds_gtt.out").read_text(encoding="utf-8"))["10001"]
    assert len(gtt["TST1-MUC3-0001"]["templates"]) == len(raw["pred_templates"]) != len(raw["gold_templates"])


def test_iterx_lines_of_one_document_are_joined_in_file_order() -> None:
    iterx = load_role_predictions(DATA / "iterx_preds.dev.jsonlines")
    lines = (DATA / "iterx_preds.dev.jsonlines").read_text(encoding="utf-8").splitlines()
    first = [t for ln in lines for d, ts in json.loads(ln).items() if d == "TST1-MUC3-0001" for t in ts]
    assert len(iterx) == 20 and len(first) == 4
    assert [t["incident_type"] for t in iterx["TST1-MUC3-0001"]["templates"]] == [t["incident_type"] for t in first]
    # IterX leaves out empty roles: they are read as empty
    assert iterx["TST1-MUC3-0001"]["templates"][1]["PerpInd"] == []


def test_an_object_of_template_lists_is_read_as_templates(tmp_path: Path) -> None:
    path = write(tmp_path, json.dumps({"TST1-MUC3-0002": [{"incident_type": "attack", "Target": [["bus"]]}]}), "p.json")
    assert load_gtt(path)["TST1-MUC3-0002"][0]["Target"] == [[("bus", -1)]]


def test_a_repeated_document_is_refused_with_its_line(tmp_path: Path) -> None:
    line = json.dumps({"docid": "TST1-MUC3-0002", "templates": []})
    with pytest.raises(DatasetError, match=r"preds.jsonl:3: a second document TST1-MUC3-0002"):
        read_documents(write(tmp_path, f"{line}\n\n{line}\n"))


def test_two_ids_naming_one_document_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, json.dumps({"10002": [], "TST1-MUC3-0002": []}), "p.json")
    with pytest.raises(DatasetError, match="are both TST1-MUC3-0002"):
        read_documents(path)


def test_iterx_lines_mixed_with_documents_are_refused(tmp_path: Path) -> None:
    text = json.dumps({"TST1-MUC3-0002": []}) + "\n" + json.dumps({"docid": "TST1-MUC3-0003", "templates": []})
    with pytest.raises(DatasetError, match=r"preds.jsonl:2: mixes IterX lines"):
        read_documents(write(tmp_path, text))


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"docid": "X", "templates": [{"incident_type": "attack", "Target": [[]]}]}, r"Target\[0\]: an entity needs at least one mention"),
        ({"docid": "X", "templates": [{"Target": [["bus"]]}]}, "needs a string 'incident_type'"),
        ({"docid": "X", "templates": [{"incident_type": "attack", "Perpetrator": []}]}, "unknown roles"),
        ({"docid": "X", "extracts": {"Target": [[7]]}}, "a mention must be a string"),
        ({"docid": "X", "answer": []}, "has none of"),
    ],
)
def test_malformed_documents_are_refused_with_the_field(tmp_path: Path, doc: dict[str, object], message: str) -> None:
    with pytest.raises(DatasetError, match=message):
        load_role_predictions(write(tmp_path, json.dumps(doc) + "\n" + json.dumps({**doc, "docid": "Y"})))


def test_a_line_that_is_not_json_is_named(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"preds.jsonl:2: not JSON"):
        read_documents(write(tmp_path, '{"docid": "A", "templates": []}\n{oops\n'))
