"""Named victims and individual perpetrators from general patterns (apposition, titles, 'the murder of X')."""

from __future__ import annotations

from summarizer.article import Article
from summarizer.baseline import extract


def _one(text: str, task: str = "incident"):  # type: ignore[no-untyped-def]
    rec = extract(Article(text=text), task=task)
    assert len(rec.incidents) == 1
    return rec.incidents[0]


def test_a_title_apposition_gives_a_named_victim_its_role() -> None:
    inc = _one("SANTIAGO, 6 SEP 89 (RADIO) -- [TEXT] GUNMEN SHOT DEAD JECAR NEGHME, SPOKESMAN OF THE MIR, "
               "ON A STREET IN SANTIAGO YESTERDAY.")
    victims = {h.name: h.description for h in inc.human_targets}
    assert victims.get("JECAR NEGHME") == "SPOKESMAN OF THE MIR"


def test_a_named_victim_in_a_reaction_sentence_joins_the_incident() -> None:
    inc = _one("Gunmen ambushed a car on the road to Medellin on Tuesday, killing its driver, police said. "
               "The president condemned the murder of judge Carlos Valencia, who was in the car.")
    assert {h.name: h.description for h in inc.human_targets}.get("Carlos Valencia") == "judge"


def test_described_perpetrators_are_individuals_in_the_muc4_task() -> None:
    text = ("BOGOTA, 3 MAR 90 (RADIO) -- [TEXT] THREE HEAVILY ARMED MEN KIDNAPPED SENATOR FEDERICO ESTRADA "
            "VELEZ IN BOGOTA YESTERDAY, POLICE SAID.")
    assert [p.name for p in _one(text, "muc4").perpetrator_individuals] == ["THREE HEAVILY ARMED MEN"]


def test_people_who_are_hit_are_not_described_perpetrators() -> None:
    text = ("BOGOTA, 3 MAR 90 (RADIO) -- [TEXT] A CAR BOMB EXPLODED OUTSIDE A BANK IN BOGOTA YESTERDAY. "
            "POLICE SAID TWO GUERRILLAS WERE KILLED WHEN THE BOMB WENT OFF EARLY.")
    assert _one(text, "muc4").perpetrator_individuals == []


def test_a_group_of_people_from_an_organization_names_the_people() -> None:
    text = ("LA PAZ, 25 MAY 89 (DPA) -- [TEXT] TWO MISSIONARIES WERE SHOT TO DEATH LAST NIGHT BY A GROUP OF "
            "TERRORISTS FROM THE ZARATE WILKA ARMED FORCES OF LIBERATION.")
    inc = _one(text)
    assert [p.name for p in inc.perpetrator_individuals] == ["GROUP OF TERRORISTS"]
    assert [p.name for p in inc.perpetrator_organizations] == ["ZARATE WILKA ARMED FORCES OF LIBERATION"]


def test_a_dash_apposition_or_kinship_gives_the_role() -> None:
    inc = _one("BOGOTA, 3 MAR 90 (RADIO) -- [TEXT] UNIDENTIFIED ASSAILANTS KIDNAPPED NORBERTO RODRIGUEZ -- BROTHER "
               "OF THE FIRST LADY -- IN NORTHERN COLOMBIA YESTERDAY.")
    assert {h.name: h.description for h in inc.human_targets}.get("NORBERTO RODRIGUEZ") == "BROTHER OF THE FIRST LADY"


def test_a_role_given_at_another_mention_of_the_name() -> None:
    inc = _one("Gunmen shot dead Jaime Pardo Leal in Bogota on Sunday, police said. "
               "Jaime Pardo Leal was the founder of the Patriotic Union.")
    roles = {h.name: h.description for h in inc.human_targets}
    assert roles.get("Jaime Pardo Leal") == "founder of the Patriotic Union"
    inc = _one("Gunmen killed presidential candidate\nBernardo Jaramillo Ossa on Sunday, police said. "
               "The murder of Bernardo Jaramillo Ossa shocked the country.")
    assert {h.name: h.description for h in inc.human_targets}.get("Bernardo Jaramillo Ossa") == "candidate"


def test_men_wearing_uniforms_are_described_perpetrators_in_the_muc4_task() -> None:
    text = ("SAN SALVADOR, 16 NOV 89 (RADIO) -- [TEXT] THE PRIESTS WERE MURDERED AT DAWN TODAY IN SAN SALVADOR "
            "BY MEN WEARING MILITARY UNIFORMS, A CHURCH SPOKESMAN SAID.")
    assert "MEN" in [p.name for p in _one(text, "muc4").perpetrator_individuals]


def test_a_state_force_accused_of_a_killing_is_an_alleged_perpetrator() -> None:
    inc = _one("SAN SALVADOR, 8 JAN 90 (RADIO) -- [TEXT] THE GOVERNMENT REPORTED THAT ARMED FORCES ELEMENTS ARE "
               "RESPONSIBLE FOR THE KILLING OF SIX PRIESTS IN SAN SALVADOR ON 16 NOVEMBER.")
    orgs = {p.name: [a.stance.value for a in p.attributions] for p in inc.perpetrator_organizations}
    assert orgs.get("ARMED FORCES") == ["alleged"]


