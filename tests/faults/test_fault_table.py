"""The fault table: one row per fault or bad input, each through the real `summarizer summarize`.

Every row asserts the exit code, the one-line message (on the failed article's line, or the
single `error:` line on stderr when the input is refused before any call), how many requests
the server saw, and that the output holds exactly one line per article (none when refused).
Three articles per row; the fault is aimed at the one whose text carries MARK.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fault_helpers import (
    MARK,
    Outcome,
    config_file,
    make_corrupt_cache,
    read_lines,
    run_cli,
    write_jsonl,
)
from fault_server import Fault, FaultServer

IDS = ["art-a", "art-b", "art-c"]

Rows = Callable[[str, Path], list[dict[str, Any]]]
Prepare = Callable[[Path, Path], list[str]]


def standard_rows(seed: str, tmp: Path) -> list[dict[str, Any]]:
    return [
        {"id": "art-a", "text": seed + "\nNote a."},
        {"id": "art-b", "text": seed + f"\n{MARK}"},
        {"id": "art-c", "text": seed + "\nNote c."},
    ]


def replacing_b(**row: Any) -> Rows:
    def rows(seed: str, tmp: Path) -> list[dict[str, Any]]:
        out = standard_rows(seed, tmp)
        out[1] = {"id": "art-b", "text": out[1]["text"], **row}
        return out

    return rows


def text_b(make: Callable[[str], str]) -> Rows:
    def rows(seed: str, tmp: Path) -> list[dict[str, Any]]:
        out = standard_rows(seed, tmp)
        out[1]["text"] = make(seed)
        return out

    return rows


def file_b(data: Callable[[str], bytes]) -> Rows:
    """art-b given by path, its file holding `data(seed)`."""

    def rows(seed: str, tmp: Path) -> list[dict[str, Any]]:
        (tmp / "b.txt").write_bytes(data(seed))
        out = standard_rows(seed, tmp)
        out[1] = {"id": "art-b", "path": "b.txt"}
        return out

    return rows


def raw_input(lines: Callable[[str], bytes]) -> Prepare:
    """Overwrite the JSONL input with raw bytes."""

    def prepare(tmp: Path, data_dir: Path) -> list[str]:
        (tmp / "in.jsonl").write_bytes(lines((tmp / "seed.txt").read_text(encoding="utf-8")))
        return []

    return prepare


def corrupt_cache(how: str) -> Prepare:
    def prepare(tmp: Path, data_dir: Path) -> list[str]:
        make_corrupt_cache(data_dir / "cache.sqlite3", how)
        return []

    return prepare


def data_dir_under_a_file(tmp: Path, data_dir: Path) -> list[str]:
    blocker = tmp / "not-a-folder"
    blocker.write_text("a file where the data dir's parent should be", encoding="utf-8")
    (tmp / "summarizer.toml").write_text(
        (tmp / "summarizer.toml").read_text(encoding="utf-8") .replace("[profiles.fake]", f'data_dir = "{blocker}/data"\n[profiles.fake]'),
        encoding="utf-8",
    )
    return []


def output_under_a_file(tmp: Path, data_dir: Path) -> list[str]:
    (tmp / "blocker").write_text("x", encoding="utf-8")
    return ["--output", str(tmp / "blocker" / "out.jsonl")]


def profiles_is_a_number(tmp: Path, data_dir: Path) -> list[str]:
    (tmp / "summarizer.toml").write_text("profiles = 5\n", encoding="utf-8")
    return []


def foreign_output(tmp: Path, data_dir: Path) -> list[str]:
    (tmp / "out.jsonl").write_text("name,count\nGao,3\n", encoding="utf-8")
    return []


@dataclass(frozen=True)
class Case:
    name: str
    code: int
    message: str
    """Regex: on art-b's error line when the batch ran, else on the one `error:` line of stderr."""
    requests: int
    lines: int = 3
    fault: Fault | None = None
    rows: Rows = standard_rows
    prepare: Prepare | None = None
    stderr: str | None = None
    """Regex that must also appear on stderr (notices)."""
    ok: list[str] = field(default_factory=lambda: ["art-a", "art-c"])


