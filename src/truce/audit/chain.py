"""The hash chain: one entry for every write to an audited table, each naming its predecessor.

An entry's body is the canonical JSON (RFC 8785) of::

    {"seq": 7, "prev": "<hash of entry 6>", "table": "incidents", "key": {"id": 3},
     "row": {...every column of the row after the write, or null once deleted...},
     "by": "user name or null", "at": "2026-11-29T09:00:00+00:00"}

and its hash is the SHA-256 of that text. Entry 1's ``prev`` is 64 zeros.

A few entries are about the chain itself rather than a row — written by a migration, never by
a user's action. Their body holds ``"event"`` instead of ``"table"``, ``"key"`` and ``"row"``::

    {"seq": 212, "prev": "…", "event": {"kind": "schema_change", "migration": "0004", …},
     "by": null, "at": "…"}

and their ``table_name`` column is ``audit_entries``. ``EVENT_KINDS`` lists the kinds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table

from truce.audit.canonical import canonical_json, json_value, row_image, row_key_text, sha256_hex
from truce.store import audit_log, schema

GENESIS_HASH = "0" * 64

#: Tables the chain does not cover, each with the reason. Every other table of the schema is
#: audited: a write to it that does not call ``record_write`` fails ``truce audit verify``.
UNAUDITED_TABLES: dict[str, str] = {
    "audit_entries": "the chain itself, protected by its hashes",
    "alert_deliveries": "the webhook queue: its retry counters change on every run, and what it "
    "sends is derived from audited rows (incidents, subscriptions)",
}


#: What entries about the chain itself record (``append_event``), each written by a migration.
EVENT_KINDS: dict[str, str] = {
    "schema_change": "a migration changed the shape of audited rows (added, dropped or filled "
    "columns); the rows it changed are recorded again right after this entry",
    "redaction": "a migration replaced values that must not be in the record (credentials) "
    "by their digests in earlier entries, whose hashes stay as they were; it lists each "
    "entry's hash and the SHA-256 of its new body",
}

#: The ``table_name`` of entries about the chain itself.
EVENT_TABLE = "audit_entries"


def audited_tables() -> list[Table]:
    """The tables whose rows the chain vouches for, parents before children."""
    return [table for table in schema.metadata.sorted_tables if table.name not in UNAUDITED_TABLES]


def entry_body(
    *,
    seq: int,
    prev: str,
    table_name: str,
    key: Mapping[str, Any],
    row: Mapping[str, Any] | None,
    by: str | None,
    at: datetime,
) -> str:
    """The canonical text an entry hashes."""
    return canonical_json(
        {
            "seq": seq,
            "prev": prev,
            "table": table_name,
            "key": {name: json_value(value) for name, value in key.items()},
            "row": None if row is None else dict(row),
            "by": by,
            "at": json_value(at),
        }
    )


def event_body(*, seq: int, prev: str, event: Mapping[str, Any], at: datetime) -> str:
    """The canonical text of an entry about the chain itself."""
    return canonical_json(
        {"seq": seq, "prev": prev, "event": dict(event), "by": None, "at": json_value(at)}
    )


def event_key_text(kind: str, migration: str) -> str:
    """The ``row_key`` of an event entry: its kind and the migration that wrote it."""
    return canonical_json({"event": kind, "migration": migration})


def append_event(
    connection: Connection, kind: str, *, migration: str, details: Mapping[str, Any]
) -> int:
    """Append an entry about the chain itself (``EVENT_KINDS``); return its sequence number."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"{kind!r} is not a kind of chain event: {sorted(EVENT_KINDS)}")
    audit_log.lock_chain(connection)
    head = audit_log.chain_head(connection)
    seq, prev = head if head is not None else (0, GENESIS_HASH)
    event = {"kind": kind, "migration": migration, **details}
    body = event_body(seq=seq + 1, prev=prev, event=event, at=datetime.now(UTC))
    audit_log.append_entries(
        connection,
        [
            {
                "seq": seq + 1,
                "table_name": EVENT_TABLE,
                "row_key": event_key_text(kind, migration),
                "body": body,
                "hash": sha256_hex(body),
            }
        ],
    )
    return seq + 1


def record_write(
    connection: Connection, table: Table, key: Mapping[str, Any], *, by: str | None = None
) -> None:
    """Append the entry for the row of ``table`` keyed ``key``, as it is now."""
    record_writes(connection, table, [key], by=by)


def record_writes(
    connection: Connection,
    table: Table,
    keys: Iterable[Mapping[str, Any]],
    *,
    by: str | None = None,
) -> None:
    """Append one entry per key, in order, in the caller's transaction.

    An entry's hash, when something needs it (a sign-off names the version it judges), is read
    back from the chain: ``audit_log.latest_entry_hash_for``.
    """
    if table.name in UNAUDITED_TABLES:
        raise ValueError(f"{table.name} is not an audited table")
    audit_log.lock_chain(connection)
    head = audit_log.chain_head(connection)
    seq, prev = head if head is not None else (0, GENESIS_HASH)
    now = datetime.now(UTC)
    entries: list[dict[str, Any]] = []
    for key in keys:
        stored = audit_log.read_row(connection, table, key)
        image = None if stored is None else row_image(table, stored)
        seq += 1
        body = entry_body(
            seq=seq, prev=prev, table_name=table.name, key=key, row=image, by=by, at=now
        )
        prev = sha256_hex(body)
        entries.append(
            {
                "seq": seq,
                "table_name": table.name,
                "row_key": row_key_text(key),
                "body": body,
                "hash": prev,
            }
        )
    audit_log.append_entries(connection, entries)
