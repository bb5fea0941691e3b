"""What routes receive: the database, the settings, the agreement, and who is asking.

A request without ``Authorization`` is anonymous (the public); one with ``Authorization:
Bearer TOKEN`` acts as the token's user, and an unknown, expired or revoked token is refused
with 401 rather than silently treated as anonymous.

Who is asking is resolved once per request (``Requester``) from two small caches, so that a
request with a token seen in the last seconds reads nothing from the database to learn it:
``TokenCache`` (the users of tokens, for ``Settings.token_cache_seconds``) and
``AgreementCache`` (the agreement, whose parties every visibility needs).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool

from truce.domain.agreement import Agreement
from truce.domain.credentials import token_hash
from truce.domain.users import User
from truce.domain.visibility import Visibility, visibility_for
from truce.errors import NotAuthenticated
from truce.settings import Settings
from truce.store.agreements import load_agreement
from truce.store.database import Database
from truce.store.users import TokenHolder, token_holder


@dataclass
class AgreementCache:
    """The agreement, read at most once per ``seconds`` (every request needs its parties)."""

    seconds: float = 30.0
    clock: Callable[[], float] = time.monotonic
    _agreement: Agreement | None = None
    _read_at: float = field(default=float("-inf"))

    def fresh(self) -> Agreement | None:
        """The agreement if it was read less than ``seconds`` ago, else ``None``."""
        if self._agreement is None or self.clock() - self._read_at > self.seconds:
            return None
        return self._agreement

    def read(self, connection: Connection) -> Agreement:
        """Read the agreement again and remember it."""
        self._agreement = load_agreement(connection)
        self._read_at = self.clock()
        return self._agreement


@dataclass
class TokenCache:
    """The users of the bearer tokens seen in the last ``seconds`` (by the tokens' SHA-256).

    The price is stated in ``docs/api.md``: a token revoked, or a user deactivated, by another
    process (`truce users revoke`, another worker) is still accepted here until its entry is
    ``seconds`` old. Logging out forgets the token at once in the process that served it. An
    entry never outlives its token's expiry, unknown tokens are never remembered, and
    ``seconds`` = 0 turns the cache off. Each operation is a single step on a dictionary (the
    purge makes a new one), so the event loop and worker threads may share it.
    """

    seconds: float
    clock: Callable[[], float] = time.monotonic
    #: Past this many tokens, the stale entries are dropped (and all of them if none is).
    max_entries: int = 10_000
    _entries: dict[str, tuple[User, float]] = field(default_factory=dict)

    def user_of(self, sha256: str) -> User | None:
        """The user of a token remembered less than ``seconds`` ago, else ``None``."""
        entry = self._entries.get(sha256)
        if entry is None:
            return None
        user, valid_until = entry
        if self.clock() >= valid_until:
            self._entries.pop(sha256, None)
            return None
        return user

    def remember(self, sha256: str, holder: TokenHolder, *, now: datetime) -> None:
        lifetime = self.seconds
        if holder.expires_at is not None:
            lifetime = min(lifetime, (holder.expires_at - now).total_seconds())
        if lifetime <= 0:
            return
        if len(self._entries) >= self.max_entries:
            self._drop_stale()
        self._entries[sha256] = (holder.user, self.clock() + lifetime)

    def forget(self, sha256: str) -> None:
        self._entries.pop(sha256, None)

    def _drop_stale(self) -> None:
        now = self.clock()
        live = {key: entry for key, entry in list(self._entries.items()) if entry[1] > now}
        self._entries = live
        if len(self._entries) >= self.max_entries:
            self._entries = {}


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


def bearer_token_of(request: Request) -> str | None:
    """The token of ``Authorization: Bearer TOKEN``, if one was sent (read as ``bearer``
    reads it: another scheme, or none, is no token)."""
    scheme, _, token = (request.headers.get("authorization") or "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


#: What a route that reads the requester itself (``requester_of``) adds to its OpenAPI
#: operation, as the ``bearer`` dependency does for the others.
BEARER_SECURITY: dict[str, Any] = {"security": [{"HTTPBearer": []}]}


@dataclass(frozen=True, slots=True)
class Requester:
    """Who is asking: ``user`` is ``None`` for the public; ``visibility`` is the one rule's
    verdict for them under the current ``agreement``."""

    user: User | None
    agreement: Agreement
    visibility: Visibility


async def current_requester(
    request: Request,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Requester:
    """``requester_of`` as a dependency (which also documents the bearer token)."""
    return await requester_of(request)


async def requester_of(request: Request) -> Requester:
    """The requester, from the caches when they know it (no thread, no query), else read."""
    state = request.app.state
    tokens: TokenCache = state.token_cache
    agreements: AgreementCache = state.agreement_cache
    sha256 = _hash_of(bearer_token_of(request))
    user = tokens.user_of(sha256) if sha256 is not None else None
    remembered = agreements.fresh()
    if remembered is not None and (sha256 is None or user is not None):
        agreement = remembered
    else:
        holder, agreement = await run_in_threadpool(_read, state.database, agreements, sha256)
        if sha256 is not None and holder is not None:
            tokens.remember(sha256, holder, now=datetime.now(UTC))
            user = holder.user
    visibility = visibility_for(user, agreement, now=datetime.now(UTC))
    return Requester(user, agreement, visibility)


CurrentRequester = Annotated[Requester, Depends(current_requester)]


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking (``Requester``) and the connection the request reads with."""

    connection: Connection
    user: User | None
    agreement: Agreement
    visibility: Visibility


def current_caller(request: Request, requester: CurrentRequester) -> Iterator[Caller]:
    database: Database = request.app.state.database
    with database.connect() as connection:
        yield Caller(connection, requester.user, requester.agreement, requester.visibility)


CurrentCaller = Annotated[Caller, Depends(current_caller)]


def _hash_of(token: str | None) -> str | None:
    """The SHA-256 a token is stored as; ``None`` without a token (the public)."""
    if token is None:
        return None
    if not token.isascii() or len(token) > 200:
        raise NotAuthenticated("the bearer token is malformed: send the token exactly as issued")
    return token_hash(token)


def _read(
    database: Database, agreements: AgreementCache, sha256: str | None
) -> tuple[TokenHolder | None, Agreement]:
    """What the caches did not know: the token's holder, the agreement (in a worker thread)."""
    with database.connect_autocommit() as connection:
        holder = token_holder(connection, sha256, now=datetime.now(UTC)) if sha256 else None
        agreement = agreements.fresh() or agreements.read(connection)
    return holder, agreement
