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


# Idempotent, as the migrations after 0004 are: a database whose recorded revision was set back
# (the audit tests replay 0006 that way) upgrades again without error.


def upgrade() -> None:
    op.create_index(NEW_INDEX, "incidents", NEW_COLUMNS, if_not_exists=True)
    op.drop_index(OLD_INDEX, table_name="incidents", if_exists=True)


def downgrade() -> None:
    op.create_index(OLD_INDEX, "incidents", OLD_COLUMNS, if_not_exists=True)
    op.drop_index(NEW_INDEX, table_name="incidents", if_exists=True)
