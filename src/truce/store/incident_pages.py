"""Pages of the API's incident list, read on the server's event loop when they are quick.

The list is the API's busiest route (a map pans and zooms through it). Read the usual way — a
pooled SQLAlchemy connection, in a worker thread — a page that the database answers from an
index in a tenth of a millisecond cost over a millisecond: checking a connection out and back
in, executing through SQLAlchemy, and handing the work to a thread and back (on two cores, the
hand-over and the interpreter lock cost more than the query). ``IncidentPages`` reads the
same statements — ``incident_filters.filtered_statement`` and ``incident_reads.parts_statement``,
so the same filters and the same visibility condition — compiled once per shape for the
database's dialect, on one connection of the driver's own kept by the process, and makes
documents of the rows with the same ``incident_reads.document_of``.

A read runs on the event loop for at most ``quick_seconds``. One that takes longer — a text
search through every incident, a box over the whole country — is cut off there (by SQLite's
progress handler; by PostgreSQL's ``statement_timeout``) and read again in a worker thread by
the ordinary path (``incident_reads.list_incident_documents``), so a slow list never holds the
other requests of its process for long. ``bench/api_latency.py`` measures the route
(``docs/benchmarks.md``).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
import psycopg
from anyio import CapacityLimiter, to_thread
from sqlalchemy import JSON, Dialect, Select
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

#: How long a read may hold the event loop before it is cut off and done in a thread.
QUICK_READ_SECONDS = 0.010
#: SQLite calls the progress handler every this many virtual-machine steps (a few
#: microseconds' work), which then looks at the clock.
_SQLITE_STEPS_PER_CHECK = 1000


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

    def rows(self, fetched: Sequence[Any], description: Sequence[Sequence[Any]]) -> list[Any]:
        processors = self.result_processors
        if processors is None:
            processors = self.result_processors = self._processors(description)
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
    process; its connection is used by one read at a time, from the event loop's thread."""

    def __init__(
        self,
        database: Database,
        *,
        slow_readers: CapacityLimiter,
        quick_seconds: float = QUICK_READ_SECONDS,
    ) -> None:
        self.database = database
        self.slow_readers = slow_readers
        self.quick_seconds = quick_seconds
        self._dialect = database.engine.dialect
        self._connection: Any = None
        self._statements: dict[Select[Any], DriverStatement] = {}
        self._deadline = 0.0
        #: How many reads were cut off and read in a thread (a sign of lists the indexes do
        #: not answer).
        self.cut_off = 0

    async def read(self, query: IncidentQuery) -> list[dict[str, Any]]:
        try:
            return self._read_quickly(query)
        except _CutOff:
            self.cut_off += 1
            return await to_thread.run_sync(self._read_slowly, query, limiter=self.slow_readers)

    def close(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            connection.close()

    def _read_quickly(self, query: IncidentQuery) -> list[dict[str, Any]]:
        statement, values = filtered_statement("documents", query)
        rows = self._fetch(statement, values)
        if not rows:
            return []
        ids = [row[0] for row in rows]
        parts_rows = self._fetch(parts_statement(slots_for(len(ids))), padded_values("ids", ids))
        parts = grouped_parts(parts_rows)
        return [document_of(row, parts.get(row[0], NO_PARTS)) for row in rows]

    def _read_slowly(self, query: IncidentQuery) -> list[dict[str, Any]]:
        with self.database.connect_autocommit() as connection:
            return list_incident_documents(connection, query)

    def _fetch(self, statement: Select[Any], values: Mapping[str, Any]) -> list[Any]:
        compiled = self._statements.get(statement)
        if compiled is None:
            compiled = self._statements[statement] = compile_for_driver(statement, self._dialect)
        connection = self._driver_connection()
        self._deadline = time.monotonic() + self.quick_seconds
        try:
            cursor = connection.cursor()
            try:
                cursor.execute(compiled.text, compiled.arguments(values))
                fetched, description = cursor.fetchall(), cursor.description
            finally:
                cursor.close()
        except Exception as error:
            raise self._failure(error) from None
        return compiled.rows(fetched, description)

    def _driver_connection(self) -> Any:
        """The driver's connection (``sqlite3.Connection``, ``psycopg.Connection``) of this
        process's quick reads, opened through the engine (so set up as its others are)."""
        if self._connection is None:
            try:
                pooled = self.database.engine.raw_connection()
            except Exception as error:
                raise self._failure(error) from None
            # Its own from now on: the pool would hand a connection set up like this (with
            # autocommit, a time limit) to other readers.
            pooled.detach()
            connection: Any = pooled.dbapi_connection
            if self.database.is_sqlite:
                connection.set_progress_handler(self._past_deadline, _SQLITE_STEPS_PER_CHECK)
            else:
                connection.autocommit = True
                milliseconds = max(1, round(self.quick_seconds * 1000))
                connection.execute(f"SET statement_timeout = {milliseconds}")
            self._connection = connection
        return self._connection

    def _past_deadline(self) -> bool:
        return time.monotonic() > self._deadline

    def _failure(self, error: Exception) -> Exception:
        """What a driver's error means here: cut off (read it again in a thread); the
        database unreachable (``StoreUnavailable``, and a new connection next time); else
        itself."""
        if isinstance(error, sqlite3.OperationalError) and self._past_deadline():
            return _CutOff()
        if isinstance(error, psycopg.errors.QueryCanceled):
            return _CutOff()
        self.close()
        if isinstance(error, sqlite3.OperationalError | psycopg.OperationalError):
            return StoreUnavailable(
                f"could not read incidents from {self.database.display_url} ({error}): check "
                "that the database is running and reachable"
            )
        return error
