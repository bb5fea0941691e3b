"""exchange and alerts: external ids of imported rows, webhook subscriptions and their queue

Fourth in the history, after 0003 and before 0004 (numbered after it, merged before it; the
order is in ``truce.store.migrations``).

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-29 08:58:16.588121
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None

ID_TYPE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "external_ids",
        sa.Column("external_key", sa.String(length=200), nullable=False),
        sa.Column("incident_id", ID_TYPE, nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incidents.id"], name=op.f("fk_external_ids_incident_id_incidents")
        ),
        sa.PrimaryKeyConstraint("external_key", name=op.f("pk_external_ids")),
    )
    op.create_index("ix_external_ids_incident_id", "external_ids", ["incident_id"])
    op.create_table(
        "alert_subscriptions",
        sa.Column("id", ID_TYPE, autoincrement=True, nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("zone_id", sa.String(length=100), nullable=True),
        sa.Column("secret", sa.String(length=128), nullable=False),
        sa.Column("after_incident_id", ID_TYPE, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["zones.id"], name=op.f("fk_alert_subscriptions_zone_id_zones")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_subscriptions")),
    )
    op.create_table(
        "alert_deliveries",
        sa.Column("id", ID_TYPE, autoincrement=True, nullable=False),
        sa.Column("subscription_id", ID_TYPE, nullable=False),
        sa.Column("alert_key", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["alert_subscriptions.id"],
            name=op.f("fk_alert_deliveries_subscription_id_alert_subscriptions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_deliveries")),
        sa.UniqueConstraint(
            "subscription_id",
            "alert_key",
            name=op.f("uq_alert_deliveries_subscription_id_alert_key"),
        ),
    )
    op.create_index(
        "ix_alert_deliveries_state_next_attempt_at",
        "alert_deliveries",
        ["state", "next_attempt_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_alert_deliveries_state_next_attempt_at", table_name="alert_deliveries")
    op.drop_table("alert_deliveries")
    op.drop_table("alert_subscriptions")
    op.drop_index("ix_external_ids_incident_id", table_name="external_ids")
    op.drop_table("external_ids")
