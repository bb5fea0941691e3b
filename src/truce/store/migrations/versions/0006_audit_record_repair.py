"""audit record repair: credentials leave the recorded content of earlier entries, and rows
reshaped by 0004 are recorded again

Sixth in the history, after 0004 (see docs/audit.md, "Migrations and the record"). Changes no
table: it repairs what the audit chain recorded.

1. Until this revision the chain recorded users.password_hash, api_tokens.sha256 and
alert_subscriptions.secret in clear, and ``truce audit export`` handed them out. From now on the
chain records their digest (``truce.audit.credentials``); this migration rewrites earlier
entries the same way, keeping their hashes, and appends a ``redaction`` entry that lists them
(``truce.audit.migrations.redact_credentials``).

2. Migration 0004 added columns to ``incidents`` (and filled ``grid_cell`` and ``verified_at``)
   and to ``users`` without telling the chain, so on a database that held such rows before
   0004 ``truce audit verify`` reported every one as changed behind the application's back.
   This migration records them again after a ``schema_change`` entry naming 0004
   (``truce.audit.migrations.record_schema_change``); on a database created after 0004 there
   is nothing to record and nothing is written.

Downgrading changes nothing: a credential that has left the record cannot be put back, and it
should not be.

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-29 12:00:00.000000
"""

from __future__ import annotations

from alembic import op

from truce.audit.migrations import record_schema_change, redact_credentials

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


#: What 0004 changed in audited tables without recording it.
RESHAPED_BY_0004 = {
    "incidents": ["reporting_party", "verified_at", "grid_cell"],
    "users": ["password_hash"],
}


def upgrade() -> None:
    connection = op.get_bind()
    # Redact first: the rows recorded again below are then compared with redacted entries.
    redact_credentials(connection, migration=revision)
    record_schema_change(
        connection,
        migration="0004",
        columns=RESHAPED_BY_0004,
        reason="0004 added incidents.reporting_party, verified_at and grid_cell (filling the "
        "last two from transitions and bounding boxes) and users.password_hash",
        written_by=revision,
    )


def downgrade() -> None:
    """The schema is as 0004 left it; the redacted record stays redacted (see above)."""
