"""login failures in the database: the throttle counts them across server processes and
restarts

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 13:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

ID_TYPE = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", ID_TYPE, autoincrement=True, nullable=False),
        sa.Column("account", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=100), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
        if_not_exists=True,
    )
    op.create_index(
        "ix_login_failures_account_at", "login_failures", ["account", "at"], if_not_exists=True
    )
    op.create_index(
        "ix_login_failures_address_at", "login_failures", ["address", "at"], if_not_exists=True
    )


def downgrade() -> None:
    op.drop_table("login_failures")
