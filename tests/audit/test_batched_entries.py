"""Bulk writes record their rows in one extension of the chain, with the same entries and the
same checks as one write at a time. On SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Connection, text, update
from tests.conftest import load_benchmark

from truce.audit import batched_entries, record_write
from truce.audit.verify import verify_audit
from truce.exchange.formats import ImportFormat, import_file
from truce.schemas.incident import incident_from_submission, parse_submission
from truce.store import schema
from truce.store.database import Database
from truce.store.incidents import insert_incident

SHELLING = {
    "type": "shelling", "date": "2020-11-02", "lat": 30.45, "lon": 16.35,
    "actors": [{"id": "LNA", "role": "alleged_perpetrator"}], "summary": "Shelling near the road.",
}  # fmt: skip


def entry_count(connection: Connection) -> int:
    return int(connection.execute(text("SELECT count(*) FROM audit_entries")).scalar_one())


def bodies_after(connection: Connection, seq: int) -> list[dict[str, object]]:
    rows = connection.execute(
        text("SELECT body FROM audit_entries WHERE seq > :seq ORDER BY seq"), {"seq": seq}
    ).scalars()
    return [json.loads(body) for body in rows]


def test_a_batch_records_its_rows_when_it_ends_each_once_as_last_written(
    database: Database,
) -> None:
    incident = incident_from_submission(parse_submission(SHELLING))
    with database.transaction() as connection:
        before = entry_count(connection)
        with batched_entries(connection):
            first = insert_incident(connection, incident)
            insert_incident(connection, incident)
            connection.execute(
                update(schema.incidents).where(schema.incidents.c.id == first.id).values(
                    summary="Shelling near the road, corrected.")
            )  # fmt: skip
            record_write(connection, schema.incidents, {"id": first.id}, by="ana")
            assert entry_count(connection) == before  # nothing yet: the batch ends below
        bodies = bodies_after(connection, before)
    # per incident: the row, one actor, the version; the corrected row once, by its last writer
    assert len(bodies) == 6
    assert len({body["at"] for body in bodies}) == 1
    corrected = [b for b in bodies if b["table"] == "incidents" and b["key"] == {"id": first.id}]
    assert len(corrected) == 1 and corrected[0]["by"] == "ana"
    assert corrected[0]["row"]["summary"] == "Shelling near the road, corrected."  # type: ignore[index]
    with database.connect() as connection:
        report = verify_audit(connection)
    assert report.holds, report.summary()


def test_a_batch_that_fails_records_nothing_and_its_transaction_rolls_back(
    database: Database,
) -> None:
    incident = incident_from_submission(parse_submission(SHELLING))
    with database.connect() as connection:
        before = entry_count(connection)
    with (
        pytest.raises(RuntimeError, match="half-way"),
        database.transaction() as connection,
        batched_entries(connection),
    ):
        insert_incident(connection, incident)
        raise RuntimeError("half-way")
    with database.connect() as connection:
        assert entry_count(connection) == before
        assert verify_audit(connection).holds
    with database.transaction() as connection:  # the connection's pending batch is gone
        insert_incident(connection, incident)
        assert entry_count(connection) == before + 3


def test_a_batch_inside_a_batch_joins_it(database: Database) -> None:
    incident = incident_from_submission(parse_submission(SHELLING))
    with database.transaction() as connection:
        before = entry_count(connection)
        with batched_entries(connection):
            with batched_entries(connection):
                insert_incident(connection, incident)
            assert entry_count(connection) == before
            insert_incident(connection, incident)
        assert len({body["at"] for body in bodies_after(connection, before)}) == 1


def test_an_import_is_one_extension_of_the_chain_and_tampering_with_it_is_caught(
    database: Database,
) -> None:
    fifty = load_benchmark("acled_import.py").acled_file(50)
    with database.transaction() as connection:
        before = entry_count(connection)
        summary = import_file(connection, ImportFormat.ACLED, fifty, "fifty.csv")
        bodies = bodies_after(connection, before)
    assert len(summary.added_ids) == 50
    # per row: the incident, two actors, the version, the external id
    assert len(bodies) == 5 * 50 and len({body["at"] for body in bodies}) == 1
    with database.connect() as connection:
        report = verify_audit(connection)
    assert report.holds, report.summary()

    with database.transaction() as connection:
        connection.execute(text("UPDATE incidents SET killed = 4 WHERE id = 17"))
        connection.execute(text("DELETE FROM external_ids WHERE external_key LIKE '%LBY30'"))
    with database.connect() as connection:
        problems = [problem.describe() for problem in verify_audit(connection).problems]
    assert len(problems) == 2, problems
    assert any('table incidents row {"id":17}' in p and "changed: killed" in p
               for p in problems)  # fmt: skip
    assert any("table external_ids" in p and "deleted" in p for p in problems)
