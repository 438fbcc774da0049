"""The batch viewer and the incident card, without a browser: what rows say, and escaping."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from viewer_helpers import synthetic_batch

from summarizer.export import ExportItem, read_results
from summarizer.report.batch import batch_page, batch_rows
from summarizer.report.card import incident_cards
from summarizer.schemas.incident import IncidentSummary


def test_rows_carry_the_known_flags_of_every_article(tmp_path: Path) -> None:
    truths = synthetic_batch(tmp_path / "r.jsonl", 60)
    rows = batch_rows(read_results(tmp_path / "r.jsonl"))
    got = [(r.article_id, r.failed, bool(r.ungrounded), r.no_incident, r.disagree) for r in rows]
    assert got == [(t.id, t.failed, t.ungrounded, t.no_incident, t.disagree) for t in truths]
    assert {r.failed for r in rows} == {True, False} and {r.disagree for r in rows} == {True, False}


def test_cards_group_the_seed_figures_by_claimant(seed_prediction: dict[str, Any]) -> None:
    record = IncidentSummary.model_validate(seed_prediction)
    i1 = incident_cards(record)[0]
    by_claimant = {c.claimant: [r.count for r in c.rows] for c in i1.claimants}
    expected: dict[str, list[str]] = {}
    for f in record.casualty_figures:
        if "I1" in f.incident_ids:
            expected.setdefault(f.claimant.name, []).append(f.count.text)
    assert {k: [c.split(" (")[0] for c in v] for k, v in by_claimant.items()} == expected
    assert "the Malian army" in by_claimant and len(by_claimant) >= 3


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.handlers += [k for k, _ in attrs if k.startswith("on")]


def test_hostile_ids_titles_errors_and_places_stay_text(seed_prediction: dict[str, Any]) -> None:
    from summarizer.article import ArticleMeta

    evil = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    data = IncidentSummary.model_validate(seed_prediction).model_dump(mode="json")
    data["incidents"][0]["location"]["country"] = evil
    data["incidents"][0]["perpetrator_organizations"][0]["name"] = evil
    data["casualty_figures"][0]["claimant"]["name"] = evil
    items = [
        ExportItem.of_record(evil, IncidentSummary.model_validate(data), article=ArticleMeta(title=evil)),
        ExportItem(evil + "2", None, error_type="OutputInvalidError", error_message=evil),
    ]
    html = batch_page(items, title=evil)
    parsed = Tags()
    parsed.feed(html)
    assert "img" not in parsed.tags and parsed.handlers == []
    assert parsed.tags.count("script") == 2  # the data block and the page's own script
    assert evil not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
