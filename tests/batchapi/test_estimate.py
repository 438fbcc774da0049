"""`jobs submit --estimate` on the seed batch: the figures, and not one request."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from batchapi_helpers import KEYS, write_config
from fakes.openai_batch import OpenAIBatchFake
from typer.testing import CliRunner

from summarizer.cli import app

SEED = Path(__file__).parents[2] / "evals" / "datasets" / "seed"


def _seed_input(tmp: Path) -> Path:
    path = tmp / "seed.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for case in (json.loads(line) for line in (SEED / "cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()):
            text = (SEED / case["article"]).read_text(encoding="utf-8")
            handle.write(json.dumps({"id": case["id"], "text": text, **case.get("metadata", {})}) + "\n")
    return path


@pytest.mark.parametrize("provider", ["openai", "anthropic", "google"])
def test_estimate_prints_the_figures_and_makes_no_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, provider: str) -> None:
    monkeypatch.setenv(KEYS[provider], "test-key")
    with OpenAIBatchFake() as fake:  # any loopback server: it must see nothing at all
        config = write_config(tmp_path, provider, fake.base_url)
        result = CliRunner().invoke(app, ["jobs", "submit", str(_seed_input(tmp_path)), "-o", str(tmp_path / "out.jsonl"),
                                          "--config", str(config), "--estimate"])  # fmt: skip
        assert result.exit_code == 0, result.output
        assert fake.requests == []
    text = result.output
    assert not (tmp_path / "out.jsonl").exists() and not (tmp_path / "out.jsonl.jobs").exists()
    assert re.search(r"articles:\s+1\n", text)
    fixed = int(re.search(r"= ([\d,]+) fixed", text).group(1).replace(",", ""))  # type: ignore[union-attr]
    own = int(re.search(r"\+ ([\d,]+) article", text).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert 2_000 < fixed < 12_000 and 200 < own < 3_000  # the seed's call: ~4,900 fixed of ~5,700
    assert "expected output tokens:   3,000" in text
    live = float(re.search(r"cost live:\s+\$([\d.,]+)", text).group(1))  # type: ignore[union-attr]
    batch = float(re.search(r"cost batch:\s+\$([\d.,]+)", text).group(1))  # type: ignore[union-attr]
    assert live == pytest.approx(((fixed + own) * 2.0 + 3000 * 8.0) / 1e6, abs=0.006) and batch == pytest.approx(live / 2, abs=0.006)
    assert "cost live, prompt cache:" in text and "time live:" in text and "time batch:" in text and "24 h" in text


def test_estimate_time_follows_the_configured_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEYS["openai"], "test-key")
    config = write_config(tmp_path, "openai", "http://127.0.0.1:9/v1")
    config.write_text(config.read_text().replace("transport_retries = 0", "transport_retries = 0\nrequests_per_minute = 0.5"))
    result = CliRunner().invoke(app, ["jobs", "submit", str(_seed_input(tmp_path)), "-o", str(tmp_path / "o.jsonl"),
                                      "--config", str(config), "--estimate", "--discount", "0.25"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2.0 min at the configured limits" in result.output and "25% off" in result.output
