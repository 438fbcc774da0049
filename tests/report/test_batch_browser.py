"""The batch viewer over a 500-article results file, and the incident card, in headless chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from report_helpers import ARTIFACTS, open_page
from viewer_helpers import synthetic_batch

from summarizer.export import read_results
from summarizer.report.batch import batch_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    folder = tmp_path_factory.mktemp("viewer")
    truths = synthetic_batch(folder / "results.jsonl", 500)
    page = folder / "viewer.html"
    page.write_text(batch_page(read_results(folder / "results.jsonl"), title="results.jsonl"), encoding="utf-8")
    return page, truths


@pytest.fixture()
def viewer(browser: Any, batch: tuple[Path, list[Any]]) -> list[Any]:
    page, _ = batch
    browser.set_window_size(1400, 1000)
    return open_page(browser, page.read_text(encoding="utf-8"), page)


def shown(browser: Any) -> list[str]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('#batch-table tr.row')).filter(r => !r.hidden).map(r => r.dataset.id)")


def toggle(browser: Any, box: str) -> None:
    browser.find_element("css selector", box).click()


def choose(browser: Any, select: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("css selector", select)).select_by_value(value)


def test_the_viewer_loads_with_every_row_and_no_console_errors(browser: Any, viewer: list[Any], batch: tuple[Path, list[Any]]) -> None:
    assert viewer == []
    assert len(shown(browser)) == 500
    assert browser.find_element("css selector", "#shown").text == "500 of 500 articles"
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "batch-viewer.png"))


@pytest.mark.parametrize(("box", "flag"), [("#f-failed", "failed"), ("#f-ungrounded", "ungrounded"),
                                           ("#f-no-incident", "no_incident"), ("#f-disagree", "disagree")])
def test_each_flag_filter_selects_exactly_those_articles(browser: Any, viewer: list[Any], batch: tuple[Path, list[Any]],
                                                         box: str, flag: str) -> None:
    expected = [t.id for t in batch[1] if getattr(t, flag)]
    assert 0 < len(expected) < 500
    toggle(browser, box)
    assert shown(browser) == expected
    assert browser.find_element("css selector", "#shown").text == f"{len(expected)} of 500 articles"
    toggle(browser, box)
    assert len(shown(browser)) == 500


def test_flags_combine_as_and(browser: Any, viewer: list[Any], batch: tuple[Path, list[Any]]) -> None:
    toggle(browser, "#f-ungrounded")
    toggle(browser, "#f-disagree")
    assert shown(browser) == [t.id for t in batch[1] if t.ungrounded and t.disagree]


def test_country_type_and_date_filters(browser: Any, viewer: list[Any], batch: tuple[Path, list[Any]]) -> None:
    choose(browser, "#f-country", "Niger")
    assert shown(browser) == [t.id for t in batch[1] if t.country == "Niger"]
    choose(browser, "#f-type", "bombing")
    assert shown(browser) == [t.id for t in batch[1] if t.country == "Niger" and t.type == "bombing"]
    choose(browser, "#f-country", "")
    choose(browser, "#f-type", "")
    browser.execute_script("""
        const f = document.getElementById('f-from'), t = document.getElementById('f-to');
        f.value = '2023-03-01'; t.value = '2023-03-31';
        f.dispatchEvent(new Event('input', {bubbles: true}));""")
    expected = [t.id for t in batch[1] if t.date and "2023-03-01" <= t.date <= "2023-03-31"]
    assert expected and shown(browser) == expected


def test_a_row_opens_that_articles_view_with_its_incident_cards(browser: Any, viewer: list[Any], batch: tuple[Path, list[Any]]) -> None:
    target = next(t for t in batch[1] if not t.failed and t.incidents == 2)
    row = browser.find_element("css selector", f'tr.row[data-id="{target.id}"]')
    row.click()
    view = browser.find_element("css selector", f'#{row.get_attribute("data-target")}')
    assert view.is_displayed()
    assert len(view.find_elements("css selector", ".incident-card")) == 2
    opened = browser.execute_script("return Array.from(document.querySelectorAll('.batch-article')).filter(s => !s.hidden).length")
    assert opened == 1
    failed = next(t for t in batch[1] if t.failed)
    browser.find_element("css selector", f'tr.row[data-id="{failed.id}"]').click()
    shown_view = browser.find_element("css selector", ".batch-article:not([hidden])")
    assert "OutputInvalidError" in shown_view.find_element("css selector", ".error").text


@pytest.fixture()
def event_viewer(browser: Any, tmp_path: Path) -> list[Any]:
    from summarizer.testing.event_results import write_event_results

    results = write_event_results(tmp_path / "results.jsonl")
    page = tmp_path / "viewer.html"
    page.write_text(batch_page(read_results(results), title="results.jsonl"), encoding="utf-8")
    browser.set_window_size(1400, 1000)
    return open_page(browser, page.read_text(encoding="utf-8"), page)


def event_cells(browser: Any) -> dict[str, str]:
    return browser.execute_script(
        "const out = {}; document.querySelectorAll('#batch-table tr.row').forEach(r => {"
        " out[r.dataset.id] = r.querySelector('td.events').textContent.trim(); }); return out;")


def test_the_two_reports_of_one_attack_share_an_event_and_the_attack_elsewhere_does_not(
        browser: Any, event_viewer: list[Any]) -> None:
    assert event_viewer == []
    assert event_cells(browser) == {"wire-0302": "E1", "douentza-0302": "E2", "army-0303": "E1", "broken": ""}
    options = browser.execute_script("return Array.from(document.querySelectorAll('#f-event option')).map(o => o.value)")
    assert options == ["", "E1"]  # only events reported by more than one article are offered
    choose(browser, "#f-event", "E1")
    assert shown(browser) == ["wire-0302", "army-0303"]
    assert browser.find_element("css selector", "#shown").text == "2 of 4 articles"
    choose(browser, "#f-event", "")
    toggle(browser, "#f-shared")
    assert shown(browser) == ["wire-0302", "army-0303"]


def test_group_by_event_puts_the_articles_of_one_event_together(browser: Any, event_viewer: list[Any]) -> None:
    assert shown(browser) == ["wire-0302", "douentza-0302", "army-0303", "broken"]  # file order
    toggle(browser, "#f-group")
    assert shown(browser) == ["wire-0302", "army-0303", "douentza-0302", "broken"]
    toggle(browser, "#f-group")
    assert shown(browser) == ["wire-0302", "douentza-0302", "army-0303", "broken"]


def test_an_article_title_is_shown_as_text_in_the_event_viewer(browser: Any, event_viewer: list[Any]) -> None:
    row = browser.find_element("css selector", 'tr.row[data-id="wire-0302"]')
    assert "Boni post attacked <b>at dawn</b>" in row.text
    assert row.find_elements("css selector", "b") == []
