"""Who did it: perpetrator organizations and individuals, each with who asserts it and how firmly.

Groups come from data/armed_groups.toml; a group counts as a perpetrator only when a phrase
puts it in that role ('claimed by X', 'X attacked', 'blamed on X'), never for being mentioned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer.schemas.incident import ActorKind, SourceKind, Stance

from ._lexicon import Group, lexicon
from ._np import clean_np, coordinated, np_ending_at, np_starting_at
from ._sources import GroupMention, group_mentions
from ._text import Doc, Sentence, key

__all__ = ["PerpHit", "accused_state_forces", "described_perpetrators", "perpetrators_in"]

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


def perpetrators_in(doc: Doc, sent: Sentence, source: tuple[str, SourceKind] | None) -> list[PerpHit]:
    """Perpetrator organizations and individuals of one sentence, each with its stance."""
    lex = lexicon()
    low, s, e = doc.low, sent.start, sent.end
    out: list[PerpHit] = []
    by, by_kind = (source if source else (None, SourceKind.outlet))
    previous: tuple[Stance, tuple[int, int], int] | None = None  # the last group put in a role, and where it ends
    for gm in group_mentions(doc, s, e):
        stance = _group_stance(doc, gm, s, e) or _left_behind(doc, gm, s)
        if stance is None and previous is not None and previous[0] is not Stance.denied \
                and _ALTERNATIVE.fullmatch(low, previous[2], gm.start):
            stance = previous[0], (previous[1][0], gm.end)  # 'by the Shining Path or the MRTA group'
        if stance is None:
            continue
        st, span = stance
        previous = (st, span, _group_end(low, gm.end, e))
        name = doc.text[gm.start : gm.end]
        ind = _members_of(doc, gm, s, e)
        if ind is not None and st is not Stance.denied:
            out += _some(_np_perp(doc, ind, st if st is not Stance.claimed else Stance.stated, by, by_kind, span))
        if st is Stance.claimed or st is Stance.denied:
            out.append(PerpHit(name, gm.group.kind, gm.group, st, name, SourceKind.armed_group, span))
        else:
            out.append(PerpHit(name, gm.group.kind, gm.group, st, by, by_kind if by else SourceKind.outlet, span))
    for m in lex.perp["passive"].finditer(low, s, e):
        if "claimed" in m.group():
            continue
        np = np_starting_at(doc, m.end(), e, lex.individual_re) or np_starting_at(doc, m.end(), e, _STATE_ORG)
        if np and not group_mentions(doc, *np):
            said = Stance.alleged if re.search(r"blamed|attributed", m.group()) else Stance.stated
            for part in coordinated(doc, np, e, lex.individual_re):
                out += _some(_np_perp(doc, part, said, by, by_kind, (m.start(), part[1])))
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
        np = np_ending_at(doc, head_end, s, lex.individual_re) or np_ending_at(doc, head_end, s, _STATE_ORG, 2)
        if np and not group_mentions(doc, *np):
            out += _some(_np_perp(doc, np, Stance.stated, by, by_kind, (np[0], _word_end(low, m.end(), e))))
    if not doc.upper:
        for m in _NAMED_PERP.finditer(doc.text, s, e):
            role = m.group("role").lower()
            named = Stance.suspected if re.search(r"suspect|alleged|accused", role) else Stance.stated
            out.append(PerpHit(m.group("name"), ActorKind.unknown, None, named, by, by_kind if by else SourceKind.outlet,
                               (m.start(), m.end()), individual=True))
    return out


# Words that describe whoever did a violent act, not a side in a war ('soldiers', 'troops' and bare
# 'guerrillas' name the sides and are victims as often as perpetrators, so they are not here); singular 'terrorist', 'guerrilla' are
# mostly adjectives ('a terrorist attack') and are left out.
_DOER = re.compile(
    r"(?<![\w-])(?:(?:heavily\s+)?(?:armed|unidentified|unknown|hooded|masked|uniformed)\s+(?:men|man|individuals|individual|persons|person|youths)"
    r"|men(?=\s+(?:wearing|dressed\s+in|in\s+(?:military\s+)?uniforms?))"
    r"|urban\s+guerrillas|(?:urban\s+)?(?:terrorists|gunmen|gunman|assassins?|hitmen|hitman|commandos|kidnappers?|attackers?|assailants?"
    r"|bombers|hired\s+killers|paid\s+assassins|killers))(?![\w-])"
)
_VICTIM_AFTER = re.compile(r"\s+(?:\w+\s+)?(?:were|was|have\s+been|has\s+been|had\s+been)\s+(?:\w+\s+)?(?:killed|wounded|captured|arrested|injured|detained|shot|dead|neutralized|surrendered)")
_VICTIM_BEFORE = re.compile(r"(?:killed|wounded|captured|arrested|against|fighting|detained|neutralized|pursuing|pursued|chasing|of\s+the|with|alleged|suspected)\s+(?:\w+\s+){0,2}$")


def described_perpetrators(doc: Doc, sent: Sentence, by: str | None, by_kind: SourceKind) -> list[PerpHit]:
    """'three heavily armed men forced him ...', 'urban guerrillas': the people said to have acted,
    by description, wherever the sentence reports the act, unless they are the ones hit."""
    low, s, e = doc.low, sent.start, sent.end
    out: list[PerpHit] = []
    for m in _DOER.finditer(low, s, e):
        if _VICTIM_AFTER.match(low, m.end(), e) or _VICTIM_BEFORE.search(low[max(s, m.start() - 40) : m.start()]):
            continue
        if group_mentions(doc, m.start(), min(e, m.end() + 1)):
            continue
        start = m.start()
        num = re.search(r"(?:(?<![\w-])(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,3}|several|some)\s+)$", low[max(s, start - 10) : start])
        if num:
            start -= len(num.group())
        text = clean_np(doc.text[start : m.end()])
        out.append(PerpHit(text, ActorKind.unknown, None, Stance.stated, by, by_kind if by else SourceKind.outlet,
                           (start, m.end()), individual=True))
    return out


_STATE_HEAD = re.compile(
    r"(?<![\w-])(?:(?:salvadoran|guatemalan|honduran|colombian|peruvian|bolivian|chilean|ecuadoran|argentine|national|treasury)\s+)?"
    r"(?:armed\s+forces|army|military|police|national\s+guard|air\s+force|navy|security\s+forces|treasury\s+police)(?![\w-])"
)
_ACCUSE_BEFORE = re.compile(r"(?<![\w-])(?:accused|accuse|accuses|blamed|blames|blame|attributed\s+(?:it|the\s+\w+)\s+to|denounced)\s+(?:the\s+)?$")
_VIOLENT = re.compile(r"(?<![\w-])(?:kill|murder|massacr|attack|kidnap|abduct|disappear|death|bomb|assassinat|tortur|shoot|shot|execut|burn)")
_RESPONSIBLE_AFTER = re.compile(r"\s+(?:elements\s+|members\s+|troops\s+|units\s+)?(?:are|were|was|is)\s+(?:allegedly\s+|reportedly\s+)?responsible\s+for")


def accused_state_forces(doc: Doc, sent: Sentence, by: str | None, by_kind: SourceKind) -> list[PerpHit]:
    """'accused the army of killing', 'army elements are responsible for the killing': a state force
    put in the perpetrator's role by an accusation of a violent act (stance alleged)."""
    low, s, e = doc.low, sent.start, sent.end
    out: list[PerpHit] = []
    for m in _STATE_HEAD.finditer(low, s, e):
        before = low[max(s, m.start() - 30) : m.start()]
        violent = _VIOLENT.search(low, m.end(), min(e, m.end() + 60))
        if violent and (_ACCUSE_BEFORE.search(before) or _RESPONSIBLE_AFTER.match(low, m.end(), e)):
            name = clean_np(doc.text[m.start() : m.end()])
            out.append(PerpHit(name, ActorKind.state_force, None, Stance.alleged, by, by_kind if by else SourceKind.outlet,
                               (max(s, m.start() - len(before)), _word_end(low, m.end() + 30, e) if m.end() + 30 < e else e)))
    return out


