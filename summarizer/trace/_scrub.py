"""Keys never leave through a trace: every secret the environment holds, and key-shaped text, is masked."""

from __future__ import annotations

import os
import re

__all__ = ["scrub"]

MASK = "[redacted]"
_SECRET_NAMES = re.compile(r"(KEY|TOKEN|SECRET|PASSWORD)$", re.IGNORECASE)
_KEY_SHAPES = re.compile(
    r"(sk-[A-Za-z0-9_\-]{8,}|sk-ant-[A-Za-z0-9_\-]{8,}|AIza[0-9A-Za-z_\-]{20,}|"
    r"(?i:(?:api[_-]?key|key|token|authorization)=)[^&\s\"']+|Bearer\s+[A-Za-z0-9._\-]{8,})"
)


def _secrets() -> list[str]:
    return sorted((v for k, v in os.environ.items() if _SECRET_NAMES.search(k) and len(v) >= 6), key=len, reverse=True)


def scrub(value: str) -> str:
    """`value` with every environment secret and key-shaped substring replaced by [redacted]."""
    for secret in _secrets():
        if secret in value:
            value = value.replace(secret, MASK)
    return _KEY_SHAPES.sub(MASK, value)
