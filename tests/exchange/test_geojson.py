"""GeoJSON: the agreement's zones and points as an RFC 7946 FeatureCollection; bad features."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import shape

from truce.domain.agreement import Agreement
from truce.errors import InvalidInput
from truce.exchange.formats import (
    ExportFormat,
    GeoJSONLayer,
    ImportFormat,
    export_text,
    import_file,
)
from truce.store.database import Database


def test_zones_and_withdrawal_points_are_features_in_longitude_latitude(
    database: Database, agreement: Agreement
) -> None:
    with database.connect() as connection:
        collection = json.loads(
            export_text(connection, ExportFormat.GEOJSON, layer=GeoJSONLayer.ZONES)
        )
    assert collection["type"] == "FeatureCollection"
    by_id = {feature["id"]: feature for feature in collection["features"]}
    assert set(by_id) == {z.id for z in agreement.zones} | {
        p.id for p in agreement.withdrawal_points
    }
    for zone in agreement.zones:
        feature = by_id[zone.id]
        assert feature["properties"]["feature"] == "zone"
        assert shape(feature["geometry"]).equals(shape(zone.geometry))
    for point in agreement.withdrawal_points:
        assert by_id[point.id]["geometry"]["coordinates"] == [point.lon, point.lat]


def test_each_bad_feature_is_named_by_its_position(database: Database) -> None:
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": None,
             "properties": {"type": "protest", "summary": "a"}},
            {"type": "Feature", "geometry": None, "properties": {"type": "party", "summary": "x"}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [200, 30]},
             "properties": {"type": "shelling", "summary": "y"}},
        ],
    }  # fmt: skip
    with database.transaction() as connection, pytest.raises(InvalidInput) as raised:
        import_file(connection, ImportFormat.GEOJSON, json.dumps(collection).encode(), "z.json")
    message = str(raised.value)
    assert "2 of 3 rows cannot be imported" in message
    assert "row 2: type: 'party' is not one of 'armed_clash'" in message
    assert "row 3: lon: must be at most 180" in message
