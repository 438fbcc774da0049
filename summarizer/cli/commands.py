"""Registers every command group on the root app (one import per group module)."""

from __future__ import annotations

from summarizer.cli import (
    batchapi_cmd,  # noqa: F401
    cache_cmd,  # noqa: F401
    eval_cmd,  # noqa: F401
    events_cmd,  # noqa: F401
    export_cmd,  # noqa: F401
    label_cmd,  # noqa: F401,E402
    muc4_cmd,  # noqa: F401
    ray_cmd,  # noqa: F401
    summarize_cmd,  # noqa: F401
)
