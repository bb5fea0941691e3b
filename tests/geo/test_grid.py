"""The grid that files incidents for bbox queries: a box finds every incident inside it."""

from __future__ import annotations

import random

from truce.geo.grid import GRID_DEGREES, MAX_QUERY_CELLS, SPANNING, cells_covering, grid_cell


def test_points_and_small_boxes_get_one_cell_and_border_crossers_the_spanning_cell() -> None:
    assert grid_cell((16.3, 30.4, 16.3, 30.4)) == grid_cell((16.31, 30.41, 16.32, 30.42))
    assert grid_cell((16.2, 30.4, 16.3, 30.4)) == SPANNING  # crosses 16.25
    assert grid_cell((None, None, None, None)) is None
    assert grid_cell((180.0, 90.0, 180.0, 90.0)) == grid_cell((179.99, 89.99, 179.99, 89.99))


def test_every_incident_a_box_contains_is_in_a_cell_the_box_covers() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        lon, lat = rng.uniform(-180, 179), rng.uniform(-90, 89)
        width, height = rng.uniform(0, 2), rng.uniform(0, 2)
        box = (lon, lat, lon + width, lat + height)
        inside_lon, inside_lat = rng.uniform(box[0], box[2]), rng.uniform(box[1], box[3])
        small = GRID_DEGREES / 3
        incident = (inside_lon, inside_lat, inside_lon + small, inside_lat + small)
        cells = cells_covering(box)
        assert cells is not None and SPANNING in cells
        assert (
            grid_cell(incident) in cells
            or grid_cell(incident) == SPANNING
            or not (incident[2] <= box[2] and incident[3] <= box[3])
        )
        assert grid_cell(incident[:2] * 2) in cells


def test_a_country_sized_box_is_not_narrowed_by_cell() -> None:
    assert cells_covering((-20.0, -20.0, 20.0, 20.0)) is None
    side = int(MAX_QUERY_CELLS**0.5) - 1
    assert cells_covering((0.01, 0.01, side * GRID_DEGREES, side * GRID_DEGREES)) is not None
