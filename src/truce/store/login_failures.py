"""Failed logins, kept in the database so that every server process (``truce serve
--workers N``) and every restart counts the same failures (``truce.api.login_limits``)."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import Connection, delete, func, insert, select

from truce.store import schema

_failures = schema.login_failures


def record_failure(connection: Connection, account: str, address: str, at: float) -> None:
    connection.execute(insert(_failures).values(account=account, address=address, at=at))


def failures_since(
    connection: Connection, by: Literal["account", "address"], key: str, *, since: float
) -> tuple[int, float | None]:
    """How many failures of the account (or from the address) ``key`` came after ``since``, and
    when the oldest of them came (``None`` when there are none)."""
    count, oldest = connection.execute(
        select(func.count(), func.min(_failures.c.at)).where(
            _failures.c[by] == key, _failures.c.at > since
        )
    ).one()
    return int(count), oldest


def forget_account(connection: Connection, account: str) -> None:
    """A success clears the account's failures (not its address's)."""
    connection.execute(delete(_failures).where(_failures.c.account == account))


def prune_failures(connection: Connection, *, before: float) -> None:
    connection.execute(delete(_failures).where(_failures.c.at <= before))
