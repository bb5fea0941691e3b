"""``/api/v1/incidents`` (reading): the list with the CLI's filters, counts, one incident, its
history and its evidence files — each through the requester's visibility, in the SQL.

Any list or single incident comes as GeoJSON (RFC 7946) when the request sends
``Accept: application/geo+json``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from truce.api.dependencies import CurrentCaller, CurrentRequester, DatabaseDependency
from truce.api.downloads import evidence_download
from truce.api.responses import OrjsonResponse
from truce.domain.filters import check_party_filter, check_period
from truce.domain.incident import Incident
from truce.domain.policy import check_evidence_reader
from truce.domain.taxonomy import IncidentType
from truce.domain.verification import VerificationState
from truce.domain.visibility import Visibility, redact_document
from truce.errors import InvalidInput
from truce.geo.geometry import parse_bbox
from truce.schemas.geojson import (
    GEOJSON_MEDIA_TYPE,
    feature_collection,
    incident_feature,
    wants_geojson,
)
from truce.schemas.incident import incident_document
from truce.store.incident_pages import IncidentPages
from truce.store.incidents import (
    IncidentQuery,
    count_incidents,
    get_incident,
)
from truce.store.verification import list_versions

router = APIRouter(tags=["incidents"])

MAX_PAGE = 1000
MAX_ID = 2**62
IncidentId = Annotated[int, Path(ge=1, le=MAX_ID, description="the incident's id")]
Accept = Annotated[str | None, Header(include_in_schema=False)]
GEOJSON_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {GEOJSON_MEDIA_TYPE: {"schema": {"type": "object"}}}}
}


def shown(incident: Incident, visibility: Visibility) -> dict[str, Any]:
    """An incident's document as this requester may see it (redacted for the public)."""
    return redact_document(incident_document(incident), visibility.redaction)


#: The query parameters of the incident filters, and of a list's page.
FILTER_PARAMETERS = frozenset({"bbox", "since", "until", "type", "party", "state", "q"})
PAGE_PARAMETERS = frozenset({"limit", "after"})


def check_parameters(request: Request, allowed: frozenset[str]) -> None:
    """Name a query parameter the route does not take: a mistyped filter (``?stat=verified``)
    would otherwise be ignored, and the answer read as filtered when it is not."""
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise InvalidInput(
            unknown[0],
            f"is not a parameter of {request.url.path}; it takes {', '.join(sorted(allowed))}",
        )


async def incident_filters(
    requester: CurrentRequester,
    bbox: Annotated[
        str | None, Query(description="minlon,minlat,maxlon,maxlat", examples=["15,29,17,32"])
    ] = None,
    since: Annotated[date | None, Query(description="on or after (YYYY-MM-DD)")] = None,
    until: Annotated[date | None, Query(description="on or before (YYYY-MM-DD)")] = None,
    type: Annotated[list[IncidentType] | None, Query(description="incident types")] = None,
    party: Annotated[str | None, Query(max_length=64, description="a party id, e.g. LNA")] = None,
    state: Annotated[list[VerificationState] | None, Query(description="states")] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="words in the summary or place name")
    ] = None,
) -> IncidentQuery:
    """The filters every incident list and count shares (the CLI's), checked by the CLI's
    rules: no party the agreement lacks, no period that ends before it starts."""
    check_period(since, until)
    if party is not None:
        check_party_filter(requester.agreement, party)
    return IncidentQuery(
        bbox=parse_bbox(bbox) if bbox else None,
        since=since,
        until=until,
        types=tuple(type or ()),
        party=party,
        states=tuple(state or ()),
        text=q or None,
    )


IncidentFilters = Annotated[IncidentQuery, Depends(incident_filters)]


@router.get("/incidents", summary="List incidents", responses=GEOJSON_RESPONSE)
async def list_route(
    request: Request,
    requester: CurrentRequester,
    filters: IncidentFilters,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    after: Annotated[
        int | None, Query(ge=0, le=MAX_ID, description="cursor: ids greater than this")
    ] = None,
    accept: Accept = None,
) -> Response:
    check_parameters(request, FILTER_PARAMETERS | PAGE_PARAMETERS)
    visibility = requester.visibility
    query = replace(filters, after_id=after, limit=limit + 1, visibility=visibility)
    pages: IncidentPages = request.app.state.incident_pages
    found = await pages.read(query)
    page = found[:limit]
    if visibility.redaction is not None:
        page = [redact_document(document, visibility.redaction) for document in page]
    next_cursor = page[-1]["id"] if len(found) > limit and page else None
    # A response straight away: these documents are plain JSON already, and FastAPI's encoder
    # would walk every one of them again.
    if wants_geojson(accept):
        collection = feature_collection(map(incident_feature, page), next=next_cursor)
        return OrjsonResponse(collection, media_type=GEOJSON_MEDIA_TYPE)
    return OrjsonResponse({"incidents": page, "next": next_cursor})


@router.get("/incidents/count", summary="Count incidents (the list's filters)")
def count_route(
    request: Request, caller: CurrentCaller, filters: IncidentFilters
) -> dict[str, int]:
    check_parameters(request, FILTER_PARAMETERS)
    query = replace(filters, visibility=caller.visibility)
    return {"count": count_incidents(caller.connection, query)}


@router.get("/incidents/{incident_id}", summary="One incident", responses=GEOJSON_RESPONSE)
def read_route(incident_id: IncidentId, caller: CurrentCaller, accept: Accept = None) -> Any:
    visibility = caller.visibility
    document = shown(get_incident(caller.connection, incident_id, visibility), visibility)
    if wants_geojson(accept):
        return JSONResponse(incident_feature(document), media_type=GEOJSON_MEDIA_TYPE)
    return document


@router.get("/incidents/{incident_id}/history", summary="Every version of an incident")
def history_route(incident_id: IncidentId, caller: CurrentCaller) -> dict[str, Any]:
    visibility = caller.visibility
    get_incident(caller.connection, incident_id, visibility)  # NotFound if hidden
    versions = list_versions(caller.connection, incident_id)
    hide_editors = visibility.redaction is not None and "reported_by" in visibility.redaction.fields
    return {
        "incident": incident_id,
        "versions": [
            {
                "version": version.version,
                "created_by": None if hide_editors else version.created_by,
                "created_at": version.created_at.isoformat(),
                "content": redact_document(version.content, visibility.redaction),
            }
            for version in versions
        ],
    }


@router.get(
    "/incidents/{incident_id}/evidence/{sha256}",
    summary="An evidence file of an incident (an attachment, streamed)",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def evidence_route(
    incident_id: IncidentId,
    sha256: Annotated[str, Path(pattern="^[0-9a-f]{64}$")],
    caller: CurrentCaller,
    database: DatabaseDependency,
) -> StreamingResponse:
    check_evidence_reader(caller.user, caller.visibility)
    incident = get_incident(caller.connection, incident_id, caller.visibility)
    return evidence_download(database, incident, sha256)
