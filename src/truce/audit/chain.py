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

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, Table

from truce.audit.canonical import (
    canonical_json,
    json_value,
    primary_key_of,
    row_image,
    row_key_text,
    sha256_hex,
)
from truce.audit.credentials import KEYED_COLUMNS
from truce.store import audit_keys, audit_log, schema

GENESIS_HASH = "0" * 64

#: Tables the chain does not cover, each with the reason. Every other table of the schema is
#: audited: a write to it that does not call ``record_write`` fails ``truce audit verify``.
UNAUDITED_TABLES: dict[str, str] = {
    "audit_entries": "the chain itself, protected by its hashes",
    "alert_deliveries": "the webhook queue: its retry counters change on every run, and what it "
    "sends is derived from audited rows (incidents, subscriptions)",
    "login_failures": "the login throttle's recent failures: pruned as they age, and no "
    "decision of the chamber rests on them",
    "audit_keys": "the key of the webhook secrets' digests: whoever holds the record must not "
    "hold it, or they could test guesses of a secret against its digest",
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
    """Append one entry per key, in order, in the caller's transaction — or, inside
    ``batched_entries``, when the batch ends.

    An entry's hash, when something needs it (a sign-off names the version it judges), is read
    back from the chain: ``audit_log.latest_entry_hash_for``.
    """
    if table.name in UNAUDITED_TABLES:
        raise ValueError(f"{table.name} is not an audited table")
    writes = [_Write(table, dict(key), by) for key in keys]
    batch = connection.info.get(_BATCH)
    if isinstance(batch, _Batch):
        batch.add(writes)
    else:
        _extend_chain(connection, writes)


@contextmanager
def batched_entries(connection: Connection) -> Iterator[None]:
    """Record every write made in the block in one extension of the chain, when it ends.

    For bulk writes (an import of thousands of rows): inside the block ``record_write`` and
    ``record_writes`` on ``connection`` only note the row; when the block ends, the chain is
    locked and its head read once, the rows are read back a table at a time, and the entries
    are inserted together — the same entries, hashed and linked the same way, so ``truce audit
    verify`` checks them exactly as any others. A row written more than once in the block is
    recorded once, after its last write, as it then stands (the hook's rule 2). Nothing inside
    the block may need an entry's hash (a sign-off does): the entries do not exist until it
    ends. If the block raises, nothing is recorded and the caller's transaction must roll back
    — as it does in ``Database.transaction``. A batch inside a batch joins the outer one.
    """
    if _BATCH in connection.info:
        yield
        return
    batch = _Batch()
    connection.info[_BATCH] = batch
    try:
        yield
    finally:
        del connection.info[_BATCH]
    _extend_chain(connection, batch.writes())


#: Where ``batched_entries`` keeps the writes of its block: the connection's own ``info``, so
#: that every store function's ``record_write`` call on that connection joins the batch.
_BATCH = "truce.audit.batch"


@dataclass(frozen=True, slots=True)
class _Write:
    table: Table
    key: dict[str, Any]
    by: str | None


class _Batch:
    """The writes noted in a ``batched_entries`` block, each row once, at its last write."""

    def __init__(self) -> None:
        self._writes: dict[tuple[str, str], _Write] = {}

    def add(self, writes: Iterable[_Write]) -> None:
        for write in writes:
            name = (write.table.name, row_key_text(write.key))
            self._writes.pop(name, None)  # a later write of the row records it later
            self._writes[name] = write

    def writes(self) -> list[_Write]:
        return list(self._writes.values())


def _extend_chain(connection: Connection, writes: Sequence[_Write]) -> None:
    """Append one entry per write, in order, each holding its row as it now stands."""
    if not writes:
        return
    audit_log.lock_chain(connection)
    head = audit_log.chain_head(connection)
    seq, prev = head if head is not None else (0, GENESIS_HASH)
    now = datetime.now(UTC)
    stored: dict[tuple[str, str], RowMapping] = {}
    by_table: dict[str, list[_Write]] = {}
    for write in writes:
        by_table.setdefault(write.table.name, []).append(write)
    keys: dict[str, bytes | None] = {}
    for table_writes in by_table.values():
        table = table_writes[0].table
        if table.name in KEYED_COLUMNS:
            keys[table.name] = audit_keys.credential_key(connection)
        for row in audit_log.read_rows(connection, table, [write.key for write in table_writes]):
            stored[table.name, row_key_text(primary_key_of(table, row))] = row
    entries: list[dict[str, Any]] = []
    for write in writes:
        key_text = row_key_text(write.key)
        found = stored.get((write.table.name, key_text))
        image = (
            None
            if found is None
            else row_image(write.table, found, credential_key=keys.get(write.table.name))
        )
        seq += 1
        body = entry_body(
            seq=seq,
            prev=prev,
            table_name=write.table.name,
            key=write.key,
            row=image,
            by=write.by,
            at=now,
        )
        prev = sha256_hex(body)
        entries.append(
            {
                "seq": seq,
                "table_name": write.table.name,
                "row_key": key_text,
                "body": body,
                "hash": prev,
            }
        )
    audit_log.append_entries(connection, entries)
