"""Dates: the dateline, date phrases with their precision, and resolving them against an anchor.

With no publication date, a year the text does not write is inferred from weekday arithmetic
('Tuesday January 10') and the latest year the text cites, and flagged `year_inferred`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from summarizer.schemas.incident import DatePrecision

from ._text import Doc

__all__ = ["Anchor", "DateMention", "Dateline", "find_dateline", "find_dates", "make_anchor", "partial", "resolve"]

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MON = (
    r"(?P<mon>" + "|".join(k for k in sorted(_MONTHS, key=len, reverse=True) if len(k) > 4 or k in ("may", "june", "july"))
    + "|(?:" + "|".join(k for k in sorted(_MONTHS, key=len, reverse=True) if len(k) <= 4 and k not in ("may", "june", "july")) + r")\.?)"
)
_WD = r"(?:(?P<wd>" + "|".join(_WEEKDAYS) + r"),?\s+(?:the\s+)?)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d{2}))"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?!\d)")),
    ("mdy", re.compile(rf"(?<![\w]){_WD}?{_MON}\s+{_DAY}(?!\d){_YEAR}?(?![\w])")),
    ("dmy", re.compile(rf"(?<![\w]){_WD}?{_DAY}\s+(?:of\s+)?{_MON}{_YEAR}?(?![\w])")),
    ("my", re.compile(rf"(?<![\w])(?:in|during|since|of|early|late|mid-?)\s+{_MON}\s+(?P<year>(?:19|20)\d{{2}})(?![\w])")),
    ("m", re.compile(r"(?<![\w])(?:in|during|early|late|mid-?)\s+(?:early\s+|late\s+)?(?P<mon>january|february|march|april|june|july|august|september|october|november|december)(?![\w])")),
    ("wd", re.compile(r"(?<![\w])(?:(?P<rel>last|this|on|early|late|next)\s+)?(?P<wd>" + "|".join(_WEEKDAYS) + r")(?:\s+(?:night|morning|evening|afternoon))?(?![\w])")),
    ("rel", re.compile(r"(?<![\w])(?P<reltxt>today|tonight|yesterday|the day before yesterday|the day before|the previous day|last night|this morning|this afternoon|this evening|early this morning|(?P<ago>\d+|two|three|four|five|six|seven) days ago)(?![\w])")),
    ("y", re.compile(r"(?<![\w])(?:in|since|during|of)\s+(?P<year>(?:19|20)\d{2})(?![\w'])")),
]
_AGO = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_REPORT_CUE = re.compile(
    r"(?:report|statement|said|says|announc\w*|according|consulted|published|presented|told|"
    r"communique|press release|denied|denies|confirmed|reported|added|spokes\w+|sent)\b[^,.;]{0,40}$"
)


@dataclass(frozen=True)
class DateMention:
    """A date phrase of the article and what it fixes (fields left None are not written)."""

    start: int
    end: int
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    days_before: int | None = None  # relative phrases: 'yesterday' = 1
    report: bool = False  # the date of a statement or report, not of an event


@dataclass(frozen=True)
class Dateline:
    """The 'CITY, 3 FEB 90 (SOURCE) --' or 'CITY, Country, March 3, 2024 -' line opening wire copy."""

    place_start: int
    place_end: int
    date: dt.date | None
    month_day: tuple[int, int] | None
    source: str | None
    end: int


@dataclass(frozen=True)
class Anchor:
    """What relative dates resolve against: the publication date, or the latest year cited."""

    date: dt.date | None
    latest_year: int | None
    inferred: bool
    year_written: bool = False  # an inferred anchor that is a date the text writes with its year (R-DATE-4)


_DATELINE = re.compile(
    r"^\s*(?:[A-Z0-9]+-[A-Z0-9-]+\s*\n)?\s*(?P<place>[A-Za-z][A-Za-z .'\-]{1,40}?(?:,\s+[A-Z][A-Za-z .'\-]{1,30}?){0,2}),\s+"
    r"(?:(?P<d1>\d{1,2})\s+(?P<m1>[A-Za-z]{3,9})\.?|(?P<m2>[A-Za-z]{3,9})\.?\s+(?P<d2>\d{1,2}))"
    r"(?:,?\s+(?P<y>\d{4}|\d{2}))?\s*(?:\((?P<src>[^)\n]{1,40})\))?\s*(?:--|-|\u2014|\u2013)"
)


def find_dateline(doc: Doc) -> Dateline | None:
    """Parse a wire dateline at the top of the text, if there is one."""
    m = _DATELINE.match(doc.text[:400])
    if not m:
        return None
    mon = _MONTHS.get((m.group("m1") or m.group("m2") or "").lower().rstrip("."))
    day = int(m.group("d1") or m.group("d2"))
    if mon is None or not 1 <= day <= 31:
        return None
    year: int | None = None
    if m.group("y"):
        y = int(m.group("y"))
        year = y if y > 99 else (1900 + y if y >= 50 else 2000 + y)
    date = _safe_date(year, mon, day) if year else None
    return Dateline(m.start("place"), m.end("place"), date, (mon, day), m.group("src"), m.end())


def _safe_date(year: int | None, month: int, day: int) -> dt.date | None:
    if year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(doc: Doc, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Date phrases between two offsets, longest first where they overlap, in text order."""
    low = doc.low
    end = len(low) if end is None else end
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(low, start, end):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            mention = _mention(kind, m, low)
            if mention is not None:
                taken.append((m.start(), m.end()))
                out.append(mention)
    return sorted(out, key=lambda d: d.start)


