"""The decoding rule and the text checks, byte by byte."""

from __future__ import annotations

import pytest

from summarizer.article import check_text, decode_text
from summarizer.errors import InputError

UTF8 = "Ségou, Mopti et Tombouctou : l’armée malienne a été visée."


def test_clean_utf8_is_read_without_a_notice() -> None:
    decoded = decode_text(UTF8.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.replaced, decoded.notice) == (UTF8, "utf-8", 0, None)


def test_a_few_invalid_bytes_keep_the_utf8_text_replaced_and_counted() -> None:
    data = UTF8.encode("utf-8") + b" \xff\xfe stray " + b"\xe9"
    decoded = decode_text(data, name="a.txt")
    assert decoded.encoding == "utf-8" and decoded.replaced == 3
    assert decoded.text.startswith("Ségou") and "armée" in decoded.text  # not re-read as cp1252 ("SÃ©gou")
    assert decoded.text.count("\ufffd") == 3
    assert decoded.notice == "a.txt: 3 byte(s) are not valid UTF-8 and were replaced with U+FFFD (the rest of the text is kept)"


def test_a_truncated_sequence_counts_its_bytes() -> None:
    decoded = decode_text("Ségou ".encode() + "€".encode()[:2] + b" end")
    assert decoded.encoding == "utf-8" and decoded.replaced == 2 and decoded.text == "Ségou \ufffd end"


def test_mostly_cp1252_bytes_are_read_as_cp1252_with_a_notice() -> None:
    decoded = decode_text("Ségou – l’armée".encode("cp1252"), name="b.txt")
    assert decoded.text == "Ségou – l’armée" and decoded.encoding == "cp1252"
    assert decoded.notice is not None and "read as Windows-1252 (cp1252)" in decoded.notice


def test_invalid_bytes_that_are_not_cp1252_either_stay_utf8_replaced() -> None:
    decoded = decode_text(b"Gao \x81\x8d\x90 attack")  # undefined in cp1252
    assert decoded.encoding == "utf-8" and decoded.replaced == 3


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_bom_selects_utf16(codec: str) -> None:
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(codec, b"")
    decoded = decode_text(bom + UTF8.encode(codec))
    assert decoded.text.lstrip("\ufeff") == UTF8 and decoded.encoding == "utf-16" and decoded.notice is None


def test_a_utf8_bom_is_dropped() -> None:
    assert decode_text(b"\xef\xbb\xbf" + UTF8.encode()).text == UTF8


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Gao " + "x" * 9000 + "\x00 end", "has a NUL character at offset 9004"),
        ("Gao \ud83d attack", r"has a lone surrogate \(U\+D83D\) at offset 4"),
        ("Gao attack" + "\udc80", r"lone surrogate \(U\+DC80\) at offset 10"),
        ("\u200b\u200c\u200d\u2060\ufeff", "has no visible characters"),
        ("\u3164 \u2800 \u00a0 \u0301", "has no visible characters"),  # blank letters, braille blank, lone accent
        ("\x00" * 50 + "text", "looks binary"),
    ],
)
def test_unusable_text_is_refused_in_one_line(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        check_text(text, name="article 'x'")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("text", ["Gao", "٣ قتلى", "三人死亡", "—", "+"])
def test_any_visible_letter_digit_punctuation_or_symbol_is_enough(text: str) -> None:
    assert check_text(text) == text


def test_control_characters_are_counted_as_the_pattern_counts_them() -> None:
    """check_text counts controls at C speed (UTF-8 bytes); it must count what _CONTROL_CHARS finds."""
    import random

    from summarizer.article import _CONTROL_CHARS, _count_controls

    alphabet = [chr(c) for c in range(0x00, 0x80)] + ["é", "’", "\u0643", "\U0001f600", "\x85", "\u2028", "\udc80"]
    rng = random.Random(25)
    for _ in range(5000):
        sample = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        assert _count_controls(sample) == len(_CONTROL_CHARS.findall(sample)), repr(sample)
