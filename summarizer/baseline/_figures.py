"""Casualty figures: 'Fourteen Malian soldiers were killed and eleven wounded', 'neutralized thirty-one terrorists'.

Each hit keeps its own party, outcome and amount; nothing is merged across claimants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.schemas.incident import ActorKind, CountQualifier, Outcome

from ._lexicon import lexicon
from ._numbers import COUNT_PATTERN, Amount, parse_amount
from ._sources import group_mentions
from ._text import Doc, Sentence, key

__all__ = ["FigureHit", "figures_in"]

_STOP = (
    r"were|was|are|is|had|have|has|been|be|and|or|of|in|on|at|by|to|the|a|an|who|which|that|during|"
    r"with|from|for|as|when|while|after|before|killed|dead|wounded|injured|others|other|more|people|"
    r"reportedly|also|allegedly|including|among|them|their|its|his|her|both|all|said|says"
)
_MOD = rf"(?:(?!(?:{_STOP})\b)[a-z][\w'.-]*\s+)"
_AUX = r"(?:\s+(?:who\s+|that\s+)?(?:were|was|are|is|have\s+been|has\s+been|had\s+been|had|have|has|being|got)?(?:\s+(?:reportedly|also|allegedly|all|later|confirmed|reported|believed|feared|found))*(?:\s+to\s+(?:be|have\s+been))?)?"
_Q = r"[\"']?\s*"
_ONE = r"(?P<one>a|an|one)"


@dataclass(frozen=True)
class FigureHit:
    """A figure found in one sentence: party, outcome, amount, and the span to quote."""

    party: str
    party_kind: ActorKind
    outcome: Outcome
    outcome_word: str
    amount: Amount
    count_text: str
    start: int
    end: int
    sentence: Sentence


def _party_kind(doc: Doc, s: int, e: int, head: str) -> ActorKind:
    """What the counted party is (R-ACT-4), by its head noun; a two-word head ('service members')
    first, then a named group's kind for a head that says nothing ('members')."""
    kinds = lexicon().party_kinds
    words = key(doc.text[s:e]).split()
    kind = kinds.get(" ".join(words[-2:]), ActorKind.unknown) if len(words) >= 2 else ActorKind.unknown
    if kind is ActorKind.unknown:
        kind = kinds.get(key(head), ActorKind.unknown)
    groups = group_mentions(doc, s, e)
    if kind is ActorKind.unknown and groups:
        return groups[0].group.kind
    return kind


@dataclass
class _Patterns:
    count_party: re.Pattern[str]
    outcome_after: re.Pattern[str]
    continuation: re.Pattern[str]
    verb_before: re.Pattern[str]
    bare: re.Pattern[str]
    verb_cont: re.Pattern[str]


_CACHE: list[_Patterns] = []


def _patterns() -> _Patterns:
    if _CACHE:
        return _CACHE[0]
    lex = lexicon()
    head = lex.party_head_re.pattern
    outcome = lex.outcome_re.pattern
    count = COUNT_PATTERN
    party = rf"(?P<party>{_MOD}{{0,3}}?{head})"
    pats = _Patterns(
        count_party=re.compile(rf"(?<![\w-])(?:{count}|{_ONE})\s+{_Q}{party}"),
        outcome_after=re.compile(rf"{_Q}(?:\s*\([^)]*\))?(?P<coord>(?:\s*,|\s+and|\s+as\s+well\s+as)\s+(?:{count}\s+)?{_Q}(?P<party2>{_MOD}{{0,3}}?{head}))?{_Q}{_AUX}\s+(?P<out>{outcome})(?P<out2>\s+(?:and|or)\s+(?P<outw2>{outcome}))?"),
        continuation=re.compile(rf"{_Q}(?:,|\s+and|\s+while|\s+with)\s+(?:(?:another|a\s+further)\s+)?{count}\s+(?:(?:others?|more|people|persons)\s+)?{_Q}(?:{_AUX}\s+)?(?P<out>{outcome})"),
        verb_before=re.compile(rf"(?P<verb>{outcome}|killing|wounding|injuring|left|leaving|(?:the\s+)?deaths?\s+of|claimed\s+the\s+lives\s+of|lives\s+of)\s+(?:at\s+least\s+|some\s+|about\s+)?{_Q}$"),
        bare=re.compile(rf"(?<![\w-]){count}\s+{_Q}(?:(?:were|have\s+been|had\s+been)\s+)?(?P<out>dead|wounded|injured|deaths|casualties|fatalities|killed|missing|died)(?![\w-])"),
        verb_cont=re.compile(rf"\s+and\s+(?P<verb2>injured|wounded|injuring|wounding|killing|killed|kidnapped|abducted)\s+(?:another\s+|a\s+further\s+)?{count}(?![\w-])"),
    )
    _CACHE.append(pats)
    return pats


