"""The pages in a real headless chromium, opened from file:// with no network.

Under CI (CI=true) these run or fail; elsewhere they skip, with the reason, when chromium or
selenium is missing. Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from report_helpers import ARTIFACTS, HOSTILE_ID, SEED_ID, open_page

from summarizer.evals.dataset import Dataset
from summarizer.report import compare_page, run_page, summary_page

pytestmark = pytest.mark.browser

IN_VIEW = """
const r = arguments[0].getBoundingClientRect();
return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
"""


def seed_result(dataset: Dataset, prediction: dict[str, Any]) -> tuple[Any, str]:
    """The seed prediction as summarize() returns it: validated, grounded, with its meta."""
    from summarizer.grounding import ground
    from summarizer.result import ResultMeta, SummaryResult, Usage
    from summarizer.schemas.incident import IncidentSummary

    case = next(c for c in dataset.cases if c.id == SEED_ID)
    record = IncidentSummary.model_validate(prediction)
    meta = ResultMeta(task="incident", provider="scripted", model="scripted/seed.jsonl", prompt_version="1",
                      prompt_hash="0" * 64, schema_name="IncidentSummary", schema_hash="0" * 64,
                      usage=Usage(input_tokens=1234, output_tokens=567, requests=1, cost_usd=0.0021))  # fmt: skip
    result = SummaryResult[IncidentSummary](record=record, article=case.meta, grounding=ground(record, case.text), meta=meta)
    return result, case.text


@pytest.fixture()
def seed_page(browser: Any, report_dataset: Dataset, seed_prediction: dict[str, Any], tmp_path: Path) -> list[Any]:
    result, text = seed_result(report_dataset, seed_prediction)
    browser.set_window_size(1400, 1000)
    return open_page(browser, summary_page(result, text), tmp_path / "summary.html")


def fact_by_path(browser: Any, path: str) -> Any:
    return next(f for f in browser.find_elements("css selector", "li.fact") if f.find_element("css selector", ".fact-head code").text == path)


def test_summary_page_loads_from_file_with_no_console_errors(browser: Any, seed_page: list[Any]) -> None:
    assert seed_page == []
    assert browser.execute_script("return document.readyState") == "complete"
    assert browser.current_url.startswith("file://")
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "report-summary.png"))


def test_one_highlight_per_grounded_quote(browser: Any, seed_page: list[Any]) -> None:
    # 50 quotes in the fixture (counted with jq), 2 replaced by sentences absent from the article.
    marks = browser.find_elements("css selector", "mark.q")
    assert len(marks) == 48
    assert len({m.get_attribute("id") for m in marks}) == 48
    rendered = [m.get_attribute("textContent") for m in marks]
    # six JNIM casualty figures' claimants and the JNIM source quote the same words
    assert rendered.count("according to the JNIM organization") == 7


def test_repeated_clicks_on_overlapping_quotes_reach_each_of_them(browser: Any, seed_page: list[Any]) -> None:
    same = [m for m in browser.find_elements("css selector", "mark.q")
            if m.get_attribute("textContent") == "according to the JNIM organization"]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", same[0])
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    x, y = browser.execute_script(
        "const r = arguments[0].getClientRects()[0]; return [Math.round(r.left + 5), Math.round(r.top + r.height / 2)]", same[0]
    )
    reached = set()
    for _ in range(7):
        click = ActionBuilder(browser)
        click.pointer_action.move_to_location(x, y)
        click.pointer_action.click()
        click.perform()
        active = browser.find_elements("css selector", "mark.q.active")
        assert len(active) == 1
        reached.add(active[0].get_attribute("id"))
    assert reached == {m.get_attribute("id") for m in same}


def test_clicking_a_fact_scrolls_its_quote_into_view_and_marks_it(browser: Any, seed_page: list[Any]) -> None:
    browser.execute_script("window.scrollTo(0, 0)")
    fact = fact_by_path(browser, "sources[4]")  # quoted near the end of the article
    browser.execute_script("arguments[0].scrollIntoView({block: 'nearest'}); window.scrollTo(0, 0)", fact)
    quote_id = browser.execute_script(
        "return JSON.parse(document.getElementById('report-data').textContent).facts[arguments[0]][0]", fact.get_attribute("id")
    )
    mark = browser.find_element("id", quote_id)
    assert not browser.execute_script(IN_VIEW, mark), "precondition: the quote starts out of view"
    fact.click()
    assert browser.execute_script(IN_VIEW, mark)
    assert "active" in mark.get_attribute("class").split()
    assert "selected" in fact.get_attribute("class").split()
    assert mark.get_attribute("textContent") == "in a report by its secretary general presented to the Security Council"
    assert browser.find_elements("css selector", "mark.q.active") == [mark]
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "report-summary-selected.png"))


def test_ungrounded_fact_is_flagged(browser: Any, seed_page: list[Any]) -> None:
    fact = fact_by_path(browser, "casualty_figures[3]")
    assert "g-ungrounded" in fact.get_attribute("class").split()
    flag = fact.find_element("css selector", ".fact-head .flag")
    assert flag.is_displayed() and flag.text.endswith("ungrounded")
    assert fact.find_element("css selector", "li.quote .qstatus").text == "not found"
    fact.click()
    assert browser.find_elements("css selector", "mark.q.active") == []
    assert browser.find_element("id", "status").text == "None of this fact's quotes was found in the article."
    assert "2 facts flagged" in browser.find_element("css selector", ".grounding-line").text


def test_hostile_article_runs_neither_script_nor_onerror(browser: Any, run_a: Any, report_dataset: Dataset, tmp_path: Path) -> None:
    problems = open_page(browser, run_page(run_a, report_dataset), tmp_path / "run.html")
    title = browser.title
    details = browser.find_element("css selector", f'details.article[data-case="{HOSTILE_ID}"]')
    details.find_element("css selector", "summary").click()
    for mark in details.find_elements("css selector", "mark.q"):
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", mark)
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.title == title == f"run {run_a.id} · report-fixture"
    assert browser.execute_script("return document.querySelectorAll('img, b, [onerror], [onload]').length") == 0
    assert browser.execute_script("return document.scripts.length") == 2
    text = details.find_element("css selector", ".text .base").get_attribute("textContent")
    assert '<script>document.title = "pwned"; window.__pwned = "script";</script>' in text
    assert "<img src=\"x\" onerror=" in text
    assert problems == [] and [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    browser.set_window_size(1400, 1000)
    browser.execute_script("arguments[0].scrollIntoView()", details)
    assert browser.save_screenshot(str(ARTIFACTS / "report-run-hostile.png"))


def test_comparison_lists_exactly_the_articles_whose_scores_changed(browser: Any, run_a: Any, run_b: Any,
                                                                     report_dataset: Dataset, tmp_path: Path) -> None:
    problems = open_page(browser, compare_page(run_a, run_b, report_dataset), tmp_path / "compare.html")
    assert problems == []
    listed = [e.get_attribute("data-case") for e in browser.find_elements("css selector", "details.changed")]
    assert sorted(listed) == ["kidnap-diffa-2022-05-02", SEED_ID]
    heading = browser.find_element("css selector", "#changed h2").text
    assert heading.startswith("2 articles whose scores changed") and "3 unchanged" in heading
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "report-compare.png"))


def test_every_highlight_sits_exactly_over_its_words(browser: Any, seed_page: list[Any]) -> None:
    # Layers are separate copies of the text: each mark must cover, line by line, the same box as
    # its offsets in the visible text (one text node; the seed article is BMP-only with \n breaks).
    worst = browser.execute_script("""
        const lines = rects => {
          const by = new Map();
          for (const r of rects) {
            if (r.width === 0) continue;
            const key = Math.round(r.top), prev = by.get(key);
            by.set(key, prev ? [Math.min(prev[0], r.left), Math.max(prev[1], r.right)] : [r.left, r.right]);
          }
          return Array.from(by.entries()).sort((x, y) => x[0] - y[0]);
        };
        const base = document.querySelector('.text .base').firstChild;
        const out = [];
        for (const m of document.querySelectorAll('mark.q')) {
          const range = document.createRange();
          range.setStart(base, +m.dataset.start);
          range.setEnd(base, +m.dataset.end);
          const a = lines(range.getClientRects()), b = lines(m.getClientRects());
          if (a.length !== b.length || a.some((l, i) => l[0] !== b[i][0])) { out.push(999); continue; }
          const trailing = (i) => i < a.length - 1;  // a wrapped line's end may include the breaking space
          out.push(Math.max(...a.map((l, i) => Math.max(Math.abs(l[1][0] - b[i][1][0]),
                                                        trailing(i) ? 0 : Math.abs(l[1][1] - b[i][1][1])))));
        }
        return out;
    """)
    assert len(worst) == 48
    assert max(worst) <= 1.0


def test_run_page_highlights_every_grounded_quote_of_every_article(browser: Any, run_a: Any, report_dataset: Dataset,
                                                                    tmp_path: Path) -> None:
    # seed 50 - 2 broken, hostile 7 - 1 invented, market 8, kidnap 5, failed quiet case 0.
    problems = open_page(browser, run_page(run_a, report_dataset), tmp_path / "run.html")
    assert problems == []
    per_case = browser.execute_script("""
        const out = {};
        for (const d of document.querySelectorAll('details.article')) out[d.dataset.case] = d.querySelectorAll('mark.q').length;
        return out;""")
    assert per_case == {SEED_ID: 48, HOSTILE_ID: 6, "market-bomb-2023-10-14": 8, "kidnap-diffa-2022-05-02": 5, "quiet-council": 0}
    order = [e.get_attribute("data-case") for e in browser.find_elements("css selector", "details.article")]
    assert order[0] == "quiet-council" and order[-1] == "kidnap-diffa-2022-05-02"  # failed first, perfect last
