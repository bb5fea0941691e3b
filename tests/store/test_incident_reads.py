"""Reading incidents on SQLite and PostgreSQL: the documents made straight from rows are the
documents of the domain objects, and statements built once per shape serve any values."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update
from tests.store.test_incidents import BUFFER_BBOX

from truce.domain.agreement import Agreement
from truce.domain.source import Source, SourceKind
from truce.domain.taxonomy import IncidentType
from truce.domain.users import Role, User
from truce.domain.verification import VerificationState
from truce.domain.visibility import visibility_for
from truce.schemas.incident import incident_document, incident_from_submission, parse_submission
from truce.store import schema
from truce.store.database import Database
from truce.store.incidents import (
    IncidentQuery,
    count_incidents,
    insert_incident,
    list_incident_documents,
    list_incidents,
)
from truce.store.sources import save_evidence, save_source

ROAD = {"type": "LineString", "coordinates": [[16.0, 30.1], [16.6, 30.7]]}


def store_varied_incidents(database: Database) -> None:
    """Incidents with every part a document has, and without each of them."""
    submissions: list[dict[str, object]] = [
        {"type": "shelling", "date": "2020-11-02", "lat": 30.45, "lon": 16.35,
         "place": "Wadi Jaref", "summary": "shells fell near the road", "fatalities": 2,
         "actors": [{"id": "LNA", "role": "alleged_perpetrator"}, {"id": "GNA", "role": "target"}]},
        {"type": "weapons_observed", "date": "2020-11-03", "date_precision": "month",
         "lat": 30.4, "lon": 16.4, "geometry": ROAD, "location_precision": "region",
         "summary": "a column of tanks on the road", "weapons": {"tank": 4, "artillery": 2},
         "actors": [{"id": "WAGNER", "role": "participant"}], "injured": 0},
        {"type": "troop_movement", "summary": "no place, no date"},
        {"type": "foreign_fighters", "date": "2021-01-25", "lat": 32.89, "lon": 13.19,
         "summary": "mercenaries_% seen / near Tripoli",
         "actors": [{"id": "GNA", "role": "alleged_perpetrator"}]},
    ]  # fmt: skip
    page = Source(content=b"<p>shelling</p>", kind=SourceKind.NEWS_ARTICLE,
                  media_type="text/html", url="https://news.example/a")  # fmt: skip
    with database.transaction() as connection:
        save_source(connection, page)
        photo = save_evidence(connection, b"\x89PNG one", filename="b.png", media_type="image/png")
        scan = save_evidence(
            connection, b"%PDF two", filename="a.pdf", media_type="application/pdf"
        )
        for number, submission in enumerate(submissions):
            incident = incident_from_submission(parse_submission(submission))
            if number == 0:
                incident = replace(incident, source_hashes=(page.sha256,), evidence=(photo, scan))
            stored = insert_incident(connection, replace(incident, reporting_party="LNA"))
            if number == 1:
                connection.execute(
                    update(schema.incidents)
                    .where(schema.incidents.c.id == stored.id)
                    .values(state="verified", verified_at=datetime.now(UTC) - timedelta(days=3))
                )


def varied_queries(agreement: Agreement) -> list[IncidentQuery]:
    """Queries of many shapes over ``store_varied_incidents``: every filter, the public's and a
    delegate's views."""
    delegate = User(name="gna", role=Role.PARTY_DELEGATE, actor_id="GNA")
    now = datetime.now(UTC)
    return [
        IncidentQuery(),
        IncidentQuery(bbox=BUFFER_BBOX, since=date(2020, 11, 1), limit=3),
        IncidentQuery(text="MERCENARIES_%", party="GNA"),
        IncidentQuery(states=(VerificationState.VERIFIED,), after_id=1),
        IncidentQuery(visibility=visibility_for(None, agreement, now=now)),
        IncidentQuery(visibility=visibility_for(delegate, agreement, now=now)),
        IncidentQuery(
            types=tuple(IncidentType)[:3],
            states=(VerificationState.VERIFIED, VerificationState.REPORTED),
            visibility=visibility_for(delegate, agreement, now=now),
        ),
        IncidentQuery(until=date(2020, 11, 2), types=(IncidentType.SHELLING,), limit=1),
    ]


def test_documents_from_rows_are_the_documents_of_the_incidents(
    database: Database, agreement: Agreement
) -> None:
    store_varied_incidents(database)
    queries = varied_queries(agreement)
    with database.connect() as connection:
        for query in queries:
            documents = list_incident_documents(connection, query)
            incidents = list_incidents(connection, query)
            assert documents == [incident_document(incident) for incident in incidents], query
    with database.connect() as connection:
        everything = list_incident_documents(connection, IncidentQuery())
    assert len(everything) == 4
    first = everything[0]
    assert [e["filename"] for e in first["evidence"]] == ["a.pdf", "b.png"]
    assert [a["id"] for a in first["actors"]] == ["LNA", "GNA"] and len(first["sources"]) == 1
    assert everything[1]["geometry"] == ROAD and everything[1]["weapons"] == {
        "artillery": 2,
        "tank": 4,
    }


def test_a_statement_built_once_answers_queries_of_the_same_shape_with_their_own_values(
    database: Database, agreement: Agreement
) -> None:
    store_varied_incidents(database)
    public = visibility_for(None, agreement, now=datetime.now(UTC))
    with database.connect() as connection:

        def found(query: IncidentQuery) -> list[str]:
            listed = [d["summary"] for d in list_incident_documents(connection, query)]
            assert count_incidents(connection, query) == len(listed)
            return listed

        assert found(IncidentQuery(text="road")) == [
            "shells fell near the road",
            "a column of tanks on the road",
        ]
        assert found(IncidentQuery(text="tanks")) == ["a column of tanks on the road"]
        # The LIKE wildcards of the words are taken literally.
        assert found(IncidentQuery(text="s_%")) == ["mercenaries_% seen / near Tripoli"]
        assert found(IncidentQuery(text="s %")) == []
        # The public sees the verified incident only once the embargo is over.
        assert found(IncidentQuery(visibility=public)) == ["a column of tanks on the road"]
        a_week_ago = replace(public, published_before=datetime.now(UTC) - timedelta(days=7))
        assert found(IncidentQuery(visibility=a_week_ago)) == []
