"""Claimants from attribution phrases; dates from datelines, weekdays and month phrases."""

from __future__ import annotations

import datetime as dt

from summarizer.article import Article, ArticleMeta
from summarizer.baseline import date_inferred, extract
from summarizer.schemas.incident import DatePrecision, Outcome, SourceKind


def _rec(text: str, published: dt.date | None = None):  # type: ignore[no-untyped-def]
    return extract(Article(text=text, meta=ArticleMeta(published=published)))


def test_according_to_names_the_claimant() -> None:
    rec = _rec("Three civilians were killed in a bomb blast at a market, according to witnesses.")
    [f] = rec.casualty_figures
    assert (f.count.value, f.outcome, f.party) == (3, Outcome.killed, "civilians")
    assert f.claimant.name == "witnesses"
    assert f.claimant.kind is SourceKind.witness


def test_subject_of_said_is_the_claimant() -> None:
    rec = _rec("Police said two officers were wounded when gunmen opened fire on a checkpoint.")
    [f] = rec.casualty_figures
    assert f.claimant.name == "Police"
    assert f.claimant.kind is SourceKind.police
    assert f.outcome is Outcome.wounded


def test_trailing_said_clause_attributes_the_figure_before_it() -> None:
    rec = _rec("Gunmen killed at least five villagers in an overnight raid, a military spokesman said.")
    [f] = rec.casualty_figures
    assert f.claimant.name == "military spokesman"
    assert f.claimant.kind is SourceKind.military


def test_statement_with_its_author() -> None:
    rec = _rec("In a statement, the army said it had killed 12 militants in an air strike on Monday.")
    [f] = rec.casualty_figures
    assert f.claimant.name == "army"
    assert (f.count.value, f.party) == (12, "militants")


def test_unattributed_figure_is_the_outlets_own(  ) -> None:
    rec = extract(Article(text="A car bomb killed four soldiers in the capital.", meta=ArticleMeta(outlet="Example News")))
    [f] = rec.casualty_figures
    assert f.claimant.kind is SourceKind.outlet
    assert f.claimant.name == "Example News"


def test_weekday_resolves_against_the_publication_date() -> None:
    # 2023-01-12 is a Thursday: the Sunday before is 2023-01-08.
    rec = _rec("Gunmen ambushed a convoy on Sunday, killing six soldiers.", dt.date(2023, 1, 12))
    assert rec.incidents[0].date.start == dt.date(2023, 1, 8)
    assert rec.incidents[0].date.precision is DatePrecision.day
    assert rec.incidents[0].date.year_inferred is False


def test_without_publication_date_weekday_and_latest_year_fix_the_year() -> None:
    # March 5 fell on a Monday in 2018 (the year cited) and on a Tuesday in 2019.
    article = Article(text="On Tuesday, March 5, gunmen ambushed a police convoy, killing nine policemen. "
                           "A similar ambush happened in 2018.")
    rec = extract(article)
    assert rec.incidents[0].date.start == dt.date(2019, 3, 5)
    assert rec.incidents[0].date.year_inferred is True
    assert date_inferred(article) is True


def test_month_and_year_phrase_has_month_precision() -> None:
    rec = _rec("In March 2021, militants kidnapped 40 students from a school.")
    d = rec.incidents[0].date
    assert (d.start, d.precision) == (dt.date(2021, 3, 1), DatePrecision.month)
    assert rec.incidents[0].type.value == "kidnapping"


def test_year_is_never_taken_from_the_article_id_or_file_name() -> None:
    # the id (a file name) carries a date; only the text's own words may date the incident
    article = Article(
        text="On Tuesday, gunmen attacked a village, killing five civilians.",
        meta=ArticleMeta(id="village-attack-2023-01-10", url="https://example.org/2023/01/10/attack"),
    )
    rec = extract(article)
    assert rec.incidents[0].date.start is None
    assert rec.incidents[0].date.precision is DatePrecision.unknown
    assert rec.incidents[0].date.evidence == []


def test_weekday_resolves_against_a_country_dateline_not_to_its_date() -> None:
    # 2024-03-03 is a Sunday: "on Saturday" in a story datelined that day is 2024-03-02.
    for dateline in ("MAIDUGURI, Nigeria, March 3, 2024 - ", "MAIDUGURI, Borno State, Nigeria, March 3, 2024 - "):
        rec = extract(Article(text=dateline + "Gunmen attacked a market on Saturday, killing 12 people, police said."))
        assert [i.date.start for i in rec.incidents] == [dt.date(2024, 3, 2)]
        assert rec.incidents[0].date.evidence == ["on Saturday"]


def test_weekday_resolves_against_the_publication_date_beside_a_bare_dateline() -> None:
    rec = extract(Article(text="MAIDUGURI, Nigeria (Reuters) - Gunmen attacked a market on Saturday, killing 12 people.",
                          meta=ArticleMeta(published=dt.date(2024, 3, 3))))
    assert [i.date.start for i in rec.incidents] == [dt.date(2024, 3, 2)]
