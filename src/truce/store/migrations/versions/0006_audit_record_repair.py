"""audit record repair: credentials leave the recorded content of earlier entries

Sixth in the history, after 0004 (see docs/audit.md, "Migrations and the record"). Changes no
table: it rewrites what the audit chain recorded.

Until this revision the chain recorded users.password_hash, api_tokens.sha256 and
alert_subscriptions.secret in clear, and ``truce audit export`` handed them out. From now on the
chain records their digest (``truce.audit.credentials``); this migration rewrites earlier
entries the same way, keeping their hashes, and appends a ``redaction`` entry that lists them
(``truce.audit.migrations.redact_credentials``).

Downgrading changes nothing: a credential that has left the record cannot be put back, and it
should not be.

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-29 12:00:00.000000
"""

from __future__ import annotations

from alembic import op

from truce.audit.migrations import redact_credentials

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    redact_credentials(op.get_bind(), migration=revision)


def downgrade() -> None:
    """The schema is as 0004 left it; the redacted record stays redacted (see above)."""
