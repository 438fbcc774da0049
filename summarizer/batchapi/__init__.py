"""Provider batch APIs (OpenAI Batch, Anthropic Message Batches, Gemini batch mode) at batch prices.

    from summarizer.batchapi import Job, submit, collect
    job = Job(config=None, task="incident", profile=None, model="openai/gpt-4o-mini")
    submit(Path("articles.jsonl"), output=Path("results.jsonl"), job=job)
    collect(Path("results.jsonl.jobs"), job=job)   # rerun until no batch is pending

Requests come from the live path's payload builders; results land in the live path's results
file and cache. `estimate()` prints what a job costs before any request.
"""

from summarizer.batchapi.estimate import Estimate, estimate
from summarizer.batchapi.jobs import (
    CollectReport,
    Job,
    SubmitReport,
    collect,
    default_state_dir,
    status,
    submit,
)
from summarizer.batchapi.limits import BatchTerms, batch_price, terms_for

__all__ = [
    "BatchTerms", "CollectReport", "Estimate", "Job", "SubmitReport", "batch_price", "collect", "default_state_dir",
    "estimate", "status", "submit", "terms_for",
]  # fmt: skip
