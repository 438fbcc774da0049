"""summarizer: grounded, structured incident records from news articles, and evals that score them.

    from summarizer import summarize
    result = summarize("article.txt", model="openai/gpt-4o-mini")
    result.record            # the validated IncidentSummary
    result.grounding         # where each evidence quote sits in the article
    result.meta              # model, prompt/schema versions and hashes, usage, attempts, latency
"""

from __future__ import annotations

from importlib import metadata as _metadata

from summarizer.api import asummarize, summarize
from summarizer.article import Article, ArticleMeta
from summarizer.config import Config, Profile, load_config
from summarizer.errors import (
    CacheMissError,
    ConfigError,
    DatasetError,
    InputError,
    ModelError,
    OutputInvalidError,
    RefusalError,
    SummarizerError,
    TransportError,
    TruncatedError,
)
from summarizer.evidence import Evidence
from summarizer.result import GroundingStatus, QuoteGrounding, ResultMeta, SummaryResult, Usage
from summarizer.tasks import Task, get_task

try:
    __version__ = _metadata.version("summarizer")
except _metadata.PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"

__all__ = [
    "Article",
    "ArticleMeta",
    "CacheMissError",
    "Config",
    "ConfigError",
    "DatasetError",
    "Evidence",
    "GroundingStatus",
    "InputError",
    "ModelError",
    "OutputInvalidError",
    "Profile",
    "QuoteGrounding",
    "RefusalError",
    "ResultMeta",
    "SummarizerError",
    "SummaryResult",
    "Task",
    "TransportError",
    "TruncatedError",
    "Usage",
    "__version__",
    "asummarize",
    "get_task",
    "load_config",
    "summarize",
]
