"""Tables to files: CSV (built in), Parquet (pyarrow) and xlsx (openpyxl), one file or sheet per table.

CSV cells: booleans as true/false, None as an empty cell, everything else as text; UTF-8,
RFC 4180 quoting. Parquet and xlsx keep each column's type.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path

from summarizer.errors import InputError
from summarizer.export.tables import Cell, Table

__all__ = ["FORMATS", "csv_text", "write_tables"]

FORMATS = ("csv", "parquet", "xlsx")


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_text(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([_csv_cell(v) for v in row] for row in table.rows)
    return buffer.getvalue()


def _parquet(table: Table, path: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("--to parquet needs pyarrow: pip install 'incident-summarizer[parquet]'") from None
    columns = {c: [row[i] for row in table.rows] for i, c in enumerate(table.columns)}
    arrays = {c: pa.array(v, type=_arrow_type(v)) for c, v in columns.items()}
    pq.write_table(pa.table(arrays), path)


def _arrow_type(values: list[Cell]) -> object:
    """One type per column: ints stay ints, a column of only None is a null-free string column."""
    import pyarrow as pa

    kinds = {type(v) for v in values if v is not None}
    if kinds == {bool}:
        return pa.bool_()
    if kinds == {int}:
        return pa.int64()
    if kinds <= {int, float} and kinds:
        return pa.float64()
    return pa.string()


def _xlsx(tables: Mapping[str, Table], path: Path) -> None:
    try:
        from openpyxl import Workbook
    except ImportError:
        raise InputError("--to xlsx needs openpyxl: pip install 'incident-summarizer[xlsx]'") from None
    book = Workbook()
    book.remove(book.active)
    for name, table in tables.items():
        sheet = book.create_sheet(name[:31])
        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append(list(row))
    book.save(path)


def write_tables(tables: Mapping[str, Table], out_dir: Path, fmt: str) -> list[Path]:
    """Write every table; returns the files written."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}: pick one of {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        path = out_dir / "tables.xlsx"
        _xlsx(tables, path)
        return [path]
    written = []
    for name, table in tables.items():
        path = out_dir / f"{name}.{fmt}"
        if fmt == "csv":
            path.write_text(csv_text(table), encoding="utf-8")
        else:
            _parquet(table, path)
        written.append(path)
    return written
