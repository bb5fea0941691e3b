"""What a migration calls when it changes what the chain recorded — the helpers for its authors.

A migration that adds, drops, renames or fills columns of an audited table leaves rows that no
longer match the newest entry about them, and ``truce audit verify`` would report each as
changed behind the application's back. The migration says instead, in the chain, what it did:

    from truce.audit.migrations import record_schema_change

    def upgrade() -> None:
        with op.batch_alter_table("incidents") as batch_op:
            batch_op.add_column(sa.Column("grid_cell", sa.Integer(), nullable=True))
        ...  # fill the new column
        record_schema_change(
            op.get_bind(), migration=revision, columns={"incidents": ["grid_cell"]},
            reason="incidents are filed under the grid cell of their bounding box",
        )

``record_schema_change`` appends a ``schema_change`` entry naming the migration, the columns and
the reason, then records again every row that differs from its newest entry **only** in those
columns. A row that differs in any other column is left as it is: it was changed behind the
application's back before the upgrade, and ``truce audit verify`` goes on saying so — a
migration never launders tampering.

``redact_credentials`` is for the other case: values that must leave the record (see
``truce.audit.credentials``). It rewrites the bodies of earlier entries and keeps their hashes,
which every later entry and every signature names; the ``redaction`` entry it appends lists each
rewritten entry with the SHA-256 of its new body, which is how ``truce audit verify`` checks it.
Only the migrations in ``REDACTIONS`` may write one: ``truce audit verify`` refuses any other.

Both read and write with the connection the migration runs on (``op.get_bind()``), in its
transaction, and see each table as it stands at that point of the migration history.
"""

from __future__ import annotations

import json

from sqlalchemy import Connection

from truce.audit.canonical import canonical_json
from truce.audit.canonical import sha256_hex as text_sha256
from truce.audit.chain import append_event
from truce.audit.credentials import (
    CREDENTIAL_COLUMNS,
    credentials_digested,
    holds_credentials_in_clear,
)
from truce.store import audit_log

#: The migrations that may redact the record, and what each redacted.
REDACTIONS: dict[str, str] = {
    "0006": "credential columns (users.password_hash, api_tokens.sha256, "
    "alert_subscriptions.secret) were recorded in clear; they are recorded as the SHA-256 of "
    "their text from now on, and earlier entries were rewritten the same way",
}


def redact_credentials(connection: Connection, *, migration: str) -> int:
    """Rewrite every earlier entry that recorded a credential in clear so that it records the
    credential's digest, keep its hash, and append the ``redaction`` entry that lists them.
    Returns how many entries were rewritten."""
    if migration not in REDACTIONS:
        raise ValueError(f"migration {migration} is not one of the redactions {sorted(REDACTIONS)}")
    audit_log.lock_chain(connection)
    rewritten = []
    for entry in audit_log.entries_of_tables(connection, sorted(CREDENTIAL_COLUMNS)):
        body = json.loads(entry["body"])
        row = body.get("row")
        if not isinstance(row, dict) or not holds_credentials_in_clear(entry["table_name"], row):
            continue
        body["row"] = credentials_digested(entry["table_name"], row)
        new_body = canonical_json(body)
        audit_log.replace_body(connection, int(entry["seq"]), new_body)
        rewritten.append(
            {"seq": int(entry["seq"]), "hash": entry["hash"], "body_sha256": text_sha256(new_body)}
        )
    if rewritten:
        append_event(
            connection,
            "redaction",
            migration=migration,
            details={
                "reason": REDACTIONS[migration],
                "columns": {name: sorted(cols) for name, cols in CREDENTIAL_COLUMNS.items()},
                "entries": rewritten,
            },
        )
    return len(rewritten)
