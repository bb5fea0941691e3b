"""keyed webhook secret digests: the record holds a webhook secret's digest under a key the
database keeps off the record, so an export gives nothing to test guesses against

Tenth in the history, after 0009 (see docs/audit.md, "Credentials are recorded as digests").
Since 0006 the chain recorded ``alert_subscriptions.secret`` as the plain SHA-256 of the text. A
webhook secret is chosen by its subscriber, so whoever held an export could guess a weak one
offline and forge webhooks to the subscriber. This revision:

1. creates ``audit_keys`` (unaudited: ``truce.audit.chain.UNAUDITED_TABLES``) and puts in it the
   credential key, 32 random bytes (``truce.store.audit_keys.make_credential_key``);
2. rewrites every earlier entry that recorded a webhook secret's plain digest so that it records
   the keyed one (HMAC-SHA-256 of that digest under the key), keeping its hash, and appends a
   ``redaction`` entry that lists them (``truce.audit.migrations.key_credential_digests``).
   The newest entry of each subscription then matches its row as truce now records it, so
   ``truce audit verify`` stays clean; a secret changed behind the application's back before
   the upgrade still differs, and is still reported.

Downgrading keeps the table, the key and the rewritten record: without the key no keyed digest
could be checked again, and the plain digests should not come back. An older truce reports the
subscriptions as changed.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 15:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from truce.audit.migrations import key_credential_digests
from truce.store.audit_keys import make_credential_key

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_keys",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("key", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_audit_keys")),
        if_not_exists=True,  # like 0008: a database set back to an earlier revision keeps it
    )
    connection = op.get_bind()
    key_credential_digests(connection, migration=revision, key=make_credential_key(connection))


def downgrade() -> None:
    """The key and the keyed record stay (see above)."""
