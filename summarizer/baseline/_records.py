"""Actor and thing records of one incident: perpetrator hits merged per group, targets, weapons.

Quotes are exact slices of the article (`quote`); names are one-line values (`one_line`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.schemas.incident import (
    Actor,
    ActorKind,
    Attribution,
    CasualtyFigure,
    PhysicalTarget,
    SourceKind,
    Stance,
    Weapon,
)

from ._figures_attr import SentenceSources
from ._lexicon import lexicon
from ._perps import PerpHit, accused_state_forces, described_perpetrators, perpetrators_in
from ._sources import group_mentions
from ._targets import full_name, human_targets_in, physical_targets_in, role_elsewhere, weapons_in
from ._text import Doc, Sentence, key

__all__ = ["human_targets", "one_line", "perpetrators", "physical_targets", "quote", "uniq", "weapons"]

_MAX_QUOTE = 300


def quote(doc: Doc, s: int, e: int, focus: int | None = None) -> str:
    """A short exact quote: the span itself, or the clause around `focus` when the span is long."""
    if e - s <= _MAX_QUOTE:
        return doc.span(s, e)
    focus = s if focus is None else focus
    cuts = [m.end() for m in re.finditer(r"[,;:\u201d\"]\s", doc.text[s:e])]
    a = max([s] + [s + c for c in cuts if s + c <= focus])
    b = min([e] + [s + c - 2 for c in cuts if s + c - 2 > focus + 20])
    if b - a > _MAX_QUOTE:
        a, b = max(s, focus - 100), min(e, focus + 200)
    return doc.span(a, b)


def perpetrators(doc: Doc, sentences: list[Sentence], sources: SentenceSources, *,
                 described: bool = False) -> tuple[list[Actor], list[Actor]]:
    """Perpetrator organizations and individuals, one Actor per group or description, with every attribution."""
    hits: list[PerpHit] = []
    for s in sentences:
        cue = sources.any_in(s)
        hits += perpetrators_in(doc, s, (cue.name, cue.kind) if cue else None)
        named = {key(h.name) for h in hits}
        hits += [h for h in accused_state_forces(doc, s, cue.name if cue else None, cue.kind if cue else SourceKind.outlet)
                 if key(h.name) not in named]
    if described:
        seen = {key(h.name) for h in hits if h.individual}
        for s in sentences:
            cue = sources.any_in(s)
            for h in described_perpetrators(doc, s, cue.name if cue else None, cue.kind if cue else SourceKind.outlet):
                if not any(key(h.name) in k or k in key(h.name) for k in seen):
                    seen.add(key(h.name))
                    hits.append(h)
    if not any(h.group for h in hits):
        hits += _suspected_groups(doc, sentences)
    actors: dict[str, Actor] = {}
    individual: dict[str, bool] = {}
    groups: dict[str, str] = {}  # group canonical name -> actor key
    for h in hits:
        k = h.group.name if h.group else key(h.name)
        if k in actors and h.stance is Stance.claimed and h.group:
            h.by = actors[k].name
        elif h.stance is Stance.claimed and h.group:
            h.by = _names_for(doc, h, sentences)[0]
        att = Attribution(stance=h.stance, by=h.by, by_kind=h.by_kind if h.by else SourceKind.outlet,
                          evidence=[quote(doc, *h.evidence)])
        if k not in actors:
            names = _names_for(doc, h, sentences)
            actors[k] = Actor(name=one_line(names[0]), aliases=[one_line(n) for n in names[1:]], kind=h.kind,
                              affiliation=h.group.affiliation if h.group else None,
                              attributions=[], evidence=[])
            individual[k] = h.individual
            if h.group:
                groups[h.group.name] = k
        a = actors[k]
        if not any(x.stance is att.stance and x.by == att.by for x in a.attributions):
            a.attributions.append(att)
        for q in att.evidence:
            if q not in a.evidence:
                a.evidence.append(q)
    # a parent named alongside its affiliate is the same claim: 'claimed by Al-Qaeda' + 'JNIM claimed'
    for k, a in list(actors.items()):
        if a.affiliation and a.affiliation in groups and k != groups[a.affiliation]:
            parent = actors.pop(groups[a.affiliation])
            a.affiliation = parent.name
            for att in parent.attributions:
                same = next((x for x in a.attributions if x.stance is att.stance), None)
                if same is not None:  # the affiliate's claim reported under the parent's name
                    same.evidence.extend(q for q in att.evidence if q not in same.evidence)
                    continue
                if att.stance is Stance.claimed:
                    att = Attribution(stance=att.stance, by=parent.name, by_kind=att.by_kind, evidence=att.evidence)
                a.attributions.append(att)
            a.evidence.extend(q for q in parent.evidence if q not in a.evidence)
            del groups[a.affiliation]
    orgs = [a for k, a in actors.items() if not individual[k]]
    inds = [a for k, a in actors.items() if individual[k]]
    if not orgs:  # no group or body named for the act: one person acting alone is `individual` (R-ACT-4)
        for a in inds:
            if a.kind in (ActorKind.unknown, ActorKind.non_state_armed_group) and lone_person(a.name):
                a.kind = ActorKind.individual
    return orgs, inds


_LONE_HEAD = re.compile(
    r"(?:^|\s)(?:a|an|one|the|lone|single|unidentified|unknown|armed|suspected|masked|young|\s)*"
    r"(?:man|woman|gunman|attacker|assailant|bomber|suicide\s+bomber|assassin|hitman|kidnapper|suspect|shooter|"
    r"stabber|driver|teenager|youth|person|individual)$"
)
_PERSON_NAME = re.compile(r"[A-Z][\w'\-\u00c0-\u017f]+(?:\s+(?:[A-Z][\w'\-\u00c0-\u017f]+|de|da|del|la|van|von|bin|al-\w+)){1,4}")


def lone_person(name: str) -> bool:
    """Whether a perpetrator's name is one person: 'a man', 'the gunman', 'Timothy McVeigh' (R-ACT-4);
    a plural description ('gunmen', 'three men') is not."""
    name = " ".join(name.split())
    if _LONE_HEAD.search(name.lower()):
        return True
    words = name.split()
    heads = lexicon().individual_heads
    return bool(_PERSON_NAME.fullmatch(name)) and not any(key(w) in heads for w in words) and not name.isupper()


def _suspected_groups(doc: Doc, sentences: list[Sentence]) -> list[PerpHit]:
    """No phrase names a perpetrator: an armed group named in the incident's own sentences is
    recorded as `possible`, the weakest stance, so the reader sees it is an inference."""
    out: list[PerpHit] = []
    for s in sentences[:3]:
        for gm in group_mentions(doc, s.start, s.end):
            if gm.group.kind is ActorKind.non_state_armed_group and not re.search(
                r"(?:against|targeting|on|of)\s+(?:the\s+)?$", doc.low[max(s.start, gm.start - 20) : gm.start]
            ):
                doers = _ATTACKERS_AFTER.match(doc.low, gm.end, s.end)
                if doers and not _HIT_BY_OTHERS.search(doc.low, doers.end(), s.end):
                    # 'Taliban gunmen ...': the group names this incident's attackers (R-ACT-3), stated
                    out.append(PerpHit(doc.text[gm.start : gm.end], gm.group.kind, gm.group, Stance.stated, None,
                                       SourceKind.outlet, (gm.start, doers.end())))
                    continue
                out.append(PerpHit(doc.text[gm.start : gm.end], gm.group.kind, gm.group, Stance.possible, None,
                                   SourceKind.outlet, (s.start, s.end)))
    return out


_ATTACKERS_AFTER = re.compile(
    r"\s+(?:gunmen|gunman|militants?|fighters?|insurgents?|suicide\s+bombers?|bombers?|attackers?|assailants?|"
    r"rebels?|guerrillas?|jihadists?|terrorists?|commandos?|hitmen)(?![\w-])"
)
# the named attackers are themselves hit by someone else: the group is not this act's perpetrator
_HIT_BY_OTHERS = re.compile(r"(?<![\w-])(?:by|in\s+an?\s+(?:air|drone)\s*strikes?|airstrikes?|air\s+strikes?|shelling)(?![\w-])")


def _names_for(doc: Doc, h: PerpHit, sentences: list[Sentence]) -> list[str]:
    """The group's names as this article writes them, the longest first ('Support Group ...', 'GSIM', 'JNIM')."""
    if h.group is None:
        return [h.name]
    seen: dict[str, str] = {}
    for gm in group_mentions(doc):
        if gm.group is h.group:
            written = doc.text[gm.start : gm.end]
            seen.setdefault(key(written), written)
    names = sorted(seen.values(), key=len, reverse=True) or [h.name]
    return names