# 'bomber Salman Abedi', 'the suspected gunman, John Smith': a role word then a capitalized name
_NAMED_PERP = re.compile(
    r"(?<![\w-])(?P<role>(?:suspected\s+|alleged\s+|accused\s+)?(?:suicide\s+)?(?:bomber|gunman|attacker|assailant|"
    r"shooter|killer|hijacker|kidnapper|suspect|ringleader|perpetrator))(?:,)?\s+"
    r"(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,3})"
)


_ALTERNATIVE = re.compile(r"[\"'\]\)]*\s*(?:group\s*)?(?:,\s*|\s+)(?:or|and|and/or)\s+(?:the\s+)?(?:[\w-]+\s+)?[\"'\[(]*")
_SIGNS = re.compile(
    r"(?<![\w-])(?:pamphlets?|leaflets?|flags?|banners?|graffiti|slogans?|messages?|signs|communiques?|placards?|posters?)"
    r"(?:\s+[\w-]+){0,4}?\s+(?:of|from|signed\s+by|belonging\s+to|alluding\s+to|bearing\s+the\s+name\s+of)\s+(?:the\s+)?$"
)


def _group_end(low: str, end: int, limit: int) -> int:
    """Past a group's closing bracket or acronym: '(MRTA)', '[19 April Movement]'."""
    tail = re.match(r"\s*[\[(][^\])]{1,60}[\])]", low[end:limit])
    return end + tail.end() if tail else end


