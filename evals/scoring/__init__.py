"""Field-by-field scoring of task records against gold: comparators, alignment, counts, reports, tests."""

from summarizer.evals.scoring.aggregate import (
    FieldMetrics,
    Scorecard,
    ScoredCase,
    aggregate,
    key_fields_right,
)
from summarizer.evals.scoring.counts import Prf, prf
from summarizer.evals.scoring.scorer import ArticleScore, score_record
from summarizer.evals.scoring.stats import Comparison, Delta, compare_cases

__all__ = [
    "ArticleScore",
    "Comparison",
    "Delta",
    "FieldMetrics",
    "Prf",
    "Scorecard",
    "ScoredCase",
    "aggregate",
    "compare_cases",
    "key_fields_right",
    "prf",
    "score_record",
]
