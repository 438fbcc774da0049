"""Who says it: attribution cues ('according to X', 'X said', 'communicated by X') in a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.schemas.incident import SourceKind

from ._lexicon import Group, lexicon
from ._text import Doc, Sentence, fold, key

__all__ = ["GroupMention", "SourceHit", "group_mentions", "sources_in"]

_BOUNDARY = re.compile(r"[,;:\"()\[\]]|--|\s-\s|\.\s")
_LEAD = re.compile(
    r"^(?:(?:when|while|as|after|because|but|and|then|a|an|the|that|this|its|their|his|her|new|latest|previous|"
    r"preliminary|first|last|local|official|an?\s+official)\s+)+"
)
# a heading glued to the next sentence by scraping ('... involvementAn FBI agent'): the phrase starts after it
_GLUED = re.compile(r"(?<=[a-z]{4})(?=[A-Z])")
_TRAIL = re.compile(r"\s+(?:on|in|at|to|which|who|that|after|before|during|with|for|as|and\s+the\s+\w+\s+report)\b.*$")
_STATEMENT_TAIL = re.compile(r"\s+(?:report|reports|statement|statements|communique|communiqué|press release|assessment|bulletin|toll|sources?|spokes(?:man|woman|person))$")


@dataclass(frozen=True)
class SourceHit:
    """One attribution cue and the source it names."""

    name: str
    kind: SourceKind
    anonymous: bool
    cue_start: int  # span of the whole cue ('according to a new army report'), for evidence
    cue_end: int
    strength: int  # 2: 'according to'/'by'; 1: 'X said'
    verb_end: int = 0  # for 'X said' cues: where the verb ends
    trailing: bool = False  # 'X said' closing its sentence after a comma: covers what precedes
    embedded: bool = False  # inside a subordinate clause ('when prosecutors say he arrived'): covers only it
    until: int = 0  # for embedded cues: where their clause ends

    def covers(self, pos: int) -> bool:
        """Whether this cue attributes a fact at offset `pos` of the same sentence."""
        if self.embedded:
            return self.verb_end <= pos < self.until
        return self.strength == 2 or pos >= self.verb_end or self.trailing


@dataclass(frozen=True)
class GroupMention:
    start: int
    end: int
    group: Group


def group_mentions(doc: Doc, start: int = 0, end: int | None = None) -> list[GroupMention]:
    """Every armed group of the table named between two offsets."""
    end = len(doc.low) if end is None else end
    if "groups" not in doc.memo:
        doc.memo["groups"] = _all_group_mentions(doc)
    return [g for g in doc.memo["groups"] if start <= g.start and g.end <= end]


def _all_group_mentions(doc: Doc) -> list[GroupMention]:
    lex = lexicon()
    start, end = 0, len(doc.low)
    out = []
    for m in lex.group_re.finditer(doc.low, start, end):
        g = lex.group_names.get(key(m.group()))
        if g is not None and (doc.upper or any(c.isupper() for c in doc.text[m.start() : m.end()])):
            out.append(GroupMention(m.start(), m.end(), g))
    if lex.group_cs_re is not None and not doc.upper:
        for m in lex.group_cs_re.finditer(doc.text, start, end):
            g = lex.group_names[key(m.group())]
            out.append(GroupMention(m.start(), m.end(), g))
    return sorted(out, key=lambda gm: gm.start)


def _classify(doc: Doc, s: int, e: int) -> tuple[str, SourceKind] | None:
    """Name and kind of the source in the noun phrase text[s:e], or None if it names none."""
    groups = group_mentions(doc, s, e)
    if groups:
        g = groups[0].group
        present = {fold(doc.text[gm.start : gm.end]): doc.text[gm.start : gm.end] for gm in groups if gm.group is g}
        for alias in (*g.aliases, g.name):
            if fold(alias) in present:
                return present[fold(alias)], SourceKind.armed_group
        return doc.text[groups[0].start : groups[0].end], SourceKind.armed_group
    lex = lexicon()
    hits = [m for m in lex.source_re.finditer(doc.low, s, e)]
    if not hits:
        return None
    specific = [m for m in hits if lex.source_kinds[key(m.group())] is not SourceKind.media] or hits
    phrase = doc.low[s:e]
    head = specific[0]
    kind = lex.source_kinds[key(head.group())]
    lead = _LEAD.match(phrase)
    ns = s + (lead.end() if lead else 0)
    name_end = e
    trail = _TRAIL.search(doc.low, ns, e)
    if trail:
        name_end = trail.start()
    tail = _STATEMENT_TAIL.search(doc.low[ns:name_end])
    if tail and ns + tail.start() > ns and kind is not SourceKind.media:
        name_end = ns + tail.start()
    name = doc.span(ns, name_end).rstrip(".")
    if not name:
        return None
    return name, kind


def _np_after(doc: Doc, pos: int, limit: int) -> tuple[int, int]:
    """A noun phrase after a cue: up to a clause boundary, an anonymity phrase, or 12 words."""
    while pos < limit and doc.low[pos].isspace():
        pos += 1
    m = _BOUNDARY.search(doc.low, pos, limit)
    end = m.start() if m else limit
    anon = lexicon().anonymity_re.search(doc.low, pos, end)
    if anon:
        end = anon.start()
    words = list(re.finditer(r"\S+", doc.low[pos:end]))
    if len(words) > 12:
        end = pos + words[11].end()
    return pos, end


def _np_before(doc: Doc, pos: int, floor: int) -> tuple[int, int]:
    """The subject before a verb: back to a clause boundary (or the sentence start), at most 10 words."""
    window = doc.low[floor:pos]
    cuts = sorted([m.end() for m in _BOUNDARY.finditer(window)] + [m.end() - floor for m in _GLUED.finditer(doc.text, floor, pos)])
    start = floor + (cuts[-1] if cuts else 0)
    while start < pos and doc.low[start].isspace():
        start += 1
    words = list(re.finditer(r"\S+", doc.low[start:pos]))
    if len(words) > 10:
        start = start + words[-10].start()
    return start, pos


def sources_in(doc: Doc, sent: Sentence) -> list[SourceHit]:
    """Every attribution cue of a sentence with the source it names, in text order."""
    lex = lexicon()
    s, e = sent.start, sent.end
    hits: list[SourceHit] = []
    anonymous_sentence = bool(lex.anonymity_re.search(doc.low, s, e))
    for m in lex.by_phrase_re.finditer(doc.low, s, e):
        ns, ne = _np_after(doc, m.end(), e)
        found = _classify(doc, ns, ne)
        if found:
            anon = bool(lex.anonymity_re.search(doc.low, ne, min(e, ne + 40))) or "anonym" in doc.low[ns:ne]
            hits.append(_hit(found, anon, m.start(), ne, 2))
    for m in lex.say_verb_re.finditer(doc.low, s, e):
        if re.match(r"\s+by\b", doc.low[m.end() : m.end() + 4]):
            continue  # 'claimed by X' names a perpetrator, not a source
        bs, be = _np_before(doc, m.start(), s)
        found = _classify(doc, bs, be)
        if found is None:
            # the subject may sit before an apposition: 'The jihadists of X (GSIM), affiliated..., claimed'
            gms = group_mentions(doc, s, m.start())
            if gms and len(doc.low[s : gms[0].start].split()) <= 12:
                found = _classify(doc, gms[0].start, m.start())
                bs = gms[0].start
        if found is None:
            ns, ne = _np_after(doc, m.end(), e)  # 'said the army spokesman'
            if re.match(r"\s*(?:the|a|an)\b", doc.low[ns:ne]) and len(doc.low[ns:ne].split()) <= 6:
                found = _classify(doc, ns, ne)
                bs = m.start()
                be = ne
        if found:
            anon = anonymous_sentence and found[1] in (SourceKind.military, SourceKind.police, SourceKind.government, SourceKind.anonymous_official)
            trailing = bool(re.search(r"[,\"]\s*$", doc.low[max(s, bs - 3) : bs])) and len(doc.low[m.end() : e].split()) <= 8
            embedded = bool(_SUBORDINATE.match(doc.low, bs, be))
            stop = _CLAUSE_END.search(doc.text, m.end(), e) if embedded else None
            hits.append(_hit(found, anon, bs, max(be, m.end()), 1, m.end(), trailing, embedded, stop.start() if stop else e))
    hits.sort(key=lambda h: h.cue_start)
    return hits


def _hit(
    found: tuple[str, SourceKind], anonymous: bool, start: int, end: int, strength: int, verb_end: int = 0,
    trailing: bool = False, embedded: bool = False, until: int = 0,
) -> SourceHit:
    name, kind = found
    if anonymous and kind in (SourceKind.military, SourceKind.police, SourceKind.government):
        kind = SourceKind.anonymous_official
    return SourceHit(" ".join(name.split()), kind, anonymous, start, end, strength, verb_end, trailing, embedded, until)


_CLAUSE_END = re.compile(r"[,;:]|\.(?:\s|(?=[A-Z]))")
_SUBORDINATE = re.compile(r"(?:when|while|as|after|because|where|if|until|since)\s")
