"""A reference actor ingest registered (the USA) is named on the incident page, and is not one
of the agreement's actors in the agreement the API serves. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from truce.api.app import create_app
from truce.domain.credentials import hash_password, password_hasher
from truce.domain.users import Role, User
from truce.ingest.proposals import register_reference_actors
from truce.schemas.incident import incident_from_submission, parse_submission
from truce.settings import Settings
from truce.store.agreements import actor_ids
from truce.store.database import Database
from truce.store.incidents import insert_incident
from truce.store.users import add_user

PASSWORD = "correct horse battery staple"
STATEMENT = {
    "type": "shelling", "date": "2020-11-02", "lat": 31.2, "lon": 16.6,
    "actors": [{"id": "LNA", "role": "alleged_perpetrator"}, {"id": "USA", "role": "reporter"}],
    "summary": "The United States reported shelling near Sirte.",
}  # fmt: skip


@pytest.fixture
def client(database: Database) -> Iterator[TestClient]:
    with database.transaction() as connection:
        monitor = User(name="mon", role=Role.MONITOR, actor_id=None)
        add_user(connection, monitor, password_hash=hash_password(password_hasher(), PASSWORD))
        register_reference_actors(connection, ["USA"], actor_ids(connection))
        insert_incident(connection, incident_from_submission(parse_submission(STATEMENT)))
    app = create_app(Settings(database=database.url, session_secret="s" * 32), database=database)
    with TestClient(app) as test_client:
        yield test_client


def log_in(client: TestClient) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    form = {"name": "mon", "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303


def test_the_incident_page_names_the_reference_actor(client: TestClient) -> None:
    log_in(client)
    page = " ".join(client.get("/incidents/1").text.split())
    assert "United States (USA)" in page


def test_the_agreement_does_not_count_the_reference_actor_among_its_own(
    client: TestClient,
) -> None:
    log_in(client)
    agreement = client.get("/api/v1/agreement").json()
    ids = {actor["id"] for actor in agreement["actors"]}
    assert "LNA" in ids and "USA" not in ids
