"""ACLED-style CSV: all or nothing on a thousand rows, and files from ACLED itself."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from tests.conftest import load_benchmark

from truce.cli import run
from truce.domain.incident import ActorRole, DatePrecision, LocationPrecision, Origin
from truce.domain.taxonomy import IncidentType
from truce.errors import InvalidInput
from truce.exchange.acled_taxonomy import ACLED_EVENT_OF_TYPE, ACLED_SUB_EVENTS
from truce.exchange.formats import ExportFormat, ImportFormat, export_text, import_file
from truce.ingest.proposals import register_reference_actors
from truce.store.agreements import actor_ids
from truce.store.database import Database
from truce.store.incidents import IncidentQuery, count_incidents, list_incidents

#: The benchmark's ACLED file of new shellings (``bench/acled_import.py``), row by row.
ACLED_BENCH = load_benchmark("acled_import.py")


def test_three_bad_rows_among_a_thousand_import_nothing_and_are_named(
    database: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = ACLED_BENCH.shelling_rows(1000)
    rows[16]["latitude"] = "95.5"  # file row 18
    rows[499]["sub_event_type"] = "Skirmish"  # file row 501
    rows[997]["actor1"] = "Nobody's Brigade"  # file row 999
    path = tmp_path / "acled.csv"
    path.write_bytes(ACLED_BENCH.acled_csv_of(rows))

    status = run(["import", "--format", "acled", str(path), "--db", database.url])

    error = capsys.readouterr().err
    assert status == 2
    assert "3 of 1000 rows cannot be imported, so nothing was imported" in error
    assert "row 18: lat: must be at most 90" in error
    assert "row 501: sub_event_type: 'Skirmish' is not an ACLED sub-event type" in error
    assert 'row 999: actor1: "Nobody\'s Brigade" is not an actor of the agreement' in error
    assert error.count("\n  row ") == 3
    with database.connect() as connection:
        assert count_incidents(connection, IncidentQuery()) == 0


def test_a_good_file_imports_once(database: Database) -> None:
    data = ACLED_BENCH.acled_csv_of(ACLED_BENCH.shelling_rows(100))
    with database.transaction() as connection:
        assert len(import_file(connection, ImportFormat.ACLED, data, "a.csv").added_ids) == 100
    with database.transaction() as connection:
        assert import_file(connection, ImportFormat.ACLED, data, "a.csv").added_ids == ()
        assert count_incidents(connection, IncidentQuery()) == 100


ACLED_OWN_FILE = """\
event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,\
assoc_actor_1,inter1,actor2,assoc_actor_2,country,admin1,location,latitude,longitude,\
geo_precision,source,notes,fatalities
LBY5001,14 November 2020,2020,2,Political violence,Battles,Armed clash,Wagner Group,\
Libyan National Army,8,Government of National Accord,,Libya,Surt,Sirte,31.2089,16.5887,\
1,Libya Observer,Clashes west of Sirte.,2
LBY5002,20 November 2020,2020,1,Strategic developments,Strategic developments,Agreement,\
Government of National Accord,,1,,,Libya,Surt,Sirte,31.2089,16.5887,3,Reuters,Talks.,0
"""


def test_a_file_from_acled_itself_is_read_through_the_documented_mapping(
    database: Database,
) -> None:
    with database.transaction() as connection:
        summary = import_file(
            connection, ImportFormat.ACLED, ACLED_OWN_FILE.encode(), "acled-export.csv"
        )
        clash, talks = list_incidents(connection, IncidentQuery())
    assert len(summary.added_ids) == 2
    assert clash.type is IncidentType.ARMED_CLASH and clash.origin is Origin.IMPORT
    assert clash.date_precision is DatePrecision.WEEK and str(clash.occurred_on) == "2020-11-14"
    assert clash.location is not None and clash.location.precision is LocationPrecision.POINT
    assert clash.actor_ids(ActorRole.ALLEGED_PERPETRATOR) == ("WAGNER", "LNA")
    assert clash.actor_ids(ActorRole.TARGET) == ("GNA",)
    assert clash.casualties.killed == 2
    assert talks.type is IncidentType.AGREEMENT
    assert talks.actor_ids(ActorRole.PARTICIPANT) == ("GNA",)
    assert talks.location is not None and talks.location.precision is LocationPrecision.REGION


def test_every_truce_type_maps_to_an_acled_sub_event_of_its_event_type() -> None:
    for incident_type in IncidentType:
        event_type, sub_event_type = ACLED_EVENT_OF_TYPE[incident_type]
        assert ACLED_SUB_EVENTS[sub_event_type][0] == event_type


def test_a_file_without_acled_columns_is_refused_whole(database: Database) -> None:
    with database.transaction() as connection, pytest.raises(InvalidInput, match="lacks"):
        import_file(connection, ImportFormat.ACLED, b"date,what\n2020-01-01,x\n", "x.csv")


def test_the_documented_mapping_is_the_one_in_the_code() -> None:
    documented = (Path(__file__).resolve().parents[2] / "docs" / "exchange.md").read_text("utf-8")
    for incident_type, (event_type, sub_event_type) in ACLED_EVENT_OF_TYPE.items():
        assert f"| `{incident_type}` | {event_type} | {sub_event_type} |" in documented
    for sub_event_type, (event_type, incident_type) in ACLED_SUB_EVENTS.items():
        assert f"| {sub_event_type} | {event_type} | `{incident_type}` |" in documented


def test_a_reference_actor_ingest_registered_is_read_and_written_by_name(
    database: Database,
) -> None:
    """The USA is no actor of the agreement, but once ingest registered it an ACLED file may
    name it "United States", and the export names it so."""
    row = ACLED_BENCH.shelling_rows(1)[0] | {"actor1": "United States"}
    with database.transaction() as connection:
        register_reference_actors(connection, ["USA"], actor_ids(connection))
        import_file(connection, ImportFormat.ACLED, ACLED_BENCH.acled_csv_of([row]), "a.csv")
        (incident,) = list_incidents(connection, IncidentQuery())
        exported = export_text(connection, ExportFormat.ACLED)
    assert incident.actor_ids(ActorRole.ALLEGED_PERPETRATOR) == ("USA",)
    (written,) = csv.DictReader(io.StringIO(exported))
    assert written["actor1"] == "United States"
