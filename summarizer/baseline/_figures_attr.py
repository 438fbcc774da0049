"""Turning figure hits into attributed CasualtyFigures: claimant, report date, merging repeats."""

from __future__ import annotations

import datetime as dt

from summarizer.schemas.incident import CasualtyFigure, Count, Source, SourceKind

from ._dates import Anchor, find_dates, resolve
from ._figures import FigureHit
from ._sources import SourceHit, sources_in
from ._text import Doc, Sentence, key

__all__ = ["SentenceSources", "attribute_figures", "outlet_source"]


class SentenceSources:
    """Attribution cues per sentence, carried one sentence forward when the next has none."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._by_sentence: dict[int, list[SourceHit]] = {}
        self._carried: dict[int, SourceHit | None] = {}
        previous: list[SourceHit] = []
        for s in doc.sentences:
            hits = [] if s.skipped else sources_in(doc, s)
            self._by_sentence[s.index] = hits
            # reported speech runs on: a sentence with no cue inherits the last cue of the one before
            carry = [h for h in previous if not h.embedded]
            self._carried[s.index] = carry[-1] if carry and not hits else None
            previous = hits

    def best(self, sent: Sentence, pos: int) -> SourceHit | None:
        """The cue that attributes a fact at `pos`: 'according to' first, then the nearest 'X said'."""
        hits = [h for h in self._by_sentence.get(sent.index, []) if h.covers(pos)]
        strong = [h for h in hits if h.strength == 2]
        pool = strong or hits
        if pool:
            return min(pool, key=lambda h: abs(h.cue_start - pos))
        return self._carried.get(sent.index)

    def cited(self) -> list[Source]:
        """Everyone the article cites, once each, in order of first citation."""
        out: dict[str, Source] = {}
        for hits in self._by_sentence.values():
            for h in hits:
                k = key(h.name)
                if k not in out and not any(other.endswith(" " + k) or k.endswith(" " + other) for other in out):
                    out[k] = Source(name=h.name, kind=h.kind, anonymous=h.anonymous, evidence=[self.doc.span(h.cue_start, h.cue_end)])
        return list(out.values())

    def any_in(self, sent: Sentence) -> SourceHit | None:
        hits = self._by_sentence.get(sent.index, [])
        return hits[0] if hits else self._carried.get(sent.index)


def outlet_source(name: str) -> Source:
    return Source(name=name, kind=SourceKind.outlet, anonymous=False, evidence=[])


def _reported_on(doc: Doc, hit: SourceHit, anchor: Anchor) -> dt.date | None:
    end = min(hit.cue_end + 60, doc.sentence_at(hit.cue_start).end)
    for m in find_dates(doc, hit.cue_start, end):
        if m.report:
            d, _, _ = resolve(m, anchor)
            if d is not None:
                return d
    return None


def attribute_figures(
    doc: Doc, hits: list[FigureHit], sources: SentenceSources, anchor: Anchor, outlet: str
) -> list[tuple[CasualtyFigure, FigureHit]]:
    """One CasualtyFigure per hit, with its claimant; repeats of a figure are merged, not dropped."""
    out: list[tuple[CasualtyFigure, FigureHit]] = []
    for h in hits:
        cue = sources.best(h.sentence, h.start)
        if cue is not None:
            claimant = Source(name=cue.name, kind=cue.kind, anonymous=cue.anonymous, evidence=[doc.span(cue.cue_start, cue.cue_end)])
            reported = _reported_on(doc, cue, anchor)
        else:
            claimant, reported = outlet_source(outlet), None
        fig = CasualtyFigure(
            party=h.party,
            party_kind=h.party_kind,
            outcome=h.outcome,
            outcome_word=h.outcome_word,
            count=Count(value=h.amount.value, high=h.amount.high, qualifier=h.amount.qualifier, text=h.count_text),
            claimant=claimant,
            reported_on=reported,
            evidence=[doc.span(h.start, h.end)],
        )
        twin = next((f for f, _ in out if _same(f, fig)), None)
        if twin is not None:
            if len(fig.party) > len(twin.party):
                twin.party, twin.party_kind = fig.party, fig.party_kind
            for q in fig.evidence:
                if q not in twin.evidence:
                    twin.evidence.append(q)
            continue
        out.append((fig, h))
    # a headline figure in the outlet's voice repeats an attributed one: fold it in
    kept: list[tuple[CasualtyFigure, FigureHit]] = []
    for f, h in out:
        if f.claimant.kind is SourceKind.outlet:
            better = next((g for g, _ in out if g is not f and g.claimant.kind is not SourceKind.outlet
                           and g.outcome is f.outcome and g.count.value == f.count.value and g.count.value is not None
                           and key(f.party).split()[-1] in key(g.party)), None)
            if better is not None:
                better.evidence.extend(q for q in f.evidence if q not in better.evidence)
                continue
        kept.append((f, h))
    return kept


def _same(a: CasualtyFigure, b: CasualtyFigure) -> bool:
    """The same figure said twice ('7 militants' in the headline, 'Seven Taliban militants' below)."""
    pa, pb = key(a.party), key(b.party)
    return (
        a.outcome is b.outcome and a.count.value == b.count.value and a.count.qualifier is b.count.qualifier
        and (pa == pb or pa.endswith(" " + pb) or pb.endswith(" " + pa))
        and key(a.claimant.name) == key(b.claimant.name)
    )
