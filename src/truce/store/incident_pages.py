"""Pages of the API's incident list, read on the server's event loop.

The list is the API's busiest route (a map pans and zooms through it). Read the usual way — a
pooled SQLAlchemy connection, in a worker thread — a page that the database answers from an
index in a tenth of a millisecond cost over a millisecond: checking a connection out and back
in, executing through SQLAlchemy, and handing the work to a thread and back (on two cores, the
hand-over and the interpreter lock cost more than the query). ``IncidentPages`` reads the
same statements — ``incident_filters.filtered_statement`` and ``incident_reads.parts_statement``,
so the same filters and the same visibility condition — compiled once per shape for the
database's dialect, on connections of the driver's own kept by the process, and makes
documents of the rows with the same ``incident_reads.document_of``:

- SQLite: one connection, used from the event loop, which a read holds for at most
  ``quick_seconds``. One that takes longer — a text search through every incident, a box over
  the whole country — is cut off there by SQLite's progress handler and read again in a worker
  thread by the ordinary path (``incident_reads.list_incident_documents``), so a slow list
  never holds the other requests of its process for long.
- PostgreSQL: a few asynchronous connections, so waiting for the server never holds the loop.

``bench/api_latency.py`` measures the route (``docs/benchmarks.md``)."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
import psycopg
from anyio import CapacityLimiter, to_thread
from psycopg.types.json import set_json_loads
from sqlalchemy import JSON, Dialect, Select, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.types import TypeEngine

from truce.errors import StoreUnavailable
from truce.store.database import Database
from truce.store.incident_filters import (
    IncidentQuery,
    filtered_statement,
)
from truce.store.incident_reads import (
    NO_PARTS,
    document_of,
    grouped_parts,
    list_incident_documents,
    parts_statement,
)
from truce.store.placeholders import padded_values, slots_for

#: How long a SQLite read may hold the event loop before it is cut off and done in a thread.
QUICK_READ_SECONDS = 0.010
#: SQLite calls the progress handler every this many virtual-machine steps (a few
#: microseconds' work), which then looks at the clock.
_SQLITE_STEPS_PER_CHECK = 1000
#: Compiled statements a process keeps (one per shape of filters and parts).
_MOST_STATEMENTS = 1024


@dataclass(slots=True)
class DriverStatement:
    """A statement compiled for one dialect, to be run on the driver's connection: its text,
    its placeholders' names in order (``None`` when the driver takes them by name), their
    default values, and what turns values into the driver's types and columns back."""

    text: str
    positions: tuple[str, ...] | None
    defaults: Mapping[str, Any]
    bind_processors: Mapping[str, Callable[[Any], Any]]
    column_types: tuple[TypeEngine[Any], ...]
    dialect: Dialect
    #: (column index, processor) for the columns whose values need turning into Python's,
    #: known from the first result's description (as SQLAlchemy learns them).
    result_processors: tuple[tuple[int, Callable[[Any], Any]], ...] | None = None

    def arguments(self, values: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        merged = {**self.defaults, **values}
        for name, process in self.bind_processors.items():
            merged[name] = process(merged[name])
        if self.positions is None:
            return merged
        return [merged[name] for name in self.positions]

    def learn_columns(self, description: Sequence[Sequence[Any]]) -> None:
        """Learn the result processors from a cursor's description, the first time."""
        if self.result_processors is None:
            self.result_processors = self._processors(description)

    def rows(self, fetched: Sequence[Any]) -> list[Any]:
        processors = self.result_processors
        assert processors is not None, "learn_columns first"
        if not processors:
            return list(fetched)
        processed = []
        for row in fetched:
            values = list(row)
            for index, process in processors:
                value = values[index]
                if value is not None:
                    values[index] = process(value)
            processed.append(values)
        return processed

    def _processors(
        self, description: Sequence[Sequence[Any]]
    ) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
        found = []
        for index, (kind, column) in enumerate(zip(self.column_types, description, strict=True)):
            process = _faster_processor(self.dialect, kind)
            if process is None:
                process = kind.dialect_impl(self.dialect).result_processor(self.dialect, column[1])
            if process is not None:
                found.append((index, process))
        return tuple(found)


def _faster_processor(dialect: Dialect, kind: TypeEngine[Any]) -> Callable[[Any], Any] | None:
    """Where there is one, a faster equivalent of SQLAlchemy's result processor: SQLite's JSON
    text parsed by orjson (JSON columns hold what ``json.dumps`` wrote, so no NaN)."""
    if dialect.name == "sqlite" and isinstance(kind, JSON):
        return orjson.loads
    return None


def compile_for_driver(statement: Select[Any], dialect: Dialect) -> DriverStatement:
    compiled = statement.compile(dialect=dialect)
    bind_processors = {}
    for name, bind in compiled.binds.items():
        process = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            bind_processors[name] = process
    return DriverStatement(
        text=str(compiled),
        positions=tuple(compiled.positiontup) if compiled.positiontup is not None else None,
        defaults=dict(compiled.params),
        bind_processors=bind_processors,
        column_types=tuple(column.type for column in statement.selected_columns),
        dialect=dialect,
    )


class _CutOff(Exception):
    """A read took longer than it may on the event loop."""


class IncidentPages:
    """The incident documents of a list query (``IncidentQuery`` with its visibility and
    limit), read quickly on the event loop or, failing that, in a worker thread. One per
    process (``close`` it when the server stops)."""

    def __init__(
        self,
        database: Database,
        *,
        slow_readers: CapacityLimiter,
        quick_seconds: float = QUICK_READ_SECONDS,
        postgres_connections: int = 4,
    ) -> None:
        self.database = database
        self.slow_readers = slow_readers
        self._statements: dict[Select[Any], DriverStatement] = {}
        self._driver: _SqliteReads | _PostgresReads = (
            _SqliteReads(database, quick_seconds)
            if database.is_sqlite
            else _PostgresReads(database, postgres_connections)
        )
        #: How many reads were cut off and read in a thread (a sign of lists the indexes do
        #: not answer).
        self.cut_off = 0

    async def read(self, query: IncidentQuery) -> list[dict[str, Any]]:
        statement, values = filtered_statement("documents", query)
        try:
            rows = await self._fetch(statement, values)
            if not rows:
                return []
            ids = [row[0] for row in rows]
            parts = grouped_parts(
                await self._fetch(parts_statement(slots_for(len(ids))), padded_values("ids", ids))
            )
        except _CutOff:
            self.cut_off += 1
            return await to_thread.run_sync(self._read_slowly, query, limiter=self.slow_readers)
        return [document_of(row, parts.get(row[0], NO_PARTS)) for row in rows]

    async def close(self) -> None:
        await self._driver.close()

    def _read_slowly(self, query: IncidentQuery) -> list[dict[str, Any]]:
        with self.database.connect_autocommit() as connection:
            return list_incident_documents(connection, query)

    async def _fetch(self, statement: Select[Any], values: Mapping[str, Any]) -> list[Any]:
        compiled = self._statements.get(statement)
        if compiled is None:
            if len(self._statements) >= _MOST_STATEMENTS:  # shapes are few; this bounds them
                self._statements.clear()
            compiled = compile_for_driver(statement, self.database.engine.dialect)
            self._statements[statement] = compiled
        return await self._driver.fetch(compiled, compiled.arguments(values))


class _SqliteReads:
    """SQLite: one connection of the process's, used from the event loop; SQLite's progress
    handler cuts a read off past its time."""

    def __init__(self, database: Database, quick_seconds: float) -> None:
        self.database = database
        self.quick_seconds = quick_seconds
        self._connection: Any = None  # sqlite3.Connection
        self._deadline = 0.0

    async def fetch(self, compiled: DriverStatement, arguments: Any) -> list[Any]:
        connection = self._connect()
        self._deadline = time.monotonic() + self.quick_seconds
        try:
            cursor = connection.cursor()
            try:
                cursor.execute(compiled.text, arguments)
                fetched = cursor.fetchall()
                if compiled.result_processors is None:
                    compiled.learn_columns(cursor.description)
            finally:
                cursor.close()
        except sqlite3.OperationalError as error:
            if self._past_deadline():
                raise _CutOff() from None
            await self.close()
            raise _unavailable(self.database, error) from None
        return compiled.rows(fetched)

    async def close(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            connection.close()

    def _connect(self) -> Any:
        """Opened through the engine, so set up as its other connections are (the pragmas),
        then detached from its pool: no other reader gets it with the progress handler."""
        if self._connection is None:
            try:
                pooled = self.database.engine.raw_connection()
            except DBAPIError as error:
                raise _unavailable(self.database, error) from None
            pooled.detach()
            connection: Any = pooled.dbapi_connection
            connection.set_progress_handler(self._past_deadline, _SQLITE_STEPS_PER_CHECK)
            self._connection = connection
        return self._connection

    def _past_deadline(self) -> bool:
        return time.monotonic() > self._deadline


class _PostgresReads:
    """PostgreSQL: up to ``size`` asynchronous connections in autocommit. Waiting for the
    server does not hold the loop, so a read is never cut off: a slow one holds a connection
    (and at most ``size`` wait on the database at once, as the worker threads would); psycopg
    prepares a statement on the server once it has run a few times."""

    def __init__(self, database: Database, size: int) -> None:
        self.database = database
        self.size = size
        self._conninfo = make_url(database.url).set(drivername="postgresql").render_as_string(False)
        # Connections belong to the event loop they were made in (a test's client makes one
        # per client); a new loop gets new ones.
        self._loop: asyncio.AbstractEventLoop | None = None
        self._idle: list[psycopg.AsyncConnection[Any]] = []
        self._free = asyncio.Semaphore(size)

    async def fetch(self, compiled: DriverStatement, arguments: Any) -> list[Any]:
        self._follow_loop()
        async with self._free:
            connection = self._idle.pop() if self._idle else await self._connect()
            try:
                cursor = connection.cursor()
                try:
                    await cursor.execute(compiled.text, arguments)
                    fetched = await cursor.fetchall()
                    if compiled.result_processors is None:
                        compiled.learn_columns(cursor.description or ())
                finally:
                    await cursor.close()
            except BaseException as error:  # a connection in an unknown state is not reused
                connection.pgconn.finish()  # without awaiting: this may be a cancellation
                if isinstance(error, psycopg.OperationalError):
                    raise _unavailable(self.database, error) from None
                raise
            self._idle.append(connection)
        return compiled.rows(fetched)

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            await connection.close()

    async def _connect(self) -> psycopg.AsyncConnection[Any]:
        try:
            connection = await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)
        except psycopg.OperationalError as error:
            raise _unavailable(self.database, error) from None
        set_json_loads(orjson.loads, connection)  # as json.loads, faster
        return connection

    def _follow_loop(self) -> None:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            for connection in self._idle:  # they cannot be awaited in this loop
                connection.pgconn.finish()
            self._loop, self._idle = loop, []
            self._free = asyncio.Semaphore(self.size)


def _unavailable(database: Database, error: Exception) -> StoreUnavailable:
    return StoreUnavailable(
        f"could not read incidents from {database.display_url} ({error}): check that the "
        "database is running and reachable"
    )
