"""Putting the pieces into an IncidentSummary: incidents with date, place and actors, figures, claims."""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.article import Article
from summarizer.schemas.incident import (
    Actor,
    ActorKind,
    Attribution,
    CasualtyFigure,
    DatePrecision,
    Incident,
    IncidentDate,
    IncidentSummary,
    Location,
    PhysicalTarget,
    ResponsibilityClaim,
    SourceKind,
    Stance,
    Weapon,
)

from ._dates import Anchor, Dateline, find_dateline, find_dates, make_anchor, resolve
from ._figures import figures_in
from ._figures_attr import SentenceSources, attribute_figures
from ._incidents import Segment, incident_type, segment, stage_of, trigger_spans
from ._lexicon import lexicon
from ._perps import PerpHit, perpetrators_in
from ._places import find_location, pick_country
from ._sources import group_mentions
from ._summary import describe, summarize
from ._targets import human_targets_in, physical_targets_in, weapons_in
from ._text import Doc, Sentence, key

__all__ = ["Outcome", "build"]

_MAX_QUOTE = 300


@dataclass(frozen=True)
class Outcome:
    """What the baseline produced and how it dated it."""

    record: IncidentSummary
    anchor: Anchor
    date_inferred: bool


def _quote(doc: Doc, s: int, e: int, focus: int | None = None) -> str:
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


def build(article: Article) -> Outcome:
    doc = Doc(article.text)
    lex = lexicon()
    doc.set_skips(lex.skip_prefixes)
    dateline = find_dateline(doc)
    anchor = make_anchor(article.meta.published, dateline, doc)
    anchor, inferred_any = _provisional_anchor(doc, anchor, dateline)
    outlet = article.meta.outlet or (dateline.source if dateline and dateline.source else "the article")

    sources = SentenceSources(doc)
    hits = [h for s in doc.sentences if not s.skipped for h in figures_in(doc, s)]
    segments = segment(doc, {h.sentence.index for h in hits}, anchor, dateline.end if dateline else 0)
    figures = attribute_figures(doc, hits, sources, anchor, outlet)
    incidents: list[Incident] = []
    used_inference = False
    for i, seg in enumerate(segments, 1):
        inc, inferred = _incident(doc, f"I{i}", seg, anchor, dateline, sources, [f for f, h in figures if h.sentence in seg.all])
        used_inference |= inferred
        incidents.append(inc)
    ids = [inc.id for inc in incidents]
    final_figures: list[CasualtyFigure] = []
    for f, h in figures:
        own = [inc_id for inc_id, seg in zip(ids, segments) if h.sentence in seg.own]
        f.incident_ids = own or list(ids)
        final_figures.append(f)
    claims = _claims(doc, incidents)
    record = IncidentSummary(
        summary=summarize(incidents, final_figures, claims),
        incidents=incidents,
        casualty_figures=final_figures,
        claims_of_responsibility=claims,
        sources=sources.cited(),
    )
    date_inferred = anchor.inferred and (used_inference or inferred_any) and article.meta.published is None
    return Outcome(record, anchor, date_inferred)


def _provisional_anchor(doc: Doc, anchor: Anchor, dateline: Dateline | None) -> tuple[Anchor, bool]:
    """With no publication date, anchor weekdays on the latest full date the text itself fixes."""
    if anchor.date is not None:
        return anchor, False
    dates = []
    for m in find_dates(doc):
        if m.kind in ("iso", "mdy", "dmy"):
            d, prec, _ = resolve(m, anchor)
            if d is not None and prec is DatePrecision.day:
                dates.append(d)
    if not dates:
        return anchor, False
    return Anchor(max(dates), anchor.latest_year, inferred=True), True


def _event_date(doc: Doc, sentences: list[Sentence], anchor: Anchor, dateline: Dateline | None) -> tuple[IncidentDate | None, bool]:
    skip_before = dateline.end if dateline else 0
    for s in sentences:
        for m in find_dates(doc, max(s.start, skip_before), s.end):
            if m.report or m.kind == "y" and m.start > s.start + 5 and len(sentences) > 1:
                continue
            d, prec, inferred = resolve(m, anchor)
            if d is None:
                continue
            return IncidentDate(start=d, precision=prec, year_inferred=inferred, evidence=[doc.span(m.start, m.end)]), inferred
    return None, False


