"""Putting the pieces into an IncidentSummary: incidents with date, place and actors, figures, claims."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from summarizer.article import Article
from summarizer.schemas.incident import (
    CasualtyFigure,
    DatePrecision,
    Incident,
    IncidentDate,
    IncidentSummary,
    Location,
    ResponsibilityClaim,
    Stance,
)

from ._addressed import addressed
from ._dates import Anchor, Dateline, find_dateline, find_dates, make_anchor, partial, resolve
from ._figures import figures_in
from ._figures_attr import SentenceSources, attribute_figures
from ._incidents import Segment, incident_type, segment, stage_of, trigger_spans
from ._lexicon import lexicon
from ._muc4 import relevant
from ._places import find_location, pick_country
from ._records import human_targets, one_line, perpetrators, physical_targets, quote, uniq, weapons
from ._summary import describe, summarize
from ._text import Doc, Sentence, key

__all__ = ["BaselineResult", "build"]


@dataclass(frozen=True)
class BaselineResult:
    """What the baseline produced and how it dated it."""

    record: IncidentSummary
    anchor: Anchor
    date_inferred: bool


def build(article: Article, *, muc4: bool = False) -> BaselineResult:
    """Run every rule over the article; callers go through summarizer.baseline.extract.

    With `muc4`, only the incidents MUC-4 counts as relevant are kept (see _muc4), with the
    figures that belong to them, and perpetrators described but not named count as individuals
    ('three heavily armed men', 'urban guerrillas'), as the muc4 prompt asks."""
    doc = Doc(article.text)
    lex = lexicon()
    doc.set_skips(lex.skip_prefixes)
    doc.skip_where(addressed)  # instructions planted in the text are not news
    dateline = find_dateline(doc)
    anchor = make_anchor(article.meta.published, dateline, doc)
    anchor, inferred_any = _provisional_anchor(doc, anchor, dateline)
    outlet = article.meta.outlet or (dateline.source if dateline and dateline.source else "the article")

    sources = SentenceSources(doc)
    hits = [h for s in doc.sentences if not s.skipped for h in figures_in(doc, s)]
    # a toll in the thousands sums up a war, it does not report one incident
    event_hits = {h.sentence.index for h in hits if h.amount.value is None or h.amount.value < 1000}
    segments = segment(doc, event_hits, anchor, dateline.end if dateline else 0)
    figures = attribute_figures(doc, hits, sources, anchor, outlet)
    incidents: list[Incident] = []
    kept: list[Segment] = []
    dropped: list[Segment] = []
    used_inference = False
    nearby = _unclaimed(doc, segments)
    for seg, near in zip(segments, nearby):
        inc, inferred = _incident(doc, f"I{len(incidents) + 1}", seg, anchor, dateline, sources,
                                  [f for f, h in figures if h.sentence in seg.all], near, muc4)
        if muc4 and not relevant(doc, inc, seg.own):
            dropped.append(seg)
            continue
        used_inference |= inferred
        incidents.append(inc)
        kept.append(seg)
    ids = [inc.id for inc in incidents]
    final_figures: list[CasualtyFigure] = []
    for f, h in figures:
        own = [inc_id for inc_id, seg in zip(ids, kept) if h.sentence in seg.own]
        if muc4 and not own and (not ids or any(h.sentence in seg.own for seg in dropped)):
            continue  # a figure of an incident MUC-4 does not record
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
    return BaselineResult(record, anchor, date_inferred)


def _unclaimed(doc: Doc, segments: list[Segment]) -> list[list[Sentence]]:
    """For each segment, the sentences of no segment that follow it (before the next one); those
    before the first segment go to the first. Named victims there are the incident's own."""
    out: list[list[Sentence]] = [[] for _ in segments]
    if not segments:
        return out
    taken = {s.index for seg in segments for s in seg.all}
    firsts = [min(s.index for s in seg.own) for seg in segments]
    order = sorted(range(len(segments)), key=lambda i: firsts[i])
    starts = [firsts[i] for i in order]
    for s in doc.sentences:
        if s.skipped or s.index in taken:
            continue
        at = bisect.bisect_left(starts, s.index) - 1  # the last segment starting before it
        out[order[at] if at >= 0 else order[0]].append(s)
    return out


