"""``/api/v1/incidents`` (reading): the list with the CLI's filters, counts, one incident, its
history and its evidence files — each through the requester's visibility, in the SQL.

Any list or single incident comes as GeoJSON (RFC 7946) when the request sends
``Accept: application/geo+json``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Header, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field, ValidationError

from truce.api.dependencies import (
    BEARER_SECURITY,
    CurrentCaller,
    DatabaseDependency,
    requester_of,
)
from truce.api.downloads import evidence_download
from truce.api.responses import OrjsonResponse
from truce.domain.agreement import Agreement
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


class IncidentFilterParameters(BaseModel):
    """The query parameters of every incident list and count (the CLI's filters)."""

    bbox: str | None = Field(
        None, description="minlon,minlat,maxlon,maxlat", examples=["15,29,17,32"]
    )
    since: date | None = Field(None, description="on or after (YYYY-MM-DD)")
    until: date | None = Field(None, description="on or before (YYYY-MM-DD)")
    type: list[IncidentType] | None = Field(None, description="incident types")
    party: str | None = Field(None, max_length=64, description="a party id, e.g. LNA")
    state: list[VerificationState] | None = Field(None, description="states")
    q: str | None = Field(None, max_length=200, description="words in the summary or place name")


class IncidentListParameters(IncidentFilterParameters):
    """The filters, and the page of a list."""

    limit: int = Field(100, ge=1, le=MAX_PAGE, description="incidents a page holds")
    after: int | None = Field(None, ge=0, le=MAX_ID, description="cursor: ids greater than this")


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """The OpenAPI description of ``model``'s fields as query parameters (its enumerations
    written out in place)."""
    schema = model.model_json_schema()
    definitions = schema.get("$defs", {})

    def inlined(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return inlined(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: inlined(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inlined(item) for item in node]
        return node

    return [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": field.pop("description", ""),
            "schema": inlined(field),
        }
        for name, field in schema["properties"].items()
    ]


Parameters = TypeVar("Parameters", bound=IncidentFilterParameters)


def parameters_of(request: Request, model: type[Parameters]) -> Parameters:
    """``model`` from the request's query, checked in one step; a name the route does not
    take is refused, naming it: a mistyped filter (``?stat=verified``) would otherwise be
    ignored, and the answer read as filtered when it is not. (One pydantic validation costs
    a fraction of FastAPI's resolving of as many declared parameters.)"""
    query = request.query_params
    unknown = sorted(set(query) - model.model_fields.keys())
    if unknown:
        raise InvalidInput(
            unknown[0],
            f"is not a parameter of {request.url.path}; it takes "
            f"{', '.join(sorted(model.model_fields))}",
        )
    values = {name: query.getlist(name) if name in _LISTS else query[name] for name in query}
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise RequestValidationError(
            [{**problem, "loc": ("query", *problem["loc"])} for problem in error.errors()]
        ) from None


_LISTS = frozenset({"type", "state"})


def incident_query(parameters: IncidentFilterParameters, agreement: Agreement) -> IncidentQuery:
    """The filters, checked by the CLI's rules: no party the agreement lacks, no period that
    ends before it starts."""
    check_period(parameters.since, parameters.until)
    if parameters.party is not None:
        check_party_filter(agreement, parameters.party)
    return IncidentQuery(
        bbox=parse_bbox(parameters.bbox) if parameters.bbox else None,
        since=parameters.since,
        until=parameters.until,
        types=tuple(parameters.type or ()),
        party=parameters.party,
        states=tuple(parameters.state or ()),
        text=parameters.q or None,
    )


@router.get(
    "/incidents",
    summary="List incidents",
    responses=GEOJSON_RESPONSE,
    openapi_extra={"parameters": query_parameters(IncidentListParameters), **BEARER_SECURITY},
)
async def list_route(request: Request) -> Response:
    # Who is asking and the parameters are read here, not as FastAPI dependencies: resolving
    # those cost the busiest route of the API more than its database reads.
    requester = await requester_of(request)
    parameters = parameters_of(request, IncidentListParameters)
    visibility = requester.visibility
    limit = parameters.limit
    query = replace(
        incident_query(parameters, requester.agreement),
        after_id=parameters.after,
        limit=limit + 1,
        visibility=visibility,
    )
    pages: IncidentPages = request.app.state.incident_pages
    found = await pages.read(query)
    page = found[:limit]
    if visibility.redaction is not None:
        page = [redact_document(document, visibility.redaction) for document in page]
    next_cursor = page[-1]["id"] if len(found) > limit and page else None
    # A response straight away: these documents are plain JSON already, and FastAPI's encoder
    # would walk every one of them again.
    if wants_geojson(request.headers.get("accept")):
        collection = feature_collection(map(incident_feature, page), next=next_cursor)
        return OrjsonResponse(collection, media_type=GEOJSON_MEDIA_TYPE)
    return OrjsonResponse({"incidents": page, "next": next_cursor})


@router.get(
    "/incidents/count",
    summary="Count incidents (the list's filters)",
    openapi_extra={"parameters": query_parameters(IncidentFilterParameters)},
)
def count_route(request: Request, caller: CurrentCaller) -> dict[str, int]:
    parameters = parameters_of(request, IncidentFilterParameters)
    query = replace(incident_query(parameters, caller.agreement), visibility=caller.visibility)
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