def _mention(kind: str, m: re.Match[str], low: str) -> DateMention | None:
    g = m.groupdict()
    wd = _WEEKDAYS.index(g["wd"]) if g.get("wd") else None
    year = int(g["year"]) if g.get("year") else None
    month = int(g["mnum"]) if g.get("mnum") else (_MONTHS[g["mon"].rstrip(".")] if g.get("mon") else None)
    day = int(g["day"]) if g.get("day") else None
    if day is not None and not 1 <= day <= 31:
        return None
    days_before = None
    if kind == "rel":
        txt = g["reltxt"]
        if g.get("ago"):
            days_before = int(g["ago"]) if g["ago"].isdigit() else _AGO[g["ago"]]
        elif txt in ("yesterday", "last night", "the day before", "the previous day"):
            days_before = 1
        elif txt == "the day before yesterday":
            days_before = 2
        else:
            days_before = 0
    report = bool(_REPORT_CUE.search(low[max(0, m.start() - 60) : m.start()]))
    return DateMention(m.start(), m.end(), kind, year, month, day, wd, days_before, report)


def make_anchor(published: dt.date | None, dateline: Dateline | None, doc: Doc) -> Anchor:
    """The publication date if known (metadata, then dateline); otherwise the latest cited year."""
    years = [int(y) for y in re.findall(r"(?<![\w-])((?:19|20)\d{2})(?![\w-])", doc.low)]
    latest = max(years) if years else None
    if published is not None:
        return Anchor(published, latest, inferred=False)
    if dateline is not None and dateline.date is not None:
        return Anchor(dateline.date, latest, inferred=False)
    return Anchor(None, latest, inferred=True)


def resolve(m: DateMention, anchor: Anchor) -> tuple[dt.date | None, DatePrecision, bool]:
    """A mention's date, precision and whether its year was inferred (no publication date)."""
    if m.kind in ("iso", "mdy", "dmy") and m.month and m.day:
        if m.year:
            d = _safe_date(m.year, m.month, m.day)
            return d, (DatePrecision.day if d else DatePrecision.unknown), False
        year = _year_for(m.month, m.day, m.weekday, anchor)
        d = _safe_date(year, m.month, m.day) if year else None
        return d, (DatePrecision.day if d else DatePrecision.unknown), d is not None and anchor.inferred
    if m.kind == "my" and m.month and m.year:
        return dt.date(m.year, m.month, 1), DatePrecision.month, False
    if m.kind == "m" and m.month:
        # a bare month takes the publication year only; years cited elsewhere date other events (R-DATE-2)
        year = _year_for(m.month, None, None, anchor) if anchor.date is not None else None
        return (dt.date(year, m.month, 1) if year else None), (DatePrecision.month if year else DatePrecision.unknown), anchor.inferred
    if m.kind == "y" and m.year:
        return dt.date(m.year, 1, 1), DatePrecision.year, False
    if anchor.date is None:
        return None, DatePrecision.unknown, False
    # against a date the text writes with its year, the year is the article's, not inferred (R-DATE-4)
    relative_inferred = anchor.inferred and not anchor.year_written
    if m.kind == "wd" and m.weekday is not None:
        back = (anchor.date.weekday() - m.weekday) % 7
        return anchor.date - dt.timedelta(days=back), DatePrecision.day, relative_inferred
    if m.kind == "rel" and m.days_before is not None:
        return anchor.date - dt.timedelta(days=m.days_before), DatePrecision.day, relative_inferred
    return None, DatePrecision.unknown, False


def partial(m: DateMention, anchor: Anchor) -> tuple[str, DatePrecision] | None:
    """What a mention fixes when no year can be (R-DATE-3): '--10-03' for 'Oct. 3', '--04' for 'in April'.

    None when `resolve` gives the mention a full date, or when it fixes no month."""
    if resolve(m, anchor)[0] is not None or m.month is None or m.year is not None:
        return None
    if m.kind in ("mdy", "dmy") and m.day:
        return f"--{m.month:02d}-{m.day:02d}", DatePrecision.day
    if m.kind == "m":
        return f"--{m.month:02d}", DatePrecision.month
    return None


def _year_for(month: int, day: int | None, weekday: int | None, anchor: Anchor) -> int | None:
    """The year of a day and month written without one.

    With an anchor date: the year nearest the anchor among it and its neighbours (the weekday,
    when given, choosing among those three).
    Without: the year nearest the latest year the text cites where the weekday fits, preferring
    later years on ties (an article reports after the past it cites).
    """
    if anchor.date is not None:
        base = anchor.date.year
        candidates = [base, base - 1, base + 1]
        if weekday is not None and day is not None:
            # the weekday picks between neighbouring years only: a wrong weekday must not move it years
            fits = [y for y in candidates if _weekday_fits(y, month, day, weekday)]
            if fits:
                candidates = fits
        def distance(y: int) -> int:
            d = _safe_date(y, month, day or 1)
            return abs((d - anchor.date).days) if d and anchor.date else 10**6
        return min(candidates[:3], key=distance)
    if anchor.latest_year is None or weekday is None or day is None:
        return None  # only a weekday picks a year the text does not write (R-DATE-2): `partial` instead
    base = anchor.latest_year
    for delta in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6):
        if _weekday_fits(base + delta, month, day, weekday):
            return base + delta
    return None


def _weekday_fits(year: int, month: int, day: int, weekday: int) -> bool:
    d = _safe_date(year, month, day)
    return d is not None and d.weekday() == weekday
