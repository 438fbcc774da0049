"""Who did it and to whom: perpetrators (with who asserts it), human and physical targets, weapons.

Groups come from data/armed_groups.toml; a group counts as a perpetrator only when a phrase
puts it in that role ('claimed by X', 'X attacked', 'blamed on X'), never for being mentioned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from summarizer.schemas.incident import ActorKind, SourceKind, Stance

from ._lexicon import Group, lexicon
from ._sources import GroupMention, group_mentions
from ._text import Doc, Sentence, key

__all__ = ["PerpHit", "ThingHit", "human_targets_in", "perpetrators_in", "physical_targets_in", "weapons_in"]

_DET = re.compile(r"^(?:(?:the|a|an|its|their|his|her|these|those)\s+)+", re.IGNORECASE)
_ED_ADJ = {"armed", "uniformed", "unidentified", "hooded", "masked", "paid", "alleged", "suspected", "hired",
           "heavily", "unknown", "several", "other", "two", "three", "four", "five", "six", "seven", "eight",
           "nine", "ten", "some", "many", "urban", "presumed", "so-called", "self-styled", "rightist", "leftist"}
_STOPW = {"were", "was", "are", "is", "had", "have", "has", "been", "be", "and", "or", "of", "in", "on", "at", "by",
          "to", "the", "a", "an", "who", "which", "that", "during", "with", "from", "for", "as", "when", "while",
          "after", "before", "said", "says", "also", "reportedly", "allegedly", "today", "yesterday", "it", "they",
          "he", "she", "we", "there", "this", "these", "those", "not", "but", "then", "into", "near", "against"}
_STATE_ORG = re.compile(
    r"(?<![\w-])(?:(?:[a-z]+\s+){0,2})(?:armed\s+forces|army|military|police|national\s+guard|air\s+force|navy|"
    r"security\s+forces|death\s+squads?|government|treasury\s+police|national\s+police|battalion|brigade|"
    r"paramilitary\s+groups?|marines)(?![\w-])"
)


@dataclass
class PerpHit:
    """A perpetrator found in a sentence, and who asserts it."""

    name: str
    kind: ActorKind
    group: Group | None
    stance: Stance
    by: str | None
    by_kind: SourceKind
    evidence: tuple[int, int]
    individual: bool = False
    aliases: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ThingHit:
    name: str
    kind: ActorKind | None
    description: str | None
    evidence: tuple[int, int]


def _words_before(low: str, pos: int, floor: int, n: int) -> str:
    return " ".join(low[floor:pos].split()[-n:])


def _clean_np(np: str) -> str:
    return " ".join(_DET.sub("", np.strip(" \"'“”‘’,")).split())


_QUANT = re.compile(r"^(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+|several|some|many|other|another)\s+)+", re.IGNORECASE)


def _clean_target(np: str) -> str:
    return _QUANT.sub("", _clean_np(np))


def _np_ending_at(doc: Doc, end: int, floor: int, head_re: re.Pattern[str], max_mods: int = 3) -> tuple[int, int] | None:
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
        if word in _STOPW or word in _FUNCTION or not re.search(r"[a-z]", word):
            break
        if word not in _ED_ADJ and (word.endswith(("ed", "ing")) or lexicon().perp["active"].fullmatch(word)):
            break
        if doc.low[base + w.end() : start].strip(" \"'"):
            break
        start = base + w.start()
    return start, end


def _np_starting_at(doc: Doc, pos: int, limit: int, head_re: re.Pattern[str], max_words: int = 5) -> tuple[int, int] | None:
    """A noun phrase from `pos` whose last word is matched by head_re, within `max_words` words."""
    while pos < limit and doc.low[pos] in " \"'":
        pos += 1
    words = list(re.finditer(r"[\w'.-]+", doc.low[pos:limit]))[: max_words + 1]
    for w in words:
        if w.group() in _STOPW and w.group() not in ("the", "a", "an", "of"):
            break
        hm = head_re.match(doc.low, pos + w.start(), limit)
        if hm:
            end = hm.end()
            # 'a group of 10 paid assassins': the collective takes its complement
            if re.fullmatch(r"group|band|gang|unit|units|column|squad|cell|members", hm.group()):
                of = re.match(r"\s+of\s+", doc.low[end:limit])
                inner = _np_starting_at(doc, end + of.end(), limit, head_re, 4) if of else None
                if inner:
                    end = inner[1]
            return pos, end
    return None


def _coordinated(doc: Doc, np: tuple[int, int], limit: int, head_re: re.Pattern[str]) -> list[tuple[int, int]]:
    """'security forces or death squads': the noun phrases joined to `np` by and/or."""
    out = [np]
    while True:
        m = re.match(r"\s*(?:,\s*(?:and\s+|or\s+)?|(?:and|or)\s+)", doc.low[out[-1][1] : limit])
        nxt = _np_starting_at(doc, out[-1][1] + m.end(), limit, head_re, 4) if m else None
        if not nxt:
            return out
        out.append(nxt)


def perpetrators_in(doc: Doc, sent: Sentence, source: tuple[str, SourceKind] | None) -> list[PerpHit]:
    """Perpetrator organizations and individuals of one sentence, each with its stance."""
    lex = lexicon()
    low, s, e = doc.low, sent.start, sent.end
    out: list[PerpHit] = []
    by, by_kind = (source if source else (None, SourceKind.outlet))
    for gm in group_mentions(doc, s, e):
        stance = _group_stance(doc, gm, s, e)
        if stance is None:
            continue
        st, claimer = stance
        name = doc.text[gm.start : gm.end]
        ind = _members_of(doc, gm, s, e)
        if ind is not None and st is not Stance.denied:
            out.append(_np_perp(doc, ind, st if st is not Stance.claimed else Stance.stated, by, by_kind, (s, e)))
        if st is Stance.claimed or st is Stance.denied:
            out.append(PerpHit(name, gm.group.kind, gm.group, st, name, SourceKind.armed_group, (s, e)))
        else:
            out.append(PerpHit(name, gm.group.kind, gm.group, st, claimer or by, SourceKind.outlet if not (claimer or by) else by_kind, (s, e)))
    for m in lex.perp["passive"].finditer(low, s, e):
        if "claimed" in m.group():
            continue
        np = _np_starting_at(doc, m.end(), e, lex.individual_re) or _np_starting_at(doc, m.end(), e, _STATE_ORG)
        if np and not group_mentions(doc, *np):
            said = Stance.alleged if re.search(r"blamed|attributed", m.group()) else Stance.stated
            for part in _coordinated(doc, np, e, lex.individual_re):
                out.append(_np_perp(doc, part, said, by, by_kind, (s, e)))
    for m in lex.perp["active"].finditer(low, s, e):
        if re.search(r"(?:were|was|been|being|is|are)\s+$", low[max(s, m.start() - 8) : m.start()]):
            continue  # passive voice: the subject is the victim
        if m.group().endswith("ed") and re.match(r"[\s\"']*(?:in|during|on|at|by|when|while|after|and|or|near|[,.;:]|$)", low[m.end() : m.end() + 12]):
            continue  # '14 soldiers killed in fighting': a participle, not an active verb
        head_end = m.start()
        while True:  # 'guerrillas reportedly attacked', 'terrorists today dynamited'
            while head_end > s and low[head_end - 1] in " \n":
                head_end -= 1
            adv = re.search(r"(?<![\w-])(?:reportedly|allegedly|also|today|yesterday|later|then|again|have|had|has|last\s+night|apparently|first|subsequently|simultaneously)$", low[max(s, head_end - 15) : head_end])
            if not adv:
                break
            head_end -= len(adv.group())
        np = _np_ending_at(doc, head_end, s, lex.individual_re) or _np_ending_at(doc, head_end, s, _STATE_ORG, 2)
        if np and not group_mentions(doc, *np):
            out.append(_np_perp(doc, np, Stance.stated, by, by_kind, (s, e)))
    return out


def _members_of(doc: Doc, gm: GroupMention, s: int, e: int) -> tuple[int, int] | None:
    """'members of the FMLN' or 'FMLN guerrillas': the individuals a group's name describes."""
    lex = lexicon()
    before = re.search(r"(?:(?:[\w-]+\s+){0,2}(?:members|fighters|guerrillas|militants|gunmen|commandos|rebels|units?|troops|soldiers)|a\s+group\s+of\s+[\w\s]{0,20}?)\s+(?:of|from)\s+(?:the\s+)?(?:self-styled\s+|so-called\s+)?$", doc.low[max(s, gm.start - 60) : gm.start])
    if before:
        end = gm.end
        tail = re.match(r"\s*\([^)]{1,40}\)", doc.low[end:e])
        return (gm.start - len(before.group()), end + (tail.end() if tail else 0))
    after = lex.individual_re.match(doc.low, gm.end + 1, e) if doc.low[gm.end : gm.end + 1] == " " else None
    if after and after.group() in ("guerrillas", "guerrilla", "rebels", "members", "fighters", "militants", "commandos", "terrorists", "troops", "soldiers", "gunmen", "units"):
        return gm.start, after.end()
    return None


