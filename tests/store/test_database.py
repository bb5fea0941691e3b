"""Opening databases: URLs and paths, SQLite's settings, migrations matching the tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from truce.errors import InvalidInput, StoreUnavailable
from truce.store.database import Database, database_url
from truce.store.schema import metadata


def test_a_path_is_a_sqlite_file_and_postgres_urls_use_psycopg(tmp_path: Path) -> None:
    assert database_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"
    assert database_url("postgresql://u@h:5432/d").startswith("postgresql+psycopg://u@h:5432/d")


def test_other_backends_are_refused_by_name() -> None:
    with pytest.raises(InvalidInput, match="mysql is not supported"):
        database_url("mysql://root@localhost/test")


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    database = Database(str(tmp_path / "t.db"))
    with database.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_migrations_create_exactly_the_tables_queries_use(empty_database: Database) -> None:
    with empty_database.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []
    assert empty_database.is_current()


def test_an_unreachable_server_is_reported_not_raised() -> None:
    database = Database("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    with (
        pytest.raises(StoreUnavailable, match="cannot use the database") as refused,
        database.connect(),
    ):
        pass
    assert "check that the server is running" in str(refused.value)


def test_a_file_that_is_not_a_database_is_named_as_bad_input(tmp_path: Path) -> None:
    # A CSV given as --db by mistake: the user's input to correct, not an internal error.
    export = tmp_path / "incidents.csv"
    export.write_text("id,type\n1,shelling\n" * 100, "utf-8")
    database = Database(str(export))
    with pytest.raises(InvalidInput, match=r"incidents\.csv is not a SQLite database"):
        database.is_current()
    with pytest.raises(InvalidInput, match="is not a SQLite database"), database.transaction():
        pass
    database.dispose()
    assert export.read_text("utf-8").startswith("id,type\n")  # and it is left as it was
