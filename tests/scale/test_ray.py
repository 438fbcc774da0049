"""The Ray path on a local cluster (127.0.0.1 only, no dashboard, no usage stats) against the loopback fake.

One cluster serves the whole module (starting Ray is the slow part); every worker installs the
loopback-only socket guard through Ray's worker setup hook, and a test checks it is active.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from helpers import FAULT, config_file, corpus, fake_server, write_parquet
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.config import load_config
from summarizer.export._items import read_results
from summarizer.scale import summarize_dataset
from summarizer.testing.netguard import GUARD_HOOK, probe

ray = pytest.importorskip("ray", reason="the Ray path needs the [ray] extra")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    assert os.environ["RAY_USAGE_STATS_ENABLED"] == "0"  # tests/scale/conftest.py
    ray.init(
        _node_ip_address="127.0.0.1", include_dashboard=False, num_cpus=2, log_to_driver=False,
        runtime_env={"worker_process_setup_hook": GUARD_HOOK},
    )  # fmt: skip
    try:
        yield ray
    finally:
        ray.shutdown()


def test_the_cluster_runs_on_loopback_only(cluster: Any) -> None:
    assert {node["NodeManagerAddress"] for node in cluster.nodes()} == {"127.0.0.1"}


def test_workers_reach_loopback_only(cluster: Any) -> None:
    active, outcome = cluster.get(cluster.remote(probe).remote(), timeout=60)
    assert active and outcome.startswith("blocked:"), outcome


def test_200_articles_from_parquet_give_200_rows_identical_to_the_cli_batch(
    cluster: Any, tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]
) -> None:
    docs = corpus(seed_text, 200)
    source = write_parquet(tmp_path / "corpus.parquet", docs)
    with fake_server(seed_answer) as server:
        cfg = config_file(tmp_path, server)
        report = summarize_dataset(source, output=tmp_path / "ray.parquet", config=load_config(cfg),
                                   cache="off", workers=2, concurrency=8)  # fmt: skip
        by_ray = len(server.requests)
        cli = CliRunner().invoke(app, ["summarize", "--input", str(source), "--output", str(tmp_path / "cli.parquet"),
                                       "--config", str(cfg), "--no-cache"])  # fmt: skip
    assert cli.exit_code == 0, cli.stderr
    assert (report.rows, report.ok, report.failed) == (200, 200, 0)
    assert pq.read_table(tmp_path / "ray.parquet").num_rows == 200
    assert by_ray == 200  # one call per article, none repeated
    ray_items = {i.article_id: i for i in read_results(tmp_path / "ray.parquet")}
    cli_items = {i.article_id: i for i in read_results(tmp_path / "cli.parquet")}
    assert sorted(ray_items) == sorted(cli_items) == sorted(docs)
    for ident, item in ray_items.items():
        twin = cli_items[ident]
        assert item.ok and twin.ok
        assert item.record == twin.record
        assert item.article == twin.article
        assert item.result is not None and twin.result is not None
        assert item.result.grounding == twin.result.grounding


def test_one_in_ten_faulty_still_gives_200_rows_with_their_errors(
    cluster: Any, tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]
) -> None:
    docs = corpus(seed_text, 200, faulty_every=10)
    faulty = {k for k, v in docs.items() if FAULT in v}
    assert len(faulty) == 20
    source = write_parquet(tmp_path / "corpus.parquet", docs)
    with fake_server(seed_answer) as server:
        report = summarize_dataset(source, output=tmp_path / "ray.parquet", config=load_config(config_file(tmp_path, server)),
                                   cache="off", workers=2, concurrency=8)  # fmt: skip
    rows = pq.read_table(tmp_path / "ray.parquet").to_pylist()
    assert len(rows) == 200 and (report.ok, report.failed) == (180, 20)
    failed = {r["id"]: r for r in rows if not r["ok"]}
    assert set(failed) == faulty
    for row in failed.values():
        assert row["result"] is None and row["error_type"] and "injected fault" in row["error_message"]
    assert all(r["result"] and r["error_type"] is None for r in rows if r["ok"])


def test_a_bad_row_is_that_rows_failure(cluster: Any, tmp_path: Path, seed_text: str, seed_answer: dict[str, Any]) -> None:
    import pyarrow as pa

    table = pa.Table.from_pylist([{"id": "good", "text": seed_text}, {"id": "", "text": seed_text}, {"id": "good", "text": "again"}])
    pq.write_table(table, tmp_path / "corpus.parquet")
    with fake_server(seed_answer) as server:
        report = summarize_dataset(tmp_path / "corpus.parquet", output=tmp_path / "out.jsonl",
                                   config=load_config(config_file(tmp_path, server)), cache="off", workers=1)  # fmt: skip
    rows = {(r["id"], r["ok"], r["error_type"]) for r in read_results_rows(tmp_path / "out.jsonl")}
    assert report.rows == 3
    assert rows == {("good", True, None), ("", False, "InputError"), ("good", False, "InputError")}


def read_results_rows(path: Path) -> list[dict[str, Any]]:
    from summarizer.batch.table import read_rows

    return read_rows(path)
