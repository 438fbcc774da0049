"""Inputs analysts have: HTML pages (main text, title and date), URLs (fetched only when asked,
with a timeout and a size cap), PDFs (text layer; a scan is refused), and one-line refusals for
Word files and folders. Quotes ground in the extracted text the model was given."""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from documents import docx, scanned_pdf, text_pdf
from fault_helpers import config_file, run_cli
from fault_server import Fault, FaultServer

from summarizer.errors import InputError
from summarizer.sources import fetch_url


def paragraphs(seed: str) -> list[str]:
    return [p for p in seed.split("\n\n") if p.strip()]


def page(seed: str) -> str:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs(seed))
    return (
        "<!DOCTYPE html><html><head><title>Mali: 14 soldiers killed | Example News</title>"
        '<meta property="article:published_time" content="2023-01-12T09:00:00Z"></head><body>'
        '<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>'
        f"<article><h1>Mali: 14 soldiers killed</h1>\n{body}</article>"
        "<footer>Subscribe to our newsletter. Copyright 2023 Example News.</footer></body></html>"
    )


def user_message(server_requests: list[dict[str, Any]]) -> str:
    return str(server_requests[0]["messages"][-1]["content"])


class Recording:
    """A FaultServer choice function that keeps each request, to read what the model was sent."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: dict[str, Any]) -> Fault:
        self.requests.append(request)
        return Fault("ok")


def summarize_one(args: list[str], tmp_path: Path, record: dict[str, Any], capsys: Any, monkeypatch: Any) -> tuple[Any, Recording]:
    seen = Recording()
    with FaultServer(record, seen) as server:
        outcome = run_cli(["summarize", *args, "--config", str(config_file(tmp_path, server.base_url))], capsys, monkeypatch)
    return outcome, seen


def test_an_html_page_is_read_as_its_main_text_with_title_and_date(
    tmp_path: Path, seed_text: str, seed_answer: dict[str, Any], capsys: Any, monkeypatch: Any
) -> None:
    (tmp_path / "page.html").write_text(page(seed_text), encoding="utf-8")
    outcome, seen = summarize_one([str(tmp_path / "page.html")], tmp_path, seed_answer, capsys, monkeypatch)
    assert outcome.code == 0, outcome.stderr
    sent = user_message(seen.requests)
    assert "<p>" not in sent and "Home | World" not in sent and "newsletter" not in sent
    assert paragraphs(seed_text)[2] in sent
    assert "title: Mali: 14 soldiers killed" in sent and "publication date: 2023-01-12" in sent
    result = json.loads(outcome.stdout)
    assert result["grounding"] and all(g["status"] != "not_found" for g in result["grounding"])


@pytest.fixture
def site(seed_text: str) -> Iterator[dict[str, Any]]:
    """A loopback web server: /page.html, /big (over any small cap), /slow (answers after 2 s), /gone (404)."""
    state: dict[str, Any] = {"hits": 0}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            state["hits"] += 1
            if self.path == "/slow":
                time.sleep(2)
            if self.path == "/gone":
                self.send_error(404, "Not Found")
                return
            body = page(seed_text).encode() if self.path != "/big" else b"<html>" + b"x" * 50_000
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            if self.path != "/big":  # /big sends no Content-Length: the cap must hold while reading
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    state["base"] = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield state
    httpd.shutdown()
    httpd.server_close()


def test_a_url_is_fetched_only_when_asked(site: dict[str, Any], tmp_path: Path, seed_answer: dict[str, Any], capsys: Any, monkeypatch: Any) -> None:
    url = site["base"] + "/page.html"
    refused, _ = summarize_one([url], tmp_path, seed_answer, capsys, monkeypatch)
    assert refused.code == 2 and site["hits"] == 0
    assert refused.stderr == f"error: '{url}' is a URL: pass --fetch to download it (nothing is fetched unless asked)\n"
    fetched, seen = summarize_one([url, "--fetch"], tmp_path, seed_answer, capsys, monkeypatch)
    assert fetched.code == 0, fetched.stderr
    assert site["hits"] == 1 and "<nav>" not in user_message(seen.requests)
    assert all(g["status"] != "not_found" for g in json.loads(fetched.stdout)["grounding"])


def test_fetching_has_a_size_cap_a_timeout_and_says_what_the_server_answered(site: dict[str, Any]) -> None:
    with pytest.raises(InputError, match="larger than the cap of 10,000 bytes"):
        fetch_url(site["base"] + "/big", max_bytes=10_000)
    with pytest.raises(InputError, match=r"^fetching .*/slow failed \(.*timed out"):
        fetch_url(site["base"] + "/slow", timeout=0.3)
    with pytest.raises(InputError, match=r"^fetching .*/gone failed: the server answered 404"):
        fetch_url(site["base"] + "/gone")


def test_a_pdf_is_read_from_its_text_layer(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any], capsys: Any, monkeypatch: Any) -> None:
    (tmp_path / "report.pdf").write_bytes(text_pdf(paragraphs(seed_text)))
    outcome, seen = summarize_one([str(tmp_path / "report.pdf")], tmp_path, seed_answer, capsys, monkeypatch)
    assert outcome.code == 0, outcome.stderr
    assert paragraphs(seed_text)[2] in user_message(seen.requests)
    assert all(g["status"] != "not_found" for g in json.loads(outcome.stdout)["grounding"])


_SOCKETSERVER_BLOCK = re.compile(r"-{40}\nException occurred during processing of request from .*?\n-{40}\n", re.S)


def _without_server_noise(stderr: str) -> str:
    """capsys captures the whole process's stderr: a loopback server left by an earlier test may print
    socketserver's report of a client that went away. That is the test harness, not the CLI's output."""
    return _SOCKETSERVER_BLOCK.sub("", stderr)


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    return tmp_path / "articles"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: _write(tmp / "scan.pdf", scanned_pdf()), r"scan\.pdf has no text layer \(a scanned PDF\?\): run OCR on it first"),
        (lambda tmp: _write(tmp / "broken.pdf", b"%PDF-1.4\n garbage"), r"broken\.pdf .*PDF"),
        (lambda tmp: _write(tmp / "notes.docx", docx("Gunmen killed 3")), r"notes\.docx is a Word document: save it as plain text \(\.txt\) or PDF"),
        (_folder, r"articles' is a folder: give the article files inside it"),
    ],
    ids=["scanned pdf", "damaged pdf", "docx", "folder"],
)
def test_files_that_are_no_article_are_one_line_and_no_call(make: Any, message: str, tmp_path: Path, seed_answer: dict[str, Any], capsys: Any, monkeypatch: Any) -> None:
    target = make(tmp_path)
    for args in ([str(target)], [str(target), str(_write(tmp_path / "ok.txt", b"Gunmen killed 3 people in Gao."))]):
        outcome, seen = summarize_one(args, tmp_path, seed_answer, capsys, monkeypatch)
        stderr = _without_server_noise(outcome.stderr)
        assert outcome.code == 2 and "Traceback" not in stderr
        assert stderr.count("\n") == 1 and stderr.startswith("error: "), stderr
        assert re.search(message, stderr), stderr
        assert seen.requests == []


def test_a_batch_mixes_html_pdf_and_text(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any], capsys: Any, monkeypatch: Any) -> None:
    _write(tmp_path / "a.html", page(seed_text).encode())
    _write(tmp_path / "b.pdf", text_pdf(paragraphs(seed_text)))
    _write(tmp_path / "c.txt", seed_text.encode())
    outcome, seen = summarize_one([str(tmp_path / n) for n in ("a.html", "b.pdf", "c.txt")], tmp_path, seed_answer, capsys, monkeypatch)
    assert outcome.code == 0, outcome.stderr
    lines = {json.loads(line)["id"]: json.loads(line) for line in outcome.stdout.splitlines()}
    assert sorted(lines) == ["a", "b", "c"] and all(line["ok"] for line in lines.values())
    assert all(g["status"] != "not_found" for line in lines.values() for g in line["result"]["grounding"])
    assert len(seen.requests) == 3


def test_without_the_extras_the_error_names_them(tmp_path: Path, seed_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.sources import read_path

    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails as if not installed
    monkeypatch.setitem(sys.modules, "pypdf", None)
    with pytest.raises(InputError, match=r"needs pip install 'incident-summarizer\[html\]'"):
        read_path(_write(tmp_path / "a.html", page(seed_text).encode()))
    with pytest.raises(InputError, match=r"needs pip install 'incident-summarizer\[pdf\]'"):
        read_path(_write(tmp_path / "b.pdf", text_pdf(["x"])))


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