def _provisional_anchor(doc: Doc, anchor: Anchor, dateline: Dateline | None) -> tuple[Anchor, bool]:
    """With no publication date, anchor weekdays on the latest full date the text itself fixes."""
    if anchor.date is not None:
        return anchor, False
    dates: list[tuple[dt.date, bool]] = []
    for m in find_dates(doc):
        if m.kind in ("iso", "mdy", "dmy"):
            d, prec, _ = resolve(m, anchor)
            if d is not None and prec is DatePrecision.day:
                dates.append((d, m.year is not None))
    if not dates:
        return anchor, False
    latest, written = max(dates)
    return Anchor(latest, anchor.latest_year, inferred=True, year_written=written), True


def _event_date(doc: Doc, sentences: list[Sentence], anchor: Anchor, dateline: Dateline | None) -> tuple[IncidentDate | None, bool]:
    """The first full date of the sentences; failing that, the first day or month they fix with no
    year (`partial`, R-DATE-2/3: the year is not written, so `year_inferred`)."""
    skip_before = dateline.end if dateline else 0
    fallback: IncidentDate | None = None
    for s in sentences:
        for m in find_dates(doc, max(s.start, skip_before), s.end):
            if m.report or m.kind == "y" and m.start > s.start + 5 and len(sentences) > 1:
                continue
            d, prec, inferred = resolve(m, anchor)
            if d is None:
                part = partial(m, anchor) if fallback is None else None
                if part is not None:
                    fallback = IncidentDate(start=None, partial=part[0], precision=part[1], year_inferred=True,
                                            evidence=[doc.span(m.start, m.end)])
                continue
            return IncidentDate(start=d, precision=prec, year_inferred=inferred, evidence=[doc.span(m.start, m.end)]), inferred
    return fallback, False


def _incident(doc: Doc, inc_id: str, seg: Segment, anchor: Anchor, dateline: Dateline | None,
              sources: SentenceSources, figures: list[CasualtyFigure], nearby: list[Sentence],
              described: bool) -> tuple[Incident, bool]:
    own, every = seg.own, seg.all
    itype, _ = incident_type(doc, own, seg.shared)
    date, inferred = _event_date(doc, own, anchor, dateline)
    if (date is None or date.start is None) and seg.shared:
        shared_date, shared_inferred = _event_date(doc, seg.shared, anchor, dateline)
        if shared_date is not None and (date is None or shared_date.start is not None):
            date, inferred = shared_date, shared_inferred
    focus = [(s.start, s.end) for s in own]
    dl = (dateline.place_start, dateline.place_end) if dateline else None
    country = pick_country(doc, focus + [(s.start, s.end) for s in seg.shared], dl)
    # in the muc4 task a perpetrator named in a sentence of no incident is the nearest incident's (MUC-4 pools a text's fillers)
    orgs, inds = perpetrators(doc, sorted(every + nearby, key=lambda s: s.index) if described else every, sources, described=described)
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
        country=country, regions=[one_line(r) for r in regions.values()], places=[one_line(n) for n, _, _ in loc.places],
        description=one_line(doc.span(*loc.description)) if loc.description else None, evidence=uniq(loc_ev),
    )
    first = next((s for s in own if trigger_spans(doc, s)), own[0])
    trig = trigger_spans(doc, first, weak=True)
    evidence = [quote(doc, first.start, first.end, trig[0][0] if trig else None)]
    inc = Incident(
        id=inc_id,
        type=itype,
        description="",
        date=date or IncidentDate(start=None, precision=DatePrecision.unknown, evidence=[]),
        location=location,
        perpetrator_organizations=orgs,
        perpetrator_individuals=inds,
        human_targets=human_targets(doc, own, figures, nearby),
        physical_targets=physical_targets(doc, own + nearby),
        weapons=weapons(doc, every),
        stage=stage_of(doc, own, itype),
        evidence=evidence,
    )
    inc.description = describe(inc)
    return inc, inferred


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