def _incident(doc: Doc, inc_id: str, seg: Segment, anchor: Anchor, dateline: Dateline | None,
              sources: SentenceSources, figures: list[CasualtyFigure]) -> tuple[Incident, bool]:
    own, every = seg.own, seg.all
    itype, spans = incident_type(doc, own)
    if not spans and seg.shared:
        itype, spans = incident_type(doc, seg.shared)
    date, inferred = _event_date(doc, own, anchor, dateline)
    if date is None and seg.shared:
        date, inferred = _event_date(doc, seg.shared, anchor, dateline)
    focus = [(s.start, s.end) for s in own]
    dl = (dateline.place_start, dateline.place_end) if dateline else None
    country = pick_country(doc, focus + [(s.start, s.end) for s in seg.shared], dl)
    orgs, inds = _perpetrators(doc, every, sources)
    perps = orgs + inds
    actor_names = {key(a.name) for a in perps} | {key(al) for a in perps for al in a.aliases}
    loc = find_location(doc, focus, country, actor_names, dateline.end if dateline else 0)
    if seg.shared:
        wider = find_location(doc, [(s.start, s.end) for s in seg.shared], country, actor_names, dateline.end if dateline else 0)
        loc.regions = loc.regions + [r for r in wider.regions if key(r[0]) not in {key(x[0]) for x in loc.regions}]
        if not loc.places:
            loc.places = wider.places
    loc_ev = [doc.span(s, e) for _, s, e in loc.regions + loc.places]
    if loc.description:
        loc_ev.insert(0, doc.span(*loc.description))
    regions: dict[str, str] = {}
    for n, _, _ in loc.regions:
        base = re.sub(r"\s+(?:region|province|department|state|district|governorate|prefecture)$", "", key(n))
        if len(n) > len(regions.get(base, "")):
            regions[base] = n
    location = Location(
        country=country, regions=[_one_line(r) for r in regions.values()], places=[_one_line(n) for n, _, _ in loc.places],
        description=_one_line(doc.span(*loc.description)) if loc.description else None, evidence=_uniq(loc_ev),
    )
    first = own[0]
    trig = trigger_spans(doc, first, weak=True)
    evidence = [_quote(doc, first.start, first.end, trig[0][0] if trig else None)]
    inc = Incident(
        id=inc_id,
        type=itype,
        description="",
        date=date or IncidentDate(start=None, precision=DatePrecision.unknown, evidence=[]),
        location=location,
        perpetrator_organizations=orgs,
        perpetrator_individuals=inds,
        human_targets=_human_targets(doc, own, figures),
        physical_targets=_physical_targets(doc, own),
        weapons=_weapons(doc, every),
        stage=stage_of(doc, own, itype),
        evidence=evidence,
    )
    inc.description = describe(inc)
    return inc, inferred


