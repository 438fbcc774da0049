"""MUC-3/4 answer keys parsed faithfully: templates, slots, fillers, alternatives, optionality.

The key notation (template-doc-part1 section 4.2): one template per incident with 25 numbered
slots; several fillers of a slot on separate lines; alternatives of one filler on one line
separated by "/"; "?" before a filler makes it optional; "(OPTIONAL)" after the template number
makes the template optional; "-" is null; "*" is inapplicable (every slot "*" = irrelevant text);
set fills and numbers may be cross-referenced to a string filler after a colon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.errors import DatasetError

__all__ = [
    "SLOT_NAMES",
    "Filler",
    "KeyTemplate",
    "Slot",
    "parse_filler",
    "parse_keys",
    "read_keys",
]

SLOT_NAMES: tuple[str, ...] = (
    "MESSAGE: ID",
    "MESSAGE: TEMPLATE",
    "INCIDENT: DATE",
    "INCIDENT: LOCATION",
    "INCIDENT: TYPE",
    "INCIDENT: STAGE OF EXECUTION",
    "INCIDENT: INSTRUMENT ID",
    "INCIDENT: INSTRUMENT TYPE",
    "PERP: INCIDENT CATEGORY",
    "PERP: INDIVIDUAL ID",
    "PERP: ORGANIZATION ID",
    "PERP: ORGANIZATION CONFIDENCE",
    "PHYS TGT: ID",
    "PHYS TGT: TYPE",
    "PHYS TGT: NUMBER",
    "PHYS TGT: FOREIGN NATION",
    "PHYS TGT: EFFECT OF INCIDENT",
    "PHYS TGT: TOTAL NUMBER",
    "HUM TGT: NAME",
    "HUM TGT: DESCRIPTION",
    "HUM TGT: TYPE",
    "HUM TGT: NUMBER",
    "HUM TGT: FOREIGN NATION",
    "HUM TGT: EFFECT OF INCIDENT",
    "HUM TGT: TOTAL NUMBER",
)

# Slots whose whole line is one text conversion: colons and slashes inside are part of the value
# ("GUATEMALA: PETEN (DEPARTMENT)", "URABA (REGION / CITY)"); only a top-level "(A) / (B)" splits.
_WHOLE_LINE_SLOTS = {0, 1, 2, 3}

# "N.  SLOT NAME<two or more spaces>first filler" or "N.  SLOT NAME" alone (fillers on the next lines).
_SLOT_LINE = re.compile(r"^(\d{1,2})\.\s+([A-Z ]+:[A-Z ]+?)(?:\s{2,}(.*?))?\s*$")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[/:?]|[^"/:?]+')


@dataclass(frozen=True)
class Filler:
    """One filler: its alternatives, whether it is optional, and what it is cross-referenced to.

    `values` are the alternatives of the filler itself (strings unquoted and unescaped);
    `quoted` says whether they were text strings ("...") rather than set fills or numbers;
    `ref` holds the alternatives of the string filler it points to ("DEATH: \"PEASANT\"").
    """

    values: tuple[str, ...]
    quoted: bool = False
    optional: bool = False
    ref: tuple[str, ...] = ()
    raw: str = ""


@dataclass
class Slot:
    """One numbered slot of a template. `null` is "-", `inapplicable` is "*"."""

    number: int
    name: str
    fillers: list[Filler] = field(default_factory=list)
    null: bool = False
    inapplicable: bool = False
    lines: list[str] = field(default_factory=list)


@dataclass
class KeyTemplate:
    """One answer-key template of a message; an irrelevant message has one all-"*" template."""

    message_id: str
    number: int | None
    optional: bool
    slots: dict[int, Slot]
    comments: list[str] = field(default_factory=list)
    source: str = ""

    @property
    def irrelevant(self) -> bool:
        return self.number is None

    def fillers(self, slot: int) -> list[Filler]:
        return self.slots[slot].fillers if slot in self.slots else []


def _unquote(token: str) -> str:
    return re.sub(r"\\(.)", r"\1", token[1:-1])


def _split_top_level(text: str) -> list[str]:
    """Split "(A) / (B)" at slashes outside parentheses, dropping one pair of wrapping parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "/" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    out = []
    for part in (p.strip() for p in parts):
        if len(parts) > 1 and part.startswith("(") and part.endswith(")"):
            part = part[1:-1].strip()
        out.append(part)
    return out


def _top_level_paren(text: str) -> int:
    """Start of the parenthesized group outside any other that ends `text`, else -1."""
    depth, start = 0, -1
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and i == len(text) - 1:
                return start
    return -1


def _location_alternatives(text: str) -> list[str]:
    """Alternatives of a LOCATION fill: "(A) / (B)", or "COUNTRY: (A) / (B)" where the names before
    the colon hold for every alternative (template-doc-part1 section 7.4: names of increasing
    specificity separated by colons; the key's "/" separates alternative forms of one filler)."""
    parts = _raw_parts(text)
    if len(parts) == 1:
        return _split_top_level(text)
    at = _top_level_paren(parts[0])
    prefix = parts[0][:at].rstrip() if at > 0 else ""
    if not prefix.endswith(":"):
        return _split_top_level(text)
    out = []
    for n, part in enumerate(parts):
        body = part[at:] if n == 0 else part
        if _top_level_paren(body) == 0:
            body = body[1:-1].strip()
        out.append(f"{prefix} {body}")
    return out


