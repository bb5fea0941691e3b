"""Incidents in the store, on SQLite and PostgreSQL: insert, read, filters, versions, sources."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from truce.domain.incident import ActorRole
from truce.domain.source import Source, SourceKind
from truce.domain.taxonomy import IncidentType
from truce.domain.verification import VerificationState
from truce.errors import InvalidInput, NotFound
from truce.schemas.incident import incident_from_submission, parse_submission
from truce.store import schema
from truce.store.database import Database
from truce.store.incidents import (
    IncidentQuery,
    count_incidents,
    explain_incident_query,
    get_incident,
    insert_incident,
    list_incidents,
)
from truce.store.sources import get_source, save_evidence, save_source

BUFFER_BBOX = (15.35, 28.9, 17.2, 31.35)


def add(database: Database, **fields: object) -> int:
    submission: dict[str, object] = {
        "type": "shelling",
        "date": "2020-11-02",
        "lat": 30.45,
        "lon": 16.35,
        "actors": [{"id": "LNA", "role": "alleged_perpetrator"}],
        "summary": "shells fell near the road",
    }
    submission.update(fields)
    with database.transaction() as connection:
        stored = insert_incident(connection, incident_from_submission(parse_submission(submission)))
    assert stored.id is not None
    return stored.id


def ids(database: Database, query: IncidentQuery) -> list[int]:
    with database.connect() as connection:
        found = [i.id for i in list_incidents(connection, query)]
        if query.limit is None:  # a count covers every match, a page only some
            assert count_incidents(connection, query) == len(found)
    return [i for i in found if i is not None]


def test_an_incident_reads_back_as_stored(database: Database) -> None:
    incident_id = add(
        database,
        actors=[{"id": "LNA", "role": "alleged_perpetrator"}, {"id": "GNA", "role": "target"}],
        fatalities=2,
        place="Wadi Jaref",
    )
    with database.connect() as connection:
        incident = get_incident(connection, incident_id)
    assert incident.type is IncidentType.SHELLING
    assert incident.state is VerificationState.REPORTED
    assert incident.actor_ids(ActorRole.TARGET) == ("GNA",)
    assert incident.casualties.killed == 2
    assert incident.location is not None and incident.location.place == "Wadi Jaref"
    assert incident.created_at is not None and incident.created_at.tzinfo is not None


def test_the_first_version_is_kept(database: Database) -> None:
    incident_id = add(database)
    with database.connect() as connection:
        versions = (
            connection.execute(
                select(schema.incident_versions).where(
                    schema.incident_versions.c.incident_id == incident_id
                )
            )
            .mappings()
            .all()
        )
    assert [v["version"] for v in versions] == [1]
    assert versions[0]["content"]["summary"] == "shells fell near the road"


def test_filters_by_bbox_time_type_party_and_state(database: Database) -> None:
    inside = add(database)
    outside = add(database, lat=32.89, lon=13.19, place="Tripoli")
    later = add(database, date="2021-01-25", type="foreign_fighters",
                actors=[{"id": "WAGNER", "role": "alleged_perpetrator"}])  # fmt: skip
    gna = add(database, actors=[{"id": "GNA", "role": "alleged_perpetrator"}])
    undated = add(database, date=None)

    assert ids(database, IncidentQuery(bbox=BUFFER_BBOX)) == [inside, later, gna, undated]
    assert ids(database, IncidentQuery(since=date(2021, 1, 1))) == [later]
    assert ids(database, IncidentQuery(until=date(2020, 12, 31))) == [inside, outside, gna]
    assert ids(database, IncidentQuery(types=(IncidentType.FOREIGN_FIGHTERS,))) == [later]
    # WAGNER fights for the LNA side in the scenario, so the party filter finds it.
    assert ids(database, IncidentQuery(party="LNA")) == [inside, outside, later, undated]
    assert ids(database, IncidentQuery(party="GNA")) == [gna]
    assert ids(database, IncidentQuery(states=(VerificationState.VERIFIED,))) == []
    combined = IncidentQuery(bbox=BUFFER_BBOX, since=date(2020, 11, 1), party="LNA")
    assert ids(database, combined) == [inside, later]
    assert ids(database, IncidentQuery(after_id=inside, limit=2)) == [outside, later]


def test_an_unknown_actor_is_refused_with_the_field(database: Database) -> None:
    with pytest.raises(InvalidInput) as error:
        add(database, actors=[{"id": "HAFTAR", "role": "alleged_perpetrator"}])
    assert error.value.field == "actors.0.id"
    with database.connect() as connection:
        assert count_incidents(connection, IncidentQuery()) == 0


def test_a_missing_incident_is_not_found(database: Database) -> None:
    with database.connect() as connection, pytest.raises(NotFound, match="no incident 999"):
        get_incident(connection, 999)


def test_sources_and_evidence_are_stored_once_by_content(database: Database) -> None:
    page = Source(
        content=b"<html>Shelling near Sirte</html>",
        kind=SourceKind.NEWS_ARTICLE,
        media_type="text/html",
        url="https://news.example/a",
        published_on=date(2020, 11, 3),
    )
    with database.transaction() as connection:
        assert save_source(connection, page) is True
        assert save_source(connection, page) is False
        first = save_evidence(connection, b"\x89PNG...", filename="a.png", media_type="image/png")
        again = save_evidence(connection, b"\x89PNG...", filename="b.png", media_type="image/png")
    assert first.sha256 == again.sha256
    with database.connect() as connection:
        assert get_source(connection, page.sha256) == page
        rows = connection.execute(select(schema.evidence_files)).all()
    assert len(rows) == 1


@pytest.mark.parametrize(
    ("query", "index"),
    [
        # A box is found through its grid cells (truce.geo.grid); an empty PostgreSQL table
        # may as well use the plain bounds index.
        (IncidentQuery(bbox=BUFFER_BBOX),
         ("ix_incidents_grid_cell_type_occurred_on_bbox", "ix_incidents_bbox")),
        (IncidentQuery(since=date(2020, 11, 1), until=date(2020, 11, 30)), ("ix_incidents_",)),
        (IncidentQuery(types=(IncidentType.SHELLING,), since=date(2020, 11, 1)),
         ("ix_incidents_type_occurred_on",)),
    ],
)  # fmt: skip
def test_bbox_and_time_filters_are_answered_by_an_index(
    database: Database, query: IncidentQuery, index: tuple[str, ...]
) -> None:
    with database.transaction() as connection:
        if connection.dialect.name == "postgresql":
            # On a near-empty table PostgreSQL rightly prefers a scan; forbid it to see the index.
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        plan = explain_incident_query(connection, query)
    assert any(name in plan for name in index), plan
    if database.is_sqlite:
        assert index[0] in plan, plan
