"""Registers every command group on the root app (one import per group module)."""

from __future__ import annotations

from summarizer.cli import summarize_cmd  # noqa: F401
from summarizer.cli import eval_cmd  # noqa: F401
from summarizer.cli import label_cmd  # noqa: F401,E402
from summarizer.cli import muc4_cmd  # noqa: F401
from summarizer.cli import cache_cmd  # noqa: F401
