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

``redact_credentials`` (0006) and ``key_credential_digests`` (0010) are for the other case:
values that must leave the record (see ``truce.audit.credentials``). Each rewrites the bodies
of earlier entries and keeps their hashes, which every later entry and every signature names;
the ``redaction`` entry it appends lists each rewritten entry with the SHA-256 of its new body,
which is how ``truce audit verify`` checks it.
Only the migrations in ``REDACTIONS`` may write one, once each and only about entries of the
tables listed there: ``truce audit verify`` refuses any other.

Both read and write with the connection the migration runs on (``op.get_bind()``), in its
transaction, and see each table as it stands at that point of the migration history.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Connection, MetaData, Table, inspect

from truce.audit.canonical import (
    canonical_json,
    differing_columns,
    primary_key_of,
    row_image,
    row_key_text,
)
from truce.audit.canonical import sha256_hex as text_sha256
from truce.audit.chain import UNAUDITED_TABLES, append_event, record_writes
from truce.audit.credentials import (
    CREDENTIAL_COLUMNS,
    KEYED_COLUMNS,
    credentials_digested,
    holds_credentials_in_clear,
    holds_plain_keyed_digests,
    plain_digests_keyed,
)
from truce.store import audit_keys, audit_log, schema


@dataclass(frozen=True, slots=True)
class Redaction:
    """What a migration that redacts the record rewrote, and in the entries of which tables."""

    reason: str
    tables: tuple[str, ...]


#: The migrations that may redact the record, each at most once, and what each redacted.
REDACTIONS: dict[str, Redaction] = {
    "0006": Redaction(
        "credential columns (users.password_hash, api_tokens.sha256, "
        "alert_subscriptions.secret) were recorded in clear; they are recorded as the SHA-256 "
        "of their text from now on, and earlier entries were rewritten the same way",
        tables=tuple(sorted(CREDENTIAL_COLUMNS)),
    ),
    "0010": Redaction(
        "a webhook secret is chosen by its subscriber, and a weak one could be guessed from "
        "its SHA-256 in the record; alert_subscriptions.secret is recorded as the "
        "HMAC-SHA-256 of that SHA-256 under a key the database keeps off the record from now "
        "on, and earlier entries were rewritten the same way",
        tables=tuple(sorted(KEYED_COLUMNS)),
    ),
}


def table_as_stored(connection: Connection, table_name: str) -> Table:
    """An audited table of ``truce.store.schema`` as the database holds it at this point of the
    migration history: only the columns it has so far, typed as the schema types them."""
    if table_name in UNAUDITED_TABLES or table_name not in schema.metadata.tables:
        raise ValueError(f"{table_name} is not an audited table of truce.store.schema")
    present = {column["name"] for column in inspect(connection).get_columns(table_name)}
    declared = schema.metadata.tables[table_name]
    return Table(
        table_name,
        MetaData(),
        *(
            Column(column.name, column.type, primary_key=column.primary_key)
            for column in declared.columns
            if column.name in present
        ),
    )


def record_schema_change(
    connection: Connection,
    *,
    migration: str,
    columns: Mapping[str, Sequence[str]],
    reason: str,
    written_by: str | None = None,
) -> dict[str, int]:
    """Record again the rows of each table in ``columns`` that ``migration`` reshaped.

    ``columns`` maps a table to the columns the migration added, dropped or filled. A row is
    recorded again when it differs from its newest entry in those columns only. Returns how many
    rows of each table were; nothing is appended when none was. ``written_by`` names the
    migration that calls this when it is not ``migration`` itself (a later one, catching up).
    """
    audit_log.lock_chain(connection)
    reshaped: dict[str, tuple[Table, list[dict[str, Any]]]] = {}
    for table_name, changed in columns.items():
        table = table_as_stored(connection, table_name)
        keys = _rows_differing_only_in(connection, table, set(changed))
        if keys:
            reshaped[table_name] = (table, keys)
    if not reshaped:
        return {}
    append_event(
        connection,
        "schema_change",
        migration=migration,
        details={
            "reason": reason,
            "columns": {name: sorted(columns[name]) for name in columns},
            "rows": {name: len(keys) for name, (_, keys) in reshaped.items()},
            **({"written_by": written_by} if written_by else {}),
        },
    )
    for table, keys in reshaped.values():
        record_writes(connection, table, keys)
    return {name: len(keys) for name, (_, keys) in reshaped.items()}


def _rows_differing_only_in(
    connection: Connection, table: Table, changed: set[str]
) -> list[dict[str, Any]]:
    """Keys of the rows whose image differs from the newest entry about them in ``changed``
    columns, and in no other."""
    recorded = audit_log.newest_bodies_of(connection, table.name)
    credential_key = audit_keys.credential_key(connection) if table.name in KEYED_COLUMNS else None
    keys = []
    for row in audit_log.iter_rows(connection, table):
        key = primary_key_of(table, row)
        body = recorded.get(row_key_text(key))
        before = json.loads(body).get("row") if body is not None else None
        if not isinstance(before, dict):
            continue  # never recorded, or recorded as deleted: not the migration's to explain
        image = row_image(table, row, credential_key=credential_key)
        differing = set(differing_columns(before, image))
        if differing and differing <= changed:
            keys.append(key)
    return keys


def redact_credentials(connection: Connection, *, migration: str) -> int:
    """Rewrite every earlier entry that recorded a credential in clear so that it records the
    credential's plain digest, keep its hash, and append the ``redaction`` entry that lists
    them. Returns how many entries were rewritten."""

    def digested(table_name: str, row: dict[str, Any]) -> dict[str, Any] | None:
        if not holds_credentials_in_clear(table_name, row):
            return None
        return credentials_digested(table_name, row, key=None)  # as 0006 recorded them

    return _redact(connection, migration=migration, rewrite=digested)


def key_credential_digests(connection: Connection, *, migration: str, key: bytes) -> int:
    """Rewrite every earlier entry that recorded the plain digest of a column of
    ``KEYED_COLUMNS`` so that it records the keyed digest under ``key``, keep its hash, and
    append the ``redaction`` entry that lists them. Returns how many entries were rewritten."""

    def keyed(table_name: str, row: dict[str, Any]) -> dict[str, Any] | None:
        if not holds_plain_keyed_digests(table_name, row):
            return None
        return plain_digests_keyed(table_name, row, key)

    return _redact(connection, migration=migration, rewrite=keyed)


def _redact(
    connection: Connection,
    *,
    migration: str,
    rewrite: Callable[[str, dict[str, Any]], dict[str, Any] | None],
) -> int:
    """Give each entry of the redaction's tables the row ``rewrite`` returns for it (``None``:
    leave it), keep its hash, and append the ``redaction`` entry listing what was rewritten."""
    if migration not in REDACTIONS:
        raise ValueError(f"migration {migration} is not one of the redactions {sorted(REDACTIONS)}")
    redaction = REDACTIONS[migration]
    audit_log.lock_chain(connection)
    rewritten = []
    for entry in audit_log.entries_of_tables(connection, list(redaction.tables)):
        body = json.loads(entry["body"])
        row = body.get("row")
        new_row = rewrite(entry["table_name"], row) if isinstance(row, dict) else None
        if new_row is None:
            continue
        body["row"] = new_row
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
                "reason": redaction.reason,
                "columns": {name: sorted(CREDENTIAL_COLUMNS[name]) for name in redaction.tables},
                "entries": rewritten,
            },
        )
    return len(rewritten)