def _outcome(word: str) -> Outcome:
    return lexicon().outcome_words.get(key(word), Outcome.harmed_unspecified)


def _verb_outcome(verb: str) -> tuple[Outcome, str]:
    v = key(verb)
    if "death" in v or "lives" in v:
        return Outcome.killed, re.sub(r"^(?:the|claimed\s+the)\s+|\s+of$", "", verb, flags=re.IGNORECASE)
    if v in ("killing", "left", "leaving"):
        return Outcome.killed, verb
    if v in ("wounding", "injuring"):
        return Outcome.wounded, verb
    return _outcome(v), verb.split()[-1]


def figures_in(doc: Doc, sent: Sentence) -> list[FigureHit]:
    """Every casualty figure of one sentence, in text order."""
    p = _patterns()
    low, text = doc.low, doc.text
    out: list[FigureHit] = []
    used: list[tuple[int, int]] = []
    for m in p.count_party.finditer(low, sent.start, sent.end):
        if any(s <= m.start() < e for s, e in used):
            continue
        amount = _amount(m)
        if amount is None:
            continue
        party_s, party_e = m.start("party"), m.end("party")
        count_text = text[m.start("count") : m.end("count")] if m.group("count") else text[m.start("one") : m.end("one")]
        after = p.outcome_after.match(low, m.end(), sent.end)
        before = p.verb_before.search(low, max(sent.start, m.start() - 45), m.start())
        if after:
            party_end = after.end("party2") if after.group("party2") else party_e
            coord_has_count = after.group("coord") and re.search(r"\d|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|dozen", low[after.start("coord") : after.start("party2")])
            head = low[party_s:party_e].split()[-1]
            words = [(after.group("out"), after.start("out"), after.end("out"))]
            if after.group("outw2"):
                words.append((after.group("outw2"), after.start("outw2"), after.end("outw2")))
            end = words[-1][2]
            parties = [(party_s, party_e, head)]
            if after.group("party2"):
                if coord_has_count:
                    parties.append((after.start("party2"), after.end("party2"), low[after.start("party2") : after.end("party2")].split()[-1]))
                else:
                    parties = [(party_s, party_end, head)]  # 'Malian soldiers and Wagner mercenaries' share the count
            joint = " and ".join(text[ps:pe].strip("\"'“”‘’ ") for ps, pe, _ in parties)
            for i, (ps, pe, h) in enumerate(parties):
                amt, ctext = amount, count_text
                if i == 1:
                    cm = re.search(COUNT_PATTERN, low[after.start("coord") : after.start("party2")])
                    parsed = parse_amount(cm.group("count")) if cm else None
                    if parsed is None or cm is None:
                        continue
                    amt = parsed
                    base = after.start("coord")
                    ctext = text[base + cm.start("count") : base + cm.end("count")]
                for w, ws, we in words:
                    out.append(_hit(doc, sent, text[ps:pe], _party_kind(doc, ps, pe, h), _outcome(w), text[ws:we], amt, ctext, m.start(), end))
            cont = p.continuation.match(low, end, sent.end)
            if cont:
                amt2 = parse_amount(cont.group("count"))
                if amt2 is not None:
                    ps, pe = parties[0][0], parties[-1][1]
                    out.append(_hit(doc, sent, joint, _party_kind(doc, ps, pe, head), _outcome(cont.group("out")),
                                    text[cont.start("out") : cont.end("out")], amt2, text[cont.start("count") : cont.end("count")], m.start(), cont.end()))
                    end = cont.end()
            used.append((m.start(), end))
        elif before:
            outcome, word = _verb_outcome(before.group("verb"))
            head = low[party_s:party_e].split()[-1]
            out.append(_hit(doc, sent, text[party_s:party_e], _party_kind(doc, party_s, party_e, head), outcome,
                            word, amount, count_text, before.start(), party_e))
            end = party_e
            vc = p.verb_cont.match(low, party_e, sent.end)
            amt2 = parse_amount(vc.group("count")) if vc else None
            if vc and amt2 is not None:  # 'killed 23 Afghan soldiers and injured another 15'
                outcome2, word2 = _verb_outcome(vc.group("verb2"))
                out.append(_hit(doc, sent, text[party_s:party_e], _party_kind(doc, party_s, party_e, head), outcome2,
                                word2, amt2, text[vc.start("count") : vc.end("count")], before.start(), vc.end()))
                end = vc.end()
            used.append((before.start(), end))
    for m in p.bare.finditer(low, sent.start, sent.end):
        if any(s <= m.start() < e for s, e in used):
            continue
        amount = parse_amount(m.group("count"))
        if amount is None or (amount.value is not None and amount.value > 100000):
            continue
        word = text[m.start("out") : m.end("out")]
        # '130 injured', 'scores died': the article counts people without naming them
        out.append(_hit(doc, sent, "people", ActorKind.civilians, _outcome(word), word, amount,
                        text[m.start("count") : m.end("count")], m.start(), m.end()))
        used.append((m.start(), m.end()))
    for m in _ZERO.finditer(low, sent.start, sent.end):
        if any(s <= m.start() < e for s, e in used):
            continue
        # 'no casualties', 'no one was hurt': a zero figure, value 0, exact (R-FIG-5)
        if m.group("none"):
            party, ps, pe, ctext = "people", m.start("none"), m.end("none"), text[m.start("none") : m.end("none")]
        else:
            ps, pe = (m.start("party"), m.end("party")) if m.group("party") else (m.start("out"), m.start("out"))
            party, ctext = (text[ps:pe] if m.group("party") else "people"), text[m.start("no") : m.end("no")]
        head = key(party).split()[-1]
        w = "out" if m.group("out") else "outw"
        word = text[m.start(w) : m.end(w)]
        out.append(_hit(doc, sent, party, _party_kind(doc, ps, pe, head) if m.group("party") else _party_kind(doc, ps, ps, "people"),
                        _outcome(word), word, Amount(0, None, CountQualifier.exact), ctext, m.start(), m.end()))
        used.append((m.start(), m.end()))
    return sorted((f for f in out if not _natural(doc, f)), key=lambda f: f.start)


