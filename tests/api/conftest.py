"""The real app in-process on both backends, and accounts with tokens for every role."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from truce.api.app import create_app
from truce.domain.credentials import TokenKind, issue_token
from truce.domain.users import Role, User
from truce.settings import Settings
from truce.store.database import Database
from truce.store.users import add_token, add_user

#: One account per role (and per side for delegates and co-chairs): name, role, actor.
ACCOUNTS: dict[str, tuple[Role, str | None]] = {
    "admin": (Role.ADMIN, None),
    "ankara": (Role.CO_CHAIR, "TUR"),
    "moscow": (Role.CO_CHAIR, "RUS"),
    "gna.delegate": (Role.PARTY_DELEGATE, "GNA"),
    "lna.delegate": (Role.PARTY_DELEGATE, "LNA"),
    "monitor": (Role.MONITOR, None),
    "analyst": (Role.ANALYST, None),
    "observer": (Role.OBSERVER, None),
}

MakeToken = Callable[[str], str]


def create_accounts(database: Database) -> dict[str, str]:
    """Every account of ``ACCOUNTS`` with one API token each; returns name → token."""
    tokens = {}
    with database.transaction() as connection:
        for name, (role, actor) in ACCOUNTS.items():
            add_user(connection, User(name=name, role=role, actor_id=actor))
            token = issue_token(TokenKind.API, now=datetime.now(UTC), lifetime=None)
            add_token(connection, name, token)
            tokens[name] = token.secret
    return tokens


@pytest.fixture
def tokens(database: Database) -> dict[str, str]:
    return create_accounts(database)


@pytest.fixture
def client(database: Database) -> Iterator[TestClient]:
    app = create_app(Settings(database=database.url), database=database)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
