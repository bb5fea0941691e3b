"""What routes receive: the database, the settings, the agreement, and who is asking.

A request without ``Authorization`` is anonymous (the public); one with ``Authorization:
Bearer TOKEN`` acts as the token's user, and an unknown, expired or revoked token is refused
with 401 rather than silently treated as anonymous.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection

from truce.domain.agreement import Agreement
from truce.domain.credentials import token_hash
from truce.domain.users import User
from truce.domain.visibility import Visibility, visibility_for
from truce.errors import NotAuthenticated
from truce.settings import Settings
from truce.store.agreements import load_agreement
from truce.store.database import Database
from truce.store.users import user_for_token


@dataclass
class AgreementCache:
    """The agreement, read at most once per ``seconds`` (every request needs its parties)."""

    seconds: float = 30.0
    clock: Callable[[], float] = time.monotonic
    _agreement: Agreement | None = None
    _read_at: float = field(default=float("-inf"))

    def get(self, connection: Connection) -> Agreement:
        now = self.clock()
        if self._agreement is None or now - self._read_at > self.seconds:
            self._agreement = load_agreement(connection)
            self._read_at = now
        return self._agreement


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def read_connection(database: Annotated[Database, Depends(get_database)]) -> Iterator[Connection]:
    with database.connect() as connection:
        yield connection


ReadConnection = Annotated[Connection, Depends(read_connection)]
DatabaseDependency = Annotated[Database, Depends(get_database)]
SettingsDependency = Annotated[Settings, Depends(get_settings)]

bearer = HTTPBearer(
    auto_error=False,
    description="A token from `truce tokens new NAME` or `POST /api/v1/login`.",
)


def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str | None:
    """The token of ``Authorization: Bearer TOKEN``, if one was sent."""
    return credentials.credentials if credentials is not None else None


def current_user(
    token: Annotated[str | None, Depends(bearer_token)], connection: ReadConnection
) -> User | None:
    """The user the request acts as; ``None`` when it carries no token (the public)."""
    if token is None:
        return None
    if not token.isascii() or len(token) > 200:
        raise NotAuthenticated("the bearer token is malformed: send the token exactly as issued")
    return user_for_token(connection, token_hash(token), now=datetime.now(UTC))


def current_agreement(request: Request, connection: ReadConnection) -> Agreement:
    cache: AgreementCache = request.app.state.agreement_cache
    return cache.get(connection)


CurrentUser = Annotated[User | None, Depends(current_user)]
CurrentAgreement = Annotated[Agreement, Depends(current_agreement)]


def current_visibility(user: CurrentUser, agreement: CurrentAgreement) -> Visibility:
    """What the requester may see, by the one rule of ``truce.domain.visibility``."""
    return visibility_for(user, agreement, now=datetime.now(UTC))


CurrentVisibility = Annotated[Visibility, Depends(current_visibility)]
