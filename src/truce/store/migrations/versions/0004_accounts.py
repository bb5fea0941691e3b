"""accounts: password hashes, API tokens, what incident visibility needs, the grid index

Fifth in the history, after 0005 (numbered before it, merged after it; the order is in
``truce.store.migrations``).

Revision ID: 0004
Revises: 0005
Create Date: 2026-11-29 08:59:24.611288
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from truce.geo.grid import grid_cell

revision = "0004"
down_revision = "0005"
branch_labels = None
depends_on = None

IdType = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", IdType, autoincrement=True, nullable=False),
        sa.Column("user_name", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_name"], ["users.name"], name=op.f("fk_api_tokens_user_name_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("sha256", name=op.f("uq_api_tokens_sha256")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index("ix_api_tokens_user_name", ["user_name"], unique=False)

    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reporting_party", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("grid_cell", sa.Integer(), nullable=True))
        batch_op.create_index("ix_incidents_reporting_party", ["reporting_party"], unique=False)
        batch_op.create_index(
            "ix_incidents_state_verified_at", ["state", "verified_at"], unique=False
        )
        batch_op.create_index(
            "ix_incidents_grid_cell_type_occurred_on",
            ["grid_cell", "type", "occurred_on"],
            unique=False,
        )
    _file_incidents_under_their_grid_cells()
    _date_verifications()

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_hash", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("password_hash")

    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_grid_cell_type_occurred_on")
        batch_op.drop_index("ix_incidents_state_verified_at")
        batch_op.drop_index("ix_incidents_reporting_party")
        batch_op.drop_column("grid_cell")
        batch_op.drop_column("verified_at")
        batch_op.drop_column("reporting_party")

    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index("ix_api_tokens_user_name")

    op.drop_table("api_tokens")


def _file_incidents_under_their_grid_cells() -> None:
    """Incidents stored before this migration get their grid cell from their bounding box."""
    incidents = sa.table(
        "incidents",
        sa.column("id", sa.Integer),
        sa.column("min_lon", sa.Float),
        sa.column("min_lat", sa.Float),
        sa.column("max_lon", sa.Float),
        sa.column("max_lat", sa.Float),
        sa.column("grid_cell", sa.Integer),
    )
    connection = op.get_bind()
    located = connection.execute(
        sa.select(
            incidents.c.id,
            incidents.c.min_lon,
            incidents.c.min_lat,
            incidents.c.max_lon,
            incidents.c.max_lat,
        ).where(incidents.c.min_lon.is_not(None))
    ).all()
    for incident_id, *bounds in located:
        connection.execute(
            sa.update(incidents)
            .where(incidents.c.id == incident_id)
            .values(grid_cell=grid_cell(tuple(bounds)))
        )


def _date_verifications() -> None:
    """Verified incidents get ``verified_at`` from their last transition to verified."""
    incidents = sa.table(
        "incidents",
        sa.column("id", sa.Integer),
        sa.column("state", sa.String),
        sa.column("verified_at", sa.DateTime(timezone=True)),
    )
    transitions = sa.table(
        "verification_transitions",
        sa.column("incident_id", sa.Integer),
        sa.column("to_state", sa.String),
        sa.column("at", sa.DateTime(timezone=True)),
    )
    last_verified = (
        sa.select(sa.func.max(transitions.c.at))
        .where(
            transitions.c.incident_id == incidents.c.id,
            transitions.c.to_state == "verified",
        )
        .scalar_subquery()
    )
    op.get_bind().execute(
        sa.update(incidents)
        .where(incidents.c.state == "verified")
        .values(verified_at=last_verified)
    )
