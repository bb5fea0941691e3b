"""``/api/v1/agreement``: the agreement, its terms, and its geography as GeoJSON."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from truce.api.dependencies import CurrentCaller
from truce.scenario import agreement_to_document
from truce.schemas.geojson import (
    GEOJSON_MEDIA_TYPE,
    feature_collection,
    withdrawal_point_feature,
    zone_feature,
)

router = APIRouter(tags=["agreement"])

GEOJSON_ONLY: dict[int | str, dict[str, Any]] = {
    200: {"content": {GEOJSON_MEDIA_TYPE: {"schema": {"type": "object"}}}}
}


@router.get("/agreement", summary="The agreement: parties, co-chairs, zones, points, terms")
def agreement_route(caller: CurrentCaller) -> dict[str, Any]:
    return agreement_to_document(caller.agreement)


@router.get("/agreement/terms", summary="The terms: each party's obligations")
def terms_route(caller: CurrentCaller) -> dict[str, Any]:
    return {"terms": agreement_to_document(caller.agreement)["terms"]}


@router.get(
    "/agreement/zones",
    summary="The zones as GeoJSON (RFC 7946)",
    response_class=JSONResponse,
    responses=GEOJSON_ONLY,
)
def zones_route(caller: CurrentCaller) -> JSONResponse:
    collection = feature_collection(zone_feature(zone) for zone in caller.agreement.zones)
    return JSONResponse(collection, media_type=GEOJSON_MEDIA_TYPE)


@router.get(
    "/agreement/withdrawal-points",
    summary="The withdrawal points as GeoJSON (RFC 7946)",
    response_class=JSONResponse,
    responses=GEOJSON_ONLY,
)
def withdrawal_points_route(caller: CurrentCaller) -> JSONResponse:
    collection = feature_collection(
        withdrawal_point_feature(point) for point in caller.agreement.withdrawal_points
    )
    return JSONResponse(collection, media_type=GEOJSON_MEDIA_TYPE)
