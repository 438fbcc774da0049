"""Text plumbing: a same-length folded copy for matching, sentences with offsets, the language guard.

Every pattern runs on `Doc.low`, a lower-cased, accent-stripped copy of the article with exactly
the same length, so a match's offsets slice the original text: evidence is exact by construction.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from summarizer.errors import InputError

__all__ = ["Doc", "Sentence", "check_english", "fold", "key", "phrase_regex"]

_QUOTES = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'"}


@cache
def _fold_char(c: str) -> str:
    """One character in, one character out: lower case, no accent, straight quotes."""
    if c in _QUOTES:
        return _QUOTES[c]
    if c in "\u2013\u2014\u2012":
        return "-"
    if c == "\u00a0":
        return " "
    low = c.lower()
    if len(low) != 1:
        return c
    base = unicodedata.normalize("NFKD", low)
    kept = "".join(ch for ch in base if not unicodedata.combining(ch))
    return kept if len(kept) == 1 else low


def fold(text: str) -> str:
    """Lower-case, accent-free copy of `text` with the same length (offsets carry over)."""
    if text.isascii():
        return text.lower().replace("`", "'")
    return "".join(map(_fold_char, text))


def key(name: str) -> str:
    """A lookup key for a name: folded, hyphens and runs of spaces made one space."""
    return re.sub(r"[\s-]+", " ", fold(name)).strip()


def phrase_regex(phrases: Iterable[str], *, prefix: str = r"(?<![\w-])", suffix: str = r"(?![\w])") -> str:
    """An alternation of lexicon phrases, longest first; a trailing `*` matches any word ending."""
    parts = []
    for p in sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True):
        star = p.endswith("*")
        body = re.escape(fold(p.rstrip("*"))).replace(r"\ ", r"[\s-]+")
        parts.append(body + (r"[\w-]*" if star else ""))
    return prefix + "(?:" + "|".join(parts) + ")" + suffix


@dataclass(frozen=True)
class Sentence:
    """A sentence of the article: offsets into the text, its paragraph, and whether to skip it."""

    index: int
    start: int
    end: int
    paragraph: int
    skipped: bool = False


_ABBREV = {"mr", "mrs", "ms", "dr", "st", "col", "gen", "sgt", "lt", "no", "capt", "maj", "vs", "jr",
           "sr", "rev", "gov", "sen", "rep", "cpl", "pvt", "lic", "eng", "prof", "mt", "ft", "inc", "co",
           "corp", "ltd", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec"}
_CANDIDATE = re.compile(r"[.!?][\"')\]”’]*(?:\s+|(?=[A-Z“\"][a-z]))")


def _word_before(chunk: str, at: int) -> str:
    """The run of word characters and dots ending at `at` (one newline just before it is skipped),
    found by scanning backwards: constant work per candidate, however long the paragraph."""
    end = at - 1 if at > 0 and chunk[at - 1] == "\n" else at
    start = end
    while start > 0 and (chunk[start - 1] == "." or chunk[start - 1] == "_" or chunk[start - 1].isalnum()):
        start -= 1
    return chunk[start:end]


def _sentence_ends(chunk: str, upper: bool) -> list[int]:
    """Offsets in `chunk` where a sentence ends: after . ! ? not closing an abbreviation or initial.

    One left-to-right pass over the candidates; each looks back only at the word it closes, so the
    cost is linear in the paragraph's length (a 400 KB single paragraph is no slower per character)."""
    ends = []
    for m in _CANDIDATE.finditer(chunk):
        nxt = chunk[m.end() : m.end() + 2]
        if not nxt:
            continue
        if nxt[0] == "«":  # a French opening guillemet, usually followed by a space
            nxt = chunk[m.end() + 1 : m.end() + 3].lstrip()
        first = nxt.lstrip("\"'(“[")[:1] or nxt[:1]
        if not (first.isdigit() or first.isupper() or (upper and first.isalpha())):
            continue
        if chunk[m.start()] == "." and _abbreviation(_word_before(chunk, m.start()).lower()):
            continue
        ends.append(m.end())
    return ends


def _abbreviation(prev: str) -> bool:
    """A known abbreviation ("Gen.") or an initial ("J.", "U.S.") that a full stop does not end."""
    if prev in _ABBREV:
        return True
    return bool(_INITIALS.fullmatch(prev)) and len(prev.replace(".", "")) <= 2 and not prev.isdigit()


_INITIALS = re.compile(r"(?:\w\.)*\w")


