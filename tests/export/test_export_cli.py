"""`summarizer export`: files per table, GeoJSON, the viewer, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from summarizer.cli import app

runner = CliRunner()


def exit_code(result: Any) -> int:
    """What run_app() makes of the outcome: a SummarizerError becomes its exit code."""
    from summarizer.errors import SummarizerError

    return result.exception.exit_code if isinstance(result.exception, SummarizerError) else int(result.exit_code)


def small_results(batch_500: tuple[Path, list[Any]], tmp_path: Path, n: int = 20) -> Path:
    path = tmp_path / "results.jsonl"
    path.write_text("".join(batch_500[0].read_text(encoding="utf-8").splitlines(keepends=True)[:n]), encoding="utf-8")
    return path


def test_csv_export_writes_one_file_per_table(batch_500: tuple[Path, list[Any]], tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(small_results(batch_500, tmp_path)), "--to", "csv", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "acled.csv", "actors.csv", "articles.csv", "event_figures.csv", "events.csv", "figures.csv", "incidents.csv",
        "sources.csv"]
    assert len((tmp_path / "out" / "articles.csv").read_text(encoding="utf-8").splitlines()) == 21


def test_geojson_export_has_points_in_longitude_latitude_order(batch_500: tuple[Path, list[Any]], tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(small_results(batch_500, tmp_path)), "--to", "geojson", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "incidents.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and "GeoNames" in data["attribution"]
    mali = [f for f in data["features"] if f["properties"]["country"] == "Mali"]
    assert mali and all(f["geometry"]["coordinates"][0] < 0 < f["geometry"]["coordinates"][1] for f in mali)


def test_html_export_writes_the_viewer(batch_500: tuple[Path, list[Any]], tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(small_results(batch_500, tmp_path)), "--to", "html", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "viewer.html").read_text(encoding="utf-8").count('<tr class="row"') == 20


def test_unknown_format_is_a_one_line_usage_error(tmp_path: Path) -> None:
    (tmp_path / "r.jsonl").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["export", str(tmp_path / "r.jsonl"), "--to", "xml"])
    assert exit_code(result) == 2 and "pick one of csv, parquet, xlsx, geojson, html" in str(result.exception)


def test_missing_results_file_says_what_to_pass(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(tmp_path / "missing.jsonl")])
    assert exit_code(result) == 2 and "pass the results file a batch wrote" in str(result.exception)


def test_html_export_with_the_batch_input_highlights_article_text(tmp_path: Path) -> None:
    from summarizer.schemas.incident import IncidentSummary
    from summarizer.testing.results_file import write_synthetic_results

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    text = (fixtures / "seed-article.txt").read_text(encoding="utf-8")
    base = IncidentSummary.model_validate_json((fixtures / "seed-answer.json").read_text(encoding="utf-8"))
    write_synthetic_results(tmp_path / "r.jsonl", base, text, 2)
    (tmp_path / "in.jsonl").write_text("".join(json.dumps({"id": f"article-{i:04d}", "text": text}) + "\n" for i in range(2)), encoding="utf-8")
    result = runner.invoke(app, ["export", str(tmp_path / "r.jsonl"), "--to", "html", "--out", str(tmp_path),
                                 "--articles", str(tmp_path / "in.jsonl")])  # fmt: skip
    assert result.exit_code == 0, result.output
    page = (tmp_path / "viewer.html").read_text(encoding="utf-8")
    assert page.count('<div class="base">') == 2 and '<mark id="a1-' in page
