"""Self-contained HTML reports: a summarize() result, an eval run, a comparison of two runs."""

from summarizer.report.html import compare_page, run_page, summary_page

__all__ = ["compare_page", "run_page", "summary_page"]
