"""Export then import of each format into an empty database gives the same incidents.

The mapping from ids in the source database to ids in the target is the stable exchange key:
``truce:<agreement>:<id>`` in the file, recorded in the target's ``external_ids``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select
from tests.exchange.conftest import CLASH_ON_THE_ROAD, NEWS_PAGE

from truce.audit.verify import verify_audit
from truce.domain.actors import ActorOrigin
from truce.domain.agreement import Agreement
from truce.domain.incident import Incident
from truce.errors import InvalidInput
from truce.exchange.formats import ExportFormat, ImportFormat, export_text, import_file
from truce.exchange.identity import own_incident_id
from truce.ingest.actors import reference_actors
from truce.schemas.incident import incident_from_submission, parse_submission, submission_document
from truce.store import schema
from truce.store.agreements import (
    actor_ids,
    load_actors,
    load_agreement,
    save_actors,
    save_agreement,
)
from truce.store.database import Database
from truce.store.incidents import IncidentQuery, count_incidents, insert_incident, list_incidents
from truce.store.sources import save_source

ROUND_TRIP_FORMATS = [ImportFormat.ACLED, ImportFormat.GEOJSON, ImportFormat.HXL]


def _incidents(database: Database) -> list[Incident]:
    with database.connect() as connection:
        return list_incidents(connection, IncidentQuery())


def _by_id(database: Database) -> dict[int, dict[str, Any]]:
    return {
        i.id: _comparable(submission_document(i)) for i in _incidents(database) if i.id is not None
    }


def _comparable(document: dict[str, Any]) -> dict[str, Any]:
    # HXL files group actors by role (one column each); the set of (actor, role) is what counts.
    return document | {"actors": sorted((a["id"], a["role"]) for a in document.get("actors", []))}


@pytest.mark.parametrize("file_format", ROUND_TRIP_FORMATS)
def test_export_then_import_gives_the_same_incidents(
    source_database: Database, database: Database, file_format: ImportFormat
) -> None:
    with source_database.connect() as connection:
        exported = export_text(connection, ExportFormat(file_format))
        agreement_id = str(connection.execute(select(schema.agreements.c.id)).scalar_one())
    with database.transaction() as connection:
        # The target holds the news page too, so the incident citing it is linked to it again.
        save_source(connection, NEWS_PAGE)
        summary = import_file(connection, file_format, exported.encode(), f"out.{file_format}")
    originals = _by_id(source_database)
    assert len(summary.added_ids) == len(originals) == 12

    with database.connect() as connection:
        mapping = dict(
            connection.execute(
                select(schema.external_ids.c.external_key, schema.external_ids.c.incident_id)
            ).all()
        )
    copies = _by_id(database)
    for key, new_id in mapping.items():
        old_id = own_incident_id(key, agreement_id)
        assert old_id is not None
        assert copies[new_id] == originals[old_id], key
    assert sum(1 for i in _incidents(database) if i.source_hashes == (NEWS_PAGE.sha256,)) == 1
    assert len(mapping) == len(originals)

    # A re-import adds nothing, and a second export names the incidents by the same keys.
    with database.transaction() as connection:
        again = import_file(connection, file_format, exported.encode(), f"out.{file_format}")
        assert again.added_ids == () and again.already_present == 12
        assert count_incidents(connection, IncidentQuery()) == 12
        exported_again = export_text(connection, ExportFormat(file_format))
        # The same rows under the same keys; only the verification state is the target's own.
        assert _without_states(file_format, exported_again) == _without_states(
            file_format, exported
        )
        assert (
            {"reported"} == _states(file_format, exported_again) != _states(file_format, exported)
        )
        # Every row the import wrote is on the audit chain.
        assert verify_audit(connection).holds


def test_a_file_exported_from_a_database_adds_nothing_to_it(source_database: Database) -> None:
    with source_database.connect() as connection:
        exported = export_text(connection, ExportFormat.ACLED)
    with source_database.transaction() as connection:
        summary = import_file(connection, ImportFormat.ACLED, exported.encode(), "own.csv")
        connection.rollback()
    assert summary.added_ids == () and summary.already_present == 12


def test_the_same_incidents_in_another_format_are_not_imported_twice(database: Database) -> None:
    with database.transaction() as connection:
        first = import_file(connection, ImportFormat.GEOJSON, _one_feature(), "a.geojson")
        assert len(first.added_ids) == 1
    with database.connect() as connection:
        as_acled = export_text(connection, ExportFormat.ACLED)
    with database.transaction() as connection:
        second = import_file(connection, ImportFormat.ACLED, as_acled.encode(), "a.csv")
    assert second.added_ids == () and second.already_present == 1


STATE_COLUMN = {ImportFormat.ACLED: "truce_state", ImportFormat.HXL: "state"}


def _rows(file_format: ImportFormat, text: str) -> list[dict[str, Any]]:
    if file_format is ImportFormat.GEOJSON:
        return [
            {"id": feature["id"], "geometry": feature["geometry"], **feature["properties"]}
            for feature in json.loads(text)["features"]
        ]
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    return rows[1:] if file_format is ImportFormat.HXL else rows  # HXL: skip the hashtag row


def _state_key(file_format: ImportFormat) -> str:
    return STATE_COLUMN.get(file_format, "state")


def _without_states(file_format: ImportFormat, text: str) -> list[dict[str, Any]]:
    key = _state_key(file_format)
    return [{k: v for k, v in row.items() if k != key} for row in _rows(file_format, text)]


def _states(file_format: ImportFormat, text: str) -> set[str]:
    return {row[_state_key(file_format)] for row in _rows(file_format, text)}


def _one_feature() -> bytes:
    return b"""{"type": "FeatureCollection", "features": [{"type": "Feature", "id": "LBY9001",
      "geometry": {"type": "Point", "coordinates": [16.35, 30.45]},
      "properties": {"type": "shelling", "date": "2020-11-02", "summary": "Shelling.",
                     "actors": [{"id": "LNA", "role": "alleged_perpetrator"}]}}]}"""


@pytest.mark.parametrize("file_format", [ExportFormat.ACLED, ExportFormat.HXL])
def test_no_exported_cell_is_a_formula_for_a_spreadsheet(
    source_database: Database, file_format: ExportFormat
) -> None:
    # The round trip above restores the summary; the file itself never holds a formula.
    with source_database.connect() as connection:
        exported = export_text(connection, file_format)
    cells = [cell for row in csv.reader(io.StringIO(exported)) for cell in row]
    assert any(cell.startswith("'=HYPERLINK(") for cell in cells)
    formulas = [
        cell
        for cell in cells
        if cell[:1] in ("=", "+", "@") or (cell.startswith("-") and not cell[1:2].isdigit())
    ]
    assert formulas == []


def test_an_actor_ingest_registered_is_registered_again_by_the_import(
    database: Database, agreement: Agreement, tmp_path: Path
) -> None:
    # Ingest registers the states an article names (here the USA) beside the scenario's
    # actors; a database that never read that article takes the export all the same.
    source = Database(str(tmp_path / "source.db"))
    source.migrate()
    named = {"id": "USA", "role": "reporter"}
    with source.transaction() as connection:
        save_agreement(connection, agreement)
        save_actors(connection, [reference_actors()["USA"]])
        submission = parse_submission(CLASH_ON_THE_ROAD | {"actors": [named]})
        insert_incident(connection, incident_from_submission(submission))
        exported = export_text(connection, ExportFormat.GEOJSON)
        scenario = export_text(connection, ExportFormat.SCENARIO)
    assert "USA" not in {actor["id"] for actor in yaml.safe_load(scenario)["actors"]}
    with database.transaction() as connection:
        summary = import_file(connection, ImportFormat.GEOJSON, exported.encode(), "out.geojson")
        (imported,) = list_incidents(connection, IncidentQuery())
        assert "USA" in actor_ids(connection)
        registered = load_actors(connection, ActorOrigin.REFERENCE)
        agreement_actors = {actor.id for actor in load_agreement(connection).actors}
    assert len(summary.added_ids) == 1
    assert imported.actor_ids() == ("USA",)
    assert [actor.id for actor in registered] == ["USA"] and "USA" not in agreement_actors
    with database.transaction() as connection:  # a state truce does not know is still refused
        unknown = exported.replace('"USA"', '"XXX"')
        with pytest.raises(InvalidInput, match="'XXX' is neither an actor of the agreement"):
            import_file(connection, ImportFormat.GEOJSON, unknown.encode(), "unknown.geojson")