def _raw_parts(text: str) -> list[str]:
    """`text` split at slashes outside parentheses, each part stripped."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "/" and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def parse_filler(text: str, *, slot: int = 9) -> Filler:
    """Parse one filler line: `? A / B: "X" / "Y"` (slot numbers 0-3 keep colons in the value)."""
    raw = text.strip()
    body = raw
    optional = body.startswith("?")
    if optional:
        body = body[1:].strip()
    if slot == 3:
        return Filler(values=tuple(_location_alternatives(body)), optional=optional, raw=raw)
    if slot in _WHOLE_LINE_SLOTS:
        return Filler(values=tuple(_split_top_level(body)), optional=optional, raw=raw)
    tokens = [t for t in (m.group(0) for m in _TOKEN.finditer(body)) if t.strip()]
    groups: list[list[str]] = [[]]
    quoted_groups: list[bool] = [False]
    current = ""
    for tok in tokens:
        tok = tok.strip()
        if tok in ("/", ":"):
            if current:
                groups[-1].append(current)
                current = ""
            if tok == ":":
                if len(groups) == 2:
                    raise DatasetError(f"MUC key filler {raw!r}: more than one ':' cross-reference")
                groups.append([])
                quoted_groups.append(False)
            continue
        if tok == "?":
            raise DatasetError(f"MUC key filler {raw!r}: '?' may only start a filler")
        if tok.startswith('"'):
            if current:
                raise DatasetError(
                    f"MUC key filler {raw!r}: text {current!r} runs into a quoted string"
                )
            current = _unquote(tok)
            quoted_groups[-1] = True
            groups[-1].append(current)
            current = ""
        else:
            current = f"{current} {tok}".strip() if current else tok
    if current:
        groups[-1].append(current)
    if not groups[0]:
        raise DatasetError(f"MUC key filler {raw!r}: no value before the cross-reference")
    ref = tuple(groups[1]) if len(groups) == 2 else ()
    return Filler(
        values=tuple(groups[0]), quoted=quoted_groups[0], optional=optional, ref=ref, raw=raw
    )


def _finish_slot(slot: Slot) -> None:
    lines = [ln for ln in slot.lines if ln.strip()]
    if lines == ["-"]:
        slot.null = True
    elif lines == ["*"]:
        slot.inapplicable = True
    else:
        slot.fillers = [parse_filler(ln, slot=slot.number) for ln in lines]


def _template_from(
    slots: dict[int, Slot], comments: list[str], where: str, source: str
) -> KeyTemplate:
    for n in (0, 1):
        if n not in slots or not slots[n].lines:
            raise DatasetError(f"{where}: template without slot {n} ({SLOT_NAMES[n]})")
    missing = [n for n in range(len(SLOT_NAMES)) if n not in slots]
    if missing:
        raise DatasetError(f"{where}: template of {slots[0].lines[0]} lacks slots {missing}")
    message_id = slots[0].lines[0].strip()
    try:
        for slot in slots.values():
            _finish_slot(slot)
    except DatasetError as exc:
        raise DatasetError(f"{where}: template of {message_id}: {exc}") from None
    number_text = slots[1].lines[0].strip()
    optional = "(OPTIONAL)" in number_text
    number_text = number_text.replace("(OPTIONAL)", "").strip()
    if number_text != "*" and not number_text.isdigit():
        raise DatasetError(
            f"{where}: template of {message_id}: number {number_text!r} is not a number or '*'"
        )
    number = None if number_text == "*" else int(number_text)
    return KeyTemplate(message_id, number, optional, slots, comments, source)


def parse_keys(text: str, *, source: str = "<keys>") -> list[KeyTemplate]:
    """Parse a whole key file into templates, in file order; `;;;` comment lines go to the next template."""
    templates: list[KeyTemplate] = []
    slots: dict[int, Slot] = {}
    comments: list[str] = []
    pending: list[str] = []
    current: Slot | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        where = f"{source}:{lineno}"
        if line.startswith(";"):
            pending.append(line.lstrip("; ").rstrip())
            continue
        if not line.strip():
            continue
        m = _SLOT_LINE.match(line)
        if m:
            number, name, value = int(m.group(1)), m.group(2).strip(), (m.group(3) or "").strip()
            if number >= len(SLOT_NAMES) or SLOT_NAMES[number] != name:
                raise DatasetError(
                    f"{where}: slot {number} is named {name!r}, expected a MUC-4 slot name"
                )
            if number == 0:
                if slots:
                    templates.append(_template_from(slots, comments, where, source))
                slots, comments, pending = {}, pending, []
            elif not slots:
                raise DatasetError(f"{where}: slot {number} before any '0.  MESSAGE: ID' line")
            if number in slots:
                raise DatasetError(f"{where}: slot {number} appears twice in one template")
            current = Slot(number, name, lines=[value] if value else [])
            slots[number] = current
        elif line[:1].isspace() and current is not None:
            current.lines.append(line.strip())
        else:
            raise DatasetError(
                f"{where}: cannot read {line[:60]!r}: expected 'N.  SLOT NAME  value' or an indented filler"
            )
    if slots:
        templates.append(_template_from(slots, comments, source, source))
    return templates


def read_keys(*paths: Path) -> dict[str, list[KeyTemplate]]:
    """Templates of several key files grouped by message id, message order as in the files."""
    out: dict[str, list[KeyTemplate]] = {}
    for path in paths:
        text = path.read_text(encoding="latin-1")
        for template in parse_keys(text, source=str(path)):
            out.setdefault(template.message_id, []).append(template)
    return out
