"""To whom and with what: human targets (named people and described groups), things hit, weapons."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from summarizer.schemas.incident import ActorKind

from ._lexicon import lexicon
from ._np import (
    FUNCTION_WORDS,
    STOP_WORDS,
    clean_np,
    clean_target,
    coordinated,
    np_ending_at,
    np_starting_at,
)
from ._text import Doc, Sentence, key

__all__ = ["ThingHit", "full_name", "human_targets_in", "physical_targets_in", "role_elsewhere", "weapons_in"]


@dataclass(frozen=True)
class ThingHit:
    name: str
    kind: ActorKind | None
    description: str | None
    evidence: tuple[int, int]


def human_targets_in(doc: Doc, sent: Sentence) -> list[ThingHit]:
    """People hit or aimed at: 'killed judge X', 'X was kidnapped', 'the murder of X'."""
    lex = lexicon()
    low, s, e = doc.low, sent.start, sent.end
    out: list[ThingHit] = []
    cues = re.compile(
        r"(?<![\w-])(?:(?P<ident>(?:the\s+)?(?:victims?|dead)\s+(?:was|were|has\s+been|have\s+been)\s+identified\s+as|the\s+(?:dead|victims?)\s+(?:was|were|is|are))|"
        r"(?P<verb>killed|murdered|assassinated|kidnapp?ed|abducted|wounded|injured|shot\s+dead|shot\s+and\s+killed|gunned\s+down|shot|executed|attacked)|"
        r"(?P<noun>(?:assassination|murder|killing|kidnapping|abduction|attack|attempt|death|slaying)\s+(?:on|of|against)(?:\s+the\s+life\s+of)?))\s+"
    )
    for m in cues.finditer(low, s, e):
        hit = _person_at(doc, m.end(), e)
        if hit is None and m.group("verb"):
            hit = _group_at(doc, m.end(), e)
        while hit:
            out.append(hit)
            # 'the victims were identified as X, director of the school, and Y'; 'the attack against X and Y'
            joint = r"(?:,\s*and|,|and)" if m.group("ident") else r"(?:,\s*and|and)"
            nxt = re.match(r"(?:\s*(?:,\s*[^,;.\[]{3,80}?|\[[^\]]{1,60}\]))?\s*" + joint + r"\s+", low[hit.evidence[1] : e])
            if nxt is None:
                break
            hit = _person_at(doc, hit.evidence[1] + nxt.end(), e)
    passive = re.compile(r"(?:\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:killed|murdered|assassinated|kidnapp?ed|abducted|wounded|injured|shot|executed|slain|taken\s+hostage|held\s+hostage|gunned\s+down|machine-?gunned|tortured|massacred)|'s\s+(?:murder|assassination|death|killing|kidnapping|abduction))(?![\w-])")
    for m in passive.finditer(low, s, e):
        person = _person_ending(doc, m.start(), s)
        if person:
            out.append(person)
            # 'Erika Sullivan and Christopher Anderson, a teacher, have been killed'
            while person is not None:
                conj = re.search(r"(?:,|\band)\s*$", low[max(s, person.evidence[0] - 6) : person.evidence[0]])
                if not conj:
                    break
                person = _person_ending(doc, person.evidence[0] - len(conj.group()), s)
                if person is not None:
                    out.append(person)
        else:
            g = np_ending_at(doc, m.start(), s, lex.party_head_re)
            if g:
                out.append(ThingHit(clean_target(doc.text[g[0] : g[1]]), lex.party_kinds.get(key(doc.low[g[0] : g[1]].split()[-1])), None, (g[0], m.end())))
    return out


_NAME_MIXED = re.compile(r"(?:[A-Z][a-z'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z'’-]+|[A-Z]\.|de|del|de\s+la|y))*\s+[A-Z][a-z'’-]+")
_SUFFIXES = ("ing", "tion", "ment", "ness", "ity", "ly", "ed", "ism", "ist", "ists", "ance", "ence", "ship", "ive", "ous", "al")


@cache
def _common_words() -> frozenset[str]:
    """Words that are not names: function words and every word of the baseline's own word lists."""
    lex = lexicon()
    words: set[str] = set(FUNCTION_WORDS)
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
    if not m and (br := re.match(r"\s*\[([^\]]{3,60})\]", doc.low[end:limit])) and lexicon().title_re.search(br.group(1)):
        return clean_np(doc.text[end + br.start(1) : end + br.end(1)])  # 'Edgar Chacon [ideologue of the group]'
    if not m:
        # ', spokesman of the MIR' / ', leader of the National Revolutionary Movement': a title, then its body
        m = _ROLE_APPOSITION().match(doc.low, end, limit)
        if m:
            return clean_np(doc.text[m.start(1) : m.end(1)])
    if not m:
        return None
    return clean_np(doc.text[end + m.start(1) : end + m.end(1)])


