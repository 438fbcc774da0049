"""The role-filler view of the raw keys reproduces GRIT's and GTT's processed dev files, all 200 texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from muc4_paths import DATASET, KEYS

from summarizer.evals.muc4.formats import load_grit, load_gtt, read_documents
from summarizer.evals.muc4.keys import KeyTemplate, read_keys
from summarizer.evals.muc4.roles import grit_doctext, grit_extracts, gtt_templates
from summarizer.evals.muc4.texts import Message, read_messages

LIT = DATASET / "literature"


@pytest.fixture(scope="module")
def messages(texts_file: Path) -> dict[str, Message]:
    return {m.id: m for m in read_messages(texts_file)}


@pytest.fixture(scope="module")
def keys() -> dict[str, list[KeyTemplate]]:
    return read_keys(*KEYS)


def test_doctext_equals_the_literature_doctext_for_all_200(messages: dict[str, Message]) -> None:
    docs = read_documents(LIT / "grit-dev.jsonl")
    assert len(docs) == 200
    differing = [d for d, doc in docs.items() if grit_doctext(messages[d].text) != doc["doctext"]]
    assert differing == []


def test_grit_extracts_equal_grit_dev_for_all_200(
    messages: dict[str, Message], keys: dict[str, list[KeyTemplate]]
) -> None:
    grit = load_grit(LIT / "grit-dev.jsonl")
    differing = [
        d for d in grit if grit_extracts(keys[d], grit_doctext(messages[d].text)) != grit[d]
    ]
    assert len(grit) == 200 and differing == []


def test_gtt_templates_equal_gtt_dev_for_all_200(
    messages: dict[str, Message], keys: dict[str, list[KeyTemplate]]
) -> None:
    gtt = load_gtt(LIT / "gtt-dev.jsonl")
    differing = [d for d in gtt if gtt_templates(keys[d], grit_doctext(messages[d].text)) != gtt[d]]
    assert len(gtt) == 200 and differing == []


def test_grit_drops_an_entity_that_is_a_subset_or_superset_of_one_kept(
    messages: dict[str, Message], keys: dict[str, list[KeyTemplate]]
) -> None:
    # TST1-MUC3-0073: 7 bombing templates; "BOMB"/"BOMB ATTACKS" comes first, "INCENDIARY BOMBS"/.../"BOMB ATTACKS"
    # (a superset) and "BOMB" (a subset) are dropped, as in grit-dev.jsonl.
    extracts = grit_extracts(keys["TST1-MUC3-0073"], grit_doctext(messages["TST1-MUC3-0073"].text))
    assert [[m for m, _ in e] for e in extracts["Weapon"]] == [["bomb", "bomb attacks"]]


def test_victim_holds_names_only(
    messages: dict[str, Message], keys: dict[str, list[KeyTemplate]]
) -> None:
    # TST1-MUC3-0001 has HUM TGT: NAME "CEREZO" and descriptions "PRESIDENT", "CIVILIAN", "PEASANT".
    extracts = grit_extracts(keys["TST1-MUC3-0001"], grit_doctext(messages["TST1-MUC3-0001"].text))
    assert extracts["Victim"] == [[("cerezo", 139)]]


def test_a_mention_not_in_the_doctext_is_dropped(
    messages: dict[str, Message], keys: dict[str, list[KeyTemplate]]
) -> None:
    # The key's "... FRONT [FMLN]" does not occur once brackets become parentheses in doctext.
    (t,) = keys["TST1-MUC3-0002"]
    assert len(t.fillers(9)[0].values) == 2
    extracts = grit_extracts(keys["TST1-MUC3-0002"], grit_doctext(messages["TST1-MUC3-0002"].text))
    assert extracts["PerpInd"] == [
        [("members of the farabundo marti national liberation front", 83)]
    ]
