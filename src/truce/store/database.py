"""Opening a database: the URL rules, SQLite's pragmas, and bringing the schema up to date."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.pool import NullPool

from truce.errors import InvalidInput, StoreUnavailable

DEFAULT_DATABASE = "truce.db"
#: How much of a SQLite file each connection maps into memory: reads of mapped pages are
#: memory accesses, not system calls (a million incidents take about 500 MB).
SQLITE_MMAP_BYTES = 1 << 30
#: SQLite's result code for a file that is not a database.
SQLITE_NOTADB = 26


def database_url(path_or_url: str) -> str:
    """The SQLAlchemy URL for ``--db``: a URL (PostgreSQL via psycopg 3) or a SQLite path."""
    if "://" not in path_or_url:
        return f"sqlite:///{Path(path_or_url).expanduser().resolve()}"
    try:
        url = make_url(path_or_url)
    except ArgumentError:
        raise InvalidInput("db", f"{path_or_url!r} is not a database URL or path") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise InvalidInput(
            "db", f"{url.get_backend_name()} is not supported: use a SQLite path or postgresql://"
        )
    return url.render_as_string(hide_password=False)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or ``None`` for other backends and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


class Database:
    """An engine for one database, made once at start-up and passed to whatever needs it."""

    def __init__(self, path_or_url: str, *, pool: bool = True) -> None:
        self.url = database_url(path_or_url)
        self.path = sqlite_path(self.url)
        #: The URL without its password, for messages.
        self.display_url = make_url(self.url).render_as_string(hide_password=True)
        self.engine = _create_engine(self.url, pool=pool)
        # ``connect_autocommit``'s: each statement on its own, as SQLite's connections run
        # them anyway (they begin their transactions explicitly).
        self._autocommit_engine = (
            self.engine
            if self.is_sqlite
            else self.engine.execution_options(isolation_level="AUTOCOMMIT")
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reading."""
        with self._connected(self.engine) as connection:
            yield connection

    @contextmanager
    def connect_autocommit(self) -> Iterator[Connection]:
        """A connection for a few short reads, each statement on its own: on PostgreSQL no
        BEGIN and ROLLBACK, two round trips of a request that only reads (the API's incident
        list, who a token belongs to). Not for streamed results (a server-side cursor needs a
        transaction) nor for writes, which go through ``transaction``."""
        with self._connected(self._autocommit_engine) as connection:
            yield connection

    @contextmanager
    def _connected(self, engine: Engine) -> Iterator[Connection]:
        try:
            with engine.connect() as connection:
                yield connection
        except OperationalError as error:
            raise StoreUnavailable(_describe(error, self.url)) from None
        except DatabaseError as error:
            self._refuse_foreign_file(error)
            raise

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection in a transaction: committed when the block ends, rolled back on error.

        On SQLite the transaction starts with ``BEGIN IMMEDIATE`` so that concurrent writers
        queue on the busy timeout instead of failing half-way.
        """
        try:
            with self.engine.connect() as connection:
                if self.is_sqlite:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                    try:
                        yield connection
                    except BaseException:
                        connection.rollback()
                        raise
                    connection.commit()
                else:
                    with connection.begin():
                        yield connection
        except OperationalError as error:
            raise StoreUnavailable(_describe(error, self.url)) from None
        except DatabaseError as error:
            self._refuse_foreign_file(error)
            raise

    def _refuse_foreign_file(self, error: DatabaseError) -> None:
        """A ``--db`` file that SQLite cannot read as a database (a CSV, a PDF given by mistake)
        is the user's input to correct: ``InvalidInput`` naming it."""
        if self.path is not None and getattr(error.orig, "sqlite_errorcode", None) == SQLITE_NOTADB:
            raise InvalidInput(
                "db",
                f"{self.path} is not a SQLite database: give the file `truce init` made, "
                "or a postgresql:// URL",
            ) from None

    def migrate(self, revision: str = "head") -> None:
        """Create or upgrade the schema to the newest migration (or to ``revision``, which
        tests use to build a database as an older truce left it)."""
        config = _alembic_config(self.url)
        with self.transaction() as connection:  # one transaction: all migrations or none
            config.attributes["connection"] = connection
            command.upgrade(config, revision)

    def is_current(self) -> bool:
        """Whether the schema exists and is at the newest migration."""
        head = ScriptDirectory.from_config(_alembic_config(self.url)).get_current_head()
        return self.schema_revision() == head

    def schema_revision(self) -> str | None:
        """The migration the schema is at; ``None`` when there is no truce schema at all."""
        with self.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def dispose(self) -> None:
        self.engine.dispose()


def _create_engine(url: str, *, pool: bool) -> Engine:
    options: dict[str, Any] = {}
    if url.startswith("sqlite"):
        options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        if not pool:
            options["poolclass"] = NullPool
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions are begun explicitly
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.close()


def _alembic_config(url: str) -> Config:
    config = Config()
    location = resources.files("truce.store").joinpath("migrations")
    config.set_main_option("script_location", str(location))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _describe(error: OperationalError, url: str) -> str:
    """What went wrong, and what to check: the server and the URL, or the file and its folder."""
    parsed = make_url(url)
    shown = parsed.render_as_string(hide_password=True)
    reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    if parsed.get_backend_name() == "sqlite":
        advice = "check that the file and its folder can be read and written by this user"
    else:
        advice = (
            "check that the server is running and that the URL's host, port, user, password "
            "and database are right (the database must exist: create it with createdb)"
        )
    return f"cannot use the database {shown}: {reason}; {advice}"