def test_blaming_a_state_force_for_something_not_violent_makes_no_perpetrator() -> None:
    text = ("A bomb exploded in a market in Omagh on Saturday, killing 29 people, police said. "
            "The group tried to blame the security forces for failing to act on warnings.")
    inc = _one(text)
    assert "security forces" not in [p.name for p in inc.perpetrator_organizations]


def test_a_target_named_in_a_sentence_of_no_incident_joins_the_incident() -> None:
    inc = _one("BOGOTA, 30 AUG 89 (RADIO) -- [TEXT] TERRORISTS ATTACKED A POLICE PATROL IN MEDELLIN LAST NIGHT, "
               "KILLING TWO POLICEMEN, POLICE SAID. THE TARGET WAS THE ANTIOQUIA LIQUEUR PLANT, POLICE ADDED.")
    assert "ANTIOQUIA LIQUEUR PLANT" in [t.name for t in inc.physical_targets]


def test_victims_identified_by_name_after_the_report() -> None:
    inc = _one("MEDELLIN, 3 MAR 90 (RADIO) -- [TEXT] TWO TEACHERS WERE KIDNAPPED BY GUERRILLAS IN MEDELLIN YESTERDAY. "
               "THE VICTIMS WERE IDENTIFIED AS DAVID LECKY, DIRECTOR OF THE COLUMBUS SCHOOL, AND JAMES ARTHUR.", "muc4")
    roles = {h.name: h.description for h in inc.human_targets}
    assert roles.get("DAVID LECKY") == "DIRECTOR OF THE COLUMBUS SCHOOL"
    assert "JAMES ARTHUR" in roles


def test_a_name_between_commas_after_its_role_is_the_victim() -> None:
    inc = _one("BOGOTA, 6 SEP 89 (AFP) -- [TEXT] THE POLICE REPORTED TODAY THAT THE DISTRICT POLICE COMMANDER'S WIFE, "
               "STELA TORRADO DE OTALORA, WAS KILLED ON MONDAY BY GUNMEN.")
    assert {h.name: h.description for h in inc.human_targets}.get("STELA TORRADO DE OTALORA") == "DISTRICT POLICE COMMANDER'S WIFE"


def test_a_victim_is_named_by_the_longest_form_the_article_writes() -> None:
    inc = _one("Jaime Pardo Leal, the founder of the Patriotic Union, addressed a rally in Bogota on Saturday. "
               "Gunmen shot dead Pardo Leal on Sunday as he drove home, police said.")
    target = next(h for h in inc.human_targets if "Pardo Leal" in h.name)
    assert target.name == "Jaime Pardo Leal"
    assert "Pardo Leal" in target.aliases
    assert any("Jaime Pardo Leal" in q for q in target.evidence)


def test_a_second_group_in_an_alternative_shares_the_first_ones_stance() -> None:
    inc = _one("LIMA, 3 MAR 90 (RADIO) -- [TEXT] TWO BOMBS EXPLODED AT THE SOVIET EMBASSY IN LIMA LAST NIGHT. POLICE SAID "
               "THE ATTACKS COULD HAVE BEEN CARRIED OUT BY THE MAOIST \"SHINING PATH\" GROUP OR THE GUEVARIST "
               "\"TUPAC AMARU REVOLUTIONARY MOVEMENT\" (MRTA) GROUP.")
    assert {p.name for p in inc.perpetrator_organizations} == {"SHINING PATH", "TUPAC AMARU REVOLUTIONARY MOVEMENT"}


def test_a_sign_left_at_the_scene_makes_a_possible_perpetrator() -> None:
    inc = _one("SANTIAGO, 3 MAR 90 (RADIO) -- [TEXT] A BOMB DAMAGED THE SALVADORAN CONSULATE IN SANTIAGO LAST NIGHT. "
               "A FLAG FROM THE MANUEL RODRIGUEZ PATRIOTIC FRONT (FPMR) WAS FOUND AT THE SCENE OF THE EXPLOSION.")
    orgs = {p.name: [a.stance.value for a in p.attributions] for p in inc.perpetrator_organizations}
    assert orgs == {"MANUEL RODRIGUEZ PATRIOTIC FRONT": ["possible"]}


def test_bracketed_titles_and_coordinated_victims_after_a_cue() -> None:
    inc = _one("SAN SALVADOR, 3 MAR 90 (RADIO) -- [TEXT] GUNMEN CARRIED OUT THE ATTACK AGAINST [PRESIDENCY MINISTER] "
               "ANTONIO RODRIGUEZ PORTH AND EDGAR CHACON [DIRECTOR OF THE INSTITUTE] YESTERDAY.")
    assert {h.name: h.description for h in inc.human_targets} == {
        "ANTONIO RODRIGUEZ PORTH": "PRESIDENCY MINISTER", "EDGAR CHACON": "DIRECTOR OF THE INSTITUTE"}


def test_a_part_of_a_thing_hit_names_the_thing() -> None:
    inc = _one("BOGOTA, 3 MAR 90 (RADIO) -- [TEXT] A CAR BOMB EXPLODED ON THE ROOF OF THE ARMORED VEHICLE OF THE "
               "ATTORNEY GENERAL IN BOGOTA YESTERDAY. TERRORISTS ALSO BOMBED VARIOUS GOVERNMENT BANK BRANCHES.")
    names = [t.name for t in inc.physical_targets]
    assert not any(n.startswith(("ROOF", "VARIOUS")) for n in names)
    assert any(n.startswith("ARMORED VEHICLE") for n in names)
