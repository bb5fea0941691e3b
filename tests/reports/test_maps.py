"""The report's map: its labels, read back from the SVG, hide no other label and no incident,
stay inside the map and name every incident; the same incidents give the same SVG."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from PIL import ImageFont

from truce.demo import SCENARIO_FILE, demo_data
from truce.domain.incident import DatePrecision, Incident, Location, LocationPrecision
from truce.domain.taxonomy import IncidentType, Modality
from truce.domain.verification import VerificationState
from truce.geo.geometry import BBox
from truce.reports.labels import Anchor, Box, text_box
from truce.reports.maps import (
    HEIGHT,
    WIDTH,
    incident_map_svg,
    map_bounds,
    projection_for,
    towns_within,
)
from truce.scenario import parse_scenario

SVG = "{http://www.w3.org/2000/svg}"
MAP = Box(0, 0, WIDTH, HEIGHT)

# Ids and places: three stacks in Tripoli's streets, next to the assembly point at Mitiga, two
# in and beside Sirte, one a little south of it and one inside the buffer zone.
CLUSTERED: list[tuple[list[int], tuple[float, float]]] = [
    ([3, 7, 12], (32.89, 13.19)),
    ([4, 15], (32.78, 13.05)),
    ([5], (32.75, 13.28)),
    ([8, 9, 10, 11], (32.98, 13.35)),
    ([20, 21], (31.21, 16.59)),
    ([22], (31.10, 16.72)),
    ([23, 24, 25], (31.02, 16.48)),
    ([30], (30.45, 16.35)),
]


def _incident(number: int, where: tuple[float, float]) -> Incident:
    kinds = list(IncidentType)
    return Incident(
        id=number,
        type=kinds[number % len(kinds)],
        modality=Modality.OCCURRED,
        occurred_on=date(2020, 11, 2),
        date_precision=DatePrecision.DAY,
        location=Location(lat=where[0], lon=where[1], precision=LocationPrecision.POINT),
        summary=f"incident {number}",
        state=VerificationState.REPORTED,
    )


def _clustered_map() -> str:
    """The demo's agreement with the clustered incidents, and the towns the report draws."""
    agreement = parse_scenario(demo_data(SCENARIO_FILE).read_text("utf-8"), SCENARIO_FILE)
    incidents = [_incident(n, where) for numbers, where in CLUSTERED for n in numbers]
    bounds = map_bounds(agreement, incidents)
    return incident_map_svg(agreement, incidents, towns_within(bounds), bounds)


def _labels(svg: str) -> list[tuple[str, Box]]:
    """Every drawn label's text and estimated box (the halos, drawn in white, skipped)."""
    labels = []
    for element in ET.fromstring(svg).iter(f"{SVG}text"):
        if element.get("fill") == "#ffffff":
            continue
        anchor: Anchor = element.get("text-anchor", "start")  # type: ignore[assignment]
        text = element.text or ""
        box = text_box(
            float(element.get("x", "0")),
            float(element.get("y", "0")),
            text,
            size=float(element.get("font-size", "0")),
            bold=element.get("font-weight") == "bold",
            anchor=anchor,
        )
        labels.append((text, box))
    return labels


def _incident_dots(svg: str) -> list[Box]:
    centres = [
        (float(circle.get("cx", "0")), float(circle.get("cy", "0")))
        for circle in ET.fromstring(svg).iter(f"{SVG}circle")
        if circle.get("r") == "7"
    ]
    return [Box(x - 7, y - 7, x + 7, y + 7) for x, y in centres]


def test_clustered_labels_overlap_nothing_and_name_every_incident() -> None:
    svg = _clustered_map()
    labels = _labels(svg)
    dots = _incident_dots(svg)
    assert len(dots) == sum(min(len(numbers), 3) for numbers, _ in CLUSTERED)

    for index, (text, box) in enumerate(labels):
        assert box.area_outside(MAP) == 0, text
        for other_text, other in labels[index + 1 :]:
            assert box.overlap(other) == 0, (text, other_text)
        assert all(box.overlap(dot) == 0 for dot in dots), text
    drawn = " ".join(text for text, _ in labels)
    named = {int(number) for number in re.findall(r"#(\d+)", drawn)}
    assert named == {number for numbers, _ in CLUSTERED for number in numbers}
    assert "Misratah" in drawn  # a town label with room to spare is still drawn

    # The estimate is no smaller than the text as DejaVu Sans sets it.
    fonts = {
        bold: ImageFont.truetype("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", 100)
        for bold in (False, True)
    }
    for element in ET.fromstring(svg).iter(f"{SVG}text"):
        bold, size = element.get("font-weight") == "bold", float(element.get("font-size", "0"))
        text = element.text or ""
        estimate = text_box(0, 0, text, size=size, bold=bold)
        assert fonts[bold].getlength(text) * size / 100 <= estimate.right - estimate.left, text


def _where(bounds: BBox, x: float, y: float) -> tuple[float, float]:
    """The latitude and longitude drawn at ``x``, ``y``."""
    projection = projection_for(bounds)
    min_lon, _, _, max_lat = bounds
    lon = min_lon + (x - projection.x_offset) / (projection.lon_factor * projection.scale)
    return max_lat - (y - projection.y_offset) / projection.scale, lon


def test_a_label_at_the_bottom_right_corner_stays_inside_the_map() -> None:
    agreement = parse_scenario(demo_data(SCENARIO_FILE).read_text("utf-8"), SCENARIO_FILE)
    bounds = map_bounds(agreement, [])
    corner = _where(bounds, WIDTH - 10, HEIGHT - 6)  # the dots run off the map a little
    incidents = [_incident(n, corner) for n in (101, 102, 103, 104, 105)]
    svg = incident_map_svg(agreement, incidents, towns_within(bounds), bounds)

    [(text, box)] = [(text, box) for text, box in _labels(svg) if "#101" in text]
    assert text == "#101, #102, #103, #104 +1"
    assert box.area_outside(MAP) == 0
    assert box.right <= WIDTH and box.bottom <= HEIGHT


def test_the_same_incidents_give_the_same_svg_in_another_interpreter() -> None:
    first = _clustered_map()
    assert _clustered_map() == first
    script = f"import runpy; print(runpy.run_path({str(Path(__file__))!r})['_clustered_map']())"
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True, env=environment
    ).stdout
    assert other == first + "\n"
