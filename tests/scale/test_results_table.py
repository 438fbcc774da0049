"""The one results writer (JSONL, Parquet, CSV) and table inputs for the plain batch command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest
from helpers import corpus, fake_server
from typer.testing import CliRunner

from summarizer.batch import summarize_many
from summarizer.batch.table import COLUMNS, ResultsWriter, read_rows
from summarizer.batch.table_inputs import read_input
from summarizer.cli import app
from summarizer.config import Config
from summarizer.errors import InputError, SummarizerError
from summarizer.export._items import read_results

ROWS = [
    {"id": "a", "ok": True, "result": '{"x":1}', "error_type": None, "error_message": None, "usage": None},
    {"id": "b", "ok": False, "result": None, "error_type": "TransportError", "error_message": "gave up, \"quoted\"",
     "usage": '{"input_tokens":3}'},
]  # fmt: skip


def config_of(server: Any) -> Config:
    return Config.model_validate({"default_profile": "fake", "profiles": {"fake": {
        "name": "fake", "model": "compat/fake-model", "base_url": server.base_url, "max_backoff": 0.05, "transport_retries": 0}}})  # fmt: skip


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_writer_round_trips_every_column(tmp_path: Path, suffix: str) -> None:
    writer = ResultsWriter(tmp_path / f"out{suffix}", group_rows=1)
    writer.write_many(ROWS)
    path = writer.close()
    assert read_rows(path) == ROWS
    assert not list(tmp_path.glob(".*.tmp"))


def test_an_unfinished_table_never_replaces_the_file(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    first = ResultsWriter(path)
    first.write(ROWS[0])
    first.close()
    second = ResultsWriter(path)
    second.write(ROWS[1])
    second.abort()
    assert read_rows(path) == [ROWS[0]]


def test_parquet_columns_are_the_ones_the_export_reader_expects(tmp_path: Path) -> None:
    writer = ResultsWriter(tmp_path / "out.parquet")
    writer.write_many(ROWS)
    assert tuple(pq.read_table(writer.close()).column_names) == COLUMNS
    failed = read_results(tmp_path / "out.parquet")[1]
    assert (failed.article_id, failed.error_type, failed.error_message) == ("b", "TransportError", 'gave up, "quoted"')


def test_csv_and_parquet_inputs_check_rows_like_jsonl_lines(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("an article read from a file", encoding="utf-8")
    pcsv.write_csv(pa.Table.from_pylist([{"id": "a", "text": "inline text", "path": ""}, {"id": "b", "text": "", "path": "b.txt"}]),
                   tmp_path / "in.csv")  # fmt: skip
    articles = read_input(tmp_path / "in.csv")
    assert [(a.meta.id, a.text) for a in articles] == [("a", "inline text"), ("b", "an article read from a file")]
    pq.write_table(pa.Table.from_pylist([{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]), tmp_path / "dup.parquet")
    with pytest.raises(InputError, match="appears twice"):
        read_input(tmp_path / "dup.parquet")
    pq.write_table(pa.Table.from_pylist([{"id": "a", "body": "x"}]), tmp_path / "cols.parquet")
    with pytest.raises(InputError, match=r"unknown column\(s\) body"):
        read_input(tmp_path / "cols.parquet")


def test_batch_writes_parquet_and_resumes_it(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]) -> None:
    docs = corpus(seed_text, 6, faulty_every=3)
    out = tmp_path / "results.parquet"
    with fake_server(seed_answer) as server:
        first = summarize_many(dict(list(docs.items())[:4]), output=out, config=config_of(server), cache="off")
        assert first.total == 4 and len(first.failures) == 2  # art-000 and art-003 carry the fault
        again = summarize_many(docs, output=out, config=config_of(server), cache="off")
        calls = len(server.requests)
    assert again.skipped == 4 and calls == 6
    rows = read_rows(out)
    assert sorted(r["id"] for r in rows) == sorted(docs)
    assert {r["id"]: r["ok"] for r in rows if not r["ok"]} == {"art-000": False, "art-003": False}
    assert all(json.loads(r["result"])["record"] for r in rows if r["ok"])


def test_cli_reads_csv_and_writes_csv(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]) -> None:
    docs = corpus(seed_text, 3)
    pcsv.write_csv(pa.Table.from_pylist([{"id": k, "text": v} for k, v in docs.items()]), tmp_path / "in.csv")
    with fake_server(seed_answer) as server:
        from helpers import config_file

        result = CliRunner().invoke(app, ["summarize", "--input", str(tmp_path / "in.csv"), "--output", str(tmp_path / "out.csv"),
                                          "--config", str(config_file(tmp_path, server))])  # fmt: skip
    code = result.exception.exit_code if isinstance(result.exception, SummarizerError) else result.exit_code
    assert code == 0, result.stderr
    rows = read_rows(tmp_path / "out.csv")
    assert sorted(r["id"] for r in rows) == sorted(docs) and all(r["ok"] for r in rows)
