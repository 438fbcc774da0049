"""Noun phrases around a cue word: modifiers, heads from the word lists, coordination ('X, Y and Z')."""

from __future__ import annotations

import re

from ._lexicon import lexicon
from ._text import Doc

__all__ = ["FUNCTION_WORDS", "STOP_WORDS", "clean_np", "clean_target", "coordinated", "np_ending_at", "np_starting_at"]

_DET = re.compile(r"^(?:(?:the|a|an|its|their|his|her|these|those)\s+)+", re.IGNORECASE)
_ED_ADJ = {"armed", "uniformed", "unidentified", "hooded", "masked", "paid", "alleged", "suspected", "hired",
           "heavily", "unknown", "several", "other", "two", "three", "four", "five", "six", "seven", "eight",
           "nine", "ten", "some", "many", "urban", "presumed", "so-called", "self-styled", "rightist", "leftist"}
STOP_WORDS = {"were", "was", "are", "is", "had", "have", "has", "been", "be", "and", "or", "of", "in", "on", "at", "by",
              "to", "the", "a", "an", "who", "which", "that", "during", "with", "from", "for", "as", "when", "while",
              "after", "before", "said", "says", "also", "reportedly", "allegedly", "today", "yesterday", "it", "they",
              "he", "she", "we", "there", "this", "these", "those", "not", "but", "then", "into", "near", "against"}
FUNCTION_WORDS = frozenset(
    """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers him his how i if in into is it its itself just me more most my
no nor not now of off on once only or other our out over own same she should so some such than
that the their them then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your today yesterday tonight
morning night evening afternoon week month year monday tuesday wednesday thursday friday
saturday sunday january february march april may june july august september october november
december said says told reported according however meanwhile also another several many police
army government people group members forces force national front party movement union church
school house city town village department province region state republic hours days weeks months
years minutes
""".split()  # noqa: SIM905
)


def clean_np(np: str) -> str:
    """A phrase as a name: no quotes or leading article, one line."""
    return " ".join(_DET.sub("", np.strip(" \"'“”‘’,")).split())


_QUANT = re.compile(r"^(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+|several|some|many|other|another|various|numerous)\s+)+", re.IGNORECASE)


def clean_target(np: str) -> str:
    """A target or weapon name without its count ('three vehicles' -> 'vehicles')."""
    return _QUANT.sub("", clean_np(np))


def np_ending_at(doc: Doc, end: int, floor: int, head_re: re.Pattern[str], max_mods: int = 3) -> tuple[int, int] | None:
    """A noun phrase whose head (matched by head_re) ends right at `end`, with up to `max_mods` modifiers."""
    best = None
    for m in head_re.finditer(doc.low, max(floor, end - 40), end):
        if m.end() == end:
            best = m
            break
    if best is None:
        return None
    start = best.start()
    words = list(re.finditer(r"[\w'.-]+", doc.low[max(floor, start - 60) : start]))
    base = max(floor, start - 60)
    for w in reversed(words[-max_mods:] if max_mods else []):
        word = w.group()
        if word in STOP_WORDS or word in FUNCTION_WORDS or not re.search(r"[a-z]", word):
            break
        if word not in _ED_ADJ and (word.endswith(("ed", "ing")) or lexicon().perp["active"].fullmatch(word)):
            break
        if doc.low[base + w.end() : start].strip(" \"'"):
            break
        start = base + w.start()
    return start, end


def np_starting_at(doc: Doc, pos: int, limit: int, head_re: re.Pattern[str], max_words: int = 5) -> tuple[int, int] | None:
    """A noun phrase from `pos` whose last word is matched by head_re, within `max_words` words."""
    while pos < limit and doc.low[pos] in " \"'":
        pos += 1
    words = list(re.finditer(r"[\w'.-]+", doc.low[pos:limit]))[: max_words + 1]
    for w in words:
        if w.group() in STOP_WORDS and w.group() not in ("the", "a", "an", "of"):
            break
        hm = head_re.match(doc.low, pos + w.start(), limit)
        if hm:
            end = hm.end()
            # 'a group of 10 paid assassins': the collective takes its complement
            if re.fullmatch(r"group|band|gang|unit|units|column|squad|cell|members", hm.group()):
                of = re.match(r"\s+of\s+", doc.low[end:limit])
                inner = np_starting_at(doc, end + of.end(), limit, head_re, 4) if of else None
                if inner:
                    end = inner[1]
            return pos, end
    return None


def coordinated(doc: Doc, np: tuple[int, int], limit: int, head_re: re.Pattern[str]) -> list[tuple[int, int]]:
    """'security forces or death squads': the noun phrases joined to `np` by and/or."""
    out = [np]
    while True:
        m = re.match(r"\s*(?:,\s*(?:and\s+|or\s+)?|(?:and|or)\s+)", doc.low[out[-1][1] : limit])
        nxt = np_starting_at(doc, out[-1][1] + m.end(), limit, head_re, 4) if m else None
        if not nxt:
            return out
        out.append(nxt)


