"""A readable plain-text view of a result. Article text and model output are untrusted:
terminal control sequences are stripped and nothing is interpreted as markup."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from summarizer.grounding import is_evidence_field
from summarizer.result import SummaryResult

__all__ = ["safe", "to_text"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]|\x1b\[[0-9;?]*[ -/]*[@-~]")


def safe(value: Any) -> str:
    """Printable text: ANSI escapes and control characters removed (newlines and tabs kept)."""
    return _CONTROL.sub("", str(value))


def _fact_lines(record: BaseModel, grounded: dict[str, bool], prefix: str, indent: int) -> list[str]:
    lines: list[str] = []
    pad = "  " * indent
    for name in type(record).model_fields:
        value = getattr(record, name)
        path = f"{prefix}.{name}" if prefix else name
        if is_evidence_field(type(record), name) and isinstance(value, list):
            for i, quote in enumerate(value):
                ok = grounded.get(f"{path}[{i}]", False)
                lines.append(f"{pad}{'✓' if ok else '✗ UNGROUNDED'} \"{safe(quote)}\"")
        elif isinstance(value, BaseModel):
            lines.append(f"{pad}{name}:")
            lines += _fact_lines(value, grounded, path, indent + 1)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            lines.append(f"{pad}{name}:")
            for i, item in enumerate(value):
                lines.append(f"{pad}  - [{i}]")
                lines += _fact_lines(item, grounded, f"{path}[{i}]", indent + 2)
        elif isinstance(value, bool):  # before the generic case: text is for people, "True" is Python
            lines.append(f"{pad}{name}: {'yes' if value else 'no'}")
        elif value not in (None, [], ""):
            shown = ", ".join(safe(v) for v in value) if isinstance(value, list) else safe(getattr(value, "value", value))
            lines.append(f"{pad}{name}: {shown}")
    return lines


def to_text(result: SummaryResult[Any]) -> str:
    meta = result.meta
    grounded = {g.path: g.grounded for g in result.grounding}
    head = [
        f"model: {safe(meta.model)} (task {meta.task}, prompt v{meta.prompt_version})",
        f"grounded quotes: {sum(grounded.values())}/{len(grounded)}",
    ]
    if result.article.title:
        head.insert(0, f"article: {safe(result.article.title)}")
    if meta.notice:
        head.append(f"note: {meta.notice}")
    return "\n".join(head + [""] + _fact_lines(result.record, grounded, "", 0)) + "\n"