CASES = [
    # malformed or failing provider answers, aimed at art-b (profile: 1 transport retry, 1 re-ask)
    Case("string choices", 1, r"^OutputInvalidError: .*gave no valid record", 3, fault=Fault("string_choices")),
    Case("message null", 1, r"^OutputInvalidError: .*gave no valid record", 3, fault=Fault("null_message")),
    Case("empty choices", 1, r"^OutputInvalidError: .*gave no valid record", 3, fault=Fault("empty_choices")),
    Case("html page", 1, r"^(OutputInvalidError|TransportError): ", 3, fault=Fault("html")),
    Case("truncated json", 1, r"^TransportError: .*JSONDecodeError: Unterminated string", 4, fault=Fault("truncated_json")),
    Case("tool arguments not json", 1, r"^OutputInvalidError: .*Invalid JSON", 4, fault=Fault("bad_arguments")),
    Case("lone surrogate in the answer", 1, r"^OutputInvalidError: .*surrogates not allowed", 3, fault=Fault("surrogate_answer")),
    Case("500 every time", 1, r"^TransportError: .*kept failing after 2 tries", 4, fault=Fault("status", 500)),
    Case("429 every time", 1, r"^TransportError: .*kept failing after 2 tries", 4, fault=Fault("status", 429, {"Retry-After": "0"})),
    Case("connection reset is retried", 1, r"^TransportError: ", 4, fault=Fault("reset")),
    Case("400 is not retried", 1, r"^TransportError: .*answered 400", 3, fault=Fault("status", 400)),
    # bad article text or metadata: that article's error, never sent
    Case("lone surrogate in the text", 1, r"^InputError: article 'art-b' has a lone surrogate \(U\+D83D\) at offset 4", 2,
         rows=text_b(lambda seed: "Gao \ud83d " + seed)),
    Case("NUL after the first 8 KB", 1, r"^InputError: article 'art-b' has a NUL character at offset 9000", 2,
         rows=text_b(lambda seed: (seed * 3)[:9000] + "\x00" + seed)),
    Case("only invisible characters", 1, r"^InputError: article 'art-b' has no visible characters", 2,
         rows=text_b(lambda seed: "\u200b\u200c\u200d\ufeff \u2060\u00a0\u3164")),
    Case("empty text", 1, r"^InputError: article 'art-b' is empty", 2, rows=text_b(lambda seed: " \n\t ")),
    Case("binary file", 1, r"^InputError: article 'art-b' looks binary", 2,
         rows=file_b(lambda seed: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40)),
    Case("lone surrogate in the title", 1, r"^InputError: article 'art-b': title .* has an unusable character \(U\+DC80\)", 2,
         rows=replacing_b(title="Gao \udc80 attack")),
    # decoding: the text is kept, what was done is said
    Case("one invalid byte in UTF-8", 0, "", 3, ok=IDS, stderr=r"notice: .*b\.txt: 1 byte\(s\) are not valid UTF-8 and were replaced with U\+FFFD",
         rows=file_b(lambda seed: ("Ségou, " + seed).encode("utf-8").replace(b"Note", b"No\xfft", 1) + b"\xff")),
    Case("cp1252 file", 0, "", 3, ok=IDS, stderr=r"notice: .*b\.txt is not UTF-8 .*read as Windows-1252",
         rows=file_b(lambda seed: ("Ségou. " + seed.replace("’", "'").replace("“", '"').replace("”", '"')).encode("cp1252", "replace"))),
    Case("UTF-16 with BOM", 0, "", 3, ok=IDS, rows=file_b(lambda seed: seed.encode("utf-16"))),
    # unusable ids refuse the input by line number, escaped, before any call
    Case("lone surrogate in an id", 2, r"^error: .*in\.jsonl:2: the id 'art-\\ud800b' is unusable: it has a lone surrogate", 0, lines=0,
         rows=replacing_b(id="art-\ud800b")),
    Case("NUL in an id", 2, r"^error: .*in\.jsonl:2: the id 'art-\\x00b' is unusable: it has an invisible or control character", 0, lines=0,
         rows=replacing_b(id="art-\x00b")),
    Case("zero-width id", 2, r"^error: .*in\.jsonl:2: the id '\\u200b' is unusable", 0, lines=0, rows=replacing_b(id="\u200b")),
    Case("duplicate id", 2, r"^error: .*in\.jsonl:3: the id 'art-a' appears twice", 0, lines=0,
         rows=lambda seed, tmp: [*standard_rows(seed, tmp)[:2], {"id": "art-a", "text": seed}]),
    Case("input not UTF-8", 2, r"^error: .*in\.jsonl:2: not UTF-8 \(byte 0xe9\)", 0, lines=0,
         prepare=raw_input(lambda seed: b'{"id": "a", "text": "x"}\n{"id": "b", "text": "S\xe9gou"}\n')),
    Case("input line not JSON", 2, r"^error: .*in\.jsonl:2: not JSON", 0, lines=0,
         prepare=raw_input(lambda seed: b'{"id": "a", "text": "x"}\n{"id": "b", \n')),
    Case("input nested 100,000 deep", 2, r"^error: .*in\.jsonl:1: the JSON is nested too deeply", 0, lines=0,
         prepare=raw_input(lambda seed: b"[" * 100_000 + b"]" * 100_000 + b"\n")),
    # storage and configuration: one line with the fix, before the first paid call
    Case("cache with garbage pages", 3, r"^error: the response cache .*cache\.sqlite3 is corrupt .*run `summarizer cache clear`", 0, lines=0,
         prepare=corrupt_cache("garbage_pages")),
    Case("cache not a database", 3, r"^error: the response cache .* is corrupt \(file is not a database\)", 0, lines=0,
         prepare=corrupt_cache("not_a_database")),
    Case("cache from a newer summarizer", 3, r"^error: the response cache .* was written by a newer summarizer \(format 99, this one reads 1\): upgrade", 0, lines=0,
         prepare=corrupt_cache("newer")),
    Case("data dir under a file", 3, r"^error: cannot use the response cache at .*not-a-folder/data.* \(Not a directory\): set data_dir", 0, lines=0,
         prepare=data_dir_under_a_file),
    Case("output under a file", 2, r"^error: cannot open the results file .*blocker/out\.jsonl: .*/blocker is a file, not a folder; pick a writable --output", 0, lines=0,
         prepare=output_under_a_file),
    Case("profiles = 5", 3, r"^error: .*summarizer\.toml: profiles must be a TOML table \(\[profiles\.NAME\] sections\), not int 5$", 0, lines=0,
         prepare=profiles_is_a_number),
    Case("output written by something else", 2, r"^error: .*out\.jsonl:1 is not a JSON line", 0, lines=0, prepare=foreign_output),
]