def _np_perp(doc: Doc, np: tuple[int, int], stance: Stance, by: str | None, by_kind: SourceKind, ev: tuple[int, int]) -> PerpHit:
    text = re.sub(r"^(?:several|some|many|other|various|numerous)\s+", "", _clean_np(doc.text[np[0] : np[1]]), flags=re.IGNORECASE)
    head = key(text.split()[-1]) if text else ""
    is_org = bool(_STATE_ORG.fullmatch(key(text))) and head not in lexicon().individual_heads
    kind = ActorKind.state_force if is_org or lexicon().party_kinds.get(head) is ActorKind.state_force else (
        lexicon().party_kinds.get(head, ActorKind.unknown))
    if kind is ActorKind.civilians:
        kind = ActorKind.unknown
    return PerpHit(text, kind, None, stance, by, by_kind if by else SourceKind.outlet, ev, individual=not is_org)


def _group_stance(doc: Doc, gm: GroupMention, s: int, e: int) -> tuple[Stance, str | None] | None:
    """The stance a sentence takes on a group as perpetrator, or None if it is not put in that role."""
    lex = lexicon()
    low = doc.low
    before = low[max(s, gm.start - 40) : gm.start]
    after = low[gm.end : min(e, gm.end + 160)]
    if re.search(r"claimed\s+by\s+(?:the\s+)?$|claim(?:ed)?\s+(?:of\s+responsibility\s+)?(?:by|from)\s+(?:the\s+)?$", before):
        return Stance.claimed, None
    m = lex.perp["claimed"].search(after)
    between = [g.group for g in group_mentions(doc, gm.end, gm.end + m.start())] if m else []
    kin = {gm.group.name, gm.group.affiliation}
    if m and not re.search(r"[.;]", after[: m.start()]) and all(g.name in kin for g in between) \
            and not re.match(r"\s+by\b", after[m.end() :]):
        return Stance.claimed, None
    if lex.perp["denied"].search(after[:40]):
        return Stance.denied, None
    if re.search(r"(?:blamed\s+(?:it\s+)?on|attributed\s+(?:it\s+)?to|accused|blamed)\s+(?:the\s+)?$", before):
        return Stance.alleged, None
    if re.search(r"(?:suspected|presumed|alleged)\s+(?:members\s+of\s+)?(?:the\s+)?$", before) or re.match(r"\s+(?:is|are|were|was)\s+(?:suspected|believed|thought)", after):
        return Stance.suspected, None
    if re.search(r"(?:carried\s+out|perpetrated|committed|staged|launched|attack(?:s|ed)?|ambush(?:ed)?|kill(?:ed)?|kidnapp?ed|abducted|murdered|led|planted|bombed|shot|set|conducted)\s+by\s+(?:the\s+|members\s+of\s+(?:the\s+)?|a\s+(?:\w+\s+)?(?:of|from)\s+(?:the\s+)?)?$", before):
        return Stance.stated, None
    m2 = lex.perp["active"].search(after[:60])
    if m2 and not re.search(r"[.;,]|\b(?:and|against|on|targeting|with)\b", after[: m2.start()]) and not re.search(r"(?:were|was|been|being)\s+$", after[: m2.start()]):
        return Stance.stated, None
    if re.search(r"(?:members|fighters|guerrillas|militants|gunmen|commandos|rebels|urban\s+guerrillas)\s+of\s+(?:the\s+)?$", before) and m2:
        return Stance.stated, None
    return None


