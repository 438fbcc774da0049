"""Many articles at once: bounded concurrency, rate limits, resumable JSONL output, cache, cost.

    from summarizer.batch import summarize_many
    report = summarize_many({"a1": text1, "a2": text2}, output="results.jsonl", budget_usd=2.0)
    print(report.summary())
"""

from summarizer.batch.inputs import read_files, read_jsonl
from summarizer.batch.run import BatchReport, Failure, asummarize_many, summarize_many

__all__ = ["BatchReport", "Failure", "asummarize_many", "read_files", "read_jsonl", "summarize_many"]
