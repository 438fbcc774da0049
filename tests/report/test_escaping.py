"""Untrusted text stays text: in elements, in attributes, and in the JSON inside <script>."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from typing import Any

from summarizer.report.render import script_json


class Collect(HTMLParser):
    """Every start tag with its attributes, and the raw text of each <script> element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(html: str) -> Collect:
    parser = Collect()
    parser.feed(html)
    return parser


def test_script_json_escapes_what_could_end_the_script_or_break_js() -> None:
    value = {"q": "</script><script>alert(1)</script> <!-- & \u2028\u2029 >"}
    text = str(script_json(value))
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    assert json.loads(text) == value


def test_hostile_run_page_has_no_injected_elements_or_handlers(run_a: Any, report_dataset: Any) -> None:
    from summarizer.report import run_page

    doc = parse(run_page(run_a, report_dataset))
    names = [tag for tag, _ in doc.tags]
    assert names.count("script") == 2  # the JSON data block and the report's own script
    assert "img" not in names and "b" not in names
    handlers = [(tag, k) for tag, attrs in doc.tags for k, _ in attrs if k.startswith("on")]
    assert handlers == []


def test_hostile_text_is_shown_literally(run_a: Any, report_dataset: Any) -> None:
    from summarizer.report import run_page

    html = run_page(run_a, report_dataset)
    assert "&lt;script&gt;document.title = &#34;pwned&#34;; window.__pwned = &#34;script&#34;;&lt;/script&gt;" in html
    assert "&lt;img src=&#34;x&#34; onerror=" in html
    assert "window.__pwned='attr'" not in html  # the actor name's quote marks are escaped too


def test_json_block_round_trips_the_quote_index(run_a: Any, report_dataset: Any) -> None:
    from summarizer.report import run_page

    doc = parse(run_page(run_a, report_dataset))
    data = json.loads(doc.scripts[0])
    assert set(data) == {"facts", "quotes"}
    assert all(q["fact"] in data["facts"] for q in data["quotes"].values())


def _sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_csp_allows_exactly_the_inline_script_and_style(run_a: Any, report_dataset: Any) -> None:
    from summarizer.report import run_page

    html = run_page(run_a, report_dataset)
    doc = parse(html)
    csp = next(dict(a)["content"] for t, a in doc.tags if t == "meta" and dict(a).get("http-equiv") == "Content-Security-Policy")
    assert csp is not None
    style = re.search(r"<style>(.*?)</style>", html, re.DOTALL)
    assert style is not None
    assert f"script-src '{_sha(doc.scripts[1])}'" in csp
    assert f"style-src '{_sha(style.group(1))}'" in csp
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert html.index("Content-Security-Policy") < html.index("<style>")


def test_pages_reference_nothing_outside_themselves(run_a: Any, run_b: Any, report_dataset: Any) -> None:
    from summarizer.report import compare_page, run_page

    for html in (run_page(run_a, report_dataset), compare_page(run_a, run_b, report_dataset)):
        doc = parse(html)
        urls = [v for _, attrs in doc.tags for k, v in attrs if k in {"src", "href", "action", "data"} and v]
        assert all(u == "data:," or u.startswith("#") for u in urls), urls
        assert "style" not in {k for _, attrs in doc.tags for k, _ in attrs}  # the CSP blocks style attributes
