"""Each comparator against hand-computed expectations."""

from __future__ import annotations

from summarizer.evals.scoring.compare import (
    date_credit,
    exact_credit,
    name_credit,
    normalize_name,
    number_credit,
    text_credit,
)


def test_names_normalize_case_punctuation_articles_and_diacritics() -> None:
    assert normalize_name("The  Ségou-Region!") == "segou region"
    assert normalize_name("an army of the Sahel") == "army of sahel"


def test_name_equal_after_normalization_is_right() -> None:
    assert name_credit(["Ségou"], ["SEGOU"]) == 1.0


def test_name_matching_any_alias_is_right() -> None:
    assert name_credit(["Support Group for Islam and Muslims", "GSIM", "JNIM"], ["jnim"]) == 1.0


def test_name_that_is_a_word_subset_is_partial() -> None:
    assert name_credit(["Malian soldiers"], ["soldiers"]) == 0.5
    assert name_credit(["army"], ["the Malian army"]) == 0.5


def test_unrelated_name_is_wrong() -> None:
    assert name_credit(["Malian army"], ["JNIM"]) == 0.0


def test_exact_number_needs_equality() -> None:
    assert number_credit(14, 14, qualifier="exact") == 1.0
    assert number_credit(14, 15, qualifier="exact") == 0.0


def test_number_inside_a_gold_range_is_right() -> None:
    assert number_credit({"$range": [10, 15]}, 12) == 1.0
    assert number_credit({"$range": [10, 15]}, 16) == 0.0


def test_number_at_or_above_gold_at_least_is_right() -> None:
    assert number_credit(12, 14, qualifier="at_least") == 1.0
    assert number_credit(12, 12, qualifier="at_least") == 1.0
    assert number_credit(12, 11, qualifier="at_least") == 0.0


def test_number_at_or_below_gold_at_most_is_right() -> None:
    assert number_credit(20, 5, qualifier="at_most") == 1.0
    assert number_credit(20, 21, qualifier="at_most") == 0.0


def test_about_accepts_ten_percent_or_one() -> None:
    assert number_credit(30, 33, qualifier="about") == 1.0  # 10% of 30 = 3
    assert number_credit(30, 34, qualifier="about") == 0.0
    assert number_credit(5, 6, qualifier="about") == 1.0  # at least 1 either way


def test_gold_count_range_uses_its_high_end() -> None:
    assert number_credit(10, 13, qualifier="range", high=15) == 1.0
    assert number_credit(10, 16, qualifier="range", high=15) == 0.0


def test_dates_compare_at_the_gold_precision() -> None:
    assert date_credit("2023-01-10", "2023-01-10", precision="day") == 1.0
    assert date_credit("2023-01-10", "2023-01-11", precision="day") == 0.0
    assert date_credit("2023-01-01", "2023-01-25", precision="month") == 1.0
    assert date_credit("2023-01-01", "2023-02-01", precision="month") == 0.0
    assert date_credit("2023-01-01", "2023-11-30", precision="year") == 1.0
    assert date_credit("2023-01-10", "2022-01-10", precision="year") == 0.0


def test_date_inside_a_gold_range_is_right() -> None:
    assert date_credit("2023-01-08", "2023-01-10", precision="range", end="2023-01-12") == 1.0
    assert date_credit("2023-01-08", "2023-01-13", precision="range", end="2023-01-12") == 0.0


def test_date_alternatives() -> None:
    assert date_credit({"$any": ["2023-01-09", "2023-01-10"]}, "2023-01-10", precision="day") == 1.0


def test_closed_sets_are_exact() -> None:
    assert exact_credit("killed", "killed") == 1.0
    assert exact_credit("killed", "wounded") == 0.0
    assert exact_credit({"$any": ["bombing", "armed_clash"]}, "armed_clash") == 1.0
    assert exact_credit(False, False) == 1.0


def test_free_text_by_word_overlap() -> None:
    # articles dropped: 3 shared words of 4 and 4, F1 = 0.75 -> right
    assert text_credit("gunmen attacked the police post", "gunmen attacked a police station") == 1.0
    # 1 shared of 3 and 3: F1 = 1/3 -> partial
    assert text_credit("army convoy ambushed", "army patrol attacked") == 0.5
    assert text_credit("army convoy ambushed", "protest in capital") == 0.0