_ZERO = re.compile(
    r"(?<![\w-])(?:(?P<no>no)\s+(?:(?P<party>(?!one\b|other\b|longer\b|more\b)[a-z]+)\s+)?(?P<out>casualties|deaths|fatalities|injuries)"
    r"|(?P<none>no\s+one|nobody|none)\s+(?:of\s+them\s+)?(?:was|were|has\s+been|had\s+been|have\s+been|is|are)\s+"
    r"(?:reported\s+)?(?P<outw>killed|hurt|injured|wounded|harmed|dead))(?![\w-])"
)


_NATURAL = re.compile(
    r"(?<![\w-])(?:disease|diseases|illness|illnesses|cancer|bacteria|bacterium|virus|viral|infection|infections|"
    r"epidemic|outbreak|natural\s+causes|heart\s+attack|hunger|starvation|malnutrition|cholera|malaria|measles|"
    r"covid|coronavirus|flu|influenza|fever|pneumonia|old\s+age|drowning|drowned|flood|floods|earthquake|storm|"
    r"accident|crash|overdose)(?![\w-])"
)


def _natural(doc: Doc, f: FigureHit) -> bool:
    """Deaths from disease, disaster or accident are not casualties of violence."""
    tail = doc.low[f.end : min(f.sentence.end, f.end + 60)]
    return bool(re.match(r"[^.;]{0,25}?(?:of|from|by|after|in)\b", tail) and _NATURAL.search(tail))


def _amount(m: re.Match[str]) -> Amount | None:
    if m.group("one"):
        return Amount(1, None, CountQualifier.exact)
    amount = parse_amount(m.group("count"))
    if amount is not None and amount.value is not None and (amount.value > 100000 or 1900 <= amount.value <= 2100 and amount.qualifier.value == "exact"):
        return None  # a year or a sum, not a head count
    return amount


def _hit(doc: Doc, sent: Sentence, party: str, kind: ActorKind, outcome: Outcome, word: str, amount: Amount,
         count_text: str, start: int, end: int) -> FigureHit:
    count_words = re.sub(r"\s+of$", "", " ".join(count_text.split()))  # 'dozens of' -> 'dozens'
    return FigureHit(" ".join(party.strip("\"'“”‘’ ").split()), kind, outcome, " ".join(word.split()), amount, count_words, start, end, sent)
