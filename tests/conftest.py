"""Fixtures shared by the whole suite: the scenario, and databases on both backends.

Tests that take ``database`` run twice: on a fresh SQLite file and on a fresh PostgreSQL schema
(from ``TRUCE_TEST_POSTGRES_URL``; skipped, with the reason, when it is unset or unreachable).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import Connection, create_engine, insert, text
from sqlalchemy.engine import make_url

from truce.audit import record_write
from truce.audit.migrations import table_as_stored
from truce.domain.actors import Actor
from truce.domain.agreement import Agreement
from truce.scenario import load_scenario
from truce.store.agreements import save_agreement
from truce.store.database import Database, database_url

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "sirte-jufra.yaml"
SHARED = ROOT.parent / "shared"
POSTGRES_ENV = "TRUCE_TEST_POSTGRES_URL"


def load_benchmark(script: str) -> ModuleType:
    """``bench/<script>`` as a module, for tests that reuse what a benchmark generates."""
    path = ROOT / "bench" / script
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def save_actors_as_before_0009(
    connection: Connection, actors: Iterable[Actor], *, by: str | None = None
) -> None:
    """Insert and record actors as truce did before migration 0009 (which added
    ``actors.origin``), in a database at an earlier revision. ``save_agreement`` then finds
    them stored and adds the rest of the agreement as it always did."""
    table = table_as_stored(connection, "actors")
    for actor in actors:
        values = {
            "id": actor.id, "name": actor.name, "kind": str(actor.kind), "country": actor.country,
            "aliases": {lang: list(names) for lang, names in actor.aliases.items()},
        }  # fmt: skip
        connection.execute(insert(table).values(values))
        record_write(connection, table, {"id": actor.id}, by=by)


@pytest.fixture(scope="session")
def scenario_path() -> Path:
    """The shipped Sirte–al-Jufra scenario."""
    return SCENARIO


@pytest.fixture(scope="session")
def agreement() -> Agreement:
    return load_scenario(SCENARIO)


def _postgres_base_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set: PostgreSQL tests need a reachable server")
    try:
        engine = create_engine(database_url(url))
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
    except Exception as error:
        pytest.skip(f"PostgreSQL at {url} is unreachable: {type(error).__name__}: {error}")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose connections use a new, empty schema, dropped after the test."""
    base = database_url(_postgres_base_url())
    schema_name = f"truce_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema_name}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema_name}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema_name}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh database lives: a SQLite path or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "truce.db")
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def empty_database(database_location: str) -> Iterator[Database]:
    database = Database(database_location)
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture
def database(empty_database: Database, agreement: Agreement) -> Database:
    """A database holding the Sirte–al-Jufra agreement and no incidents."""
    with empty_database.transaction() as connection:
        save_agreement(connection, agreement)
    return empty_database


# --- The verification chamber (issue 4): users of every role and the co-chairs' keys. ---

CHAMBER_USERS = (
    ("tur", "co_chair", "TUR"),
    ("rus", "co_chair", "RUS"),
    ("ana", "analyst", None),
    ("mon", "monitor", None),
    ("lna", "party_delegate", "LNA"),
    ("gna", "party_delegate", "GNA"),
    ("obs", "observer", None),
)


@dataclass(frozen=True)
class Chamber:
    """A database with the agreement, a user of each role, and the co-chairs' key files."""

    database: Database
    agreement: Agreement
    key_files: dict[str, Path]


@pytest.fixture
def chamber(database: Database, agreement: Agreement, tmp_path: Path) -> Chamber:
    from truce.domain.users import Role, User
    from truce.services.keys import create_key
    from truce.store.users import add_user

    key_files = {}
    with database.transaction() as connection:
        for name, role, actor in CHAMBER_USERS:
            add_user(connection, User(name=name, role=Role(role), actor_id=actor))
        for name in ("tur", "rus"):
            key_files[name] = tmp_path / f"{name}.key"
            create_key(connection, agreement, name, key_files[name])
    return Chamber(database=database, agreement=agreement, key_files=key_files)
