"""The `muc4` task keeps only incidents MUC-4 counts as relevant; other tasks keep every incident."""

from __future__ import annotations

from summarizer import summarize
from summarizer.article import Article
from summarizer.baseline import extract
from summarizer.schemas.incident import IncidentSummary

CLASH = ("SAN SALVADOR, 3 MAR 90 (RADIO) -- [TEXT] FMLN GUERRILLAS CLASHED WITH ARMY TROOPS IN SAN MIGUEL "
         "DEPARTMENT YESTERDAY. THE ARMED FORCES SAID SIX SOLDIERS WERE KILLED IN THE FIGHTING.")
ABROAD = ("MANAGUA, 3 MAR 90 (RADIO) -- [TEXT] UNIDENTIFIED MEN KIDNAPPED A NICARAGUAN BUSINESSMAN IN MANAGUA "
          "YESTERDAY, POLICE SAID.")
CIVILIANS = ("BOGOTA, 3 MAR 90 (RADIO) -- [TEXT] A CAR BOMB EXPLODED OUTSIDE A SUPERMARKET IN BOGOTA YESTERDAY, "
             "KILLING FIVE CIVILIANS, POLICE SAID.")
RECALLED = ("LIMA, 3 MAR 90 (RADIO) -- [TEXT] LET US RECALL THAT SHINING PATH GUERRILLAS BOMBED THE TOWN HALL "
            "OF AYACUCHO YEARS AGO.")


def _incidents(text: str, task: str) -> int:
    return len(extract(Article(text=text), task=task).incidents)


def test_a_clash_between_guerrillas_and_the_army_is_not_a_muc4_incident() -> None:
    assert _incidents(CLASH, "incident") == 1
    assert _incidents(CLASH, "muc4") == 0


def test_an_incident_outside_the_nine_countries_is_not_a_muc4_incident() -> None:
    assert _incidents(ABROAD, "incident") == 1
    assert _incidents(ABROAD, "muc4") == 0


def test_a_bomb_that_kills_civilians_in_colombia_is_kept() -> None:
    assert _incidents(CIVILIANS, "muc4") == 1


def test_an_incident_given_as_history_is_left_out() -> None:
    assert _incidents(RECALLED, "incident") == 1
    assert _incidents(RECALLED, "muc4") == 0


def test_figures_of_a_dropped_incident_are_not_kept() -> None:
    assert extract(Article(text=CLASH), task="incident").casualty_figures
    assert extract(Article(text=CLASH), task="muc4").casualty_figures == []


def test_summarize_passes_the_task_to_the_rules_baseline() -> None:
    muc4, incident = summarize(CLASH, task="muc4").record, summarize(CLASH).record
    assert isinstance(muc4, IncidentSummary) and isinstance(incident, IncidentSummary)
    assert muc4.incidents == [] and len(incident.incidents) == 1


def test_the_army_and_a_rebel_group_both_named_with_no_one_hit_is_a_clash() -> None:
    text = ("SAN SALVADOR, 23 NOV 89 (RADIO) -- [TEXT] THE SALVADORAN AIR FORCE BOMBED FARABUNDO MARTI NATIONAL "
            "LIBERATION FRONT POSITIONS ON THE GUAZAPA VOLCANO YESTERDAY, WHILE FMLN UNITS FIRED ROCKETS AT THE AIRCRAFT.")
    assert _incidents(text, "incident") >= 1
    assert _incidents(text, "muc4") == 0
