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


async def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


DatabaseDependency = Annotated[Database, Depends(get_database)]
SettingsDependency = Annotated[Settings, Depends(get_settings)]

bearer = HTTPBearer(
    auto_error=False,
    description="A token from `truce tokens new NAME` or `POST /api/v1/login`.",
)


async def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str | None:
    """The token of ``Authorization: Bearer TOKEN``, if one was sent."""
    return credentials.credentials if credentials is not None else None


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking, and what the request reads with: resolved once per request.

    ``user`` is ``None`` for the public; ``visibility`` is the one rule's verdict for them.
    One dependency makes the whole of it, so a request crosses into the thread pool once.
    """

    connection: Connection
    user: User | None
    agreement: Agreement
    visibility: Visibility


def current_caller(
    request: Request, token: Annotated[str | None, Depends(bearer_token)]
) -> Iterator[Caller]:
    database: Database = request.app.state.database
    cache: AgreementCache = request.app.state.agreement_cache
    with database.connect() as connection:
        user = _user_of(connection, token)
        agreement = cache.get(connection)
        visibility = visibility_for(user, agreement, now=datetime.now(UTC))
        yield Caller(connection, user, agreement, visibility)


def _user_of(connection: Connection, token: str | None) -> User | None:
    """The user a bearer token acts as; ``None`` without a token (the public)."""
    if token is None:
        return None
    if not token.isascii() or len(token) > 200:
        raise NotAuthenticated("the bearer token is malformed: send the token exactly as issued")
    return user_for_token(connection, token_hash(token), now=datetime.now(UTC))


CurrentCaller = Annotated[Caller, Depends(current_caller)]
