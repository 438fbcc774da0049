"""MUC-3/4 text files split into messages, with the dateline read (text-headers-info grammar).

A message starts with its id line (TST1-MUC3-0001) followed by a dateline
`PLACE, DD MMM YY (SOURCE) -- [TEXT] ...`. The text is kept verbatim; the dateline's date
anchors relative dates ("2 DAYS AGO"), so it becomes ArticleMeta.published.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from summarizer.errors import DatasetError

__all__ = ["Dateline", "Message", "parse_dateline", "read_messages", "split_messages"]

_ID_LINE = re.compile(r"^([A-Z]+\d*-MUC\d-\d{4})\s*$", re.MULTILINE)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1
    )
}
# Case-insensitive: the corpus also exists in mixed case ("San Salvador, 3 Feb 90 (Radio ...) --").
_DATELINE = re.compile(
    r"^\s*(?P<place>.*?),\s+(?P<date>NO DATE|(?P<dd>\d{1,2})\s+(?P<mmm>[A-Z]{3})(?:\s+(?P<yy>\d{2}))?)"
    r"\s*(?:\((?P<source>[^)]*)\))?\s*--",
    re.DOTALL | re.IGNORECASE,
)


@dataclass(frozen=True)
class Dateline:
    """What the dateline says. `date` is None for NO DATE or a date without a year."""

    place: str
    country: str | None
    date: dt.date | None
    date_text: str
    source: str | None


@dataclass(frozen=True)
class Message:
    """One message: its id, its full text as in the file (id line excluded), and its dateline."""

    id: str
    text: str
    dateline: Dateline | None


def parse_dateline(text: str) -> Dateline | None:
    """Read the dateline at the start of `text`; None when it does not follow the grammar."""
    m = _DATELINE.match(text)
    if m is None:
        return None
    place = " ".join(m.group("place").split())
    country = None
    pm = re.match(r"^(.*?)\s*\(([^)]*)\)$", place)
    if pm:
        place, country = pm.group(1), pm.group(2)
    date = None
    month = _MONTHS.get((m.group("mmm") or "").upper())
    if m.group("dd") and m.group("yy") and month is not None:
        year = 1900 + int(m.group("yy"))
        try:
            date = dt.date(year, month, int(m.group("dd")))
        except ValueError:
            date = None
    source = " ".join(m.group("source").split()) if m.group("source") else None
    return Dateline(
        place=place, country=country, date=date, date_text=m.group("date"), source=source
    )


def split_messages(text: str, *, source: str = "<texts>") -> list[Message]:
    """Split a MUC text file at its id lines; text before the first id line is refused."""
    starts = list(_ID_LINE.finditer(text))
    if not starts:
        raise DatasetError(f"{source}: no message id line such as 'TST1-MUC3-0001' found")
    if text[: starts[0].start()].strip():
        raise DatasetError(f"{source}: text before the first message id line {starts[0].group(1)}")
    messages = []
    for n, m in enumerate(starts):
        end = starts[n + 1].start() if n + 1 < len(starts) else len(text)
        body = text[m.end() : end].strip("\n").rstrip() + "\n"
        body = body.lstrip("\n")
        messages.append(Message(id=m.group(1), text=body, dateline=parse_dateline(body)))
    seen: set[str] = set()
    for msg in messages:
        if msg.id in seen:
            raise DatasetError(f"{source}: message id {msg.id} appears twice")
        seen.add(msg.id)
    return messages


def read_messages(*paths: Path) -> list[Message]:
    """Messages of several text files, in file order."""
    out: list[Message] = []
    for path in paths:
        out.extend(split_messages(path.read_text(encoding="latin-1"), source=str(path)))
    return out
