"""GeoJSON (RFC 7946) geometry in, valid shapely geometry out — or an error naming the field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from truce.errors import InvalidInput

GEOMETRY_TYPES = frozenset(
    {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}
)

BBox = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat


def parse_geometry(geojson: Mapping[str, Any], field: str = "geometry") -> BaseGeometry:
    """Check a GeoJSON geometry (type, coordinate ranges, validity) and return it as shapely."""
    if not isinstance(geojson, Mapping):
        raise InvalidInput(field, "must be a GeoJSON geometry object")
    kind = geojson.get("type")
    if kind not in GEOMETRY_TYPES:
        expected = ", ".join(sorted(GEOMETRY_TYPES))
        raise InvalidInput(f"{field}.type", f"{kind!r} is not a geometry type ({expected})")
    if "coordinates" not in geojson:
        raise InvalidInput(f"{field}.coordinates", "is missing")
    for path, position in _positions(geojson["coordinates"], f"{field}.coordinates"):
        check_position(position, path)
    try:
        geometry = shape(geojson)
    except (ValueError, TypeError, AttributeError, IndexError) as error:
        raise InvalidInput(f"{field}.coordinates", f"not a valid {kind}: {error}") from None
    if geometry.is_empty:
        raise InvalidInput(f"{field}.coordinates", "the geometry is empty")
    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        raise InvalidInput(field, f"invalid {kind}: {reason}")
    return geometry


def check_position(position: Any, field: str) -> tuple[float, float]:
    """A ``[lon, lat]`` pair within range; returns it as floats."""
    if (
        not isinstance(position, list | tuple)
        or len(position) < 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position[:2])
    ):
        raise InvalidInput(field, "a position is [longitude, latitude] in numbers")
    lon, lat = float(position[0]), float(position[1])
    if not -180.0 <= lon <= 180.0:
        raise InvalidInput(field, f"longitude {lon} is outside -180..180")
    if not -90.0 <= lat <= 90.0:
        raise InvalidInput(field, f"latitude {lat} is outside -90..90")
    return lon, lat


def _positions(coordinates: Any, path: str) -> Iterable[tuple[str, Any]]:
    """Yield each position of a nested coordinate array with its dotted path."""
    if (
        isinstance(coordinates, list | tuple)
        and coordinates
        and isinstance(coordinates[0], int | float)
    ):
        yield path, coordinates
        return
    if not isinstance(coordinates, list | tuple):
        yield path, coordinates
        return
    for index, inner in enumerate(coordinates):
        yield from _positions(inner, f"{path}.{index}")


def parse_bbox(text: str, field: str = "bbox") -> BBox:
    """``"minlon,minlat,maxlon,maxlat"`` as numbers in range and in order."""
    parts = text.split(",")
    if len(parts) != 4:
        raise InvalidInput(field, "expected minlon,minlat,maxlon,maxlat")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(part) for part in parts)
    except ValueError:
        raise InvalidInput(field, f"{text!r} is not four numbers") from None
    check_position([min_lon, min_lat], field)
    check_position([max_lon, max_lat], field)
    if min_lon > max_lon or min_lat > max_lat:
        raise InvalidInput(field, "the minimum corner must come before the maximum corner")
    return min_lon, min_lat, max_lon, max_lat


def bounds_of(geometry: BaseGeometry) -> BBox:
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    return float(min_lon), float(min_lat), float(max_lon), float(max_lat)
