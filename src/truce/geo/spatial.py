"""Vectorised spatial predicates: many points against many zones at once (shapely 2, STRtree).

No Python loop runs over (point, zone) pairs: the tree narrows candidates by bounding box and
GEOS tests the survivors in C.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely import STRtree

from truce.geo.geometry import parse_geometry

EARTH_RADIUS_KM = 6371.0088

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]


def points_in_zones(
    lon: FloatArray, lat: FloatArray, zones: Sequence[Mapping[str, Any]]
) -> tuple[IndexArray, IndexArray]:
    """Every (point, zone) pair where the point lies in or on the zone, as two index arrays.

    Points with a NaN coordinate are never in a zone.
    """
    if len(lon) == 0 or not zones:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    known = np.flatnonzero(np.isfinite(lon) & np.isfinite(lat))
    points = shapely.points(lon[known], lat[known])
    tree = STRtree([parse_geometry(zone) for zone in zones])
    point_index, zone_index = tree.query(points, predicate="intersects")
    return known[point_index].astype(np.int64), zone_index.astype(np.int64)


def within_km(
    lon: FloatArray, lat: FloatArray, centre_lon: float, centre_lat: float, radius_km: float
) -> NDArray[np.bool_]:
    """Which points lie within ``radius_km`` of a centre (great-circle, haversine)."""
    lon1, lat1 = np.radians(lon), np.radians(lat)
    lon2, lat2 = np.radians(centre_lon), np.radians(centre_lat)
    a = (
        np.sin((lat1 - lat2) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon1 - lon2) / 2) ** 2
    )
    distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    with np.errstate(invalid="ignore"):
        return np.asarray(distance <= radius_km)
