"""CEAF-REE (Du, Rush and Cardie, GRIT, EACL 2021): entity-level role-filler P/R/F1.

Per document and role: gold entities are clusters of alternative mentions; a predicted entity
matches a gold entity (similarity 1) only when every one of its normalized mentions is among
the gold entity's normalized mentions (strict); predicted and gold entities are aligned one to
one maximizing the total similarity (scipy's linear_sum_assignment); the aligned total counts
as correct. Correct, predicted and gold counts are summed over documents and roles (micro).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from summarizer.evals.muc4.counts import Counts, micro
from summarizer.evals.muc4.roles import ROLES

__all__ = ["align_count", "ceaf_ree", "ceaf_ree_role", "entity_similarity", "normalize"]

_PUNCT = str.maketrans("", "", string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")

MentionLike = str | Sequence[object]
EntityLike = Sequence[MentionLike]


def normalize(mention: str) -> str:
    """GRIT's normalization: lower case, ASCII punctuation removed, a/an/the removed, spaces collapsed."""
    text = mention.lower().translate(_PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


def _mentions(entity: EntityLike) -> frozenset[str]:
    """Normalized mention strings of an entity given as strings or [mention, offset] pairs."""
    out = set()
    for m in entity:
        text = m if isinstance(m, str) else str(m[0])
        out.add(normalize(text))
    return frozenset(out)


def entity_similarity(gold: EntityLike, predicted: EntityLike) -> int:
    """Strict similarity (GRIT's phi_strict): 1 if every normalized predicted mention is in the gold cluster, else 0.

    As in GRIT, an entity with no mention is vacuously inside any cluster; the readers never
    produce one (an empty entity in a file is refused).
    """
    return 1 if _mentions(predicted) <= _mentions(gold) else 0


def align_count(gold: Sequence[EntityLike], predicted: Sequence[EntityLike]) -> int:
    """The best one-to-one alignment's total similarity between gold and predicted entities."""
    if not gold or not predicted:
        return 0
    sim = np.array([[entity_similarity(g, p) for p in predicted] for g in gold])
    rows, cols = linear_sum_assignment(sim, maximize=True)
    return int(sim[rows, cols].sum())


def ceaf_ree_role(gold: Sequence[EntityLike], predicted: Sequence[EntityLike]) -> Counts:
    """Counts for one role of one document: p_num == r_num, the aligned total."""
    correct = align_count(gold, predicted)
    return Counts(correct, len(predicted), correct, len(gold))


def ceaf_ree(
    pairs: Iterable[tuple[Mapping[str, Sequence[EntityLike]], Mapping[str, Sequence[EntityLike]]]],
    *,
    roles: Sequence[str] = ROLES,
) -> dict[str, Counts]:
    """Counts summed over (gold extracts, predicted extracts) document pairs: per role, and "micro" (all roles)."""
    out = {role: Counts() for role in roles}
    for gold, predicted in pairs:
        for role in roles:
            out[role] += ceaf_ree_role(gold.get(role, []), predicted.get(role, []))
    out["micro"] = micro(out)
    return out
