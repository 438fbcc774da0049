"""The keyless rules baseline: fills the incident schema from the article text with no model.

Deterministic and offline. Word lists and group names are data (summarizer/baseline/data/);
countries and regions come from pycountry. Every evidence quote is a slice of the article, so
grounding is exact by construction. English only: other languages raise InputError.

    record = extract(article)          # IncidentSummary
    date_inferred(article)             # True when no publication date was given and dates were inferred
"""

from __future__ import annotations

from summarizer.article import Article, check_text
from summarizer.schemas.incident import IncidentSummary

from ._assemble import BaselineResult, build
from ._numbers import Amount, parse_amount, word_number
from ._text import check_english

__all__ = [
    "BASELINE_VERSION",
    "PROVIDER",
    "Amount",
    "BaselineResult",
    "date_inferred",
    "extract",
    "extract_with_info",
    "parse_amount",
    "word_number",
]

BASELINE_VERSION = "3"
"""Bumped whenever a rule or a data table changes what the baseline outputs."""

PROVIDER = "rules/baseline"


def extract_with_info(article: Article, *, task: str = "incident") -> BaselineResult:
    """The record plus how it was dated (`date_inferred`, the anchor used).

    `task="muc4"` keeps only the incidents MUC-4 counts as relevant (prompts/muc4, rules 2, 3, 5,
    7 and 8); any other task name gets every incident the rules find."""
    check_text(article.text)
    check_english(article.text, article.meta.language)
    return build(article, muc4=task == "muc4")


def extract(article: Article, *, task: str = "incident") -> IncidentSummary:
    """Fill IncidentSummary from the article with rules only. Raises InputError for non-English text."""
    return extract_with_info(article, task=task).record


def date_inferred(article: Article) -> bool:
    """True when no publication date was given (metadata or dateline) and a date was inferred from
    the text. Runs the extraction again: use `extract_with_info` to get record and flag at once."""
    return extract_with_info(article).date_inferred
