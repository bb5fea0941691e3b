"""GeoJSON (RFC 7946) for incidents, zones and withdrawal points: features and collections.

Coordinates are WGS 84 longitude, latitude (RFC 7946 §4). An incident's geometry is its
line or area when it has one, else its point; an incident with no known location is a
feature with a ``null`` geometry (§3.2), so a collection never drops an incident.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from truce.domain.agreement import WithdrawalPoint, Zone

GEOJSON_MEDIA_TYPE = "application/geo+json"

#: Keys of an incident document that become the feature's geometry, not its properties.
_LOCATION_KEYS = ("lat", "lon", "geometry")


def wants_geojson(accept: str | None) -> bool:
    """Whether an ``Accept`` header asks for GeoJSON."""
    return accept is not None and GEOJSON_MEDIA_TYPE in accept.lower()


def incident_feature(document: Mapping[str, Any]) -> dict[str, Any]:
    geometry: Mapping[str, Any] | None = document.get("geometry")
    if geometry is None and document.get("lat") is not None and document.get("lon") is not None:
        geometry = {"type": "Point", "coordinates": [document["lon"], document["lat"]]}
    properties = {key: value for key, value in document.items() if key not in _LOCATION_KEYS}
    return {
        "type": "Feature",
        "id": document.get("id"),
        "geometry": dict(geometry) if geometry is not None else None,
        "properties": properties,
    }


def feature_collection(
    features: Iterable[Mapping[str, Any]], **foreign_members: Any
) -> dict[str, Any]:
    """A FeatureCollection; ``foreign_members`` (such as the page cursor) sit beside it."""
    return {"type": "FeatureCollection", "features": list(features), **foreign_members}


def zone_feature(zone: Zone) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": zone.id,
        "geometry": dict(zone.geometry),
        "properties": {
            "name": zone.name,
            "kind": str(zone.kind),
            "description": zone.description,
        },
    }


def withdrawal_point_feature(point: WithdrawalPoint) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": point.id,
        "geometry": {"type": "Point", "coordinates": [point.lon, point.lat]},
        "properties": {
            "name": point.name,
            "kind": "withdrawal_point",
            "radius_km": point.radius_km,
            "description": point.description,
        },
    }
