"""Fixtures of the MUC-4 tests; paths and helpers live in muc4_paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from muc4_paths import rebuild_texts


@pytest.fixture(scope="session")
def texts_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rebuild_texts(tmp_path_factory.mktemp("muc4") / "dev-texts")
