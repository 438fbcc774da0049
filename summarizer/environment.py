"""Every environment variable summarizer reads, looked up here and nowhere else in the library.

    SUMMARIZER_CONFIG     the config file (after --config)
    SUMMARIZER_PROFILE    the profile (after --profile)
    SUMMARIZER_DATA_DIR   caches and run stores (after data_dir in the config)
    SUMMARIZER_TRUST_PROJECT  "1": trust the working directory's config and datasets (--trust-project)
    a profile's key var   the provider's key: api_key_env, or the registry's key_envs

Keys are returned to the caller that sends them (summarizer.model.routing) and never stored,
logged or printed. (evals/dataset.py reads SUMMARIZER_DATASETS for dataset folders.)
"""

from __future__ import annotations

import os

__all__ = [
    "CONFIG", "DATA_DIR", "PROFILE", "TRUST_PROJECT", "config_file", "data_dir", "first_set", "profile_name", "secret",
    "trust_project",
]

CONFIG = "SUMMARIZER_CONFIG"
PROFILE = "SUMMARIZER_PROFILE"
DATA_DIR = "SUMMARIZER_DATA_DIR"
TRUST_PROJECT = "SUMMARIZER_TRUST_PROJECT"


def _get(name: str) -> str | None:
    return os.environ.get(name) or None


def config_file() -> str | None:
    return _get(CONFIG)


def profile_name() -> str | None:
    return _get(PROFILE)


def data_dir() -> str | None:
    return _get(DATA_DIR)


def trust_project() -> bool:
    """The user's opt-in to a working-directory config's key routing and Python (README 'Trust')."""
    return _get(TRUST_PROJECT) in ("1", "true", "yes")


def secret(variable: str) -> str | None:
    """The value of a key variable, or None when unset or empty."""
    return _get(variable)


def first_set(variables: tuple[str, ...]) -> str | None:
    """The first of `variables` that holds a value, else None."""
    return next((v for v in variables if _get(v)), None)
