"""The formats by name: what ``truce export`` writes and ``truce import`` reads, from the store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Connection

from truce.domain.actors import Actor
from truce.domain.agreement import Agreement
from truce.domain.incident import Incident
from truce.errors import InvalidInput
from truce.exchange import acled, geojson, hxl
from truce.exchange.identity import exchange_key
from truce.exchange.importing import ImportSummary, ParsedFile, import_parsed
from truce.exchange.scenario_file import scenario_yaml
from truce.store.agreements import actor_names, load_actors, load_agreement
from truce.store.external_ids import external_keys_by_incident
from truce.store.incidents import IncidentQuery, list_incidents
from truce.store.sources import source_labels


class ExportFormat(StrEnum):
    ACLED = "acled"
    GEOJSON = "geojson"
    HXL = "hxl"
    SCENARIO = "scenario"


class ImportFormat(StrEnum):
    ACLED = "acled"
    GEOJSON = "geojson"
    HXL = "hxl"


class GeoJSONLayer(StrEnum):
    INCIDENTS = "incidents"
    ZONES = "zones"


def export_text(
    connection: Connection,
    export_format: ExportFormat,
    *,
    layer: GeoJSONLayer = GeoJSONLayer.INCIDENTS,
) -> str:
    """The whole database's incidents (or its agreement) in ``export_format``, as text."""
    agreement = load_agreement(connection)
    if export_format is ExportFormat.SCENARIO:
        return scenario_yaml(agreement)
    if export_format is ExportFormat.GEOJSON and layer is GeoJSONLayer.ZONES:
        return geojson.dump_geojson(geojson.zones_collection(agreement))
    incidents = list_incidents(connection, IncidentQuery())
    keys = _keys(connection, agreement, incidents)
    if export_format is ExportFormat.GEOJSON:
        return geojson.dump_geojson(geojson.incidents_collection(incidents, keys=keys))
    if export_format is ExportFormat.HXL:
        return hxl.hxl_csv(incidents, keys=keys)
    labels = source_labels(connection, {sha for i in incidents for sha in i.source_hashes})
    return acled.acled_csv(
        incidents,
        agreement=agreement,
        keys=keys,
        source_names={sha: label.name for sha, label in labels.items()},
        actor_names=actor_names(connection),
    )


def _keys(
    connection: Connection, agreement: Agreement, incidents: list[Incident]
) -> dict[int, str]:
    imported = external_keys_by_incident(connection)
    return {
        incident.id: exchange_key(agreement.id, incident.id, imported)
        for incident in incidents
        if incident.id is not None
    }


def parse_file(
    import_format: ImportFormat,
    data: bytes,
    file_name: str,
    agreement: Agreement,
    *,
    actors: Sequence[Actor],
) -> ParsedFile:
    """The rows of a file; ``actors`` (every stored actor) name the actors of an ACLED file,
    whose columns give names, not ids."""
    if import_format is ImportFormat.ACLED:
        return acled.read_acled(data, file_name, agreement, actors=actors)
    readers = {
        ImportFormat.GEOJSON: geojson.read_geojson,
        ImportFormat.HXL: hxl.read_hxl,
    }
    return readers[import_format](data, file_name, agreement)


def import_file(
    connection: Connection,
    import_format: ImportFormat,
    data: bytes,
    file_name: str,
    *,
    now: datetime | None = None,
) -> ImportSummary:
    """Check every row of a file, then store its new rows in the caller's transaction."""
    if not data.strip():
        raise InvalidInput(file_name, "is empty: there is nothing to import")
    agreement = load_agreement(connection)
    parsed = parse_file(import_format, data, file_name, agreement, actors=load_actors(connection))
    return import_parsed(connection, parsed, agreement, now=now)