def _left_behind(doc: Doc, gm: GroupMention, s: int) -> tuple[Stance, tuple[int, int]] | None:
    """'left pamphlets of the Lautaro Youth Front', 'a flag from the FPMR was found': a sign left at
    the scene makes the group a possible perpetrator."""
    b0 = max(s, gm.start - 80)
    m = _SIGNS.search(doc.low[b0 : gm.start])
    return (Stance.possible, (b0 + m.start(), gm.end)) if m else None


def _some(hit: PerpHit | None) -> list[PerpHit]:
    return [hit] if hit is not None else []


def _members_of(doc: Doc, gm: GroupMention, s: int, e: int) -> tuple[int, int] | None:
    """'members of the FMLN' or 'FMLN guerrillas': the individuals a group's name describes."""
    lex = lexicon()
    before = re.search(r"(?:(?:[\w-]+\s+){0,2}(?:members|fighters|guerrillas|militants|gunmen|commandos|rebels|units?|troops|soldiers|terrorists|assassins|hitmen|men)|an?\s+(?:group|band|commando|squad|unit|column|cell)\s+of\s+[\w\s]{0,20}?)\s+(?:of|from)\s+(?:the\s+)?(?:self-styled\s+|so-called\s+)?$", doc.low[max(s, gm.start - 60) : gm.start])
    if before:
        start = gm.start - len(before.group())
        link = re.search(r"\s+from\s+(?:the\s+)?(?:self-styled\s+|so-called\s+)?$", before.group())
        if link:  # 'a group of terrorists from the FAL': the people are 'a group of terrorists'
            return start, start + link.start()
        end = gm.end
        tail = re.match(r"\s*\([^)]{1,40}\)", doc.low[end:e])
        return (start, end + (tail.end() if tail else 0))
    after = lex.individual_re.match(doc.low, gm.end + 1, e) if doc.low[gm.end : gm.end + 1] == " " else None
    if after and after.group() in ("guerrillas", "guerrilla", "rebels", "members", "fighters", "militants", "commandos", "terrorists", "troops", "soldiers", "gunmen", "units"):
        return gm.start, after.end()
    return None


_BARE_HEADS = frozenset({"people", "persons", "person", "members", "member", "men", "man", "individuals",
                         "individual", "group", "groups", "unit", "band", "gang", "cell", "militant group"})


def _np_perp(doc: Doc, np: tuple[int, int], stance: Stance, by: str | None, by_kind: SourceKind, ev: tuple[int, int]) -> PerpHit | None:
    text = re.sub(r"^(?:several|some|many|other|various|numerous)\s+", "", clean_np(doc.text[np[0] : np[1]]), flags=re.IGNORECASE)
    if key(text) in _BARE_HEADS or re.search(r"(?<![\w-])group$", key(text)):
        return None  # 'people attacked' names nobody; 'a militant group' is an organization left unnamed
    head = key(text.split()[-1]) if text else ""
    is_org = bool(_STATE_ORG.fullmatch(key(text))) and head not in lexicon().individual_heads
    kind = ActorKind.state_force if is_org or lexicon().party_kinds.get(head) is ActorKind.state_force else (
        lexicon().party_kinds.get(head, ActorKind.unknown))
    if kind is ActorKind.civilians:
        kind = ActorKind.unknown
    return PerpHit(text, kind, None, stance, by, by_kind if by else SourceKind.outlet, ev, individual=not is_org)


