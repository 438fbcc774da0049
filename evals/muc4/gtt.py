"""Template-level F1 in the manner of GTT (Du, Rush and Cardie, NAACL 2021).

Per document:
- duplicate gold templates (same incident type and same normalized entities in every role) are
  merged into one;
- a template holds 1 + (its entities over the five roles) fillers: the incident type counts as a
  sixth key;
- a predicted and a gold template may be paired only if their types are compatible (the
  predicted type is one of the gold type's "/" alternatives); a pair scores 1 for the type plus,
  per role, the CEAF-REE strict one-to-one aligned count;
- every injective mapping of predicted to gold templates is a candidate; unpaired templates
  still add their fillers to the denominators, so the denominators do not depend on the mapping
  and the best document micro-F1 is the mapping with the most correct fillers. That is a
  maximum-weight bipartite matching, solved exactly with linear_sum_assignment (a test checks it
  against brute-force enumeration).
Counts are summed over documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from summarizer.evals.muc4.ceaf_ree import Counts, align_count, normalize
from summarizer.evals.muc4.roles import ROLES

__all__ = [
    "compatible",
    "gtt_document",
    "gtt_f1",
    "merge_duplicates",
    "pair_score",
    "template_size",
    "type_alternatives",
]

TemplateLike = Mapping[str, Any]


def type_alternatives(incident_type: str) -> frozenset[str]:
    """A type's alternatives: "bombing / attack" gives {"bombing", "attack"}."""
    return frozenset(" ".join(t.split()).lower() for t in incident_type.split("/") if t.strip())


def compatible(gold: TemplateLike, predicted: TemplateLike) -> bool:
    """True when the predicted type is one of the gold type's alternatives."""
    pred = type_alternatives(str(predicted.get("incident_type", "")))
    return bool(pred & type_alternatives(str(gold.get("incident_type", ""))))


def template_size(template: TemplateLike) -> int:
    """Fillers of a template: the incident type plus every entity of the five roles."""
    return 1 + sum(len(template.get(role, [])) for role in ROLES)


def pair_score(gold: TemplateLike, predicted: TemplateLike) -> float:
    """Correct fillers of a paired template: 1 for the type plus the aligned entities per role (0 if incompatible)."""
    if not compatible(gold, predicted):
        return 0.0
    return 1.0 + sum(align_count(gold.get(role, []), predicted.get(role, [])) for role in ROLES)


def _signature(template: TemplateLike) -> tuple[object, ...]:
    roles = tuple(
        frozenset(
            frozenset(normalize(m if isinstance(m, str) else str(m[0])) for m in e)
            for e in template.get(role, [])
        )
        for role in ROLES
    )
    return (type_alternatives(str(template.get("incident_type", ""))), roles)


def merge_duplicates(templates: Sequence[TemplateLike]) -> list[TemplateLike]:
    """Gold templates with identical type and entities kept once, in first-seen order."""
    seen: set[tuple[object, ...]] = set()
    out: list[TemplateLike] = []
    for t in templates:
        sig = _signature(t)
        if sig not in seen:
            seen.add(sig)
            out.append(t)
    return out


def gtt_document(gold: Sequence[TemplateLike], predicted: Sequence[TemplateLike]) -> Counts:
    """Counts of the best mapping for one document (gold duplicates merged first)."""
    gold = merge_duplicates(gold)
    counts = Counts(
        0.0, sum(template_size(p) for p in predicted), sum(template_size(g) for g in gold)
    )
    if gold and predicted:
        scores = np.array([[pair_score(g, p) for p in predicted] for g in gold])
        rows, cols = linear_sum_assignment(scores, maximize=True)
        counts.correct = float(scores[rows, cols].sum())
    return counts


def gtt_f1(pairs: Iterable[tuple[Sequence[TemplateLike], Sequence[TemplateLike]]]) -> Counts:
    """Micro counts over (gold templates, predicted templates) document pairs."""
    total = Counts()
    for gold, predicted in pairs:
        total += gtt_document(gold, predicted)
    return total