def _perpetrators(doc: Doc, sentences: list[Sentence], sources: SentenceSources) -> tuple[list[Actor], list[Actor]]:
    """Perpetrator organizations and individuals, one Actor per group or description, with every attribution."""
    hits: list[PerpHit] = []
    for s in sentences:
        cue = sources.any_in(s)
        hits += perpetrators_in(doc, s, (cue.name, cue.kind) if cue else None)
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
                          evidence=[_quote(doc, *h.evidence)])
        if k not in actors:
            names = _names_for(doc, h, sentences)
            actors[k] = Actor(name=_one_line(names[0]), aliases=[_one_line(n) for n in names[1:]], kind=h.kind,
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
    return orgs, inds


def _suspected_groups(doc: Doc, sentences: list[Sentence]) -> list[PerpHit]:
    """No phrase names a perpetrator: an armed group named in the incident's own sentences is
    recorded as `possible`, the weakest stance, so the reader sees it is an inference."""
    out: list[PerpHit] = []
    for s in sentences[:3]:
        for gm in group_mentions(doc, s.start, s.end):
            if gm.group.kind is ActorKind.non_state_armed_group and not re.search(
                r"(?:against|targeting|on|of)\s+(?:the\s+)?$", doc.low[max(s.start, gm.start - 20) : gm.start]
            ):
                out.append(PerpHit(doc.text[gm.start : gm.end], gm.group.kind, gm.group, Stance.possible, None,
                                   SourceKind.outlet, (s.start, s.end)))
    return out


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


def _human_targets(doc: Doc, sentences: list[Sentence], figures: list[CasualtyFigure]) -> list[Actor]:
    out: dict[str, Actor] = {}
    for s in sentences:
        for t in human_targets_in(doc, s):
            k = key(t.name)
            if k and k not in out and not group_mentions(doc, *t.evidence):
                out[k] = Actor(name=_one_line(t.name), kind=t.kind or ActorKind.unknown,
                               description=t.description, evidence=[_quote(doc, *t.evidence)])
    for f in figures:
        if f.party_kind in (ActorKind.non_state_armed_group,) or key(f.party) in ("wounded", "dead", "deaths", "casualties", "killed", "fatalities"):
            continue
        for part in f.party.split(" and "):
            k = key(part)
            if k and k not in out:
                kind = lexicon().party_kinds.get(key(part.split()[-1]), f.party_kind)
                out[k] = Actor(name=_one_line(part), kind=kind, evidence=list(f.evidence[:1]))
    return list(out.values())


def _physical_targets(doc: Doc, sentences: list[Sentence]) -> list[PhysicalTarget]:
    out: dict[str, PhysicalTarget] = {}
    for s in sentences:
        for t in physical_targets_in(doc, s):
            if key(t.name) and key(t.name) not in out:
                out[key(t.name)] = PhysicalTarget(name=_one_line(t.name), evidence=[_quote(doc, *t.evidence)])
    return list(out.values())


def _weapons(doc: Doc, sentences: list[Sentence]) -> list[Weapon]:
    out: dict[str, Weapon] = {}
    for s in sentences:
        for t in weapons_in(doc, s):
            name = t.description or t.name
            k = key(name)
            if k in out:
                continue
            out[k] = Weapon(name=_one_line(name.lower() if doc.upper else name), evidence=[doc.span(*t.evidence)])
    return list(out.values())


def _claims(doc: Doc, incidents: list[Incident]) -> list[ResponsibilityClaim]:
    out: dict[str, ResponsibilityClaim] = {}
    for inc in incidents:
        for a in inc.perpetrator_organizations:
            for att in a.attributions:
                if att.stance is not Stance.claimed:
                    continue
                claimant = a.name
                if claimant in out:
                    if inc.id not in out[claimant].incident_ids:
                        out[claimant].incident_ids.append(inc.id)
                    continue
                ev = list(att.evidence)
                channel = next((c for q in ev if (c := _channel(doc, _sentence_of(doc, q)))), None)
                out[claimant] = ResponsibilityClaim(
                    claimant=claimant, channel=channel,
                    claim=f"{claimant} claimed responsibility for the {inc.type.value.replace('_', ' ')}.",
                    incident_ids=[inc.id], evidence=ev,
                )
    return list(out.values())


def _sentence_of(doc: Doc, quote: str) -> str:
    at = doc.text.find(quote)
    if at < 0:
        return quote
    sent = doc.sentence_at(at)
    return doc.text[sent.start : max(sent.end, at + len(quote))]


def _channel(doc: Doc, quote: str) -> str | None:
    m = re.search(r"(?:in|via|through|by)\s+(?:a|an|the)\s+((?:press\s+release|statement|communiqu[eé]|video|message|tweet|post|letter|telephone\s+call|call)[^,.;\u201c\"]{0,80})", quote, re.IGNORECASE)
    return m.group(1).strip() if m else None


def _one_line(name: str) -> str:
    """Names are values, not quotes: wire copy's line breaks and double spaces go."""
    return " ".join(name.split())


def _uniq(items: list[str]) -> list[str]:
    seen: list[str] = []
    for i in items:
        if i and i not in seen:
            seen.append(i)
    return seen

