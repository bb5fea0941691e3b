"""Accounts end to end: init's admin, passwords, login, tokens (shown once, hashed, expiring,
revocable), the login throttle, and the CLI commands that manage them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.api.conftest import bearer

from truce.api.app import create_app
from truce.api.dependencies import TokenCache
from truce.api.login_limits import LoginLimits, LoginThrottle
from truce.cli import run
from truce.domain.credentials import TokenKind, issue_token
from truce.errors import RateLimited
from truce.settings import Settings
from truce.store import schema
from truce.store.database import Database
from truce.store.users import add_token


@pytest.fixture
def initialised(
    database_location: str, scenario_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[str, str]:
    """A database made by `truce init`; returns it and the admin's one-time password."""
    assert run(["init", "--scenario", str(scenario_path), "--db", database_location]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "first admin: admin"
    password = out[2].removeprefix("one-time password (shown only now): ")
    return database_location, password


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def token_clock() -> Clock:
    return Clock()


@pytest.fixture
def app_client(initialised: tuple[str, str], token_clock: Clock) -> Iterator[TestClient]:
    database = Database(initialised[0])
    settings = Settings(database=initialised[0])
    app = create_app(
        settings,
        database=database,
        login_limits=LoginLimits(per_account=3),
        token_cache=TokenCache(seconds=settings.token_cache_seconds, clock=token_clock),
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    database.dispose()


def test_init_prints_the_admin_password_once_and_stores_only_its_hash(
    initialised: tuple[str, str], app_client: TestClient
) -> None:
    location, password = initialised
    database = Database(location)
    with database.connect() as connection:
        stored = connection.execute(select(schema.users.c.password_hash)).scalar_one()
    database.dispose()
    assert stored.startswith("$argon2id$") and password not in stored
    login = app_client.post("/api/v1/login", json={"name": "admin", "password": password})
    assert login.status_code == 200
    token = login.json()["token"]
    me = app_client.get("/api/v1/me", headers=bearer(token)).json()
    assert me["user"]["name"] == "admin" and me["role"] == "admin"
    assert app_client.post("/api/v1/logout", headers=bearer(token)).status_code == 200
    assert app_client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_tokens_new_prints_the_token_alone_and_it_authenticates(
    initialised: tuple[str, str],
    app_client: TestClient,
    token_clock: Clock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    location, _ = initialised
    assert run(["users", "add", "lna.delegate", "--role", "party_delegate", "--actor", "LNA",
                "--db", location]) == 0  # fmt: skip
    capsys.readouterr()
    assert run(["tokens", "new", "lna.delegate", "--expires", "30", "--db", location]) == 0
    token = capsys.readouterr().out
    assert token.endswith("\n") and token.count("\n") == 1 and token.startswith("truce_")
    me = app_client.get("/api/v1/me", headers=bearer(token.strip()))
    assert me.json()["user"] == {"name": "lna.delegate", "role": "party_delegate",
                                 "actor": "LNA", "active": True}  # fmt: skip
    assert run(["tokens", "list", "lna.delegate", "--db", location]) == 0
    assert "api" in capsys.readouterr().out
    assert run(["users", "revoke", "lna.delegate", "--db", location]) == 0
    assert "revoked lna.delegate and 1 token(s)" in capsys.readouterr().out
    # The server remembers the user of a token it checked for TRUCE_TOKEN_CACHE_SECONDS (2):
    # a revocation made elsewhere takes effect once that has passed, and not before.
    token_clock.now += 1.9
    assert app_client.get("/api/v1/me", headers=bearer(token.strip())).status_code == 200
    token_clock.now += 0.1
    refused = app_client.get("/api/v1/me", headers=bearer(token.strip()))
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith("Bearer")
    assert run(["tokens", "new", "lna.delegate", "--db", location]) == 2
    assert "revoked user gets no new token" in capsys.readouterr().err


def test_expired_unknown_and_malformed_tokens_are_refused(
    initialised: tuple[str, str], app_client: TestClient
) -> None:
    database = Database(initialised[0])
    expired = issue_token(TokenKind.API, now=datetime.now(UTC) - timedelta(days=2),
                          lifetime=timedelta(days=1))  # fmt: skip
    with database.transaction() as connection:
        add_token(connection, "admin", expired)
    database.dispose()
    for token in (expired.secret, "truce_not-a-real-token", "x" * 300):
        response = app_client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, token
        assert (
            "log in again" in response.json()["error"]["message"]
            or "malformed" in (response.json()["error"]["message"])
        )


def test_a_bad_expiry_is_refused_by_name(
    initialised: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["tokens", "new", "admin", "--expires", "0", "--db", initialised[0]]) == 2
    assert "expires: give a number of days" in capsys.readouterr().err


def test_logins_are_throttled_per_account(
    initialised: tuple[str, str], app_client: TestClient
) -> None:
    _, password = initialised
    for _ in range(3):
        wrong = app_client.post("/api/v1/login", json={"name": "admin", "password": "nope"})
        assert wrong.status_code == 401
        assert wrong.json()["error"]["message"].startswith("wrong name or password")
    blocked = app_client.post("/api/v1/login", json={"name": "admin", "password": password})
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    other = app_client.post("/api/v1/login", json={"name": "nobody", "password": "x"})
    assert other.status_code == 401  # the limit is per account


def test_the_throttle_counts_per_address_and_forgets_after_the_window(
    database: Database,
) -> None:
    now = [1000.0]
    limits = LoginLimits(per_account=100, per_address=2, window_seconds=60)
    throttle = LoginThrottle(limits, database, clock=lambda: now[0])
    throttle.failed("a", "10.0.0.1")
    throttle.failed("b", "10.0.0.1")
    with pytest.raises(RateLimited, match="this address") as refused:
        throttle.check("c", "10.0.0.1")
    assert refused.value.retry_after == 60
    throttle.check("c", "10.0.0.2")
    now[0] += 61
    throttle.check("c", "10.0.0.1")


def test_every_server_process_counts_the_same_failures(database: Database) -> None:
    # Two throttles over one database stand for two workers of `truce serve --workers 2` (or
    # one before and one after a restart): failures seen by either count for both.
    now = [5000.0]
    limits = LoginLimits(per_account=3, per_address=100, window_seconds=60)
    first, second = (LoginThrottle(limits, database, clock=lambda: now[0]) for _ in range(2))
    first.failed("admin", "10.0.0.1")
    second.failed("admin", "10.0.0.2")
    first.failed("admin", "10.0.0.3")
    with pytest.raises(RateLimited, match="this account"):
        second.check("admin", "10.0.0.4")
    first.succeeded("admin")  # a success clears the account's failures everywhere
    second.check("admin", "10.0.0.4")


def test_the_list_and_the_dependency_read_the_authorization_header_alike(
    client: TestClient, tokens: dict[str, str]
) -> None:
    """The incident list reads who is asking itself (``requester_of``); every route reads the
    header by the same rule: another scheme, or none, is the public; a bad bearer is 401."""
    monitor = tokens["monitor"]
    for path in ("/api/v1/incidents", "/api/v1/me"):
        for header, status in [
            ({"Authorization": f"bearer {monitor}"}, 200),  # the scheme in any case
            ({"Authorization": f"Bearer  {monitor} "}, 200),
            ({"Authorization": f"Basic {monitor}"}, 200),  # the public
            ({"Authorization": "Bearer "}, 200),
            ({"Authorization": "Bearer not-a-token"}, 401),
        ]:
            assert client.get(path, headers=header).status_code == status, (path, header)
    me = client.get("/api/v1/me", headers={"Authorization": f"bearer {monitor}"}).json()
    public = client.get("/api/v1/me", headers={"Authorization": f"Basic {monitor}"}).json()
    assert me["user"]["name"] == "monitor" and public["user"] is None
