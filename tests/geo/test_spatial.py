"""The vectorised zone check agrees with shapely's own predicate, pair by pair."""

from __future__ import annotations

import numpy as np
import shapely

from truce.geo.geometry import parse_geometry
from truce.geo.spatial import points_in_zones, within_km

ZONES = [
    {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]},
    {"type": "Polygon", "coordinates": [[[0.5, 0.5], [2.2, 0.5], [2.2, 1.7], [0.5, 0.5]]]},
    {"type": "LineString", "coordinates": [[0, 2], [2, 2]]},
]


def test_points_in_zones_matches_a_pairwise_check() -> None:
    rng = np.random.default_rng(7)
    lon = np.concatenate([rng.uniform(-0.5, 2.5, 2000), [1.0, 0.25, np.nan, 1.5]])
    lat = np.concatenate([rng.uniform(-0.5, 2.5, 2000), [0.5, 2.0, 0.5, np.nan]])
    points, zones = points_in_zones(lon, lat, ZONES, cell_degrees=0.3)
    found = set(zip(points.tolist(), zones.tolist(), strict=True))
    expected = {
        (i, z)
        for z, zone in enumerate(ZONES)
        for i in range(len(lon))
        if np.isfinite(lon[i]) and np.isfinite(lat[i])
        and shapely.intersects(parse_geometry(zone), shapely.Point(lon[i], lat[i]))
    }  # fmt: skip
    assert found == expected
    assert (2000, 0) in found and (2000, 1) in found  # on a boundary counts as inside
    assert (2001, 2) in found  # on the front line


def test_within_km_uses_great_circle_distance() -> None:
    # Abu Qurain to a point 0.08° of latitude north (~8.9 km) and 0.1° (~11.1 km).
    inside = within_km(np.array([15.2611, 15.2611]), np.array([31.5225, 31.5425]),
                       15.2611, 31.4425, 10.0)  # fmt: skip
    assert inside.tolist() == [True, False]
