"""Per-target numbers, effects and types resolved through cross-references (hand-read keys)."""

from __future__ import annotations

import pytest
from muc4_paths import KEYS

from summarizer.evals.muc4.keys import SLOT_NAMES, Filler, KeyTemplate, parse_keys, read_keys
from summarizer.evals.muc4.targets import dangling_references, human_targets, physical_targets


@pytest.fixture(scope="module")
def keys() -> dict[str, list[KeyTemplate]]:
    return read_keys(*KEYS)


def values(fillers: list[Filler]) -> list[tuple[str, ...]]:
    return [f.values for f in fillers]


def test_tst1_0001_human_targets_with_number_and_effect(keys: dict[str, list[KeyTemplate]]) -> None:
    cerezo, civilian = human_targets(keys["TST1-MUC3-0001"][0])
    assert (cerezo.ids, values(cerezo.description), values(cerezo.type)) == (
        ("CEREZO",),
        [("PRESIDENT",)],
        [("GOVERNMENT OFFICIAL",)],
    )
    assert (values(cerezo.number), values(cerezo.effect), cerezo.named) == (
        [("1",)],
        [("NO INJURY",)],
        True,
    )
    assert (civilian.ids, values(civilian.number), values(civilian.effect), civilian.named) == (
        ("CIVILIAN",),
        [("1",)],
        [("DEATH",)],
        False,
    )


def test_tst1_0001_physical_target_with_type_alternatives(
    keys: dict[str, list[KeyTemplate]],
) -> None:
    (facilities,) = physical_targets(keys["TST1-MUC3-0001"][1])
    assert facilities.ids == ("FACILITIES",)
    assert values(facilities.type) == [("CIVILIAN RESIDENCE", "OTHER")]
    assert (values(facilities.number), values(facilities.effect)) == (
        [("PLURAL",)],
        [("SOME DAMAGE",)],
    )


def test_tst2_0001_foreign_nation_and_plural(keys: dict[str, list[KeyTemplate]]) -> None:
    (jesuits,) = human_targets(keys["TST2-MUC4-0001"][0])
    assert (values(jesuits.number), values(jesuits.foreign_nation), values(jesuits.effect)) == (
        [("PLURAL",)],
        [("SPAIN",)],
        [("DEATH",)],
    )


def test_every_cross_reference_of_the_dev_keys_resolves(keys: dict[str, list[KeyTemplate]]) -> None:
    assert [(mid, d) for mid, ts in keys.items() for t in ts for d in dangling_references(t)] == []


def test_a_dangling_reference_is_reported() -> None:
    lines = [
        "0.  MESSAGE: ID                     X-MUC3-0001",
        "1.  MESSAGE: TEMPLATE               1",
    ]
    for n in range(2, 25):
        value = {18: '"ANA"', 23: 'DEATH: "ANNA"'}.get(n, "-")
        lines.append(f"{n}.  {SLOT_NAMES[n]}  {value}")
    (t,) = parse_keys("\n".join(lines) + "\n")
    assert dangling_references(t) == ['slot 23: DEATH: "ANNA"']