_KIN = r"(?:brother|sister|son|daughter|wife|husband|father|mother|nephew|niece|cousin|widow|uncle|aunt)"


@cache
def _ROLE_APPOSITION(sep: str = r"\s*(?:,|--|-)\s+") -> re.Pattern[str]:  # noqa: N802 - a compiled constant per separator
    """', second secretary of the Nicaraguan embassy' / ' -- brother of the first lady': up to three
    modifiers, a title or kinship word, then what it is of, up to the next clause."""
    return re.compile(
        sep + r"((?:(?:a|an|the)\s+)?(?:[\w'-]+\s+){0,3}?(?:%s|(?<![\w-])%s)(?![\w-])"
        r"(?:\s+(?:of|for|at|in|to)\s+[^,;.()\[\]\"]{2,60}?)?)(?=\s*(?:[,;.(\[]|--)|\s+(?:was|were|who|and|has|had)\b|$)"
        % (lexicon().title_re.pattern, _KIN)
    )


def full_name(doc: Doc, name: str) -> tuple[str, tuple[int, int]] | None:
    """The longest form of a person's name the article writes ('Pardo Leal' -> 'Jaime Pardo Leal'),
    with its span: up to two name-like words right before another mention of it. None if none.
    Each mention is found once and looked back from, and the answer is kept per name."""
    memo: dict[str, tuple[str, tuple[int, int]] | None] = doc.memo.setdefault("full_name", {})
    if name in memo:
        return memo[name]
    best: tuple[str, tuple[int, int]] | None = None
    for m in _mentions_of(doc, name):
        words = list(re.finditer(r"[\w'-]+", doc.text[max(0, m[0] - 60) : m[0]]))[-2:]
        base = max(0, m[0] - 60)
        kept: list[re.Match[str]] = []
        for w in reversed(words):  # nearest first; only spaces between the words and the name
            gap_end = kept[-1].start() if kept else m[0] - base
            if doc.text[base + w.end() : base + gap_end].strip(" \t") or not (
                    _name_like(w.group()) and (doc.upper or w.group()[:1].isupper())):
                break
            kept.append(w)
        if kept:
            start = base + kept[-1].start()
            longer = " ".join(doc.text[start : m[1]].split())
            if best is None or len(longer) > len(best[0]):
                best = (longer, (start, m[1]))
    memo[name] = best
    return best


def _mentions_of(doc: Doc, name: str) -> list[tuple[int, int]]:
    """Every (start, end) where the article writes `name` (folded, any spacing), found once per name."""
    memo: dict[str, list[tuple[int, int]]] = doc.memo.setdefault("mentions", {})
    if name not in memo:
        pattern = r"\s+".join(re.escape(w) for w in key(name).split())
        memo[name] = [m.span() for m in re.finditer(r"(?<![\w-])" + pattern + r"(?![\w-])", doc.low)]
    return memo[name]


def role_elsewhere(doc: Doc, name: str) -> str | None:
    """A named person's role from another mention of the same name: a title right before it
    ('leftist leader Hector Oqueli') or a role apposition after it (', rector of the UCA')."""
    memo: dict[str, str | None] = doc.memo.setdefault("role_elsewhere", {})
    if name not in memo:
        memo[name] = _role_elsewhere(doc, name)
    return memo[name]


def _role_elsewhere(doc: Doc, name: str) -> str | None:
    for start, end in _mentions_of(doc, name):
        sent = doc.sentence_at(start)
        if sent.skipped:
            continue
        appo = _apposition(doc, end, sent.end)
        if appo:
            return appo
        before = doc.low[max(sent.start, start - 50) : start]
        titles = list(lexicon().title_re.finditer(before))
        if titles and titles[-1].end() == len(before.rstrip()) and before[-1:].isspace():
            first = titles[-1]
            for t in reversed(titles[:-1]):
                if before[t.end() : first.start()].strip() == "":
                    first = t
            return clean_np(doc.text[start - len(before) + first.start() : start])
        copula = _ROLE_APPOSITION(r"\s+(?:was|is)\s+(?=(?:the|a|an)\s)").match(doc.low, end, sent.end)
        if copula:  # 'Pardo Leal was the founder and first president of UP'
            return clean_np(doc.text[copula.start(1) : copula.end(1)])
    return None


