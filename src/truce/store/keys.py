"""Co-chairs' public keys and the checkpoints they sign (the private keys are never stored)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, insert, select

from truce.audit import record_write
from truce.store import schema


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
    record_write(connection, schema.signing_keys, {"id": key_id}, by=user_name)


def find_signing_key(connection: Connection, public_key: str) -> RowMapping | None:
    return (
        connection.execute(
            select(schema.signing_keys).where(schema.signing_keys.c.public_key == public_key)
        )
        .mappings()
        .first()
    )


def signing_key(connection: Connection, key_id: str) -> RowMapping | None:
    """The registered key with this id, if any (sign-offs made away from the server name it)."""
    return (
        connection.execute(select(schema.signing_keys).where(schema.signing_keys.c.id == key_id))
        .mappings()
        .first()
    )


def list_signing_keys(connection: Connection) -> list[RowMapping]:
    return list(
        connection.execute(
            select(schema.signing_keys).order_by(schema.signing_keys.c.created_at)
        ).mappings()
    )


def insert_checkpoint(connection: Connection, values: dict[str, Any]) -> int:
    checkpoint_id = int(
        connection.execute(
            insert(schema.audit_checkpoints).values(values).returning(schema.audit_checkpoints.c.id)
        ).scalar_one()
    )
    record_write(connection, schema.audit_checkpoints, {"id": checkpoint_id}, by=values["by_user"])
    return checkpoint_id


def list_checkpoints(connection: Connection) -> list[RowMapping]:
    return list(
        connection.execute(
            select(schema.audit_checkpoints).order_by(schema.audit_checkpoints.c.id)
        ).mappings()
    )
