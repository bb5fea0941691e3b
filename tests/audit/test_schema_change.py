"""A database built before migration 0004 — which added columns to incidents and users — verifies
clean once upgraded: 0006 records the reshaped rows again after a schema_change entry naming
0004, tampering afterwards is still caught, and tampering from before is never laundered.
On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Connection, insert, text
from tests.conftest import save_actors_as_before_0009

from truce.audit import record_write
from truce.audit.migrations import table_as_stored
from truce.audit.verify import verify_audit
from truce.domain.agreement import Agreement
from truce.schemas.incident import incident_from_submission, parse_submission
from truce.store.agreements import save_agreement
from truce.store.database import Database
from truce.store.incidents import incident_row

SHELLING = {
    "type": "shelling", "date": "2020-11-02", "lat": 30.45, "lon": 16.35,
    "actors": [{"id": "LNA", "role": "alleged_perpetrator"}], "summary": "Shelling near the road.",
}  # fmt: skip


def write_as_0003_did(connection: Connection, table_name: str, values: dict[str, Any]) -> None:
    """Insert a row and record it as truce did at revision 0003: the table had fewer columns,
    so the entry records fewer."""
    table = table_as_stored(connection, table_name)
    connection.execute(insert(table).values({k: v for k, v in values.items() if k in table.c}))
    key = {column.name: values[column.name] for column in table.primary_key.columns}
    record_write(connection, table, key, by="tur")


def incident_values(incident_id: int, state: str) -> dict[str, Any]:
    now = datetime.now(UTC)
    incident = incident_from_submission(parse_submission(SHELLING))
    return incident_row(incident) | {
        "id": incident_id, "version": 1, "state": state, "created_at": now, "updated_at": now,
    }  # fmt: skip


@pytest.fixture
def built_at_0003(database_location: str, agreement: Agreement) -> Iterator[Database]:
    """The agreement, a user, a reported incident and one verified (with its transition),
    written and recorded while the schema was at revision 0003."""
    database = Database(database_location)
    database.migrate("0003")
    now = datetime.now(UTC)
    with database.transaction() as connection:
        save_actors_as_before_0009(connection, agreement.actors)
        save_agreement(connection, agreement)
        write_as_0003_did(
            connection,
            "users",
            {"name": "ana", "role": "analyst", "actor_id": None, "active": True, "created_at": now},
        )
        write_as_0003_did(connection, "incidents", incident_values(1, "reported"))
        write_as_0003_did(connection, "incidents", incident_values(2, "verified"))
        write_as_0003_did(
            connection,
            "verification_transitions",
            {"id": 1, "incident_id": 2, "incident_version": 1, "from_state": "under_verification",
             "to_state": "verified", "by_user": "tur", "reason": "seen", "merged_into": None,
             "at": now},
        )  # fmt: skip
    yield database
    database.dispose()


def problems_of(database: Database) -> list[str]:
    with database.connect() as connection:
        return [problem.describe() for problem in verify_audit(connection).problems]


def test_without_recording_the_change_0004_leaves_every_older_row_reported(
    built_at_0003: Database,
) -> None:
    """What 0006 repairs: at 0004 each row written before it differs from the chain."""
    built_at_0003.migrate("0004")
    problems = problems_of(built_at_0003)
    assert len(problems) == 3, problems
    assert any(
        'table incidents row {"id":2}' in p and "changed: grid_cell, reporting_party, verified_at"
        in p for p in problems
    )  # fmt: skip
    assert any('table users row {"name":"ana"}' in p and "changed: password_hash" in p
               for p in problems)  # fmt: skip


def test_upgrading_records_the_reshaped_rows_after_a_schema_change_entry(
    built_at_0003: Database,
) -> None:
    built_at_0003.migrate("0008")  # 0009 records the actors again after an entry of its own
    with built_at_0003.connect() as connection:
        report = verify_audit(connection)
        event_body = connection.execute(
            text("SELECT body FROM audit_entries WHERE table_name = 'audit_entries'")
        ).scalar_one()
        after_event = connection.execute(
            text(
                "SELECT table_name, row_key FROM audit_entries WHERE seq > "
                "(SELECT seq FROM audit_entries WHERE table_name = 'audit_entries') ORDER BY seq"
            )
        ).all()
        verified_at = connection.execute(
            text("SELECT verified_at FROM incidents WHERE id = 2")
        ).scalar_one()
    assert report.holds, report.summary()
    event = json.loads(event_body)["event"]
    assert event["kind"] == "schema_change" and event["migration"] == "0004"
    assert event["written_by"] == "0006"
    assert event["rows"] == {"incidents": 2, "users": 1}
    assert [tuple(row) for row in after_event] == [
        ("incidents", '{"id":1}'), ("incidents", '{"id":2}'), ("users", '{"name":"ana"}'),
    ]  # fmt: skip
    assert verified_at is not None  # 0004 filled it, and the chain now records it


def test_tampering_after_the_upgrade_is_still_caught(built_at_0003: Database) -> None:
    built_at_0003.migrate()
    with built_at_0003.transaction() as connection:
        connection.execute(text("UPDATE incidents SET grid_cell = 7 WHERE id = 2"))
    problems = problems_of(built_at_0003)
    assert len(problems) == 1
    assert 'table incidents row {"id":2}: the row differs from what the chain recorded ' \
        "(changed: grid_cell)" in problems[0]  # fmt: skip


def test_tampering_before_the_upgrade_is_not_laundered_by_it(built_at_0003: Database) -> None:
    with built_at_0003.transaction() as connection:
        connection.execute(text("UPDATE users SET role = 'admin' WHERE name = 'ana'"))
    built_at_0003.migrate()
    problems = problems_of(built_at_0003)
    assert len(problems) == 1
    assert 'table users row {"name":"ana"}' in problems[0]
    assert "changed: password_hash, role" in problems[0]


def test_a_database_made_after_0004_gets_no_schema_change_entry(database: Database) -> None:
    with database.connect() as connection:
        events = connection.execute(
            text("SELECT count(*) FROM audit_entries WHERE table_name = 'audit_entries'")
        ).scalar_one()
        report = verify_audit(connection)
    assert events == 0 and report.holds and report.entries > 0
