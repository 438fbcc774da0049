"""`summarizer summarize --format html` through the real provider path (scripted, loopback only)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from summarizer.cli._app import app

SEED = Path(__file__).parent / "fixtures" / "dataset" / "articles" / "mali-jnim-ambush-2023-01-10.txt"


def test_summarize_writes_one_self_contained_page(tmp_path: Path, seed_prediction: dict[str, Any]) -> None:
    answers = tmp_path / "answers.jsonl"
    answers.write_text(json.dumps({"record": seed_prediction}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "seed.html"
    result = CliRunner().invoke(app, ["summarize", str(SEED), "--model", f"scripted/{answers}", "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert len(re.findall(r"<mark id=", html)) == 48  # 50 quotes, 2 not in the article
    assert "2 facts flagged" in html
    assert not re.search(r"""(?:src|href)=["'](?!data:|#)""", html)
