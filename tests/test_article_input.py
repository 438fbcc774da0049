"""Article input: robust decoding, clear refusals, metadata and chunking."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import InputError
from summarizer.article import Article, ArticleMeta, decode_article_bytes, load_article
from summarizer.chunking import merge_records, split_article
from summarizer.schemas.incident import IncidentSummary


def test_utf8_with_and_without_bom_and_utf16_decode_the_same() -> None:
    text = "Ségou – “double ambush”"
    assert decode_article_bytes(text.encode("utf-8")) == text
    assert decode_article_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode_article_bytes(text.encode("utf-16")) == text


def test_latin1_bytes_fall_back_without_losing_accents() -> None:
    assert decode_article_bytes("Ségou".encode("cp1252")) == "Ségou"


@pytest.mark.parametrize("data", [b"", b"   \n\t ", "\ufeff".encode("utf-8")])
def test_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="empty"):
        decode_article_bytes(data)


def test_binary_input_is_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_article_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)


def test_oversized_input_is_refused_with_the_limit() -> None:
    with pytest.raises(InputError, match="over the limit"):
        load_article("word " * 100_000)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no article file"):
        load_article(tmp_path / "nope.txt")


def test_explicit_meta_wins_over_the_article_meta() -> None:
    article = load_article(Article(text="x y z", meta=ArticleMeta(title="old", outlet="AFP")), ArticleMeta(title="new"))
    assert article.meta.title == "new" and article.meta.outlet == "AFP"


def test_long_articles_split_on_paragraph_boundaries() -> None:
    paragraphs = [f"Paragraph {n}. " + "word " * 300 for n in range(10)]
    article = Article(text="\n\n".join(paragraphs))
    chunks = split_article(article, 5000)
    assert len(chunks) > 1
    assert all(len(c.text) <= 5000 for c in chunks)
    assert "".join(c.text for c in chunks) == article.text  # nothing lost, nothing duplicated
    assert all(c.text.lstrip().startswith("Paragraph") for c in chunks)


def test_merged_chunk_records_keep_incident_references_unique(seed_answer: dict) -> None:  # type: ignore[type-arg]
    one = IncidentSummary.model_validate(seed_answer)
    merged = merge_records([one, one])
    assert isinstance(merged, IncidentSummary)
    ids = [i.id for i in merged.incidents]
    assert ids == ["I1", "I2", "C2-I1", "C2-I2"]
    assert merged.casualty_figures[10].incident_ids == ["C2-I1", "C2-I2"]
