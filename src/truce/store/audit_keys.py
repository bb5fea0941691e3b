"""The SQL of ``audit_keys``: keys the chain's records are made with, kept off the chain.

The one key so far is the credential key, which keys the digest the chain records of each
webhook secret (``truce.audit.credentials``). Migration 0010 makes it; a database before 0010
has none, and its webhook secrets are recorded as plain digests, as truce recorded them then.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, inspect, select

from truce.errors import StoreUnavailable
from truce.store import schema

CREDENTIAL_KEY = "credential_digest"


def credential_key(connection: Connection) -> bytes | None:
    """The database's credential key, or ``None`` before migration 0010 made one.

    Raises ``StoreUnavailable`` when ``audit_keys`` exists without it: the key was deleted
    behind the application's back, and no webhook secret could be recorded or checked.
    """
    if not inspect(connection).has_table(schema.audit_keys.name):
        return None
    key = connection.execute(
        select(schema.audit_keys.c.key).where(schema.audit_keys.c.name == CREDENTIAL_KEY)
    ).scalar_one_or_none()
    if key is None:
        raise StoreUnavailable(
            "the database's credential key (table audit_keys) is missing: it was deleted "
            "behind the application's back; restore the database from a backup"
        )
    return bytes(key)


def make_credential_key(connection: Connection) -> bytes:
    """The credential key, made now of 32 random bytes unless the database has one already."""
    key = connection.execute(
        select(schema.audit_keys.c.key).where(schema.audit_keys.c.name == CREDENTIAL_KEY)
    ).scalar_one_or_none()
    if key is not None:
        return bytes(key)
    made = secrets.token_bytes(32)
    connection.execute(
        insert(schema.audit_keys).values(
            name=CREDENTIAL_KEY, key=made, created_at=datetime.now(UTC)
        )
    )
    return made