def human_targets_in(doc: Doc, sent: Sentence) -> list[ThingHit]:
    """People hit or aimed at: 'killed judge X', 'X was kidnapped', 'the murder of X'."""
    lex = lexicon()
    low, s, e = doc.low, sent.start, sent.end
    out: list[ThingHit] = []
    cues = re.compile(
        r"(?<![\w-])(?:(?P<verb>killed|murdered|assassinated|kidnapped|abducted|wounded|injured|shot|executed|attacked)|"
        r"(?P<noun>(?:assassination|murder|killing|kidnapping|abduction|attack|attempt|death|slaying)\s+(?:on|of|against)(?:\s+the\s+life\s+of)?))\s+"
    )
    for m in cues.finditer(low, s, e):
        hit = _person_at(doc, m.end(), e)
        if hit is None and m.group("verb"):
            hit = _group_at(doc, m.end(), e)
        if hit:
            out.append(hit)
    passive = re.compile(r"(?:\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:killed|murdered|assassinated|kidnapped|abducted|wounded|injured|shot|executed|slain)|'s\s+(?:murder|assassination|death|killing|kidnapping|abduction))(?![\w-])")
    for m in passive.finditer(low, s, e):
        person = _person_ending(doc, m.start(), s)
        if person:
            out.append(person)
        else:
            g = _np_ending_at(doc, m.start(), s, lex.party_head_re)
            if g:
                out.append(ThingHit(_clean_target(doc.text[g[0] : g[1]]), lex.party_kinds.get(key(doc.low[g[0] : g[1]].split()[-1])), None, (g[0], m.end())))
    return out