def _run(case: Case, tmp: Path, seed: str, record: dict[str, Any], capsys: Any, monkeypatch: Any) -> tuple[Outcome, FaultServer, bytes | None]:
    """Run the case; returns what the CLI did, the server, and the output file's bytes before the run."""
    data_dir = tmp / "data"
    monkeypatch.setenv("SUMMARIZER_DATA_DIR", str(data_dir))
    (tmp / "seed.txt").write_text(seed, encoding="utf-8")
    aimed = case.fault or Fault("ok")
    with FaultServer(record, lambda request: aimed if MARK in str(request.get("messages")) else Fault("ok")) as server:
        config = config_file(tmp, server.base_url)
        source = write_jsonl(tmp / "in.jsonl", case.rows(seed, tmp))
        extra = case.prepare(tmp, data_dir) if case.prepare else []
        output = ["--output", str(tmp / "out.jsonl")] if "--output" not in extra else []
        before = (tmp / "out.jsonl").read_bytes() if (tmp / "out.jsonl").exists() else None
        outcome = run_cli(["summarize", "--input", str(source), *output, *extra, "--config", str(config)], capsys, monkeypatch)
    return outcome, server, before


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fault(case: Case, tmp_path: Path, seed_text: str, seed_answer: dict[str, Any], capsys: Any, monkeypatch: Any) -> None:
    outcome, server, before = _run(case, tmp_path, seed_text, seed_answer, capsys, monkeypatch)
    out = tmp_path / "out.jsonl"
    assert "Traceback" not in outcome.stderr
    assert outcome.code == case.code, outcome.stderr
    assert server.requests == case.requests, server.kinds
    if not case.lines:  # refused before starting: the output is as it was (absent, empty, or someone else's)
        assert (out.read_bytes() if out.exists() else None) in (before, b"")
        errors = outcome.error_lines()
        assert len(errors) == 1 and len(outcome.stderr.strip().splitlines()) == 1, outcome.stderr
        assert re.search(case.message, errors[0]), errors[0]
    else:
        lines = read_lines(out)
        assert len(lines) == case.lines
        by_id = {line["id"]: line for line in lines}
        assert sorted(by_id) == IDS  # exactly one line per article
        assert sorted(i for i, line in by_id.items() if line["ok"]) == case.ok
        if case.message:
            error = by_id["art-b"]["error"]
            shown = f"{error['type']}: {error['message']}"
            assert "\n" not in shown and re.search(case.message, shown), shown
            assert re.search(r"failed art-b: " + re.escape(error["type"]), outcome.stderr)
    if case.stderr:
        assert re.search(case.stderr, outcome.stderr), outcome.stderr


