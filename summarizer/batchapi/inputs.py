"""The input JSONL one line at a time: checked in one pass, then read again line by line or by id.

`summarizer.batch.read_jsonl` returns every article at once, which is right for a live run but
makes a provider batch job's memory grow with its input (a batch job is the path for the biggest
inputs). Here only each article's id and where its line starts are kept; an article is parsed
again when submit streams past it or collect needs it. Each line goes through read_jsonl's own
line parser (summarizer.batch.inputs.parse_line), and the checks keep its messages and its
order (the first non-UTF-8 byte anywhere,
else the first bad line, else the first repeated id), all before anything is sent. A line that
names a `path` is read at the check and again at use: twice the file reads, never all texts held.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from summarizer.article import Article, escaped
from summarizer.batch.inputs import parse_line
from summarizer.errors import InputError

__all__ = ["InputIndex", "Place"]

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Place:
    """Where one article's line starts (byte offset) and its 1-based line number (for messages)."""

    offset: int
    number: int


def _lines(path: Path) -> Iterator[tuple[Place, bytes]]:
    """Every line with its place, split on b"\\n" only (as read_jsonl splits), a leading BOM dropped."""
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read {escaped(str(path))}: {exc.strerror or exc}") from None
    with handle:
        offset = 0
        for number, raw in enumerate(handle, 1):
            start = offset
            offset += len(raw)
            if number == 1 and raw.startswith(_BOM):
                raw, start = raw[len(_BOM) :], start + len(_BOM)
            yield Place(start, number), raw


def _text(path: Path, place: Place, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}:{place.number}: not UTF-8 (byte 0x{raw[exc.start]:02x}): a JSONL input must be UTF-8"
        ) from None


def _article(path: Path, place: Place, line: str) -> Article:
    return parse_line(line, path.parent, f"{path}:{place.number}")


class InputIndex:
    """A checked JSONL input: its ids in input order, each with the place of its line."""

    def __init__(self, path: Path, places: dict[str, Place]) -> None:
        self.path = path
        self.places = places

    @classmethod
    def scan(cls, path: Path) -> InputIndex:
        """Check every line as read_jsonl does (same messages, same precedence), keeping no text."""
        if not path.is_file():
            raise InputError(f"no input file at {path}")
        places: dict[str, Place] = {}
        first: InputError | None = None  # the first bad line; later lines are still checked for UTF-8
        repeated: InputError | None = None
        for place, raw in _lines(path):
            line = _text(path, place, raw)
            if first is not None or not line.strip():
                continue
            try:
                ident = _article(path, place, line).meta.id or ""
            except InputError as exc:
                first = exc
                continue
            if ident in places:
                repeated = repeated or InputError(f"{path}:{place.number}: the id {escaped(ident)} appears twice; ids must be unique")
            else:
                places[ident] = place
        if first is not None:
            raise first
        if repeated is not None:
            raise repeated
        return cls(path, places)

    def __len__(self) -> int:
        return len(self.places)

    def __contains__(self, ident: object) -> bool:
        return ident in self.places

    def ids(self) -> Iterator[str]:
        return iter(self.places)

    def __iter__(self) -> Iterator[Article]:
        """The articles in input order, one parsed at a time."""
        for place, raw in _lines(self.path):
            line = _text(self.path, place, raw)
            if line.strip():
                yield _article(self.path, place, line)

    def get(self, ident: str) -> Article:
        """The article `ident`, its line read again; a one-line InputError if the input changed since."""
        place = self.places.get(ident)
        if place is None:
            raise InputError(f"article {escaped(ident)} is not in {self.path}: the input changed since submit; submit it again")
        with open(self.path, "rb") as handle:
            handle.seek(place.offset)
            article = _article(self.path, place, _text(self.path, place, handle.readline()))
        if article.meta.id != ident:
            raise InputError(f"{self.path}:{place.number} no longer holds article {escaped(ident)}: the input changed since submit")
        return article
