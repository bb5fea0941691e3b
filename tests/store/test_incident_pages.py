"""The incident list's reads on the event loop (``truce.store.incident_pages``) on SQLite and
PostgreSQL: the same documents as the ordinary path for every shape of query; a slow read cut
off on SQLite and done in a thread, awaited on PostgreSQL; a lost connection named and
replaced."""

from __future__ import annotations

import anyio
import pytest
from anyio import CapacityLimiter
from sqlalchemy import text
from tests.conftest import load_benchmark
from tests.store.test_incident_reads import store_varied_incidents, varied_queries

from truce.domain.agreement import Agreement
from truce.errors import StoreUnavailable
from truce.store.database import Database
from truce.store.incident_pages import IncidentPages
from truce.store.incidents import IncidentQuery, list_incident_documents


def pages_of(database: Database, *, quick_seconds: float = 0.010) -> IncidentPages:
    return IncidentPages(database, slow_readers=CapacityLimiter(2), quick_seconds=quick_seconds)


def test_quick_reads_give_the_documents_of_the_ordinary_path(
    database: Database, agreement: Agreement
) -> None:
    store_varied_incidents(database)
    pages = pages_of(database, quick_seconds=60.0)  # never cut off: these are the quick reads
    try:
        for query in varied_queries(agreement):
            with database.connect() as connection:
                expected = list_incident_documents(connection, query)
            assert anyio.run(pages.read, query) == expected, query
        assert pages.cut_off == 0
    finally:
        anyio.run(pages.close)


def test_a_slow_read_is_cut_off_on_sqlite_and_awaited_on_postgresql(database: Database) -> None:
    """A text search over 30,000 incidents reads every row: far past a millisecond."""
    bench = load_benchmark("api_latency.py")
    if database.is_sqlite:
        bench.load_sqlite(database.path, 30_000)
    else:
        bench.load_postgresql(database.url, 30_000)
    query = IncidentQuery(text="bench incident 2999", limit=101)
    pages = pages_of(database, quick_seconds=0.001)
    try:
        found = anyio.run(pages.read, query)
        assert pages.cut_off == (1 if database.is_sqlite else 0)
        assert [document["summary"] for document in found][:2] == [
            "bench incident 2999",
            "bench incident 29990",
        ]
        with database.connect() as connection:
            assert found == list_incident_documents(connection, query)
        # The connection of the read cut off is still good.
        assert [d["id"] for d in anyio.run(pages.read, IncidentQuery(limit=3))] == [1, 2, 3]
    finally:
        anyio.run(pages.close)


@pytest.mark.postgres
def test_a_lost_connection_is_named_and_the_next_read_opens_another(postgres_url: str) -> None:
    database = Database(postgres_url)
    database.migrate()
    pages = pages_of(database)

    async def lose_the_connection() -> None:
        assert await pages.read(IncidentQuery()) == []
        (idle,) = pages._driver._idle  # type: ignore[union-attr]
        with database.transaction() as connection:
            terminate = text("SELECT pg_terminate_backend(:pid)")
            connection.execute(terminate, {"pid": idle.info.backend_pid})
        with pytest.raises(StoreUnavailable, match="could not read incidents from"):
            await pages.read(IncidentQuery())
        assert await pages.read(IncidentQuery()) == []

    try:
        anyio.run(lose_the_connection)
    finally:
        anyio.run(pages.close)
        database.dispose()