def test_a_rerun_after_a_surrogate_article_finishes(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any], capsys: Any, monkeypatch: Any) -> None:
    """b317dcf crashed on the surrogate and so crashed again on every rerun; now the rerun has nothing left to do."""
    case = CASES[[c.name for c in CASES].index("lone surrogate in the text")]
    first, _, _ = _run(case, tmp_path, seed_text, seed_answer, capsys, monkeypatch)
    again, server, _ = _run(case, tmp_path, seed_text, seed_answer, capsys, monkeypatch)
    assert first.code == 1 and "Traceback" not in again.stderr
    assert server.requests == 0 and len(read_lines(tmp_path / "out.jsonl")) == 3
    assert "3 already in" in again.stderr


def test_an_article_past_its_deadline_is_abandoned_alone(tmp_path: Path, seed_text: str, seed_answer: dict[str, Any], capsys: Any, monkeypatch: Any) -> None:
    """--article-timeout bounds all of one article's calls; the slow one fails, saying so, the others finish."""
    monkeypatch.setenv("SUMMARIZER_DATA_DIR", str(tmp_path / "data"))
    slow = Fault("slow", delay=8.0)  # far past the deadline, which is loose enough for a loaded machine
    with FaultServer(seed_answer, lambda request: slow if MARK in str(request.get("messages")) else Fault("ok")) as server:
        source = write_jsonl(tmp_path / "in.jsonl", standard_rows(seed_text, tmp_path))
        args = ["summarize", "--input", str(source), "--output", str(tmp_path / "out.jsonl"), "--article-timeout", "2",
                "--config", str(config_file(tmp_path, server.base_url))]  # fmt: skip
        outcome = run_cli(args, capsys, monkeypatch)
        assert server.requests == 3  # abandoned, not retried
    lines = {line["id"]: line for line in read_lines(tmp_path / "out.jsonl")}
    assert outcome.code == 1 and sorted(lines) == IDS
    assert lines["art-a"]["ok"] and lines["art-c"]["ok"]
    assert lines["art-b"]["error"] == {
        "type": "TransportError",
        "message": "article 'art-b' was abandoned after its deadline of 2s (retries and re-asks included): "
        "raise --article-timeout, or check the provider",
    }