_NAME_MIXED = re.compile(r"(?:[A-Z][a-z'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z'’-]+|[A-Z]\.|de|del|de\s+la|y))*\s+[A-Z][a-z'’-]+")
_SUFFIXES = ("ing", "tion", "ment", "ness", "ity", "ly", "ed", "ism", "ist", "ists", "ance", "ence", "ship", "ive", "ous", "al")
_FUNCTION = frozenset(["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "today", "yesterday", "tonight", "morning", "night", "evening", "afternoon", "week", "month", "year", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "said", "says", "told", "reported", "according", "however", "meanwhile", "also", "another", "several", "many", "police", "army", "government", "people", "group", "members", "forces", "force", "national", "front", "party", "movement", "union", "church", "school", "house", "city", "town", "village", "department", "province", "region", "state", "republic"])


@cache
def _common_words() -> frozenset[str]:
    """Words that are not names: function words and every word of the baseline's own word lists."""
    lex = lexicon()
    words: set[str] = set(_FUNCTION)
    for table in (lex.party_kinds, lex.source_kinds, lex.outcome_words, lex.weapons):
        for k in table:
            words.update(k.split())
    for rx in (lex.title_re, lex.target_re, lex.individual_re):
        words.update(w for w in re.findall(r"[a-z]{2,}", rx.pattern))
    return frozenset(words)


def _name_like(word: str) -> bool:
    w = word.lower()
    return len(w) >= 2 and w.isalpha() and w not in _common_words() and not (len(w) > 5 and w.endswith(_SUFFIXES))


def _apposition(doc: Doc, end: int, limit: int) -> str | None:
    """', a 26-year-old teacher at the American school,' after a name: the person's role."""
    m = re.match(r",\s+((?:a|an|the|former)\s+[^,;.()\"]{3,60}?)(?=,|;|\.|\s+(?:was|were|who|and)\b)", doc.low[end:limit])
    if not m:
        return None
    return _clean_np(doc.text[end + m.start(1) : end + m.end(1)])


def _person_at(doc: Doc, pos: int, limit: int) -> ThingHit | None:
    lex = lexicon()
    while pos < limit and doc.low[pos] in " \"'(":
        pos += 1
    title_end = pos
    title = None
    for _ in range(3):
        tm = lex.title_re.match(doc.low, title_end, limit)
        det = re.match(r"(?:the|a|an|former|leftist|rightist|jesuit|catholic|[a-z]+an|[a-z]+ian)\s+", doc.low[title_end:limit])
        if tm and re.match(r"[\s.)]", doc.low[tm.end() : tm.end() + 1] or " "):
            title = doc.text[pos : tm.end()]
            title_end = tm.end()
            while title_end < limit and doc.low[title_end] in " .)":
                title_end += 1
        elif det and not _name_like(det.group().strip()):
            title_end += det.end()
        else:
            break
    name = _name_at(doc, title_end, limit)
    if name is None and title is None:
        # 'the murder of Antioquia Department Governor Antonio Roldan Betancur': a title a few words on
        window = re.match(r"(?:[\w'-]+\s+){1,5}?", doc.low[title_end:limit])
        tm = None
        for tm in lex.title_re.finditer(doc.low, title_end, min(limit, title_end + 60)):
            break
        if window and tm and not re.search(r"[,;.()\"]", doc.low[title_end : tm.start()]):
            t_end = tm.end()
            while (nxt := lex.title_re.match(doc.low, t_end + 1, limit)) is not None and doc.low[t_end] == " ":
                t_end = nxt.end()
            title = doc.text[title_end:t_end]
            name = _name_at(doc, t_end + 1, limit)
    if name is None:
        return None
    ns, ne = name
    description = _clean_np(title).strip("() ") if title else _apposition(doc, ne, limit)
    return ThingHit(" ".join(doc.text[ns:ne].split()), None, description, (pos, ne))


def _name_at(doc: Doc, pos: int, limit: int) -> tuple[int, int] | None:
    if doc.upper:
        words: list[tuple[int, int]] = []
        for w in re.finditer(r"\S+", doc.text[pos:limit]):
            raw = w.group()
            core = raw.strip(",.;:\"'()")
            if not raw.startswith(core) or not _name_like(core.replace("'S", "")):
                break
            words.append((pos + w.start(), pos + w.start() + len(core)))
            if core != raw or len(words) == 4:
                break
        if 2 <= len(words) <= 4:
            return words[0][0], words[-1][1]
        return None
    m = _NAME_MIXED.match(doc.text, pos, limit)
    if m and all(_name_like(w) or w.lower() in ("de", "del", "la", "y") for w in m.group().split()[1:]):
        return m.start(), m.end()
    return None


def _person_ending(doc: Doc, end: int, floor: int) -> ThingHit | None:
    """A named person right before 'was killed', past an apposition ('X, a teacher, was killed')."""
    window = doc.text[max(floor, end - 120) : end]
    base = end - len(window)
    appo = re.search(r",\s+(?:a|an|the|former)\s+[^,]{3,60},?\s*$", window, re.IGNORECASE)
    name_end = base + appo.start() if appo else end
    words = list(re.finditer(r"[A-Za-z'’-]+", doc.text[max(floor, name_end - 60) : name_end]))
    wbase = max(floor, name_end - 60)
    picked: list[re.Match[str]] = []
    for w in reversed(words):
        gap = doc.text[wbase + w.end() : (wbase + picked[-1].start()) if picked else name_end]
        if gap.strip() or not _name_like(w.group()) or (not doc.upper and not w.group()[0].isupper()):
            break
        picked.append(w)
        if len(picked) == 4:
            break
    if len(picked) < 2:
        return None
    ns, ne = wbase + picked[-1].start(), wbase + picked[0].end()
    description = _clean_np(window[appo.start() + 1 :].strip(" ,")) if appo else None
    if description is None:
        # 'presidential candidate Bernardo Jaramillo Ossa's murder': the title before the name
        before = doc.low[max(floor, ns - 50) : ns]
        titles = list(lexicon().title_re.finditer(before))
        if titles and titles[-1].end() == len(before.rstrip()) and before.endswith(" "):
            first = titles[-1]
            for t in reversed(titles[:-1]):
                if before[t.end() : first.start()].strip() == "":
                    first = t
            description = _clean_np(doc.text[max(floor, ns - 50) + first.start() : ns])
    return ThingHit(" ".join(doc.text[ns:ne].split()), None, description, (ns, end))


def _group_at(doc: Doc, pos: int, limit: int) -> ThingHit | None:
    lex = lexicon()
    np = _np_starting_at(doc, pos, limit, lex.party_head_re, 4)
    if np is None:
        return None
    text = _clean_target(doc.text[np[0] : np[1]])
    if not text or key(text) in ("dead", "wounded", "injured", "casualties", "victims", "bodies", "lives", "others"):
        return None
    return ThingHit(text, lex.party_kinds.get(key(text.split()[-1])), None, np)


def physical_targets_in(doc: Doc, sent: Sentence) -> list[ThingHit]:
    """Things hit: 'attacked the farm', 'bomb exploded at the bank', 'the bus was destroyed'."""
    lex = lexicon()
    low, s, e = doc.low, sent.start, sent.end
    out: list[ThingHit] = []
    cues = re.compile(
        r"(?<![\w-])(?:attacked|bombed|burned|burnt|torched|destroyed|damaged|dynamited|blew\s+up|set\s+fire\s+to|"
        r"set\s+on\s+fire|raided|stormed|hit|struck|targeted|targeting|shelled|fired\s+(?:at|on)|sabotaged|affected|"
        r"machinegunned|machine-gunned|occupied|looted|robbed|hijacked|target\s+(?:was|were)|"
        r"(?:attack|attacks|explosion|explosions|blast|bomb|bombs|exploded|went\s+off|placed|planted|detonated|thrown|hurled)\s+"
        r"(?:in\s+front\s+of|on|against|at|in|near|outside|inside|under|beneath|into)|"
        r"(?:attack|assault|bombing|explosion|burning|destruction)\s+of)\s+"
    )
    for m in cues.finditer(low, s, e):
        np = _np_starting_at(doc, m.end(), e, lex.target_re, 5)
        if np:
            for part in _coordinated(doc, np, e, lex.target_re):
                out.append(ThingHit(_clean_target(_target_name(doc, part, e)), None, None, (m.start(), part[1])))
    passive = re.compile(r"\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:destroyed|damaged|burned|bombed|attacked|dynamited|set\s+on\s+fire|blown\s+up|hit)")
    for m in passive.finditer(low, s, e):
        np = _np_ending_at(doc, m.start(), s, lex.target_re)
        if np:
            out.append(ThingHit(_clean_target(doc.text[np[0] : np[1]]), None, None, (np[0], m.end())))
    return out


def _target_name(doc: Doc, np: tuple[int, int], limit: int) -> str:
    end = np[1]
    of = re.match(r"\s+of\s+(?:the\s+)?((?:[\w'-]+\s+){0,3}[\w'-]+)", doc.low[end:limit])
    if of:
        words = of.group(1).split()
        keep = 0
        for w in words:
            if w in _STOPW or w.endswith(("ed", "ing")):
                break
            keep += 1
        if keep:
            tail = re.match(r"\s+of\s+(?:the\s+)?" + r"\s+".join(map(re.escape, words[:keep])), doc.low[end:limit])
            if tail:
                end += tail.end()
    return _clean_np(doc.text[np[0] : end])


_WEAPON_MODS = frozenset(["homemade", "home-made", "powerful", "high-powered", "incendiary", "fragmentation", "automatic", "semi-automatic", "time", "car", "truck", "bus", "caliber", "calibre", "explosive", "improvised", "remote-controlled", "land", "hand", "heavy", "light", "small", "large", "makeshift", "crude", "antitank", "anti-tank", "antipersonnel", "anti-personnel", "guerrilla", "army", "military", "assault", "sniper", "hunting", "submachine", "machine", "rocket", "mortar", "artillery", "dynamite", "suicide", "roadside", "booby-trapped"])
_ARMS_FOUND = re.compile(r"(?<![\w-])(?:seized|confiscated|found|cache|caches|arsenal|captured|recovered|turned\s+over|handed\s+over|surrendered|seizure|smuggl\w+|shipment|trafficking\s+in|purchase[ds]?|bought|sold|supplied|arms\s+deal)(?![\w-])")


def weapons_in(doc: Doc, sent: Sentence) -> list[ThingHit]:
    """Weapons used in a sentence, with the modifiers that name them ('homemade bombs', '9-mm');
    weapons found, seized or traded are not weapons of the incident."""
    lex = lexicon()
    out: list[ThingHit] = []
    if _ARMS_FOUND.search(doc.low, sent.start, sent.end):
        return out
    for m in lex.weapon_re.finditer(doc.low, sent.start, sent.end):
        if doc.low[m.start() : m.end()] in ("mine", "mines") and re.match(r"\s+(?:of|workers|owner)", doc.low[m.end() : m.end() + 10]):
            continue
        if re.search(r"(?:without|no|not|against)\s+$", doc.low[max(sent.start, m.start() - 10) : m.start()]):
            continue
        start = m.start()
        for w in reversed(list(re.finditer(r"[\w'.-]+", doc.low[max(sent.start, start - 40) : start]))[-2:]):
            word = w.group()
            base = max(sent.start, m.start() - 40)
            if doc.low[base + w.end() : start].strip() or not (word in _WEAPON_MODS or re.search(r"\d", word) or "-" in word.strip("-")):
                break
            start = base + w.start()
        plain = lex.weapons.get(key(m.group()), m.group())
        out.append(ThingHit(plain, None, _clean_target(doc.text[start : m.end()]), (start, m.end())))
    return out
