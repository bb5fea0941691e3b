"""What routes receive: the database and the settings the app was made with."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Connection

from truce.settings import Settings
from truce.store.database import Database


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def read_connection(database: Annotated[Database, Depends(get_database)]) -> Iterator[Connection]:
    with database.connect() as connection:
        yield connection


ReadConnection = Annotated[Connection, Depends(read_connection)]
DatabaseDependency = Annotated[Database, Depends(get_database)]
