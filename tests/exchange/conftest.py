"""A source database for exchange tests: the demo plus incidents that use every field."""

from __future__ import annotations

from dataclasses import replace

import pytest

from truce.demo import build_demo
from truce.domain.source import Source, SourceKind
from truce.schemas.incident import incident_from_submission, parse_submission
from truce.store.database import Database
from truce.store.incidents import insert_incident
from truce.store.sources import save_source

NEWS_PAGE = Source(
    content=b"<html><body>Clashes on the Sirte road</body></html>",
    kind=SourceKind.NEWS_ARTICLE,
    media_type="text/html",
    url="https://example.org/sirte-road",
    outlet="Libya Observer",
)

#: A line with a representative point, a week-precise date, injured counts, every actor role,
#: awkward text for CSV, and a news source.
CLASH_ON_THE_ROAD = {
    "type": "armed_clash",
    "date": "2020-11-03",
    "date_precision": "week",
    "lat": 30.9,
    "lon": 16.2,
    "location_precision": "region",
    "place": "the Sirte–al-Jufra road",
    "geometry": {"type": "LineString", "coordinates": [[16.1, 30.8], [16.3, 31.0]]},
    "actors": [
        {"id": "LNA", "role": "alleged_perpetrator"},
        {"id": "WAGNER", "role": "alleged_perpetrator"},
        {"id": "GNA", "role": "target"},
        {"id": "UN", "role": "reporter"},
    ],
    "summary": 'Clashes along the road, with "quotes", commas; and a\nsecond line.',
    "fatalities": 3,
    "injured": 7,
    "origin": "open_source",
}
#: No date and no place at all; a summary that a spreadsheet would run as a formula.
UNDATED_DENIAL = {
    "type": "statement",
    "modality": "denied",
    "summary": '=HYPERLINK("https://example.org/x","The LNA denies any movement of its forces")',
    "actors": [{"id": "LNA", "role": "participant"}],
}


@pytest.fixture(scope="session")
def source_database(tmp_path_factory: pytest.TempPathFactory) -> Database:
    """The demo database (SQLite) with the two incidents above."""
    database = Database(str(tmp_path_factory.mktemp("source") / "source.db"))
    build_demo(database)
    with database.transaction() as connection:
        save_source(connection, NEWS_PAGE)
        clash = incident_from_submission(parse_submission(CLASH_ON_THE_ROAD))
        insert_incident(connection, replace(clash, source_hashes=(NEWS_PAGE.sha256,)))
        insert_incident(connection, incident_from_submission(parse_submission(UNDATED_DENIAL)))
    return database
