"""The `Evidence` field type: verbatim quotes that grounding checks, in any task's schema.

A user's own schema marks its evidence fields with this type; summarizer.grounding finds them
by the marker in the field's JSON schema, not by name.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

__all__ = ["EVIDENCE_MARKER", "Evidence"]

EVIDENCE_MARKER = "x-evidence"

Evidence = Annotated[
    list[str],
    Field(
        default_factory=list,
        description=(
            "Verbatim quotes copied character for character from the article (in the article's own "
            "language, even when the value is in English) that support this fact. Short: a clause, "
            "not a paragraph. Never paraphrase, translate or fix typos inside a quote."
        ),
        json_schema_extra={EVIDENCE_MARKER: True},
    ),
]
