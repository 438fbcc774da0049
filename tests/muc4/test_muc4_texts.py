"""Messages and datelines (text-headers-info grammar)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from summarizer.errors import DatasetError
from summarizer.evals.muc4.texts import parse_dateline, read_messages, split_messages


def test_dateline_with_city_date_and_source() -> None:
    d = parse_dateline("   GUATEMALA CITY, 4 FEB 90 (ACAN-EFE) -- [TEXT] THE GUATEMALA ARMY")
    assert d is not None
    assert (d.place, d.country, d.date, d.source) == (
        "GUATEMALA CITY",
        None,
        dt.date(1990, 2, 4),
        "ACAN-EFE",
    )


def test_dateline_with_a_foreign_country() -> None:
    d = parse_dateline("   MANAGUA (NICARAGUA), 11 DEC 89 (RADIO SANDINO) -- [TEXT]")
    assert d is not None and (d.place, d.country, d.date) == (
        "MANAGUA",
        "NICARAGUA",
        dt.date(1989, 12, 11),
    )


def test_no_date_and_a_date_without_year_give_no_published_date() -> None:
    nodate = parse_dateline("   CLANDESTINE, NO DATE (RADIO VENCEREMOS) -- [TEXT] [CONTINUED]")
    noyear = parse_dateline("   BUENOS AIRES, 25 JAN (NA) -- [TEXT] THE GROUP")
    assert nodate is not None and nodate.date is None and nodate.date_text == "NO DATE"
    assert noyear is not None and noyear.date is None and noyear.date_text == "25 JAN"


def test_split_keeps_each_message_verbatim_without_its_id_line() -> None:
    text = "TST9-MUC3-0001\n\n   LIMA, 1 JAN 90 (EFE) -- [TEXT] A.\n\n   B.\n\n\nTST9-MUC3-0002\n\n   X, NO DATE -- C.\n"
    a, b = split_messages(text)
    assert (a.id, a.text) == ("TST9-MUC3-0001", "   LIMA, 1 JAN 90 (EFE) -- [TEXT] A.\n\n   B.\n")
    assert b.id == "TST9-MUC3-0002" and b.dateline is not None and b.dateline.date is None


def test_text_before_the_first_id_line_is_refused() -> None:
    with pytest.raises(DatasetError, match="text before the first message id"):
        split_messages("stray\nTST9-MUC3-0001\n\n   X, NO DATE -- C.\n")


def test_all_200_dev_messages_read_184_with_a_dated_dateline(texts_file: Path) -> None:
    messages = read_messages(texts_file)
    assert len(messages) == 200
    assert all(m.dateline is not None for m in messages)
    assert sum(m.dateline.date is not None for m in messages if m.dateline) == 184


def test_a_mixed_case_dateline_is_read() -> None:
    d = parse_dateline("   Managua (Nicaragua), 11 Dec 89 (Radio Sandino) -- [Text] The army")
    assert d is not None
    assert (d.place, d.country, d.date, d.source) == ("Managua", "Nicaragua", dt.date(1989, 12, 11), "Radio Sandino")
    assert parse_dateline("   Clandestine, No Date (Radio Venceremos) -- [Text]") is not None
