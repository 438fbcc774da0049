"""Perpetrators with their stance, human and physical targets, weapons."""

from __future__ import annotations

from summarizer.article import Article
from summarizer.baseline import extract
from summarizer.schemas.incident import ActorKind, IncidentSummary, Stance


def _rec(text: str) -> IncidentSummary:
    return extract(Article(text=text))


def test_claimed_by_phrase_makes_a_claimed_perpetrator_and_a_claim() -> None:
    rec = _rec("A car bomb killed nine soldiers in Mogadishu on Monday, an attack claimed by al-Shabaab.")
    [org] = rec.incidents[0].perpetrator_organizations
    assert org.kind is ActorKind.non_state_armed_group
    assert [a.stance for a in org.attributions] == [Stance.claimed]
    assert rec.claims_of_responsibility and rec.claims_of_responsibility[0].claimant == org.name
    assert rec.incidents[0].location.country == "Somalia"


def test_blamed_on_is_an_allegation() -> None:
    rec = _rec("Police blamed the Taliban for a bombing that killed four people at a market in Kabul.")
    orgs = rec.incidents[0].perpetrator_organizations
    assert [o.name for o in orgs] == ["Taliban"]
    assert orgs[0].attributions[0].stance is Stance.alleged


def test_group_only_mentioned_is_at_most_a_possible_perpetrator() -> None:
    rec = _rec("Gunmen killed three farmers near a village where ISWAP is active, residents said.")
    orgs = rec.incidents[0].perpetrator_organizations
    assert all(a.stance is Stance.possible for o in orgs for a in o.attributions)
    assert [p.name for p in rec.incidents[0].perpetrator_individuals] == ["Gunmen"]


def test_members_of_a_group_are_individual_perpetrators_too() -> None:
    rec = _rec("MEMBERS OF THE FARABUNDO MARTI NATIONAL LIBERATION FRONT [FMLN] ATTACKED AN ELECTRIC POWER SUBSTATION.")
    inc = rec.incidents[0]
    assert inc.perpetrator_organizations[0].name.startswith("FARABUNDO MARTI")
    assert any(p.name.startswith("MEMBERS OF THE FARABUNDO") for p in inc.perpetrator_individuals)
    assert [t.name for t in inc.physical_targets] == ["ELECTRIC POWER SUBSTATION"]


def test_named_victim_keeps_the_title_as_description() -> None:
    rec = _rec("GUNMEN MURDERED JUDGE MARIA ELENA DIAZ PEREZ IN MEDELLIN TODAY.")
    [victim] = [h for h in rec.incidents[0].human_targets if h.description]
    assert (victim.name, victim.description) == ("MARIA ELENA DIAZ PEREZ", "JUDGE")


def test_named_victim_in_mixed_case_after_a_title() -> None:
    rec = _rec("Gunmen shot dead Mayor Juan Carlos Ortega outside the town hall of Tumaco.")
    names = {(h.name, h.description) for h in rec.incidents[0].human_targets}
    assert ("Juan Carlos Ortega", "Mayor") in names


def test_coordinated_targets_are_each_listed() -> None:
    rec = _rec("Guerrillas attacked the police station, the mayor's office and a bank in the town of Yali.")
    assert [t.name for t in rec.incidents[0].physical_targets] == ["police station", "mayor's office", "bank"]


def test_weapons_keep_naming_modifiers_but_not_counts() -> None:
    rec = _rec("Rebels attacked the base with three homemade bombs and AK-47 rifles, killing two soldiers.")
    names = {w.name for w in rec.incidents[0].weapons}
    assert "homemade bombs" in names
    assert not any(n.startswith("three") for n in names)


def test_seized_weapons_are_not_incident_weapons() -> None:
    rec = _rec("Troops clashed with rebels, killing four. The army said it seized rifles and grenades.")
    assert rec.incidents and rec.incidents[0].weapons == []


def test_headline_figure_in_the_outlets_voice_folds_into_the_attributed_one() -> None:
    rec = _rec("5 soldiers killed in ambush\n\nFive Nigerien soldiers were killed in an ambush on Sunday, the army said.")
    killed = [f for f in rec.casualty_figures if f.count.value == 5]
    assert len(killed) == 1
    assert killed[0].claimant.name == "army"
    assert len(killed[0].evidence) == 2


def test_strong_sentences_days_apart_are_separate_incidents() -> None:
    rec = _rec(
        "On 15 April 2013 two bombs exploded near the finish line, killing three people. "
        "On 19 April 2013 police killed one of the suspects in a gunfight."
    )
    assert [str(i.date.start) for i in rec.incidents] == ["2013-04-15", "2013-04-19"]
    assert [i.type.value for i in rec.incidents] == ["bombing", "armed_clash"]


def test_named_perpetrator_after_a_role_word() -> None:
    rec = _rec("Police said suicide bomber Salman Abedi detonated a device at the arena, killing 22 people.")
    names = {(p.name, p.attributions[0].stance) for p in rec.incidents[0].perpetrator_individuals}
    assert ("Salman Abedi", Stance.stated) in names
