"""The key parser, checked against texts whose keys were read by hand (evals/datasets/muc4-dev/raw)."""

from __future__ import annotations

import pytest
from muc4_paths import KEYS

from summarizer.errors import DatasetError
from summarizer.evals.muc4.keys import KeyTemplate, parse_filler, parse_keys, read_keys


@pytest.fixture(scope="module")
def keys() -> dict[str, list[KeyTemplate]]:
    return read_keys(*KEYS)


def test_all_200_messages_and_275_templates_are_read(keys: dict[str, list[KeyTemplate]]) -> None:
    # 100 messages per key file; 84 all-"*" templates + 191 relevant ones (grep "MESSAGE: TEMPLATE").
    assert len(keys) == 200
    assert sum(len(ts) for ts in keys.values()) == 275
    assert sum(t.irrelevant for ts in keys.values() for t in ts) == 84
    assert sum(t.optional for ts in keys.values() for t in ts) == 31


def test_alternatives_are_split_at_slashes_and_unescaped() -> None:
    f = parse_filler('"\\"SANTO TOMAS\\" PRESIDENTIAL FARM" / "PRESIDENTIAL FARM"', slot=12)
    assert f.values == ('"SANTO TOMAS" PRESIDENTIAL FARM', "PRESIDENTIAL FARM")
    assert f.quoted and not f.optional and f.ref == ()


def test_set_fill_alternatives_with_a_cross_reference() -> None:
    f = parse_filler(
        'REPORTED AS FACT / CLAIMED OR ADMITTED: "GUATEMALAN NATIONAL REVOLUTIONARY UNITY" / "URNG"',
        slot=11,
    )
    assert f.values == ("REPORTED AS FACT", "CLAIMED OR ADMITTED")
    assert not f.quoted
    assert f.ref == ("GUATEMALAN NATIONAL REVOLUTIONARY UNITY", "URNG")


def test_question_mark_makes_a_filler_optional_with_or_without_a_space() -> None:
    assert parse_filler('? "TERRORIST"').optional
    assert parse_filler('?"EXPLOSIVES"', slot=6).values == ("EXPLOSIVES",)
    assert parse_filler('?"EXPLOSIVES"', slot=6).optional


def test_location_and_date_keep_colons_and_split_only_parenthesized_alternatives() -> None:
    assert parse_filler("GUATEMALA: PETEN (DEPARTMENT): FLORES (CITY)", slot=3).values == (
        "GUATEMALA: PETEN (DEPARTMENT): FLORES (CITY)",
    )
    assert parse_filler("COLOMBIA: URABA (REGION / CITY)", slot=3).values == (
        "COLOMBIA: URABA (REGION / CITY)",
    )
    assert parse_filler("(08 MAR 90) / (07 MAR 90 - 08 MAR 90)", slot=2).values == (
        "08 MAR 90",
        "07 MAR 90 - 08 MAR 90",
    )


def test_tst1_0001_five_templates_with_their_fillers(keys: dict[str, list[KeyTemplate]]) -> None:
    ts = keys["TST1-MUC3-0001"]
    assert [t.number for t in ts] == [1, 3, 4, 5, 6]
    first = ts[0]
    assert [f.values for f in first.fillers(9)] == [("GUERRILLA COLUMN", "GUERRILLAS")]
    assert [len(f.values) for f in first.fillers(12)] == [2]
    assert [f.values for f in first.fillers(19)] == [("PRESIDENT",), ("CIVILIAN",)]
    assert first.fillers(19)[0].ref == ("CEREZO",)
    assert [(f.values, f.ref) for f in first.fillers(23)] == [
        (("NO INJURY",), ("CEREZO",)),
        (("DEATH",), ("CIVILIAN",)),
    ]
    assert first.slots[6].null and ts[1].slots[6].inapplicable
    assert first.comments == ["gk deleted murder 2 (redundant with 1)"]


def test_tst1_0004_weapons_have_three_fillers_of_3_4_and_6_alternatives(
    keys: dict[str, list[KeyTemplate]],
) -> None:
    (t,) = keys["TST1-MUC3-0004"]
    assert [len(f.values) for f in t.fillers(6)] == [3, 4, 6]
    assert [f.values for f in t.fillers(9)] == [("MAN",), ("WOMAN",)]
    assert [f.values[0] for f in t.fillers(7)] == ["ROCKET", "DYNAMITE", "GRENADE"]


def test_tst1_0003_is_irrelevant(keys: dict[str, list[KeyTemplate]]) -> None:
    (t,) = keys["TST1-MUC3-0003"]
    assert t.irrelevant and t.number is None
    assert all(s.inapplicable for n, s in t.slots.items() if n > 0)


def test_tst1_0022_optional_template(keys: dict[str, list[KeyTemplate]]) -> None:
    (t,) = keys["TST1-MUC3-0022"]
    assert t.optional and t.number == 1
    assert t.fillers(8)[0].optional
    assert [f.values for f in t.fillers(9)] == [("SECURITY FORCES",), ("DEATH SQUADS",)]


def test_tst2_0026_optional_fillers_and_confidences(keys: dict[str, list[KeyTemplate]]) -> None:
    t = keys["TST2-MUC4-0026"][0]
    assert [f.optional for f in t.fillers(9)] == [False, False, False, True, True, True]
    assert [f.optional for f in t.fillers(10)] == [False, True, True]
    assert t.fillers(10)[0].values == ("THE EXTRADITABLES", "EXTRADITABLES", "MEDELLIN CARTEL")
    assert t.fillers(11)[1].values == ("POSSIBLE", "SUSPECTED OR ACCUSED BY AUTHORITIES")
    assert t.fillers(19)[0].ref == ("CARLOS PIZARRO",) and len(t.fillers(19)[0].values) == 5
    assert t.fillers(3)[0].values == ("COLOMBIA: BARRANQUILLA (CITY)", "COLOMBIA")


def test_a_wrong_slot_name_is_refused_with_its_line() -> None:
    with pytest.raises(DatasetError, match=r"<keys>:2: slot 1 is named"):
        parse_keys("0.  MESSAGE: ID                     X-MUC3-0001\n1.  MESSAGE: TEMPLATEX  1\n")


def test_a_template_missing_slots_is_refused() -> None:
    with pytest.raises(DatasetError, match="lacks slots"):
        parse_keys(
            "0.  MESSAGE: ID                     X-MUC3-0001\n1.  MESSAGE: TEMPLATE               1\n"
        )
