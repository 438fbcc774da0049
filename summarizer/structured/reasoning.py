"""Which models reason: they take `max_completion_tokens` and `reasoning_effort`, and no temperature.

A table of model-family patterns, each with the documentation page it comes from. A profile's
`reasoning = true|false` overrides the table, for a model it does not know (a new family, a
fine-tune, a gateway's alias) or one it gets wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["REASONING_FAMILIES", "ReasoningFamily", "is_reasoning_model"]


@dataclass(frozen=True)
class ReasoningFamily:
    """Model names matching `pattern` (a full match on the name, after any 'org/' prefix)."""

    pattern: str
    source: str
    """The documentation page saying these models reason and refuse sampling parameters."""
    note: str = ""


REASONING_FAMILIES: tuple[ReasoningFamily, ...] = (
    ReasoningFamily(
        r"o[1-9](-[a-z0-9-]+)?",
        "https://platform.openai.com/docs/guides/reasoning",
        "o-series: o1, o3, o3-mini, o4-mini, o3-pro and their dated snapshots",
    ),
    ReasoningFamily(
        r"gpt-5(\.\d+)?(?!.*-chat)(-[a-z0-9.-]+)?",
        "https://platform.openai.com/docs/models/gpt-5",
        "gpt-5, gpt-5-mini, gpt-5-nano, gpt-5.x; not the gpt-5-chat aliases, which are chat models",
    ),
)


def is_reasoning_model(model_name: str, override: bool | None = None) -> bool:
    """True when `model_name` is a reasoning model; `override` (a profile's `reasoning`) wins."""
    if override is not None:
        return override
    name = model_name.rsplit("/", 1)[-1].lower()
    return any(re.fullmatch(family.pattern, name) for family in REASONING_FAMILIES)