def human_targets(doc: Doc, sentences: list[Sentence], figures: list[CasualtyFigure],
                  nearby: Sequence[Sentence] = ()) -> list[Actor]:
    """People hit in the incident's sentences, plus named people hit in `nearby` sentences that
    belong to no incident ('the murder of X' in a reaction paragraph names the same victim)."""
    out: dict[str, Actor] = {}
    hits = [t for s in sentences for t in human_targets_in(doc, s)]
    hits += [t for s in nearby for t in human_targets_in(doc, s) if t.kind is None]
    for t in hits:
        k = key(t.name)
        if not k or group_mentions(doc, *t.evidence):
            continue
        if k not in out:
            out[k] = Actor(name=one_line(t.name), kind=t.kind or ActorKind.unknown,
                           description=t.description, evidence=[quote(doc, *t.evidence)])
        elif out[k].description is None and t.description:
            out[k].description = t.description  # a later mention gives the role
    for k, a in list(out.items()):
        if a.kind is not ActorKind.unknown or len(a.name.split()) < 2:
            continue
        found = full_name(doc, a.name)
        if found is not None:
            longer, span = found
            if key(longer) in out:  # the full form is already a target: one person
                out[key(longer)].description = out[key(longer)].description or a.description
                del out[k]
                continue
            a.aliases = [*a.aliases, a.name]
            a.name = one_line(longer)
            a.evidence.append(quote(doc, *span))
        if a.description is None:
            a.description = role_elsewhere(doc, a.name) or next((role_elsewhere(doc, al) for al in a.aliases if role_elsewhere(doc, al)), None)
    for f in figures:
        if f.party_kind in (ActorKind.non_state_armed_group,) or key(f.party) in ("wounded", "dead", "deaths", "casualties", "killed", "fatalities"):
            continue
        for part in f.party.split(" and "):
            k = key(part)
            if k and k not in out:
                kind = lexicon().party_kinds.get(key(part.split()[-1]), f.party_kind)
                out[k] = Actor(name=one_line(part), kind=kind, evidence=list(f.evidence[:1]))
    return list(out.values())


def physical_targets(doc: Doc, sentences: list[Sentence]) -> list[PhysicalTarget]:
    out: dict[str, PhysicalTarget] = {}
    for s in sentences:
        for t in physical_targets_in(doc, s):
            if key(t.name) and key(t.name) not in out:
                out[key(t.name)] = PhysicalTarget(name=one_line(t.name), evidence=[quote(doc, *t.evidence)])
    return list(out.values())


def weapons(doc: Doc, sentences: list[Sentence]) -> list[Weapon]:
    out: dict[str, Weapon] = {}
    for s in sentences:
        for t in weapons_in(doc, s):
            name = t.description or t.name
            k = key(name)
            if k in out:
                continue
            out[k] = Weapon(name=one_line(name.lower() if doc.upper else name), evidence=[doc.span(*t.evidence)])
    return list(out.values())


def one_line(name: str) -> str:
    """Names are values, not quotes: wire copy's line breaks and double spaces go."""
    return " ".join(name.split())


def uniq(items: list[str]) -> list[str]:
    seen: list[str] = []
    for i in items:
        if i and i not in seen:
            seen.append(i)
    return seen

