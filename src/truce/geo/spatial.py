"""Vectorised spatial predicates: many points against many zones at once (shapely 2, STRtree).

No Python loop runs over (point, zone) pairs: an STRtree narrows the candidates and GEOS tests
the survivors in C, on coordinate arrays.
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
    lon: FloatArray,
    lat: FloatArray,
    zones: Sequence[Mapping[str, Any]],
    *,
    cell_degrees: float = 0.25,
) -> tuple[IndexArray, IndexArray]:
    """Every (point, zone) pair where the point lies in or on the zone, as two index arrays.

    The points are bucketed into grid cells; an STRtree over the zones finds, in one query,
    which cells each zone can touch; then each zone tests only the points of its cells, all at
    once, against its prepared geometry (``intersects_xy``). No point geometry is ever built,
    and no Python loop runs over (point, zone) pairs. Points with a NaN coordinate are in no zone.
    """
    empty = np.empty(0, dtype=np.int64)
    known = np.flatnonzero(np.isfinite(lon) & np.isfinite(lat))
    if len(known) == 0 or not zones:
        return empty, empty
    x, y = lon[known], lat[known]
    column = np.floor(x / cell_degrees).astype(np.int64)
    row = np.floor(y / cell_degrees).astype(np.int64)
    height = int(row.max() - row.min()) + 1
    cell = (column - column.min()) * height + (row - row.min())
    order = np.argsort(cell, kind="stable")
    cells, starts, counts = np.unique(cell[order], return_index=True, return_counts=True)
    cell_x = (cells // height + column.min()) * cell_degrees
    cell_y = (cells % height + row.min()) * cell_degrees
    boxes = shapely.box(cell_x, cell_y, cell_x + cell_degrees, cell_y + cell_degrees)
    geometries = [parse_geometry(zone) for zone in zones]
    shapely.prepare(geometries)
    cell_index, zone_index = STRtree(geometries).query(boxes, predicate="intersects")
    by_zone = np.argsort(zone_index, kind="stable")
    bounds = np.searchsorted(zone_index[by_zone], np.arange(len(geometries) + 1))
    found_points: list[IndexArray] = []
    found_zones: list[IndexArray] = []
    for zone, geometry in enumerate(geometries):
        touched = cell_index[by_zone[bounds[zone] : bounds[zone + 1]]]
        if len(touched) == 0:
            continue
        candidates = np.concatenate(
            [order[starts[c] : starts[c] + counts[c]] for c in touched.tolist()]
        )
        inside = candidates[shapely.intersects_xy(geometry, x[candidates], y[candidates])]
        found_points.append(known[inside])
        found_zones.append(np.full(len(inside), zone, dtype=np.int64))
    if not found_points:
        return empty, empty
    return np.concatenate(found_points), np.concatenate(found_zones)


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
