"""One test per GUIDELINES rule (evals/GUIDELINES.md "Rules") the baseline follows, named for its id.

Texts are made up from the general pattern each rule names, not copied from dev articles."""

from __future__ import annotations

import datetime as dt

from summarizer.article import Article, ArticleMeta
from summarizer.baseline import extract
from summarizer.schemas.incident import (
    ActorKind,
    CountQualifier,
    DatePrecision,
    IncidentSummary,
    SourceKind,
    Stance,
)


def _rec(text: str, *, published: dt.date | None = None, outlet: str | None = None) -> IncidentSummary:
    return extract(Article(text=text, meta=ArticleMeta(published=published, outlet=outlet)))


def test_r_date_1_weekday_resolves_against_the_publication_date() -> None:
    # 2021-06-10 is a Thursday: "on Tuesday" is 2021-06-08, never the publication date itself
    rec = _rec("Gunmen ambushed a bus on Tuesday near Kano, killing seven passengers.", published=dt.date(2021, 6, 10))
    d = rec.incidents[0].date
    assert (d.start, d.precision, d.year_inferred) == (dt.date(2021, 6, 8), DatePrecision.day, False)


def test_r_date_2_day_and_month_with_no_weekday_and_no_anchor_stay_partial() -> None:
    # the year 2015 dates something else: with no weekday nothing picks the attack's year
    rec = _rec("On June 14, gunmen attacked a police station in Gao, killing three policemen. "
               "The town was retaken from rebels in 2015.")
    d = rec.incidents[0].date
    assert (d.start, d.partial, d.precision, d.year_inferred) == (None, "--06-14", DatePrecision.day, True)
    assert d.evidence == ["June 14"]


def test_r_date_2_a_weekday_still_picks_the_year_nearest_the_latest_cited() -> None:
    # 14 June fell on a Tuesday in 2016, the year nearest 2015 where it does
    rec = _rec("On Tuesday, June 14, gunmen attacked a police station in Gao, killing three policemen. "
               "The town was retaken from rebels in 2015.")
    d = rec.incidents[0].date
    assert (d.start, d.partial, d.year_inferred) == (dt.date(2016, 6, 14), None, True)


def test_r_date_3_a_bare_month_in_an_undated_piece_is_partial() -> None:
    rec = _rec("In April, a car bomb exploded outside a hotel in Mogadishu, killing nine people. "
               "Al-Shabaab has carried out many attacks since 2010.")
    d = rec.incidents[0].date
    assert (d.start, d.partial, d.precision, d.year_inferred) == (None, "--04", DatePrecision.month, True)


def test_r_date_3_a_bare_month_takes_the_publication_year() -> None:
    rec = _rec("In April, a car bomb exploded outside a hotel in Mogadishu, killing nine people.",
               published=dt.date(2019, 7, 2))
    d = rec.incidents[0].date
    assert (d.start, d.partial, d.precision, d.year_inferred) == (dt.date(2019, 4, 1), None, DatePrecision.month, False)


def test_r_date_4_a_weekday_resolved_against_a_date_the_text_writes_with_its_year_is_not_inferred() -> None:
    # 3 May 2011 is a Tuesday; the Sunday before it is 1 May, its year written by the text
    rec = _rec("A bomb exploded outside a cafe in Oslo on Sunday, killing four people. "
               "The city council met on 3 May 2011 to discuss security.")
    d = rec.incidents[0].date
    assert (d.start, d.year_inferred) == (dt.date(2011, 5, 1), False)


def test_r_act_4_a_lone_attacker_with_no_group_is_an_individual() -> None:
    rec = _rec("A gunman shot dead three shoppers at a market in Leeds on Friday, police said.", published=dt.date(2020, 2, 3))
    [lone] = rec.incidents[0].perpetrator_individuals
    assert lone.kind is ActorKind.individual


def test_r_act_4_a_plural_description_is_not_an_individual() -> None:
    rec = _rec("Gunmen stormed a village in Zamfara on Friday, killing 12 farmers, police said.", published=dt.date(2020, 2, 3))
    kinds = {a.name: a.kind for a in rec.incidents[0].perpetrator_individuals}
    assert kinds and ActorKind.individual not in kinds.values()


def test_r_src_2_an_elected_official_is_a_politician_source() -> None:
    rec = _rec("A bomb killed five people at a bus station in Quetta on Monday, a provincial lawmaker said.",
               published=dt.date(2020, 2, 4))
    kinds = {s.kind for s in rec.sources}
    assert SourceKind.politician in kinds
    assert rec.casualty_figures[0].claimant.kind is SourceKind.politician


def test_r_fig_2_an_unattributed_figure_is_the_outlet_named_from_metadata() -> None:
    text = "A suicide bomber killed 14 worshippers at a mosque in Kabul on Friday."
    [named] = _rec(text, published=dt.date(2020, 2, 9), outlet="Daily Post").casualty_figures
    assert (named.claimant.name, named.claimant.kind) == ("Daily Post", SourceKind.outlet)
    [bare] = _rec(text, published=dt.date(2020, 2, 9)).casualty_figures
    assert (bare.claimant.name, bare.claimant.kind) == ("the article", SourceKind.outlet)


