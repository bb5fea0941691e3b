"""Where the map's labels go: each beside its mark, at the first place where it hides nothing.

A label's box is estimated from its text: the map's font is DejaVu Sans (``charts.FONT``),
whose characters in the map's labels measure at most 0.6 of the font size in the regular face
and 0.68 in the bold one (place names, ids, digits and "#"), with an ascent of 0.8 and a
descent of 0.25 of the size; the white halo under the text adds half its stroke all round.

Placement is greedy, so the same marks and texts give the same map. The labels are placed in
order of importance (incident ids, then withdrawal points, then towns) and each takes the first
of its candidates, in a fixed order (right, left, above, below, then the diagonals), whose box
stays inside the map and overlaps no label already placed and no mark. Labels that must be
drawn (incidents and withdrawal points) then try the same candidates farther out, joined to
their mark by a leader line; if none is free they keep the candidate that overlaps least. A
town label that finds no free place beside its town is dropped: towns are only context.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Literal

REGULAR_EM = 0.6
BOLD_EM = 0.68
ASCENT = 0.8
DESCENT = 0.25
HALO = 1.5  # half the halo's stroke width
GAP = 2.5  # between a mark and its label's box
LEADER_STEP = 12.0  # how much farther out each ring of displaced candidates lies
LEADER_RINGS = 4

Anchor = Literal["start", "middle", "end"]


class Priority(IntEnum):
    """The order labels are placed in; a town label may be dropped, the others never are."""

    INCIDENT = 0
    WITHDRAWAL_POINT = 1
    TOWN = 2


@dataclass(frozen=True, slots=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    @property
    def centre(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2

    def overlap(self, other: Box) -> float:
        """The area the two boxes share (0 when they only touch)."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        return width * height if width > 0 and height > 0 else 0.0

    def area_outside(self, frame: Box) -> float:
        area = (self.right - self.left) * (self.bottom - self.top)
        return area - self.overlap(frame)


def text_box(
    x: float, y: float, text: str, *, size: float, bold: bool, anchor: Anchor = "start"
) -> Box:
    """The estimated box of ``text`` drawn at ``x`` and baseline ``y``, halo included."""
    width = len(text) * size * (BOLD_EM if bold else REGULAR_EM)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return Box(
        left - HALO, y - ASCENT * size - HALO, left + width + HALO, y + DESCENT * size + HALO
    )


@dataclass(frozen=True, slots=True)
class LabelRequest:
    """A label to place: its text and style, and the box of the mark it names."""

    text: str
    mark: Box
    priority: Priority
    size: float
    colour: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class PlacedLabel:
    request: LabelRequest
    x: float
    y: float  # the baseline
    anchor: Anchor
    box: Box
    leader: tuple[float, float, float, float] | None  # x1, y1, x2, y2, when displaced


def place_labels(
    requests: Sequence[LabelRequest], obstacles: Sequence[Box], frame: Box
) -> list[PlacedLabel]:
    """The labels that are drawn, in the order of ``requests``; ``obstacles`` are the marks
    and whatever else no label may cover (the marks of ``requests`` are among them)."""
    order = sorted(range(len(requests)), key=lambda index: (requests[index].priority, index))
    taken: list[Box] = []
    placed: dict[int, PlacedLabel] = {}
    for index in order:
        request = requests[index]
        rings = 1 if request.priority is Priority.TOWN else 1 + LEADER_RINGS
        candidates = [
            (ring, *candidate)
            for ring in range(rings)
            for candidate in _candidates(request, GAP + ring * LEADER_STEP)
        ]
        best: tuple[float, int, float, float, Anchor, Box] | None = None
        for ring, x, y, anchor, box in candidates:
            cost = _cost(box, taken, obstacles, frame)
            if cost == 0:
                best = (cost, ring, x, y, anchor, box)
                break
            if best is None or cost < best[0]:
                best = (cost, ring, x, y, anchor, box)
        assert best is not None  # every request has candidates
        cost, ring, x, y, anchor, box = best
        if cost > 0 and request.priority is Priority.TOWN:
            continue
        leader = _leader(request.mark, box) if ring > 0 else None
        placed[index] = PlacedLabel(request, x, y, anchor, box, leader)
        taken.append(box)
    return [placed[index] for index in sorted(placed)]


def _candidates(request: LabelRequest, gap: float) -> list[tuple[float, float, Anchor, Box]]:
    """Right, left, above, below, then above-right, above-left, below-right, below-left."""
    mark, size = request.mark, request.size
    centre_x, centre_y = mark.centre
    middle = centre_y + (ASCENT - DESCENT) * size / 2  # the baseline that centres the text
    above = mark.top - gap - DESCENT * size
    below = mark.bottom + gap + ASCENT * size
    right, left = mark.right + gap, mark.left - gap
    positions: list[tuple[float, float, Anchor]] = [
        (right, middle, "start"),
        (left, middle, "end"),
        (centre_x, above, "middle"),
        (centre_x, below, "middle"),
        (right, above, "start"),
        (left, above, "end"),
        (right, below, "start"),
        (left, below, "end"),
    ]
    return [
        (x, y, anchor, text_box(x, y, request.text, size=size, bold=request.bold, anchor=anchor))
        for x, y, anchor in positions
    ]


def _cost(box: Box, taken: Sequence[Box], obstacles: Sequence[Box], frame: Box) -> float:
    """How badly ``box`` hides other things: the area it shares with placed labels and marks,
    and (far worse) the area it sticks out of the map."""
    shared = sum(box.overlap(other) for other in taken) + sum(
        box.overlap(other) for other in obstacles
    )
    return shared + 1000 * box.area_outside(frame)


def _leader(mark: Box, label: Box) -> tuple[float, float, float, float]:
    """The shortest line from the mark's box to the label's."""
    x1, x2 = _facing(mark.left, mark.right, label.left, label.right)
    y1, y2 = _facing(mark.top, mark.bottom, label.top, label.bottom)
    return x1, y1, x2, y2


def _facing(low: float, high: float, other_low: float, other_high: float) -> tuple[float, float]:
    if high < other_low:
        return high, other_low
    if other_high < low:
        return low, other_high
    shared = (max(low, other_low) + min(high, other_high)) / 2
    return shared, shared
