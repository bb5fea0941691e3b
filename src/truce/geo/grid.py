"""A fixed grid over the globe that lets an ordinary B-tree index answer bounding-box queries.

Every located incident is filed under one cell of a grid of ``GRID_DEGREES`` squares: the cell
holding its whole bounding box, or ``SPANNING`` when the box crosses a cell border (a long
road, a large area — rare, and always considered). A box query then reads only the incidents
of the cells it covers plus the spanning ones, through an index that starts with the cell; the
exact bounding-box comparison still decides. The same index works on SQLite and PostgreSQL,
with nothing backend-specific.

    cell = row * COLUMNS + column,  row = ⌊(lat + 90) / GRID_DEGREES⌋,
                                    column = ⌊(lon + 180) / GRID_DEGREES⌋
"""

from __future__ import annotations

from math import floor

from truce.geo.geometry import BBox

GRID_DEGREES = 0.25  # about 28 km of latitude
COLUMNS = round(360 / GRID_DEGREES)
ROWS = round(180 / GRID_DEGREES)
#: The cell of incidents whose bounding box crosses a cell border.
SPANNING = -1
#: A query covering more cells than this is not narrowed by cell (it is barely spatial).
MAX_QUERY_CELLS = 400


def _row(lat: float) -> int:
    return min(max(floor((lat + 90.0) / GRID_DEGREES), 0), ROWS - 1)


def _column(lon: float) -> int:
    return min(max(floor((lon + 180.0) / GRID_DEGREES), 0), COLUMNS - 1)


def grid_cell(bounds: BBox | tuple[float | None, ...]) -> int | None:
    """The cell of a bounding box ``(min_lon, min_lat, max_lon, max_lat)``; ``None`` if unset."""
    min_lon, min_lat, max_lon, max_lat = bounds
    if min_lon is None or min_lat is None or max_lon is None or max_lat is None:
        return None
    row, column = _row(min_lat), _column(min_lon)
    if (row, column) != (_row(max_lat), _column(max_lon)):
        return SPANNING
    return row * COLUMNS + column


def cells_covering(bbox: BBox) -> tuple[int, ...] | None:
    """The cells a query box touches, with ``SPANNING``; ``None`` when there are too many."""
    min_lon, min_lat, max_lon, max_lat = bbox
    rows = range(_row(min_lat), _row(max_lat) + 1)
    columns = range(_column(min_lon), _column(max_lon) + 1)
    if len(rows) * len(columns) > MAX_QUERY_CELLS:
        return None
    return (SPANNING, *(row * COLUMNS + column for row in rows for column in columns))
