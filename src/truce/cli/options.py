"""Options shared by every command that touches data."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from truce.errors import InvalidInput, NotFound
from truce.settings import Settings, settings_from_environment
from truce.store.database import Database

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLite path or postgresql:// URL [default: $TRUCE_DATABASE_URL, else ./truce.db]",
        show_default=False,
    ),
]


def settings_with(db: str | None) -> Settings:
    settings = settings_from_environment()
    if db is None:
        return settings
    return replace(settings, database=db)


def open_database(db: str | None) -> Database:
    """The database of ``--db`` for a command that needs one already initialised."""
    database = Database(settings_with(db).database)
    if database.path is not None and not database.path.exists():
        raise NotFound(
            f"there is no database at {database.path}: "
            f"create it with `truce init --scenario FILE --db {database.path}`"
        )
    if not database.is_current():
        raise NotFound(
            f"{database.display_url} is not an up-to-date truce database: "
            "run `truce init --scenario FILE` on it first"
        )
    return database


def new_database(db: str | None) -> Database:
    """The database of ``--db`` for a command that creates it (``init``)."""
    return Database(settings_with(db).database)


def write_output_file(path: Path, content: str | bytes, *, option: str) -> None:
    """Write what a command produced to the file the user named with ``option``; a path that
    cannot be written (no such folder, no permission) is their input to correct, not a bug."""
    try:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    except OSError as error:
        raise InvalidInput(option, f"cannot write {path}: {error.strerror or error}") from None


def read_json_file(path: str, *, option: str = "--json") -> Any:
    """The JSON document in the file the user named with ``option`` ('-' for stdin); what is
    wrong with it (missing, not UTF-8, not JSON and where) is named as their input to correct."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text("utf-8")
    except OSError as error:
        raise InvalidInput(option, f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InvalidInput(option, f"{path} is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            option, f"{path} is not JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
