"""The one scrubbing function: every configured key's value, and key-shaped text, becomes `***`.

Keys are known by the variables holding them: every provider's in the registry, every
`api_key_env` a loaded config names (`watch`), and any environment variable whose name ends in
KEY, TOKEN, SECRET or PASSWORD. `scrub` is applied where text leaves the process or is stored
(responses as they arrive, errors, log lines, CLI output, batch lines, cache rows, run files,
reports, traces), so an echoed key never reaches a file or a terminal; the rest of the text stays.
"""

from __future__ import annotations

import functools
import os
import re
from typing import Any

from summarizer.model.registry import PROVIDERS

__all__ = ["MASK", "is_secret_name", "scrub", "scrub_data", "secret_values", "watch"]

MASK = "***"
_SECRET_NAMES = re.compile(r"(KEY|TOKEN|SECRET|PASSWORD)$", re.IGNORECASE)
_KEY_SHAPES = re.compile(
    r"(sk-[A-Za-z0-9_\-]{8,}|sk-ant-[A-Za-z0-9_\-]{8,}|AIza[0-9A-Za-z_\-]{20,}|"
    r"(?i:(?:api[_-]?key|key|token|authorization)=)[^&\s\"']+|Bearer\s+[A-Za-z0-9._\-]{8,})"
)
_MIN_LEN = 6  # shorter values ("1", "true") would mask ordinary words
_watched: set[str] = {v for spec in PROVIDERS.values() for v in spec.key_envs}


def watch(*variables: str) -> None:
    """Also treat these variables' values as keys (a config's api_key_env names)."""
    _watched.update(v for v in variables if v)


def is_secret_name(name: str) -> bool:
    """Whether the environment variable `name` holds a key (a provider's, a config's, or key-named)."""
    return name in _watched or _SECRET_NAMES.search(name) is not None


def secret_values() -> list[str]:
    """Every key value the environment holds now, longest first (so a key containing another is masked whole).

    Asked twice per call (each response as it arrives, each stored line), so the answer is
    remembered for the environment as it is: its raw items (bytes on POSIX, whose hashes Python
    keeps) make the key, which costs a few microseconds where decoding every variable cost ~60."""
    data = getattr(os.environ, "_data", None)
    snapshot = tuple(data.items()) if isinstance(data, dict) else tuple(os.environ.items())
    return list(_secret_values(snapshot, frozenset(_watched)))


@functools.lru_cache(maxsize=8)
def _secret_values(snapshot: tuple[tuple[Any, Any], ...], watched: frozenset[str]) -> tuple[str, ...]:
    """The key values in `snapshot` (os.environ's raw items, or its items), decoded as os.environ
    decodes them: derived from the snapshot that keys the cache, so no later change can slip in."""
    del watched  # part of the cache key only: is_secret_name reads the watched names as they are
    found: set[str] = set()
    for raw_name, raw_value in snapshot:
        name, value = _text(raw_name), _text(raw_value)
        if is_secret_name(name) and len(value) >= _MIN_LEN:
            found.add(value)
    return tuple(sorted(found, key=len, reverse=True))


def _text(raw: Any) -> str:
    return raw if isinstance(raw, str) else os.fsdecode(raw)  # os.environ's own decoding on POSIX


def scrub(value: str, *, shapes: bool = True) -> str:
    """`value` with every key value (and, with `shapes`, key-shaped substring) replaced by ***.

    Data (records, cache rows, reports) is scrubbed with shapes=False: only real key values are
    masked there, so an article's "task-force-members" is never mistaken for an sk- key."""
    for secret in secret_values():
        if secret in value:
            value = value.replace(secret, MASK)
    return _KEY_SHAPES.sub(MASK, value) if shapes else value


def scrub_data(value: Any) -> Any:
    """`scrub` applied to every string inside JSON-like data (dicts, lists), keys included."""
    if isinstance(value, str):
        return scrub(value, shapes=False)
    if isinstance(value, dict):
        return {scrub_data(k): scrub_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_data(v) for v in value]
    return value
