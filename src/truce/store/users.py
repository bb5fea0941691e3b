"""Users in the store."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, RowMapping, insert, select, update

from truce.audit import record_write
from truce.domain.users import Role, User
from truce.errors import Conflict, NotFound
from truce.store import schema


def add_user(connection: Connection, user: User) -> None:
    if connection.execute(
        select(schema.users.c.name).where(schema.users.c.name == user.name)
    ).first():
        raise Conflict(f"there is already a user {user.name!r}")
    connection.execute(
        insert(schema.users).values(
            name=user.name,
            role=str(user.role),
            actor_id=user.actor_id,
            active=user.active,
            created_at=datetime.now(UTC),
        )
    )
    record_write(connection, schema.users, {"name": user.name})


def get_user(connection: Connection, name: str) -> User:
    row = (
        connection.execute(select(schema.users).where(schema.users.c.name == name))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"there is no user {name!r}; `truce users list` shows them")
    return _user(row)


def list_users(connection: Connection) -> list[User]:
    rows = connection.execute(select(schema.users).order_by(schema.users.c.name)).mappings()
    return [_user(row) for row in rows]


def deactivate_user(connection: Connection, name: str) -> None:
    get_user(connection, name)
    connection.execute(update(schema.users).where(schema.users.c.name == name).values(active=False))
    record_write(connection, schema.users, {"name": name})


def _user(row: RowMapping) -> User:
    return User(
        name=row["name"], role=Role(row["role"]), actor_id=row["actor_id"], active=row["active"]
    )
