"""A 500-article results file: every incident, figure and article is a row; failures are rows too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from summarizer.errors import InputError
from summarizer.export import read_results, tables, to_frames, write_tables


def counts_in(path: Path) -> dict[str, int]:
    """Counted straight from the JSON lines, not through the export code."""
    out = {"articles": 0, "failed": 0, "incidents": 0, "figures": 0, "sources": 0}
    for line in path.read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        out["articles"] += 1
        if not obj["ok"]:
            out["failed"] += 1
            continue
        record = obj["result"]["record"]
        out["incidents"] += len(record["incidents"])
        out["figures"] += len(record["casualty_figures"])
        out["sources"] += len(record["sources"])
    return out


@pytest.fixture(scope="module")
def batch_tables(batch_500: tuple[Path, list[Any]]) -> dict[str, Any]:
    return tables(read_results(batch_500[0]))


def test_row_counts_equal_the_counts_in_the_results(batch_500: tuple[Path, list[Any]], batch_tables: dict[str, Any]) -> None:
    expected = counts_in(batch_500[0])
    assert expected["articles"] == 500 and expected["failed"] > 0 and expected["figures"] > 1000
    assert len(batch_tables["articles"].rows) == expected["articles"]
    assert len(batch_tables["incidents"].rows) == expected["incidents"]
    assert len(batch_tables["acled"].rows) == expected["incidents"]
    assert len(batch_tables["figures"].rows) == expected["figures"]
    assert len(batch_tables["sources"].rows) == expected["sources"]
    assert sum(not r["ok"] for r in batch_tables["articles"].records()) == expected["failed"]


def test_failed_articles_keep_their_error(batch_tables: dict[str, Any]) -> None:
    failed = [r for r in batch_tables["articles"].records() if not r["ok"]]
    assert failed and all(r["error_type"] == "OutputInvalidError" and r["error_message"] for r in failed)


def test_parquet_and_xlsx_hold_the_same_rows(batch_tables: dict[str, Any], tmp_path: Path) -> None:
    import openpyxl
    import pyarrow.parquet as pq

    write_tables(batch_tables, tmp_path / "pq", "parquet")
    write_tables(batch_tables, tmp_path / "xl", "xlsx")
    book = openpyxl.load_workbook(tmp_path / "xl" / "tables.xlsx", read_only=True)
    for name, table in batch_tables.items():
        back = pq.read_table(tmp_path / "pq" / f"{name}.parquet")
        assert back.num_rows == len(table.rows) and back.column_names == list(table.columns)
        assert book[name].max_row == len(table.rows) + 1  # the header row
    figures = pq.read_table(tmp_path / "pq" / "figures.parquet").to_pylist()
    assert figures[0]["count_value"] == 14 and figures[0]["claimant_anonymous"] is False


def test_to_frames_gives_one_dataframe_per_table(batch_500: tuple[Path, list[Any]], batch_tables: dict[str, Any]) -> None:
    frames = to_frames(read_results(batch_500[0]))
    assert set(frames) == set(batch_tables)
    assert {k: len(v) for k, v in frames.items()} == {k: len(t.rows) for k, t in batch_tables.items()}
    assert list(frames["acled"].columns)[:3] == ["event_id_cnty", "event_date", "year"]


def test_a_parquet_results_file_reads_like_the_jsonl(batch_500: tuple[Path, list[Any]], tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    lines = [json.loads(x) for x in batch_500[0].read_text(encoding="utf-8").splitlines()]
    rows = [{"id": o["id"], "ok": o["ok"], "result": json.dumps(o["result"]) if o["ok"] else None,
             "error_type": o.get("error", {}).get("type"), "error_message": o.get("error", {}).get("message")}
            for o in lines]  # fmt: skip
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "results.parquet")
    from_parquet = read_results(tmp_path / "results.parquet")
    from_jsonl = read_results(batch_500[0])
    assert [(i.article_id, i.ok, i.error_type) for i in from_parquet] == [(i.article_id, i.ok, i.error_type) for i in from_jsonl]


def test_a_line_that_is_not_an_incident_result_is_that_articles_error(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": "a", "ok": true, "result": {"record": {"nope": 1}}}\n', encoding="utf-8")
    (item,) = read_results(path)
    assert not item.ok and item.error_type == "ExportError" and "not an incident result" in (item.error_message or "")


def test_a_file_that_is_not_json_lines_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("id,ok\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"r.jsonl:1 is not a JSON line"):
        read_results(path)


def test_a_torn_last_line_is_left_out(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": "a", "ok": false, "error": {"type": "X", "message": "m"}}\n{"id": "b", "ok"', encoding="utf-8")
    assert [i.article_id for i in read_results(path)] == ["a"]
