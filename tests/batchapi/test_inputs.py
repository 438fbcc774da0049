"""The batch path's input index reads what read_jsonl reads, refuses what it refuses with its words,
and parses one line at a time (it holds no article text between uses)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.batch import read_jsonl
from summarizer.batchapi.inputs import InputIndex
from summarizer.errors import InputError


def _line(ident: str, text: str, **meta: str) -> bytes:
    return (json.dumps({"id": ident, "text": text, **meta}, ensure_ascii=False) + "\n").encode("utf-8")


def test_every_article_reads_back_as_read_jsonl_reads_it_in_order_and_by_id(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    (tmp_path / "b.txt").write_text("Text from a file beside the input.", encoding="utf-8")
    path.write_bytes(
        b"\xef\xbb\xbf" + _line("a", "first, after a BOM", title="T\u00e9")
        + b"\n  \n" + _line("b", "ends in CRLF").replace(b"\n", b"\r\n")
        + _line("c", "a line separator \u2028 and NEL \u0085 inside the text")
        + b'{"id": "d", "path": "b.txt"}'  # no newline at the end
    )  # fmt: skip
    index = InputIndex.scan(path)
    expected = [a.model_dump() for a in read_jsonl(path)]
    assert len(expected) == 4 and len(index) == 4 and list(index.ids()) == ["a", "b", "c", "d"]
    assert [a.model_dump() for a in index] == expected
    assert [index.get(i).model_dump() for i in ("d", "b", "a", "c")] == [expected[3], expected[1], expected[0], expected[2]]


@pytest.mark.parametrize(
    "content",
    [
        _line("a", "x") + _line("a", "again") + b"not json\n",  # the bad line, not the earlier repeat
        _line("a", "x") + _line("b", "y") + _line("a", "again") + _line("b", "again"),  # the first repeat
        b"{oops\n" + _line("a", "x") + b'{"id": "b", "text": "caf\xe9"}\n',  # a non-UTF-8 byte anywhere comes first
        _line("a", "x") + b'{"id": "b", "text": "y", "colour": "red"}\n',
        _line("a", "x") + b'{"id": "", "text": "y"}\n',
        _line("a", "x") + b'{"id": "b", "path": "missing.txt"}\n',
        b"[1, 2]\n",
    ],
)
def test_a_bad_input_is_refused_with_read_jsonls_message(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError) as theirs:
        read_jsonl(path)
    with pytest.raises(InputError) as ours:
        InputIndex.scan(path)
    assert str(ours.value) == str(theirs.value)


def test_a_missing_input_says_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no input file at"):
        InputIndex.scan(tmp_path / "nope.jsonl")


def test_iterating_parses_one_line_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(_line("a", "x") + _line("b", "y"))
    index = InputIndex.scan(path)
    with open(path, "ab") as handle:
        handle.write(b"not json\n")  # only a reader that parses ahead of the caller would trip on it now
    articles = iter(index)
    assert next(articles).meta.id == "a" and next(articles).meta.id == "b"
    with pytest.raises(InputError, match="not JSON"):
        next(articles)


def test_an_article_whose_line_moved_since_submit_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(_line("a", "x") + _line("b", "y"))
    index = InputIndex.scan(path)
    path.write_bytes(_line("b", "y") + _line("a", "x"))
    with pytest.raises(InputError, match="no longer holds article 'a': the input changed since submit"):
        index.get("a")
    with pytest.raises(InputError, match="'zz' is not in"):
        index.get("zz")
