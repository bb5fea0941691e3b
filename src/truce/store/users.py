"""Users and their credentials in the store: accounts, password hashes, tokens (by hash).

Every write is recorded in the audit chain (``truce.audit.record_write``), in its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    ColumnElement,
    Connection,
    RowMapping,
    and_,
    bindparam,
    insert,
    or_,
    select,
    update,
)

from truce.audit import record_write, record_writes
from truce.domain.credentials import IssuedToken, TokenKind
from truce.domain.users import Role, User
from truce.errors import Conflict, NotAuthenticated, NotFound
from truce.store import schema


@dataclass(frozen=True, slots=True)
class TokenRecord:
    """A stored token as its owner may see it: never the secret."""

    id: int
    user_name: str
    kind: TokenKind
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None


def add_user(connection: Connection, user: User, *, password_hash: str | None = None) -> None:
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
            password_hash=password_hash,
        )
    )
    record_write(connection, schema.users, {"name": user.name})


def get_user(connection: Connection, name: str) -> User:
    row = _user_row(connection, name)
    if row is None:
        raise NotFound(f"there is no user {name!r}; `truce users list` shows them")
    return _user(row)


def list_users(connection: Connection) -> list[User]:
    rows = connection.execute(select(schema.users).order_by(schema.users.c.name)).mappings()
    return [_user(row) for row in rows]


def deactivate_user(connection: Connection, name: str) -> int:
    """Revoke a user and every token they hold; returns how many tokens were revoked."""
    get_user(connection, name)
    connection.execute(update(schema.users).where(schema.users.c.name == name).values(active=False))
    record_write(connection, schema.users, {"name": name})
    return revoke_tokens(connection, name)


def set_password_hash(connection: Connection, name: str, password_hash: str) -> None:
    """Replace an active user's password hash (a revoked user can no longer log in)."""
    if not get_user(connection, name).active:
        raise Conflict(f"{name} is revoked: a revoked user gets no new password")
    connection.execute(
        update(schema.users).where(schema.users.c.name == name).values(password_hash=password_hash)
    )
    record_write(connection, schema.users, {"name": name})


def password_hash_of(connection: Connection, name: str) -> tuple[User, str | None] | None:
    """The user and their password hash, or ``None`` when there is no such user."""
    row = _user_row(connection, name)
    return None if row is None else (_user(row), row["password_hash"])


def add_token(connection: Connection, user_name: str, token: IssuedToken) -> int:
    """Store a new token's hash for an active user; returns the token's id."""
    user = get_user(connection, user_name)
    if not user.active:
        raise Conflict(f"{user_name} is revoked: a revoked user gets no new token")
    token_id = int(
        connection.execute(
            insert(schema.api_tokens)
            .values(
                user_name=user_name,
                sha256=token.sha256,
                kind=str(token.kind),
                created_at=datetime.now(UTC),
                expires_at=token.expires_at,
            )
            .returning(schema.api_tokens.c.id)
        ).scalar_one()
    )
    record_write(connection, schema.api_tokens, {"id": token_id}, by=user_name)
    return token_id


@dataclass(frozen=True, slots=True)
class TokenHolder:
    """The active user a live token belongs to, and when the token expires (``None``: never)."""

    user: User
    expires_at: datetime | None


#: The active user of a live token: built once, as every authenticated request runs it.
_USER_OF_LIVE_TOKEN = (
    select(schema.users, schema.api_tokens.c.expires_at)
    .join(schema.api_tokens, schema.api_tokens.c.user_name == schema.users.c.name)
    .where(
        schema.api_tokens.c.sha256 == bindparam("sha256"),
        schema.api_tokens.c.revoked_at.is_(None),
        or_(
            schema.api_tokens.c.expires_at.is_(None),
            schema.api_tokens.c.expires_at > bindparam("now"),
        ),
        schema.users.c.active.is_(True),
    )
)


def token_holder(connection: Connection, sha256: str, *, now: datetime) -> TokenHolder:
    """Who a live token belongs to; ``NotAuthenticated`` for anything else."""
    parameters = {"sha256": sha256, "now": now}
    row = connection.execute(_USER_OF_LIVE_TOKEN, parameters).mappings().first()
    if row is None:
        raise NotAuthenticated(
            "the token is unknown, expired or revoked: log in again or ask an admin for a new one"
        )
    expires_at = _utc(row["expires_at"]) if row["expires_at"] else None
    return TokenHolder(_user(row), expires_at)


def user_for_token(connection: Connection, sha256: str, *, now: datetime) -> User:
    """The active user a live token belongs to; ``NotAuthenticated`` for anything else."""
    return token_holder(connection, sha256, now=now).user


def revoke_token(connection: Connection, sha256: str) -> None:
    """Revoke one token (logging out); a token already revoked stays as it was."""
    tokens = schema.api_tokens
    _revoke(connection, and_(tokens.c.sha256 == sha256, tokens.c.revoked_at.is_(None)))


def revoke_tokens(connection: Connection, user_name: str) -> int:
    """Revoke every live token of a user; returns how many there were."""
    tokens = schema.api_tokens
    return _revoke(connection, and_(tokens.c.user_name == user_name, tokens.c.revoked_at.is_(None)))


def _revoke(connection: Connection, which: ColumnElement[bool]) -> int:
    tokens = schema.api_tokens
    ids = list(connection.execute(select(tokens.c.id).where(which)).scalars())
    if ids:
        connection.execute(
            update(tokens).where(tokens.c.id.in_(ids)).values(revoked_at=datetime.now(UTC))
        )
        record_writes(connection, tokens, [{"id": token_id} for token_id in ids])
    return len(ids)


def list_tokens(connection: Connection, user_name: str) -> list[TokenRecord]:
    get_user(connection, user_name)
    rows = connection.execute(
        select(schema.api_tokens)
        .where(schema.api_tokens.c.user_name == user_name)
        .order_by(schema.api_tokens.c.id)
    ).mappings()
    return [
        TokenRecord(
            id=row["id"],
            user_name=row["user_name"],
            kind=TokenKind(row["kind"]),
            created_at=_utc(row["created_at"]),
            expires_at=_utc(row["expires_at"]) if row["expires_at"] else None,
            revoked_at=_utc(row["revoked_at"]) if row["revoked_at"] else None,
        )
        for row in rows
    ]


def _user_row(connection: Connection, name: str) -> RowMapping | None:
    return (
        connection.execute(select(schema.users).where(schema.users.c.name == name))
        .mappings()
        .first()
    )


def _user(row: RowMapping) -> User:
    return User(
        name=row["name"], role=Role(row["role"]), actor_id=row["actor_id"], active=row["active"]
    )


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
