"""The SQL of the audit chain: its entries, and the rows its checks read.

The chain's rules (what an entry holds, how it is hashed and checked) live in ``truce.audit``;
this module only reads and writes the rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, RowMapping, Table, insert, select, tuple_, update

from truce.store import schema

#: The PostgreSQL advisory lock that serialises writers of the chain (SQLite's BEGIN IMMEDIATE
#: already does). Any constant works as long as every writer uses the same one.
CHAIN_LOCK = 0x7472_7563

#: Long reads stream in batches. Passed per statement: ``Connection.execution_options`` would
#: change the connection itself, and a later write on it would then ask for a server cursor.
_STREAMED = {"yield_per": 2000}

#: How many primary keys one read of rows names.
READ_BATCH = 500


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


def read_rows(
    connection: Connection, table: Table, keys: Sequence[Mapping[str, Any]]
) -> Iterator[RowMapping]:
    """The rows of ``table`` whose primary keys are among ``keys``, as stored right now (those
    that exist), read a few hundred keys a query."""
    columns = list(table.primary_key.columns)
    for start in range(0, len(keys), READ_BATCH):
        batch = keys[start : start + READ_BATCH]
        if len(columns) == 1:
            condition = columns[0].in_([key[columns[0].name] for key in batch])
        else:
            condition = tuple_(*columns).in_(
                [tuple(key[column.name] for column in columns) for key in batch]
            )
        yield from connection.execute(select(table).where(condition)).mappings()


def iter_rows(connection: Connection, table: Table) -> Iterator[RowMapping]:
    order = list(table.primary_key.columns)
    result = connection.execute(select(table).order_by(*order), execution_options=_STREAMED)
    yield from result.mappings()


def iter_entries(connection: Connection) -> Iterator[RowMapping]:
    """Every entry of the chain in order."""
    result = connection.execute(
        select(schema.audit_entries).order_by(schema.audit_entries.c.seq),
        execution_options=_STREAMED,
    )
    yield from result.mappings()


def entries_of_tables(connection: Connection, table_names: Sequence[str]) -> list[RowMapping]:
    """Every entry about a row of one of ``table_names`` (or the chain itself), in order."""
    entries = schema.audit_entries
    return list(
        connection.execute(
            select(entries).where(entries.c.table_name.in_(table_names)).order_by(entries.c.seq)
        ).mappings()
    )


def newest_bodies_of(connection: Connection, table_name: str) -> dict[str, str]:
    """The body of the newest entry about each row of ``table_name``, by row key."""
    entries = schema.audit_entries
    rows = connection.execute(
        select(entries.c.row_key, entries.c.body)
        .where(entries.c.table_name == table_name)
        .order_by(entries.c.seq)
    )
    return {row.row_key: row.body for row in rows}


def replace_body(connection: Connection, seq: int, body: str) -> None:
    """Rewrite an entry's body, its hash untouched — only a redaction does this."""
    connection.execute(
        update(schema.audit_entries).where(schema.audit_entries.c.seq == seq).values(body=body)
    )


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