@dataclass
class Doc:
    """The article text, its folded twin, its sentences, and whether it is all upper case."""

    text: str
    low: str = field(init=False)
    upper: bool = field(init=False)
    sentences: list[Sentence] = field(init=False)
    memo: dict[str, Any] = field(init=False, default_factory=dict)  # whole-text scans, computed once
    _paragraphs: list[tuple[int, int]] = field(init=False, repr=False, default_factory=list)
    _starts: list[int] = field(init=False, repr=False, default_factory=list)

    def __post_init__(self) -> None:
        self.low = fold(self.text)
        letters = [c for c in self.text if c.isalpha()]
        self.upper = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8
        self.sentences = self._split()
        self._starts = [s.start for s in self.sentences]

    def set_skips(self, prefixes: Iterable[str]) -> None:
        """Mark sentences of a paragraph that starts a 'Read also:' style line, so they never make
        incidents. Only the flags change: the text is split once, in __post_init__."""
        folded = tuple(fold(p) for p in prefixes)
        if not folded:
            return
        skipped = {i for i, (a, b) in enumerate(self._paragraphs) if self.low[a:b].lstrip().startswith(folded)}
        self.sentences = [
            Sentence(s.index, s.start, s.end, s.paragraph, s.skipped or s.paragraph in skipped) for s in self.sentences
        ]

    def skip_where(self, skip: Callable[[Doc, Sentence], bool]) -> list[Sentence]:
        """Mark the sentences `skip` picks as skipped (they make no fact); returns those newly marked."""
        marked = [s for s in self.sentences if not s.skipped and skip(self, s)]
        if marked:
            ids = {s.index for s in marked}
            self.sentences = [Sentence(s.index, s.start, s.end, s.paragraph, s.skipped or s.index in ids) for s in self.sentences]
        return marked

    def _split(self) -> list[Sentence]:
        out: list[Sentence] = []
        para = 0
        for pm in re.finditer(r"[^\n]+(?:\n(?![ \t]*\n)(?![ \t]{2,})[^\n]*)*", self.text):
            chunk_start, chunk = pm.start(), pm.group()
            if not chunk.strip():
                continue
            self._paragraphs.append((chunk_start, pm.end()))
            pos = 0
            for end in _sentence_ends(chunk, self.upper):
                self._add(out, chunk_start + pos, chunk_start + end, para)
                pos = end
            self._add(out, chunk_start + pos, pm.end(), para)
            para += 1
        return out

    def _add(self, out: list[Sentence], start: int, end: int, para: int) -> None:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Sentence(len(out), start, end, para))

    def sentence_at(self, pos: int) -> Sentence:
        """The sentence containing offset `pos` (the last one before it if between sentences)."""
        return self.sentences[max(bisect.bisect_right(self._starts, pos) - 1, 0)]

    def span(self, start: int, end: int) -> str:
        """The exact text between offsets, without surrounding whitespace or dangling quotes."""
        while start < end and (self.text[start].isspace() or self.low[start] in ",;:"):
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.low[end - 1] in ",;:"):
            end -= 1
        return self.text[start:end]


_EN = {"the", "of", "and", "to", "in", "a", "was", "were", "is", "are", "that", "for", "on", "with",
       "by", "said", "from", "at", "as", "his", "their", "have", "has", "been", "which", "who", "it"}
_OTHER = {
    "French": {"le", "la", "les", "des", "et", "du", "est", "une", "dans", "pour", "qui", "sur", "au", "ont", "été", "par"},
    "Spanish": {"el", "los", "las", "del", "y", "que", "por", "una", "con", "para", "fue", "según", "sus", "al"},
    "Portuguese": {"os", "das", "dos", "não", "uma", "com", "foram", "pela", "pelo", "em"},
    "German": {"der", "die", "und", "das", "den", "nicht", "ist", "von", "mit", "wurden", "sich", "auf"},
}


def check_english(text: str, declared: str | None) -> None:
    """Refuse text the English-only rules cannot read, naming the language seen."""
    if declared and not declared.lower().startswith("en"):
        raise InputError(
            f"rules/baseline reads English only, and this article is declared as language "
            f"{declared!r}: configure a model provider (e.g. a profile with openai/gpt-4o-mini) for it"
        )
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 20:
        return
    en = sum(w in _EN for w in words) / len(words)
    scores = {lang: sum(w in vocab for w in words) / len(words) for lang, vocab in _OTHER.items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    if best > en and best > 0.08:
        raise InputError(
            f"rules/baseline reads English only, and this article looks {lang} "
            f"({best:.0%} {lang} function words vs {en:.0%} English): configure a model provider "
            "for non-English text, or give an English translation"
        )