def test_r_fig_5_no_casualties_is_a_zero_figure() -> None:
    rec = _rec("Rebels fired mortars at an army base in Goma on Monday. There were no military casualties, "
               "the army said.", published=dt.date(2020, 3, 3))
    [zero] = [f for f in rec.casualty_figures if f.count.value == 0]
    assert (zero.count.qualifier, zero.count.text, zero.party_kind) == (CountQualifier.exact, "no", ActorKind.state_force)
    assert zero.claimant.kind is SourceKind.military


def test_r_fig_5_no_one_was_hurt_is_a_zero_figure() -> None:
    rec = _rec("A bomb exploded outside a bank in Lima on Monday. No one was hurt, police said.", published=dt.date(2020, 3, 3))
    [zero] = rec.casualty_figures
    assert (zero.count.value, zero.count.qualifier, zero.count.text) == (0, CountQualifier.exact, "No one")


def test_r_fig_5_a_real_count_is_not_taken_for_zero() -> None:
    rec = _rec("No other details were given. Police said 12 people were killed in the market attack in Gao.",
               published=dt.date(2020, 3, 3))
    assert [f.count.value for f in rec.casualty_figures] == [12]


def test_r_stance_2_a_cited_source_naming_the_attackers_is_stated_by_that_source() -> None:
    rec = _rec("Police said Boko Haram fighters attacked the village of Dalori on Sunday, killing 20 villagers.",
               published=dt.date(2020, 3, 3))
    [org] = rec.incidents[0].perpetrator_organizations
    [att] = org.attributions
    assert (att.stance, att.by_kind) == (Stance.stated, SourceKind.police)
    assert att.by is not None and att.by.lower() == "police"


def test_r_act_4_people_counted_as_hit_are_civilians() -> None:
    # GUIDELINES section 4 kinds: civilians (people, protesters, students, ...)
    rec = _rec("A car bomb killed 14 people in a market in Kirkuk on Monday. Another 30 were injured.",
               published=dt.date(2020, 3, 3))
    killed = next(f for f in rec.casualty_figures if f.count.value == 14)
    assert (killed.party, killed.party_kind) == ("people", ActorKind.civilians)


def test_r_act_4_a_two_word_head_decides_the_party_kind() -> None:
    # 'members' says nothing; 'service members' are a state force
    rec = _rec("A suicide bomber killed six U.S. service members near Bagram on Monday.", published=dt.date(2020, 3, 3))
    [f] = [f for f in rec.casualty_figures if f.count.value == 6]
    assert f.party_kind is ActorKind.state_force


def test_r_act_3_a_group_naming_the_attackers_is_a_stated_perpetrator() -> None:
    rec = _rec("Al-Shabaab gunmen and suicide bombers stormed a hotel in Kismayo on Friday, killing 26 people.",
               published=dt.date(2019, 7, 14))
    [org] = rec.incidents[0].perpetrator_organizations
    assert org.name == "Al-Shabaab"
    assert [(a.stance, a.by, a.by_kind) for a in org.attributions] == [(Stance.stated, None, SourceKind.outlet)]


def test_r_act_3_a_group_whose_fighters_are_hit_by_others_stays_possible() -> None:
    rec = _rec("Al-Shabaab fighters were killed by an airstrike near Kismayo on Friday, killing 26 people.",
               published=dt.date(2019, 7, 14))
    stances = {a.stance for o in rec.incidents[0].perpetrator_organizations for a in o.attributions}
    assert Stance.stated not in stances


def test_r_src_1_a_present_tense_say_cites_its_source() -> None:
    rec = _rec("Police say two brothers planted the bombs that killed three people at the finish line in Boston.",
               published=dt.date(2014, 7, 21))
    assert [(s.name, s.kind) for s in rec.sources] == [("Police", SourceKind.police)]


def test_r_src_1_a_heading_glued_to_the_next_sentence_is_not_part_of_the_source_name() -> None:
    rec = _rec("A bomb killed four people at a bus stop in Kano on Monday.Security reviewA senior party official "
               "said the attack was planned for weeks.", published=dt.date(2020, 3, 3))
    names = [s.name for s in rec.sources]
    assert names and all("review" not in n.lower() for n in names)


def test_r_src_2_prosecutors_are_government() -> None:
    rec = _rec("Prosecutors said the defendant bombed a market in Kano on Monday, killing four people.",
               published=dt.date(2020, 3, 3))
    assert [(s.name, s.kind) for s in rec.sources] == [("Prosecutors", SourceKind.government)]


def test_r_fig_2_a_source_cited_inside_a_subordinate_clause_does_not_claim_the_figure() -> None:
    rec = _rec("He rented the truck on April 17, when prosecutors say he arrived in town, and the bomb went off "
               "on April 19, 1995, killing 168 people.")
    [f] = rec.casualty_figures
    assert (f.count.value, f.claimant.name, f.claimant.kind) == (168, "the article", SourceKind.outlet)
