"""The ACLED column documentation names every column of the table, with the mapping the code uses."""

from __future__ import annotations

from pathlib import Path

from summarizer.export.acled import COLUMNS, EVENT_TYPES

DOC = Path(__file__).resolve().parents[2] / "summarizer" / "export" / "ACLED.md"


def test_every_column_is_documented_with_its_codebook_meaning_and_mapping() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for column, meaning, mapping in COLUMNS:
        assert meaning and mapping
        assert f"| `{column}` | {meaning} | {mapping} |" in doc


def test_every_incident_type_has_its_event_type_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for kind, (event, sub) in EVENT_TYPES.items():
        assert f"| `{kind.value}` | {event or '-'} | {sub or '-'} |" in doc


def test_the_fatalities_rule_is_cited() -> None:
    doc = DOC.read_text(encoding="utf-8")
    assert "most conservative" in doc and "27 February 2023" in doc