def _group_stance(doc: Doc, gm: GroupMention, s: int, e: int) -> tuple[Stance, tuple[int, int]] | None:
    """The stance a sentence takes on a group as perpetrator (None if it is not put in that role),
    and the span that says so, to quote."""
    lex = lexicon()
    low = doc.low
    b0 = max(s, gm.start - 40)
    before = low[b0 : gm.start]
    after = low[gm.end : min(e, gm.end + 160)]

    def back(m: re.Match[str]) -> tuple[int, int]:
        return b0 + m.start(), gm.end

    def ahead(end: int) -> tuple[int, int]:
        stop = re.search(r"[.;]|[\"\u201d]\s*(?:in|on|by|,)|$", low[end : min(e, end + 120)])
        return gm.start, _word_end(low, end + (stop.start() if stop else 0), e)

    if (m := re.search(r"claimed\s+by\s+(?:the\s+)?$|claim(?:ed)?\s+(?:of\s+responsibility\s+)?(?:by|from)\s+(?:the\s+)?$", before)):
        return Stance.claimed, back(m)
    m = lex.perp["claimed"].search(after)
    between = [g.group for g in group_mentions(doc, gm.end, gm.end + m.start())] if m else []
    kin = {gm.group.name, gm.group.affiliation}
    if m and not re.search(r"[.;]", after[: m.start()]) and all(g.name in kin for g in between) \
            and not re.match(r"\s+by\b", after[m.end() :]):
        return Stance.claimed, ahead(gm.end + m.end())
    if (m := lex.perp["denied"].search(after[:40])):
        return Stance.denied, ahead(gm.end + m.end())
    if (m := re.search(r"(?:blamed\s+(?:it\s+)?on|attributed\s+(?:it\s+)?to|accused|blamed)\s+(?:the\s+)?$", before)):
        return Stance.alleged, back(m)
    if (m := re.search(r"(?:suspected|presumed|alleged)\s+(?:members\s+of\s+)?(?:the\s+)?$", before)):
        return Stance.suspected, back(m)
    if (m := re.match(r"\s+(?:is|are|were|was)\s+(?:suspected|believed|thought)", after)):
        return Stance.suspected, ahead(gm.end + m.end())
    if (m := re.search(r"(?:carried\s+out|perpetrated|committed|staged|launched|attack(?:s|ed)?|ambush(?:ed)?|kill(?:ed)?|kidnapp?ed|abducted|murdered|led|planted|bombed|shot|set|conducted)\s+by\s+(?:the\s+|members\s+of\s+(?:the\s+)?|a\s+(?:\w+\s+)?(?:of|from)\s+(?:the\s+)?)?$", before)):
        return Stance.stated, back(m)
    # 'were shot to death last night by a group of terrorists from the FAL': a few words between
    wide0 = max(s, gm.start - 90)
    if (m := _BY_GROUP.search(low[wide0 : gm.start])):
        return Stance.stated, (wide0 + m.start(), gm.end)
    m2 = lex.perp["active"].search(after[:60])
    if m2 and not re.search(r"[.;,]|\b(?:and|against|on|targeting|with)\b", after[: m2.start()]) and not re.search(r"(?:were|was|been|being)\s+$", after[: m2.start()]):
        return Stance.stated, ahead(gm.end + m2.end())
    if (m := re.search(r"(?:members|fighters|guerrillas|militants|gunmen|commandos|rebels|urban\s+guerrillas)\s+of\s+(?:the\s+)?$", before)) and m2:
        return Stance.stated, (b0 + m.start(), _word_end(low, gm.end + m2.end(), e))
    return None


_BY_GROUP = re.compile(
    r"(?<![\w-])(?:kill(?:ed)?|murdered|assassinated|kidnapp?ed|abducted|shot|wounded|injured|attacked|ambushed|bombed"
    r"|dynamited|machine-?gunned|burned|destroyed|executed|seized|carried\s+out|perpetrated|committed)"
    r"(?:\s+(?!by\b)[\w-]+){0,4}\s+by\s+(?:an?\s+)?(?:(?:group|band|unit|commando|squad|column|cell|gang|members?"
    r"|[\w-]+)\s+of\s+)?(?:(?:heavily\s+)?(?:armed\s+)?[\w-]+\s+)?(?:of|from)\s+(?:the\s+)?(?:so-called\s+|self-styled\s+)?$"
)


def _word_end(low: str, pos: int, limit: int) -> int:
    """Move `pos` forward to the end of the word it falls in, so a quote never ends mid-word."""
    while pos < limit and (low[pos].isalnum() or low[pos] in "-'"):
        pos += 1
    return pos
