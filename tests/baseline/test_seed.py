"""The done-when on the seed article, read with no publication date."""

from __future__ import annotations

import datetime as dt

from summarizer.article import Article, ArticleMeta
from summarizer.baseline import date_inferred, extract
from summarizer.schemas.incident import (
    CasualtyFigure,
    CountQualifier,
    IncidentSummary,
    Outcome,
    SourceKind,
)


def _figure(rec: IncidentSummary, value: int | None, outcome: Outcome) -> list[CasualtyFigure]:
    return [f for f in rec.casualty_figures if f.count.value == value and f.outcome is outcome]


def test_army_figures_are_attributed_to_the_army(seed: Article) -> None:
    rec = extract(seed)
    killed = _figure(rec, 14, Outcome.killed)
    wounded = _figure(rec, 11, Outcome.wounded)
    assert len(killed) == 1 and len(wounded) == 1
    for f in killed + wounded:
        assert "army" in f.claimant.name.lower()
        assert f.claimant.kind is SourceKind.military
        assert "soldiers" in f.party.lower()
    assert killed[0].count.text == "Fourteen"
    assert killed[0].reported_on == dt.date(2023, 1, 12)


def test_incident_date_year_is_inferred_from_weekday_and_latest_cited_year(seed: Article) -> None:
    rec = extract(seed)
    # Tuesday January 10: 2022 (the latest year cited) has it on a Monday, 2023 on a Tuesday.
    assert rec.incidents
    assert all(i.date.start == dt.date(2023, 1, 10) for i in rec.incidents)
    assert all(i.date.year_inferred for i in rec.incidents)
    assert date_inferred(seed) is True


def test_with_a_publication_date_the_year_is_not_inferred(seed_text: str) -> None:
    article = Article(text=seed_text, meta=ArticleMeta(published=dt.date(2023, 1, 12)))
    rec = extract(article)
    assert rec.incidents[0].date.start == dt.date(2023, 1, 10)
    assert rec.incidents[0].date.year_inferred is False
    assert date_inferred(article) is False


def test_vague_counts_keep_the_articles_words_without_of(seed: Article) -> None:
    rec = extract(seed)
    texts = {f.count.text for f in rec.casualty_figures if f.count.value is None}
    assert texts == {"an unknown number", "dozens"}


def test_jnim_figures_stay_separate_from_the_army_figures(seed: Article) -> None:
    rec = extract(seed)
    jnim = [f for f in rec.casualty_figures if f.claimant.kind is SourceKind.armed_group]
    assert {f.claimant.name for f in jnim} == {"JNIM"}
    wagner = [f for f in jnim if f.count.value == 5 and "wagner" in f.party.lower()]
    soldiers = [f for f in jnim if f.count.value == 7 and "soldiers" in f.party.lower()]
    assert len(wagner) == 1 and len(soldiers) == 1
    assert wagner[0].outcome is Outcome.killed
    # the army's 14 are not merged into JNIM's 7
    assert not any(f.count.value == 14 for f in jnim)


def test_anonymous_officers_give_at_least_twelve(seed: Article) -> None:
    rec = extract(seed)
    [f] = [f for f in rec.casualty_figures if f.count.value == 12]
    assert f.count.qualifier is CountQualifier.at_least
    assert f.count.text == "at least twelve"
    assert f.claimant.anonymous is True
    assert "officers" in f.claimant.name
    # 'reported the day before' the army's Thursday January 12 report
    assert f.reported_on == dt.date(2023, 1, 11)


def test_neutralized_terrorists_are_harmed_unspecified(seed: Article) -> None:
    rec = extract(seed)
    [f] = [f for f in rec.casualty_figures if f.count.value == 31]
    assert f.outcome is Outcome.harmed_unspecified
    assert f.outcome_word == "neutralized"
    assert f.party == "terrorists"
    assert "Malian army" in f.claimant.name


def test_seed_perpetrator_is_jnim_with_its_aliases_and_claim(seed: Article) -> None:
    rec = extract(seed)
    orgs = rec.incidents[0].perpetrator_organizations
    names = {n for a in orgs for n in [a.name, *a.aliases]}
    assert {"JNIM", "GSIM"} <= names
    assert rec.incidents[0].location.country == "Mali"
    assert any(c.claimant in names for c in rec.claims_of_responsibility)


def test_summary_states_it_is_the_baseline_and_is_two_to_four_sentences(seed: Article) -> None:
    summary = extract(seed).summary
    assert summary.startswith("Rules baseline")
    assert 2 <= summary.count(". ") + 1 <= 4
    assert "14" in summary
