"""``/api/v1/incidents``: the incident list (same filters as the CLI) and one incident."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from truce.api.dependencies import ReadConnection
from truce.domain.taxonomy import IncidentType
from truce.domain.verification import VerificationState
from truce.geo.geometry import parse_bbox
from truce.schemas.incident import incident_document
from truce.store.incidents import IncidentQuery, get_incident, list_incidents

router = APIRouter(tags=["incidents"])

MAX_PAGE = 1000


@router.get("/incidents", summary="List incidents")
def list_route(
    connection: ReadConnection,
    bbox: Annotated[
        str | None, Query(description="minlon,minlat,maxlon,maxlat", examples=["15,29,17,32"])
    ] = None,
    since: Annotated[date | None, Query(description="on or after (YYYY-MM-DD)")] = None,
    until: Annotated[date | None, Query(description="on or before (YYYY-MM-DD)")] = None,
    type: Annotated[list[IncidentType] | None, Query(description="incident types")] = None,
    party: Annotated[str | None, Query(description="a party id, e.g. LNA")] = None,
    state: Annotated[list[VerificationState] | None, Query(description="states")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    after: Annotated[int | None, Query(ge=0, description="cursor: ids greater than this")] = None,
) -> dict[str, Any]:
    query = IncidentQuery(
        bbox=parse_bbox(bbox) if bbox else None,
        since=since,
        until=until,
        types=tuple(type or ()),
        party=party,
        states=tuple(state or ()),
        after_id=after,
        limit=limit + 1,
    )
    found = list_incidents(connection, query)
    page = found[:limit]
    next_cursor = page[-1].id if len(found) > limit and page else None
    return {"incidents": [incident_document(i) for i in page], "next": next_cursor}


@router.get("/incidents/{incident_id}", summary="One incident")
def read_route(incident_id: int, connection: ReadConnection) -> dict[str, Any]:
    return incident_document(get_incident(connection, incident_id))
