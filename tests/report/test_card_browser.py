"""The incident card at the top of the seed's article view shows its figures by claimant (chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from report_helpers import open_page
from test_browser import seed_result

from summarizer.evals.dataset import Dataset
from summarizer.report import summary_page

pytestmark = pytest.mark.browser

# The seed's figures per incident and claimant, as the article gives them (tests/fixtures/seed-answer.json).
SEED_CARDS = {
    "I1": {
        "the Malian army": ["Fourteen", "eleven", "thirty-one"],
        "officers of the army and the gendarmerie": ["at least twelve"],
        "JNIM": ["an unknown number", "an unknown number", "five"],
    },
    "I2": {
        "the Malian army": ["Fourteen", "eleven", "thirty-one"],
        "officers of the army and the gendarmerie": ["at least twelve"],
        "JNIM": ["five", "seven", "dozens", "five"],
    },
}


def test_the_card_shows_the_seed_figures_by_claimant_above_the_evidence(
        browser: Any, report_dataset: Dataset, seed_prediction: dict[str, Any], tmp_path: Path) -> None:
    result, text = seed_result(report_dataset, seed_prediction)
    assert open_page(browser, summary_page(result, text), tmp_path / "summary.html") == []
    got = browser.execute_script("""
        const out = {};
        for (const card of document.querySelectorAll('.incident-card')) {
          const groups = {};
          for (const body of card.querySelectorAll('tbody.claimant')) {
            groups[body.dataset.claimant] = Array.from(body.querySelectorAll('td.count')).map(td => td.textContent.split(' (')[0]);
          }
          out[card.dataset.incident] = groups;
        }
        return out;""")
    assert got == SEED_CARDS
    card = browser.find_element("css selector", ".incident-card")
    text_panel = browser.find_element("css selector", ".article-text")
    assert card.is_displayed() and card.location["y"] < text_panel.location["y"]
    assert "2023-01-10" in card.find_element("css selector", ".card-date").text
    assert "claimed by JNIM" in card.find_element("css selector", ".card-perps").text