def _person_at(doc: Doc, pos: int, limit: int) -> ThingHit | None:
    lex = lexicon()
    while pos < limit and doc.low[pos] in " \"'(":
        pos += 1
    title_end = pos
    title = None
    bracket = re.match(r"\[([^\]]{2,40})\]\s+", doc.low[pos:limit])  # '[presidency minister] Antonio Rodriguez'
    if bracket and lex.title_re.search(bracket.group(1)):
        title = doc.text[pos + 1 : pos + bracket.end(1)]
        title_end = pos + bracket.end()
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
            title = doc.text[tm.start() : t_end]
            name = _name_at(doc, t_end + 1, limit)
    if name is None:
        return None
    ns, ne = name
    description = clean_np(title).strip("() ") if title else _apposition(doc, ne, limit)
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
    if not appo and (comma := re.search(r",\s*$", window)):
        name_end = base + comma.start()  # 'the commander's wife, Stela Torrado de Otalora, was killed'
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
    description = clean_np(window[appo.start() + 1 :].strip(" ,")) if appo else None
    if description is None:
        # 'presidential candidate Bernardo Jaramillo Ossa's murder': the title before the name
        before = doc.low[max(floor, ns - 50) : ns]
        titles = list(lexicon().title_re.finditer(before))
        if titles and titles[-1].end() == len(before.rstrip()) and before.endswith(" "):
            first = titles[-1]
            for t in reversed(titles[:-1]):
                if before[t.end() : first.start()].strip() == "":
                    first = t
            description = clean_np(doc.text[max(floor, ns - 50) + first.start() : ns])
    if description is None:
        # 'the daughter of the Egyptian ambassador, Nadine Elkashes, was almost killed'
        lead = re.search(r"(?:^|[,;:]\s*|(?<=\s))((?:the|a|an)\s+[^,;:.]{3,60}),\s*$", doc.low[max(floor, ns - 70) : ns])
        if lead and lexicon().title_re.search(lead.group(1)):
            description = clean_np(doc.text[max(floor, ns - 70) + lead.start(1) : max(floor, ns - 70) + lead.end(1)])
    return ThingHit(" ".join(doc.text[ns:ne].split()), None, description, (ns, end))


def _group_at(doc: Doc, pos: int, limit: int) -> ThingHit | None:
    lex = lexicon()
    np = np_starting_at(doc, pos, limit, lex.party_head_re, 4)
    if np is None:
        return None
    text = clean_target(doc.text[np[0] : np[1]])
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
        np = np_starting_at(doc, m.end(), e, lex.target_re, 5)
        if np:
            for part in coordinated(doc, np, e, lex.target_re):
                name = _PART_OF.sub("", clean_target(_target_name(doc, part, e)))
                out.append(ThingHit(_TRAILING.sub("", name), None, None, (m.start(), part[1])))
    passive = re.compile(r"\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:destroyed|damaged|burned|bombed|attacked|dynamited|set\s+on\s+fire|blown\s+up|hit)")
    for m in passive.finditer(low, s, e):
        np = np_ending_at(doc, m.start(), s, lex.target_re)
        if np:
            out.append(ThingHit(clean_target(doc.text[np[0] : np[1]]), None, None, (np[0], m.end())))
    return out


# 'the roof of the armored vehicle', 'the left side of the car': the thing hit is the vehicle
_PART_OF = re.compile(r"^(?:(?:left|right|front|rear|back|upper|lower)\s+)?(?:sides?|roofs?|shelves|windows?|walls?|doors?|facades?|fronts?"
                      r"|glass|glasses|entrances?|parts?|floors?|gates?)\s+of\s+(?:the\s+)?", re.IGNORECASE)
_TRAILING = re.compile(r"\s+(?:such(?:\s+as)?|like)$", re.IGNORECASE)


def _target_name(doc: Doc, np: tuple[int, int], limit: int) -> str:
    end = np[1]
    of = re.match(r"\s+of\s+(?:the\s+)?((?:[\w'-]+\s+){0,3}[\w'-]+)", doc.low[end:limit])
    if of:
        words = of.group(1).split()
        keep = 0
        for w in words:
            if w in STOP_WORDS or w.endswith(("ed", "ing")):
                break
            keep += 1
        if keep:
            tail = re.match(r"\s+of\s+(?:the\s+)?" + r"\s+".join(map(re.escape, words[:keep])), doc.low[end:limit])
            if tail:
                end += tail.end()
    return clean_np(doc.text[np[0] : end])


_WEAPON_MODS = frozenset(
    """
homemade home-made powerful high-powered incendiary fragmentation automatic semi-automatic time
car truck bus caliber calibre explosive improvised remote-controlled land hand heavy light small
large makeshift crude antitank anti-tank antipersonnel anti-personnel guerrilla army military
assault sniper hunting submachine machine rocket mortar artillery dynamite suicide roadside
booby-trapped
""".split()  # noqa: SIM905
)
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
        out.append(ThingHit(plain, None, clean_target(doc.text[start : m.end()]), (start, m.end())))
    return out
