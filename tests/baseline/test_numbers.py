"""Amounts in words and digits, and their qualifiers."""

from __future__ import annotations

import pytest

from summarizer.baseline._numbers import parse_amount
from summarizer.schemas.incident import CountQualifier as Q


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("fourteen", 14),
        ("thirty-one", 31),
        ("twenty one", 21),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("two hundred and fifty", 250),
        ("1,200", 1200),
        ("14", 14),
    ],
)
def test_number_words_and_digits_read_as_exact_values(text: str, value: int) -> None:
    amount = parse_amount(text)
    assert amount is not None
    assert (amount.value, amount.qualifier) == (value, Q.exact)


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("at least twelve", 12, Q.at_least),
        ("more than 200", 200, Q.at_least),
        ("about 30", 30, Q.about),
        ("some 30", 30, Q.about),
        ("nearly forty", 40, Q.about),
        ("up to 15", 15, Q.at_most),
    ],
)
def test_qualifiers_set_the_count_qualifier(text: str, value: int, qualifier: Q) -> None:
    amount = parse_amount(text)
    assert amount is not None
    assert (amount.value, amount.qualifier) == (value, qualifier)


def test_ranges_keep_both_ends() -> None:
    for text in ("10 to 15", "between 10 and 15", "10-15"):
        amount = parse_amount(text)
        assert amount is not None, text
        assert (amount.value, amount.high, amount.qualifier) == (10, 15, Q.range)


def test_vague_amounts_have_no_value() -> None:
    dozens = parse_amount("dozens of")
    unknown = parse_amount("an unknown number of")
    assert dozens is not None and unknown is not None
    assert (dozens.value, dozens.qualifier) == (None, Q.unspecified)
    assert (unknown.value, unknown.qualifier) == (None, Q.unknown)


def test_words_that_are_not_numbers_are_refused() -> None:
    assert parse_amount("soldiers") is None
