"""the grid index carries the bounding box: a box query filters in the index, reading only the
rows it returns

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 12:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OLD_INDEX, OLD_COLUMNS = (
    "ix_incidents_grid_cell_type_occurred_on",
    ["grid_cell", "type", "occurred_on"],
)
NEW_INDEX = "ix_incidents_grid_cell_type_occurred_on_bbox"
NEW_COLUMNS = [*OLD_COLUMNS, "min_lon", "max_lon", "min_lat", "max_lat"]


def upgrade() -> None:
    op.create_index(NEW_INDEX, "incidents", NEW_COLUMNS)
    op.drop_index(OLD_INDEX, table_name="incidents")


def downgrade() -> None:
    op.create_index(OLD_INDEX, "incidents", OLD_COLUMNS)
    op.drop_index(NEW_INDEX, table_name="incidents")
