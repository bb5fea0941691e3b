"""``/api/v1/login``, ``/logout``, ``/me`` and ``/users``: sessions and accounts.

Logging in trades a name and password for a session token (a bearer token that lasts
``SESSION_LIFETIME``); failed logins are throttled per account and per address
(``truce.api.login_limits``). The answer to a wrong name and to a wrong password is the same.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from argon2 import PasswordHasher
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from truce.api.dependencies import (
    CurrentCaller,
    DatabaseDependency,
    TokenCache,
    bearer_token_of,
)
from truce.api.login_limits import LoginThrottle
from truce.domain.credentials import (
    SESSION_LIFETIME,
    TokenKind,
    issue_token,
    password_matches,
    token_hash,
)
from truce.domain.policy import Action, check_role
from truce.domain.users import User
from truce.errors import NotAuthenticated
from truce.store.database import Database
from truce.store.users import add_token, list_users, password_hash_of, revoke_token

router = APIRouter(tags=["accounts"])


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64, description="the login name")
    password: str = Field(min_length=1, max_length=1024)


def user_document(user: User) -> dict[str, Any]:
    return {
        "name": user.name,
        "role": str(user.role),
        "actor": user.actor_id,
        "active": user.active,
    }


@router.post("/login", summary="Log in: a session token for a name and password")
async def login_route(
    login: Login, request: Request, database: DatabaseDependency
) -> dict[str, Any]:
    throttle: LoginThrottle = request.app.state.login_throttle
    hasher: PasswordHasher = request.app.state.password_hasher
    address = request.client.host if request.client else "unknown"
    throttle.check(login.name, address)
    decoy: str = request.app.state.decoy_password_hash
    user = await run_in_threadpool(authenticate, database, hasher, decoy, login)
    if user is None:
        throttle.failed(login.name, address)
        raise NotAuthenticated("wrong name or password (or the account is revoked)")
    throttle.succeeded(login.name)
    token = issue_token(TokenKind.SESSION, now=datetime.now(UTC), lifetime=SESSION_LIFETIME)
    with database.transaction() as connection:
        add_token(connection, user.name, token)
    assert token.expires_at is not None
    return {
        "token": token.secret,
        "token_type": "bearer",
        "expires_at": token.expires_at.isoformat(),
        "user": user_document(user),
    }


@router.post("/logout", summary="Log out: revokes the token the request carries")
def logout_route(
    request: Request,
    caller: CurrentCaller,
    database: DatabaseDependency,
) -> dict[str, str]:
    token = bearer_token_of(request)
    if caller.user is None or token is None:
        raise NotAuthenticated("log out needs the token to revoke: Authorization: Bearer TOKEN")
    with database.transaction() as connection:
        revoke_token(connection, token_hash(token))
    tokens: TokenCache = request.app.state.token_cache
    tokens.forget(token_hash(token))
    return {"revoked": "the token of this request"}


@router.get("/me", summary="Who the request acts as")
def me_route(caller: CurrentCaller) -> dict[str, Any]:
    user = caller.user
    if user is None:
        return {"user": None, "role": "observer", "note": "not logged in: the public view"}
    return {"user": user_document(user), "role": str(user.role)}


@router.get("/users", summary="Every account (admins only)")
def users_route(caller: CurrentCaller) -> dict[str, Any]:
    check_role(caller.user, Action.MANAGE_USERS)
    return {"users": [user_document(account) for account in list_users(caller.connection)]}


def authenticate(
    database: Database, hasher: PasswordHasher, decoy_hash: str, login: Login
) -> User | None:
    """The active user a name and password belong to, or ``None`` (the pages' login too)."""
    with database.connect() as connection:
        found = password_hash_of(connection, login.name)
    if found is None:
        # Spend the same time as for a real account, so that timing does not reveal names.
        password_matches(hasher, decoy_hash, login.password)
        return None
    user, password_hash = found
    if not user.active or not password_matches(hasher, password_hash, login.password):
        return None
    return user
