"""What the gazetteer finds for the seed's places, exactly as the README states it, and what it flags."""

from __future__ import annotations

from typing import Any

import pytest

from summarizer.geo import Match, gazetteer

# The README's statement (section "Places on a map"), one row per seed place.
# (name, looked up as, match, gazetteer name, admin1, latitude, longitude)
README_STATEMENT = [
    ("Mali", "country", Match.corroborated, "Mali", None, None, None),
    ("Mopti", "admin1", Match.corroborated, "Mopti", "Mopti", None, None),
    ("Ségou", "admin1", Match.corroborated, "Ségou", "Ségou", None, None),
    ("Mopti", "place", Match.corroborated, "Mopti", "Mopti", 14.4843, -4.18296),
    ("Ségou", "place", Match.conflict, "Ségou", "Ségou", 13.44032, -6.25947),
    ("Tenenkou", "place", Match.corroborated, "Ténenkou", "Mopti", 14.45722, -4.9169),
    ("Macina", "place", Match.partial, "Ké-Macina", "Ségou", 13.9641, -5.35791),
    ("Koumara", "place", Match.not_found, None, None, None, None),
]


def look_up(name: str, kind: str) -> Any:
    g = gazetteer()
    if kind == "country":
        return g.country(name)
    if kind == "admin1":
        return g.region(name, country="Mali")
    return g.place(name, country="Mali", regions=("Mopti",))  # the seed's record names the Mopti region


@pytest.mark.parametrize(("name", "kind", "match", "found", "admin1", "lat", "lon"), README_STATEMENT)
def test_seed_places_match_the_readme_statement(name: str, kind: str, match: Match, found: str | None,
                                                admin1: str | None, lat: float | None, lon: float | None) -> None:
    m = look_up(name, kind)
    assert (m.match, m.gazetteer_name, m.admin1, m.latitude, m.longitude) == (match, found, admin1, lat, lon)
    assert m.certain is (match is Match.corroborated)
    assert m.admin2_code is None  # the data has no second-level codes for Mali


def test_readme_states_the_same_table() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "summarizer" / "geo" / "README.md").read_text(encoding="utf-8")
    for name, kind, match, found, _, _, _ in README_STATEMENT:
        assert f"| {name} | {kind} | {match.value} | {found or '-'} |" in readme


def test_an_ambiguous_name_is_flagged_and_never_certain() -> None:
    m = gazetteer().place("San Vicente", country="Argentina")
    assert m.match is Match.ambiguous and not m.certain
    assert m.candidates == 3 and "3 places carry this name" in (m.note or "")


def test_a_name_without_a_country_is_never_certain() -> None:
    m = gazetteer().place("Springfield", country=None)
    assert m.match is Match.ambiguous and not m.certain and m.candidates > 5


def test_a_place_in_another_region_than_the_record_says_is_a_conflict() -> None:
    m = gazetteer().place("Tenenkou", country="Mali", regions=("Ségou",))
    assert m.match is Match.conflict and not m.certain and "Mopti" in (m.note or "")


def test_a_unique_name_with_no_region_to_confirm_it_is_name_only() -> None:
    m = gazetteer().place("Tenenkou", country="Mali")
    assert m.match is Match.name_only and not m.certain and m.latitude == 14.45722


def test_accents_and_case_do_not_matter() -> None:
    assert gazetteer().place("SEGOU", country="mali").gazetteer_name == "Ségou"
