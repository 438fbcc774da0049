"""Which sentences report an incident, how they split into incidents, and each one's type and stage.

A sentence reports an incident when it has a strong trigger ('ambush', 'bomb', 'kidnapped') or a
casualty figure; weak triggers ('attack') count only next to those. 'The first attack' / 'a second
assault' split an umbrella report into sub-incidents; 'another attack' adds one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from summarizer.schemas.incident import DatePrecision, IncidentType, Stage

from ._dates import Anchor, find_dates, resolve
from ._lexicon import lexicon
from ._sources import group_mentions
from ._text import Doc, Sentence

__all__ = ["Segment", "incident_type", "segment", "stage_of", "trigger_spans"]

# When two types tie, the more specific wins.
_PRIORITY = [
    IncidentType.kidnapping, IncidentType.forced_work_stoppage, IncidentType.assassination,
    IncidentType.bombing, IncidentType.shelling_or_strike, IncidentType.arson, IncidentType.robbery,
    IncidentType.attack_on_civilians, IncidentType.armed_clash, IncidentType.other,
]


@dataclass
class Segment:
    """The sentences of one incident; `own` excludes the umbrella sentences it inherits."""

    own: list[Sentence]
    shared: list[Sentence] = field(default_factory=list)

    @property
    def all(self) -> list[Sentence]:
        return sorted({s.index: s for s in self.own + self.shared}.values(), key=lambda s: s.index)


_IRREALIS = re.compile(
    r"(?:will|would|could|might|shall|must)\s+(?:not\s+)?(?:be\s+|have\s+been\s+)?$|"
    r"(?:plot|plan|plans|planned|planning|intend\w*|rumou?rs?|"
    r"possibility|practice|prevent|avoid|condemn\w*|reject\w*|oppos\w*)\s+(?:of\s+|to\s+|the\s+|any\s+|all\s+)*$"
)
_PLURAL_EVENT = re.compile(r"(?:bombings|murders|killings|explosions|attacks|clashes|kidnappings|massacres|assassinations|ambushes|shootings|actions|acts|deaths|casualties)$")
_SPECIFIC = re.compile(r"(?:(?<![\d,.])\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twin|both|the|these|those|series\s+of|wave\s+of|during|in|after|amid)\s+(?:[\w-]+\s+)?$")


def trigger_spans(doc: Doc, sent: Sentence, *, weak: bool = False) -> list[tuple[int, int, IncidentType]]:
    """Trigger words of a sentence with the incident type each suggests.

    Never a future or hoped-for event ('will be bombed', 'a plot to assassinate'); with
    weak=False, not a generic plural either ('political murders')."""
    lex = lexicon()
    out: list[tuple[int, int, IncidentType]] = []
    text = doc.low[sent.start : sent.end]
    if text.rstrip("\"' ").endswith("?") or re.match(r"[\"'\s]*(?:if|what if|suppose|imagine)\b", text):
        return out  # a question or a hypothesis reports nothing
    for table in (lex.strong, lex.weak) if weak else (lex.strong,):
        for itype, rx in table.items():
            for m in rx.finditer(doc.low, sent.start, sent.end):
                after = doc.low[m.end() : m.end() + 14]
                if m.group() in ("fighting", "clash", "clashes", "combat") and re.match(r"\s+(?:of|for|against)\s", after):
                    continue  # 'fighting against drug trafficking', 'a clash of ideas'
                before = doc.low[max(sent.start, m.start() - 40) : m.start()]
                if _IRREALIS.search(before):
                    continue
                if not weak and _PLURAL_EVENT.search(m.group()) and not _SPECIFIC.search(before):
                    continue
                out.append((m.start(), m.end(), itype))
    return sorted(out)


def segment(doc: Doc, figure_sentences: set[int], anchor: Anchor | None = None, after: int = 0) -> list[Segment]:
    """Group the incident sentences into incidents (empty when the article reports none).

    Ordinal markers split first ('the first attack' / 'a second assault'); otherwise a strong
    sentence dated more than a day away from the current incident starts a new one."""
    lex = lexicon()
    usable = [s for s in doc.sentences if not s.skipped]
    strong = {s.index for s in usable if trigger_spans(doc, s)} | figure_sentences
    weak = {s.index for s in usable if trigger_spans(doc, s, weak=True)}
    # 'guerrillas attacked a substation': a weak trigger with an armed actor or a target hit is enough
    strong |= {i for i in weak if _violent_context(doc, doc.sentences[i])}
    if not strong:
        return []
    chosen = [s for s in usable if s.index in strong or s.index in weak]
    markers: dict[int, str] = {}
    for s in chosen:
        m = lex.ordinal_event_re.search(doc.low, s.start, s.end)
        if m:
            markers[s.index] = m.group().split()[0]
    ordinals = {w for w in markers.values() if w not in ("another", "separate")}
    splitting = len(ordinals) >= 2 or any(w in ("another", "separate") for w in markers.values())
    if not splitting:
        return _split_by_date(doc, chosen, strong, anchor, after) if anchor is not None else [Segment(chosen)]
    umbrella: list[Sentence] = []
    subs: list[Segment] = []
    current: Segment | None = None
    for s in chosen:
        if s.index in markers:
            current = Segment([s])
            subs.append(current)
        elif current is not None and s.paragraph == current.own[-1].paragraph:
            current.own.append(s)
        else:
            current = None
            umbrella.append(s)
    if len(ordinals) >= 2:
        for seg in subs:
            seg.shared = list(umbrella)
        return subs
    return [Segment(umbrella)] + subs if umbrella else subs


def _day(doc: Doc, sent: Sentence, anchor: Anchor, after: int) -> dt.date | None:
    for m in find_dates(doc, max(sent.start, after), sent.end):
        if m.report or m.kind not in ("iso", "mdy", "dmy"):
            continue
        d, precision, _ = resolve(m, anchor)
        if d is not None and precision is DatePrecision.day:
            return d
    return None


def _split_by_date(doc: Doc, chosen: list[Sentence], strong: set[int], anchor: Anchor, after: int) -> list[Segment]:
    segments: list[Segment] = []
    dates: list[dt.date | None] = []
    for s in chosen:
        d = _day(doc, s, anchor, after) if s.index in strong else None
        if segments and (d is None or dates[-1] is None or abs((d - dates[-1]).days) <= 1):
            segments[-1].own.append(s)
            if dates[-1] is None:
                dates[-1] = d
            continue
        if segments and d is not None:
            same = next((i for i, x in enumerate(dates) if x is not None and abs((d - x).days) <= 1), None)
            if same is not None:
                segments[same].own.append(s)
                continue
        segments.append(Segment([s]))
        dates.append(d)
    return segments


_ARMED = re.compile(
    r"(?<![\w-])(?:guerrillas?|rebels?|gunmen|gunman|militants?|terrorists?|insurgents?|jihadists?|"
    r"attackers?|assailants?|commandos?|troops|soldiers|bandits|extremists|fighters)(?![\w-])"
)


def _violent_context(doc: Doc, sent: Sentence) -> bool:
    """An armed actor or a named armed group in the sentence makes 'attacked' literal."""
    return bool(_ARMED.search(doc.low, sent.start, sent.end) or group_mentions(doc, sent.start, sent.end))


def incident_type(doc: Doc, sentences: list[Sentence], shared: list[Sentence] | None = None) -> tuple[IncidentType, list[tuple[int, int]]]:
    """The type whose triggers weigh most, and their spans: the first sentence counts double, the
    umbrella report a sub-incident shares counts half."""
    score: dict[IncidentType, float] = {}
    spans: dict[IncidentType, list[tuple[int, int]]] = {}
    own = {s.index for s in sentences}
    for i, s in enumerate(sentences + [x for x in shared or [] if x.index not in own]):
        strong = {(a, b) for a, b, _ in trigger_spans(doc, s)}
        for a, b, t in trigger_spans(doc, s, weak=True):
            # 'attack' says less than 'car bomb': weak words and bare 'killed' count half
            weight = (2 if i == 0 else 1 if s.index in own else 0.5)
            weight *= 0.5 if t is IncidentType.other or (a, b) not in strong else 1.0
            score[t] = score.get(t, 0.0) + weight
            spans.setdefault(t, []).append((a, b))
    if not score:
        return IncidentType.other, []
    best = max(score.values())
    itype = next(t for t in _PRIORITY if score.get(t, 0) >= best - 1e-9 and t in score)
    return itype, spans.get(itype, [])


_ATTEMPT = re.compile(r"(?<![\w-])(?:failed|foiled|thwarted|defused|deactivated|attempted|tried\s+to|unsuccessful|did\s+not\s+explode|failed\s+to\s+explode|was\s+dismantled)(?![\w-])")
_THREAT = re.compile(r"(?<![\w-])(?:threatened\s+to|threatens\s+to|threat\s+to|death\s+threats?)(?![\w-])")


def stage_of(doc: Doc, sentences: list[Sentence], itype: IncidentType) -> Stage:
    """Attempted when the incident's sentences say it failed or was foiled; threatened for threats."""
    first = sentences[:2]
    if any(_ATTEMPT.search(doc.low, s.start, s.end) for s in first):
        harmed = any(re.search(r"(?<![\w-])(?:killed|dead|wounded|injured|destroyed|damaged)(?![\w-])", doc.low[s.start : s.end]) for s in first)
        if not harmed:
            return Stage.attempted
    if any(_THREAT.search(doc.low, s.start, s.end) for s in first) and not any(trigger_spans(doc, s) for s in first):
        return Stage.threatened
    return Stage.accomplished
