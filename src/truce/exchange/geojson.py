"""GeoJSON (RFC 7946): FeatureCollections of incidents and of the agreement's zones and points.

An incident is a Feature whose ``id`` is its stable exchange key, whose geometry is its location
(its line or area when it has one, else its point; ``null`` when it has no location) and whose
properties are the submission form's fields plus ``state`` and ``sources``, which an import
records but never takes over: verification is earned in truce, not imported.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from truce.domain.agreement import Agreement
from truce.domain.incident import Incident, Origin
from truce.errors import InvalidInput
from truce.exchange.identity import content_key
from truce.exchange.importing import (
    ImportedRow,
    ParsedFile,
    RowProblem,
    decode_text,
    incident_from_fields,
)
from truce.schemas.incident import submission_document

FORMAT = "geojson"

#: Properties that describe the incident in truce and are not part of the submission form.
RECORDED_ONLY = ("state", "sources")


def incidents_collection(
    incidents: Iterable[Incident], *, keys: Mapping[int, str]
) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [_feature(i, keys) for i in incidents]}


def _feature(incident: Incident, keys: Mapping[int, str]) -> dict[str, Any]:
    assert incident.id is not None
    properties = submission_document(incident)
    geometry: dict[str, Any] | None = None
    location = incident.location
    if location is not None:
        geometry = (
            dict(location.geometry)
            if location.geometry is not None
            else {"type": "Point", "coordinates": [location.lon, location.lat]}
        )
        if location.geometry is None:
            # The point is the geometry; the representative point is kept only for areas.
            properties.pop("lat", None)
            properties.pop("lon", None)
        properties.pop("geometry", None)
    properties |= {
        "state": str(incident.state),
        "sources": list(incident.source_hashes),
    }
    return {
        "type": "Feature",
        "id": keys[incident.id],
        "geometry": geometry,
        "properties": properties,
    }


def zones_collection(agreement: Agreement) -> dict[str, Any]:
    """The agreement's zones (polygons, lines) and withdrawal points, as one FeatureCollection."""
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "id": zone.id,
            "geometry": dict(zone.geometry),
            "properties": {
                "feature": "zone",
                "name": zone.name,
                "kind": str(zone.kind),
                "description": zone.description,
            },
        }
        for zone in agreement.zones
    ]
    features += [
        {
            "type": "Feature",
            "id": point.id,
            "geometry": {"type": "Point", "coordinates": [point.lon, point.lat]},
            "properties": {
                "feature": "withdrawal_point",
                "name": point.name,
                "radius_km": point.radius_km,
                "description": point.description,
            },
        }
        for point in agreement.withdrawal_points
    ]
    return {"type": "FeatureCollection", "features": features}


def dump_geojson(collection: Mapping[str, Any]) -> str:
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


def read_geojson(data: bytes, file_name: str, agreement: Agreement) -> ParsedFile:
    """Every Feature of an incident FeatureCollection, understood or with its reason.

    Features are numbered from 1 in the order of ``features``.
    """
    try:
        document = json.loads(decode_text(data, file_name))
    except json.JSONDecodeError as error:
        raise InvalidInput(
            file_name, f"is not JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise InvalidInput(file_name, "is not a GeoJSON FeatureCollection")
    features = document.get("features")
    if not isinstance(features, list):
        raise InvalidInput(f"{file_name}: features", "must be a list of Features")
    rows: list[ImportedRow] = []
    problems: list[RowProblem] = []
    for number, feature in enumerate(features, start=1):
        try:
            incident = incident_from_fields(
                _fields(feature), agreement, source_hashes=_sources(feature)
            )
        except InvalidInput as error:
            problems.append(RowProblem(number, str(error)))
            continue
        key = feature.get("id")
        external_key = str(key) if key not in (None, "") else content_key(FORMAT, feature)
        rows.append(ImportedRow(number, external_key, incident, feature))
    return ParsedFile(FORMAT, file_name, tuple(rows), tuple(problems))


def _fields(feature: Any) -> dict[str, Any]:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise InvalidInput("type", "is not a GeoJSON Feature")
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        raise InvalidInput("properties", "must be an object with the incident's fields")
    fields = {key: value for key, value in properties.items() if key not in RECORDED_ONLY}
    fields.setdefault("origin", str(Origin.IMPORT))
    geometry = feature.get("geometry")
    if geometry is None:
        return fields
    if not isinstance(geometry, dict):
        raise InvalidInput("geometry", "must be a GeoJSON geometry or null")
    if geometry.get("type") == "Point" and "lat" not in fields:
        coordinates = geometry.get("coordinates")
        if not isinstance(coordinates, list) or len(coordinates) < 2:
            raise InvalidInput("geometry.coordinates", "a Point is [longitude, latitude]")
        fields["lon"], fields["lat"] = coordinates[0], coordinates[1]
    else:
        fields["geometry"] = geometry
        if "lat" not in fields:
            raise InvalidInput(
                "properties.lat", "a line or area needs lat and lon for its representative point"
            )
    return fields


def _sources(feature: Mapping[str, Any]) -> list[str]:
    sources = feature["properties"].get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(sha, str) for sha in sources):
        raise InvalidInput("properties.sources", "must be a list of SHA-256 strings")
    return sources
