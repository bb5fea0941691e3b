"""Migration 0009 gives every existing actor its origin: the scenario's actors stay the
agreement's, the states and bodies ingest registered become reference actors, and the audit
chain still verifies. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select, text
from tests.conftest import save_actors_as_before_0009

from truce.audit.verify import verify_audit
from truce.domain.agreement import Agreement
from truce.exchange.formats import ExportFormat, export_text
from truce.ingest.actors import reference_actors
from truce.store import schema
from truce.store.agreements import load_agreement, save_agreement
from truce.store.database import Database

REGISTERED = ("EU", "USA")  # what ingest had registered from articles before the upgrade


@pytest.fixture
def built_at_0008(database_location: str, agreement: Agreement) -> Iterator[Database]:
    """The agreement, and the USA and the EU registered by ingest, as truce at 0008 left them."""
    database = Database(database_location)
    database.migrate("0008")
    with database.transaction() as connection:
        save_actors_as_before_0009(connection, agreement.actors, by="tur")
        save_agreement(connection, agreement)
        save_actors_as_before_0009(connection, [reference_actors()[i] for i in REGISTERED])
    yield database
    database.dispose()


def test_the_upgrade_tells_the_scenarios_actors_from_the_registered_ones(
    built_at_0008: Database, agreement: Agreement
) -> None:
    built_at_0008.migrate()
    with built_at_0008.connect() as connection:
        origins = dict(connection.execute(select(schema.actors.c.id, schema.actors.c.origin)).all())
        loaded = load_agreement(connection)
        scenario = export_text(connection, ExportFormat.SCENARIO)
    scenario_ids = {actor.id for actor in agreement.actors}
    # UN, EGY, LBY … are registry actors the agreement names nowhere else: their aliases and
    # countries keep them the scenario's.
    assert {"UN", "EGY", "JMC"} <= scenario_ids
    assert origins == {i: "scenario" for i in scenario_ids} | {i: "reference" for i in REGISTERED}
    assert {actor.id for actor in loaded.actors} == scenario_ids
    assert "USA" not in scenario and "EU" not in scenario and "JMC" in scenario


def test_the_upgraded_chain_verifies_after_a_schema_change_entry(built_at_0008: Database) -> None:
    built_at_0008.migrate()
    with built_at_0008.connect() as connection:
        report = verify_audit(connection)
        (event_body,) = connection.execute(
            text("SELECT body FROM audit_entries WHERE table_name = 'audit_entries'")
        ).scalars()
        actors = connection.execute(text("SELECT count(*) FROM actors")).scalar_one()
    assert report.holds, report.summary()
    event = json.loads(event_body)["event"]
    assert event["kind"] == "schema_change" and event["migration"] == "0009"
    assert event["rows"] == {"actors": actors} and event["columns"] == {"actors": ["origin"]}


def test_without_recording_the_change_every_actor_would_be_reported(
    built_at_0008: Database,
) -> None:
    """What the schema_change entry spares: the origin filled behind the chain's back."""
    with built_at_0008.transaction() as connection:
        connection.execute(
            text("ALTER TABLE actors ADD COLUMN origin VARCHAR(16) NOT NULL DEFAULT 'scenario'")
        )
        actors = connection.execute(text("SELECT count(*) FROM actors")).scalar_one()
        problems = verify_audit(connection).problems
    assert len(problems) == actors
    assert all("changed: origin" in problem.describe() for problem in problems)


def test_a_new_database_gets_no_schema_change_entry(database: Database) -> None:
    with database.connect() as connection:
        events = connection.execute(
            text("SELECT count(*) FROM audit_entries WHERE table_name = 'audit_entries'")
        ).scalar_one()
        origins = set(connection.execute(select(schema.actors.c.origin)).scalars())
    assert events == 0 and origins == {"scenario"}
