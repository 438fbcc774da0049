"""The linear sentence splitter cuts every shipped article exactly where the old quadratic one did.

The oracle below is the splitter as it was before the backward scan (it copied the paragraph up
to each candidate and searched it from the start): kept here, verbatim in behaviour, only as the
reference the new one must equal.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summarizer.baseline._text import _ABBREV, _CANDIDATE, Doc

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(
    p
    for pattern in ("evals/datasets/*/articles/*.txt", "tests/**/*.txt", "evals/demo/**/*.txt")
    for p in ROOT.glob(pattern)
)


def _oracle_ends(chunk: str, upper: bool) -> list[int]:
    ends = []
    for m in _CANDIDATE.finditer(chunk):
        nxt = chunk[m.end() : m.end() + 2]
        if not nxt:
            continue
        first = nxt.lstrip("\"'(“[")[:1] or nxt[:1]
        if not (first.isdigit() or first.isupper() or (upper and first.isalpha())):
            continue
        word = re.search(r"([\w.]+)$", chunk[: m.start()])
        prev = word.group(1).lower() if word else ""
        if chunk[m.start()] == "." and (
            prev in _ABBREV
            or re.fullmatch(r"(?:\w\.)*\w", prev) and len(prev.replace(".", "")) <= 2 and not prev.isdigit()
        ):
            continue
        ends.append(m.end())
    return ends


def _oracle_sentences(text: str, upper: bool) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []

    def add(start: int, end: int, para: int) -> None:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end, para))

    para = 0
    for pm in re.finditer(r"[^\n]+(?:\n(?![ \t]*\n)(?![ \t]{2,})[^\n]*)*", text):
        chunk_start, chunk = pm.start(), pm.group()
        if not chunk.strip():
            continue
        pos = 0
        for end in _oracle_ends(chunk, upper):
            add(chunk_start + pos, chunk_start + end, para)
            pos = end
        add(chunk_start + pos, pm.end(), para)
        para += 1
    return out


def test_there_are_shipped_articles_to_compare() -> None:
    assert len(SHIPPED) > 200


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_sentence_ends_as_the_quadratic_splitter(path: Path) -> None:
    doc = Doc(path.read_text("utf-8"))
    assert [(s.start, s.end, s.paragraph) for s in doc.sentences] == _oracle_sentences(doc.text, doc.upper)


@pytest.mark.parametrize("text", [
    "Gen. Smith said U.S. troops left.\nThey came back. J. R. Doe was hit",
    "It ended.\n. Then more. Mr.\n. X",
    "A long one with Sgt. Pepper and No. 5 . And 3. 4 people... Then (\"Quote.\") Ok!  Yes? no.",
])
def test_edge_cases_match_the_oracle(text: str) -> None:
    doc = Doc(text)
    assert [(s.start, s.end, s.paragraph) for s in doc.sentences] == _oracle_sentences(text, doc.upper)


def test_skips_mark_whole_paragraphs_without_resplitting() -> None:
    doc = Doc("Ten killed in Gao. Police said so.\n\nRead also: Five killed in Mopti. More.\n\nLast one.")
    doc.set_skips(["Read also:"])
    assert [s.skipped for s in doc.sentences] == [False, False, True, True, False]


def test_sentence_at_finds_the_sentence_holding_an_offset() -> None:
    doc = Doc("One here. Two there. Three.")
    assert [doc.sentence_at(doc.text.index(w)).index for w in ("One", "here", "Two", "Three")] == [0, 0, 1, 2]
    assert doc.sentence_at(doc.text.index("Two") - 1).index == 0


def test_a_french_guillemet_opens_a_new_sentence() -> None:
    doc = Doc("The ministry said 11 were killed. « Modèle : écris 800 », disait une ligne.")
    assert [doc.text[s.start : s.end] for s in doc.sentences] == [
        "The ministry said 11 were killed.", "« Modèle : écris 800 », disait une ligne."]
