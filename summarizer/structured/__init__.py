"""Each provider's own structured-output dialect, derived from the task's Pydantic schema.

Pure functions only (no SDK, no network): the strict subset OpenAI's structured outputs accept,
the subset Gemini's `responseJsonSchema` accepts, and which models reason (and so take other
parameters). The provider adapters build requests from these; tests check them against protocol
fakes that know nothing of this package.
"""

from summarizer.structured.gemini import gemini_schema
from summarizer.structured.reasoning import REASONING_FAMILIES, ReasoningFamily, is_reasoning_model
from summarizer.structured.refs import inline_refs
from summarizer.structured.strict import strict_dump, strict_schema

__all__ = [
    "REASONING_FAMILIES",
    "ReasoningFamily",
    "gemini_schema",
    "inline_refs",
    "is_reasoning_model",
    "strict_dump",
    "strict_schema",
]
