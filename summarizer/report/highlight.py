"""Split an article into overlay layers so that every located quote is exactly one element.

Quotes overlap and repeat (the same sentence backs a figure and its claimant), and HTML cannot
nest partly overlapping elements. Greedy interval partitioning puts each quote in the first
layer where it overlaps nothing; the page stacks the layers over the text with identical
wrapping, so each quote keeps its own highlight, id and link.
"""

from __future__ import annotations

from collections.abc import Iterable

from summarizer.report.views import Layer, Mark, Segment

__all__ = ["assign_layers", "build_layers", "layer_segments"]


def assign_layers(marks: Iterable[Mark]) -> list[list[Mark]]:
    """Marks partitioned into layers of non-overlapping marks (fewest layers, by start order)."""
    layers: list[list[Mark]] = []
    ends: list[int] = []
    for mark in sorted(marks, key=lambda m: (m.start, -m.end, m.quote_id)):
        for i, end in enumerate(ends):
            if end <= mark.start:
                layers[i].append(mark)
                ends[i] = mark.end
                break
        else:
            layers.append([mark])
            ends.append(mark.end)
    return layers


def layer_segments(text: str, marks: list[Mark]) -> Layer:
    """The text cut into plain and marked segments; `marks` must not overlap.

    A layer stops at the first whitespace after its last mark: what follows cannot move the
    lines above it, while cutting mid-word could change where the last line wraps.
    """
    segments: list[Segment] = []
    pos = 0
    for mark in marks:
        if mark.start > pos:
            segments.append(Segment(text[pos : mark.start]))
        segments.append(Segment(text[mark.start : mark.end], mark))
        pos = mark.end
    stop = next((i for i in range(pos, len(text)) if text[i].isspace()), len(text))
    if stop > pos:
        segments.append(Segment(text[pos:stop]))
    return Layer(tuple(segments))


def placeable(mark: Mark, text: str) -> bool:
    """Offsets that name a non-empty slice of the text (anything else is listed, not drawn)."""
    return 0 <= mark.start < mark.end <= len(text)


def build_layers(text: str, marks: Iterable[Mark]) -> tuple[tuple[Layer, ...], list[Mark]]:
    """Overlay layers for the placeable marks, and the marks that could not be placed."""
    good: list[Mark] = []
    bad: list[Mark] = []
    for mark in marks:
        (good if placeable(mark, text) else bad).append(mark)
    return tuple(layer_segments(text, layer) for layer in assign_layers(good)), bad
