"""Overlay layers: every quote is one element, overlapping quotes never share a layer."""

from __future__ import annotations

from summarizer.report.highlight import assign_layers, build_layers
from summarizer.report.views import Mark

TEXT = "Fourteen Malian soldiers were killed and eleven wounded on Tuesday."
#       0         1         2         3         4         5         6
#       0123456789012345678901234567890123456789012345678901234567890123456


def mark(qid: str, start: int, end: int) -> Mark:
    return Mark(qid, "f1", start, end, "exact")


def test_partly_overlapping_quotes_go_to_different_layers() -> None:
    layers = assign_layers([mark("a", 0, 36), mark("b", 9, 55)])
    assert [[m.quote_id for m in layer] for layer in layers] == [["a"], ["b"]]


def test_identical_spans_each_get_their_own_layer() -> None:
    layers = assign_layers([mark("a", 0, 36), mark("b", 0, 36), mark("c", 0, 36)])
    assert sorted(m.quote_id for layer in layers for m in layer) == ["a", "b", "c"]
    assert len(layers) == 3


def test_adjacent_and_disjoint_quotes_share_a_layer() -> None:
    layers = assign_layers([mark("a", 0, 8), mark("b", 8, 15), mark("c", 41, 55)])
    assert len(layers) == 1


def test_every_layer_spells_the_text_up_to_the_word_after_its_last_mark() -> None:
    layers, bad = build_layers(TEXT, [mark("a", 0, 36), mark("b", 9, 24), mark("c", 41, 55)])
    assert bad == []
    assert len(layers) == 2
    spelled = ["".join(s.text for s in layer.segments) for layer in layers]
    assert spelled == [TEXT[:55], TEXT[:24]]  # each stops at the space after its last mark
    marked = {s.mark.quote_id: s.text for layer in layers for s in layer.segments if s.mark}
    assert marked == {"a": "Fourteen Malian soldiers were killed", "b": "Malian soldiers", "c": "eleven wounded"}


def test_offsets_outside_the_text_are_returned_not_drawn() -> None:
    layers, bad = build_layers(TEXT, [mark("ok", 0, 8), mark("past", 60, 90), mark("empty", 5, 5)])
    assert sorted(m.quote_id for m in bad) == ["empty", "past"]
    assert [s.mark.quote_id for layer in layers for s in layer.segments if s.mark] == ["ok"]


def test_a_mark_ending_mid_word_keeps_the_rest_of_the_word() -> None:
    (layer,), _ = build_layers(TEXT, [mark("a", 41, 46)])  # "eleve" of "eleven"
    assert "".join(s.text for s in layer.segments) == TEXT[:47]
