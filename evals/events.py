"""Event linking evaluated against hand-made event groups: pairwise link P/R/F1 and B-cubed.

The gold is a dataset's `events.json`: {"events": [{"id", "incidents": [[case id, incident id],
...]}, ...]}, labeled by the rule of evals/GUIDELINES.md ("Event grouping"); every incident of the
dataset's gold files that no event lists is its own event. `evaluate_links` links the gold
incidents themselves (first alternatives), so the figures measure the linking rules apart from
extraction errors.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from summarizer.errors import DatasetError
from summarizer.evals.dataset import Dataset
from summarizer.events.link import LinkRules, group
from summarizer.events.refs import IncidentKey, IncidentRef, refs_from_gold, refs_from_summary
from summarizer.schemas.incident import IncidentSummary

__all__ = ["ArticleLinkScores", "EventScores", "bcubed", "evaluate_links", "evaluate_record_links", "load_event_gold", "pairwise"]

Clusters = Sequence[Iterable[IncidentKey]]


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float
    correct: float = 0
    predicted: float = 0
    gold: float = 0


def _prf(correct: float, predicted: float, gold: float) -> PRF:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    return PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0, correct, predicted, gold)


def _pairs(clusters: Clusters) -> set[frozenset[IncidentKey]]:
    return {frozenset(p) for c in clusters for p in combinations(sorted(set(c)), 2)}


def pairwise(predicted: Clusters, gold: Clusters) -> PRF:
    """Links as incident pairs in one event: correct = pairs in both."""
    p, g = _pairs(predicted), _pairs(gold)
    return _prf(len(p & g), len(p), len(g))


def bcubed(predicted: Clusters, gold: Clusters) -> PRF:
    """B-cubed (Bagga and Baldwin 1998): per incident, the share of its predicted event that is its
    gold event (precision) and the converse (recall), averaged over incidents; both clusterings
    must cover the same incidents."""
    pred = {k: frozenset(c) for c in map(set, predicted) for k in c}
    gold_of = {k: frozenset(c) for c in map(set, gold) for k in c}
    if set(pred) != set(gold_of):
        raise DatasetError(f"B-cubed needs the same incidents on both sides; differing: {sorted(set(pred) ^ set(gold_of))[:5]}")
    if not pred:
        return _prf(0, 0, 0)
    p = sum(len(pred[k] & gold_of[k]) / len(pred[k]) for k in pred) / len(pred)
    r = sum(len(pred[k] & gold_of[k]) / len(gold_of[k]) for k in pred) / len(pred)
    return PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0, 0, len(pred), len(pred))


def load_event_gold(path: Path, incidents: set[IncidentKey]) -> list[set[IncidentKey]]:
    """The gold events, every unlisted incident a singleton; an unknown or repeated incident is refused."""
    if not path.is_file():
        raise DatasetError(f"no event gold at {path}")
    data = json.loads(path.read_text(encoding="utf-8"))
    events: list[set[IncidentKey]] = []
    seen: set[IncidentKey] = set()
    for n, event in enumerate(data.get("events", [])):
        members = {(str(a), str(i)) for a, i in event.get("incidents", [])}
        unknown = members - incidents
        if unknown:
            raise DatasetError(f"{path}: event {event.get('id', n)} names incidents no gold file has: {sorted(unknown)}")
        if members & seen:
            raise DatasetError(f"{path}: event {event.get('id', n)} repeats {sorted(members & seen)}")
        seen |= members
        events.append(members)
    return events + [{k} for k in sorted(incidents - seen)]


@dataclass(frozen=True)
class EventScores:
    incidents: int
    gold_links: int
    pairwise: PRF
    bcubed: PRF
    predicted: list[list[IncidentKey]]


def evaluate_links(dataset: Dataset, *, rules: LinkRules = LinkRules(), gold_file: str = "events.json") -> EventScores:
    """Link the dataset's gold incidents and score the groups against its event gold."""
    refs = [
        r
        for case in dataset.labeled
        if case.gold is not None
        for r in refs_from_gold(case.gold, article=case.id)
    ]
    gold = load_event_gold(dataset.path / gold_file, {r.key for r in refs})
    groups, _ = group(refs, rules)
    predicted = [[m.key for m in g] for g in groups]
    return EventScores(len(refs), len(_pairs(gold)), pairwise(predicted, gold), bcubed(predicted, gold), predicted)


@dataclass(frozen=True)
class ArticleLinkScores:
    articles: int
    failed: int
    links: PRF


def _article_pairs(clusters: Clusters) -> set[frozenset[str]]:
    out = set()
    for c in clusters:
        articles = sorted({a for a, _ in c})
        out |= {frozenset(p) for p in combinations(articles, 2)}
    return out


def evaluate_record_links(
    dataset: Dataset, records: dict[str, IncidentSummary], *, rules: LinkRules = LinkRules(), gold_file: str = "events.json"
) -> ArticleLinkScores:
    """Link the incidents of extracted records (e.g. a run's) and score at the article level.

    Predicted incidents carry their own ids, so pairs of articles are compared: two articles are
    linked when some event holds an incident of each. A labeled case without a record (failed)
    links nothing and still counts in the gold.
    """
    refs: list[IncidentRef] = []
    for case in dataset.labeled:
        if case.id in records:
            refs += refs_from_summary(records[case.id], article=case.id, published=case.meta.published, outlet=case.meta.outlet)
    gold_refs = [r for case in dataset.labeled if case.gold is not None for r in refs_from_gold(case.gold, article=case.id)]
    gold = load_event_gold(dataset.path / gold_file, {r.key for r in gold_refs})
    groups, _ = group(refs, rules)
    predicted, expected = _article_pairs([[m.key for m in g] for g in groups]), _article_pairs(gold)
    failed = sum(1 for c in dataset.labeled if c.id not in records)
    return ArticleLinkScores(len(dataset.labeled), failed, _prf(len(predicted & expected), len(predicted), len(expected)))
