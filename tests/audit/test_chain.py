"""The chain under concurrent writers, and the hook's contract: every audited table is covered,
and a write that skips the hook is caught like tampering."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import insert

from truce.audit import UNAUDITED_TABLES, audited_tables
from truce.audit.verify import verify_audit
from truce.domain.users import Role, User
from truce.store import schema
from truce.store.database import Database
from truce.store.users import add_user


def test_concurrent_writers_never_fork_the_chain(database: Database) -> None:
    errors: list[BaseException] = []

    def add_users(prefix: str) -> None:
        try:
            for index in range(5):
                with database.transaction() as connection:
                    add_user(connection, User(name=f"{prefix}{index}", role=Role.ANALYST))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=add_users, args=(p,)) for p in ("east", "west")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with database.connect() as connection:
        report = verify_audit(connection)
    assert report.holds, report.summary()
    assert report.rows == report.entries  # one entry per row written, none lost


def test_every_table_but_the_chain_is_audited() -> None:
    audited = {table.name for table in audited_tables()}
    assert audited | set(UNAUDITED_TABLES) == set(schema.metadata.tables)
    assert {"incidents", "incident_versions", "verification_transitions", "users", "terms",
            "verification_signoffs", "incident_replies", "agreements"} <= audited  # fmt: skip


def test_a_write_that_skips_the_hook_is_reported(database: Database) -> None:
    with database.transaction() as connection:
        connection.execute(
            insert(schema.users).values(
                name="ghost", role="analyst", actor_id=None, active=True,
                created_at=datetime.now(UTC),
            )
        )  # fmt: skip
    with database.connect() as connection:
        report = verify_audit(connection)
    assert not report.holds
    assert 'table users row {"name":"ghost"}' in report.summary()
