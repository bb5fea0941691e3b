"""The SQL of the audit chain: its entries, the signing keys and the signed checkpoints.

The chain's rules (what an entry holds, how it is hashed and checked) live in ``truce.audit``;
this module only reads and writes the rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, Table, and_, func, insert, select, update

from truce.errors import NotFound
from truce.store import schema

#: The PostgreSQL advisory lock that serialises writers of the chain (SQLite's BEGIN IMMEDIATE
#: already does). Any constant works as long as every writer uses the same one.
CHAIN_LOCK = 0x7472_7563


def lock_chain(connection: Connection) -> None:
    """Hold the chain until the transaction ends, so that two writers never fork it."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({CHAIN_LOCK})")


def chain_head(connection: Connection) -> tuple[int, str] | None:
    """The sequence number and hash of the newest entry, or ``None`` for an empty chain."""
    row = connection.execute(
        select(schema.audit_entries.c.seq, schema.audit_entries.c.hash)
        .order_by(schema.audit_entries.c.seq.desc())
        .limit(1)
    ).first()
    return None if row is None else (int(row.seq), str(row.hash))


def append_entries(connection: Connection, entries: Sequence[Mapping[str, Any]]) -> None:
    if entries:
        connection.execute(insert(schema.audit_entries), list(entries))


def read_row(connection: Connection, table: Table, key: Mapping[str, Any]) -> RowMapping | None:
    """The row of ``table`` whose primary key is ``key``, as stored right now."""
    conditions = [table.c[name] == value for name, value in key.items()]
    return connection.execute(select(table).where(and_(*conditions))).mappings().first()


def iter_rows(connection: Connection, table: Table) -> Iterator[RowMapping]:
    order = list(table.primary_key.columns)
    result = connection.execution_options(yield_per=2000).execute(select(table).order_by(*order))
    yield from result.mappings()


def iter_entries(connection: Connection) -> Iterator[RowMapping]:
    """Every entry of the chain in order."""
    result = connection.execution_options(yield_per=2000).execute(
        select(schema.audit_entries).order_by(schema.audit_entries.c.seq)
    )
    yield from result.mappings()


def entry_hash_at(connection: Connection, seq: int) -> str | None:
    return connection.execute(
        select(schema.audit_entries.c.hash).where(schema.audit_entries.c.seq == seq)
    ).scalar()


def latest_entry_hash_for(connection: Connection, table_name: str, row_key: str) -> str | None:
    """The hash of the newest entry about one row (the hash an incident version is known by)."""
    return connection.execute(
        select(schema.audit_entries.c.hash)
        .where(
            schema.audit_entries.c.table_name == table_name,
            schema.audit_entries.c.row_key == row_key,
        )
        .order_by(schema.audit_entries.c.seq.desc())
        .limit(1)
    ).scalar()


def count_entries(connection: Connection) -> int:
    return int(
        connection.execute(select(func.count()).select_from(schema.audit_entries)).scalar_one()
    )


# --- signing keys and checkpoints ---


def insert_signing_key(
    connection: Connection, *, key_id: str, user_name: str, public_key: str, created_at: datetime
) -> None:
    connection.execute(
        insert(schema.signing_keys).values(
            id=key_id,
            user_name=user_name,
            public_key=public_key,
            active=True,
            created_at=created_at,
        )
    )


def get_signing_key(connection: Connection, key_id: str) -> RowMapping:
    row = (
        connection.execute(select(schema.signing_keys).where(schema.signing_keys.c.id == key_id))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"there is no registered key {key_id}; `truce keys list` shows them")
    return row


def find_signing_key_by_public(connection: Connection, public_key: str) -> RowMapping | None:
    return (
        connection.execute(
            select(schema.signing_keys).where(schema.signing_keys.c.public_key == public_key)
        )
        .mappings()
        .first()
    )


def list_signing_keys(connection: Connection) -> list[RowMapping]:
    return list(
        connection.execute(
            select(schema.signing_keys).order_by(schema.signing_keys.c.created_at)
        ).mappings()
    )


def retire_signing_key(connection: Connection, key_id: str) -> None:
    get_signing_key(connection, key_id)
    connection.execute(
        update(schema.signing_keys).where(schema.signing_keys.c.id == key_id).values(active=False)
    )


def insert_checkpoint(connection: Connection, values: Mapping[str, Any]) -> int:
    return int(
        connection.execute(
            insert(schema.audit_checkpoints)
            .values(dict(values))
            .returning(schema.audit_checkpoints.c.id)
        ).scalar_one()
    )


def list_checkpoints(connection: Connection) -> list[RowMapping]:
    return list(
        connection.execute(
            select(schema.audit_checkpoints).order_by(schema.audit_checkpoints.c.id)
        ).mappings()
    )


def list_signoff_rows(connection: Connection) -> list[RowMapping]:
    return list(
        connection.execute(
            select(schema.verification_signoffs).order_by(schema.verification_signoffs.c.id)
        ).mappings()
    )


def get_entry(connection: Connection, seq: int) -> RowMapping | None:
    return (
        connection.execute(select(schema.audit_entries).where(schema.audit_entries.c.seq == seq))
        .mappings()
        .first()
    )
