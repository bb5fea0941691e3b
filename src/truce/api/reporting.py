"""``/api/v1/incidents`` (writing): report an incident (JSON, or multipart with evidence
files), edit it (a new version), attach evidence (a new version). Nothing is overwritten.

The policy (``truce.domain.policy``) is asked before the body is read, so a refused upload
costs the server nothing; the body size limit (``truce.api.limits``) caps every body.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from truce.api.dependencies import Caller, CurrentCaller, DatabaseDependency
from truce.api.incidents import MAX_ID, IncidentId
from truce.domain.agreement import Agreement
from truce.domain.incident import Incident
from truce.domain.policy import Action, check_role
from truce.domain.users import User
from truce.errors import Conflict, InvalidInput
from truce.schemas.incident import (
    IncidentSubmission,
    incident_document,
    incident_from_submission,
    parse_submission,
)
from truce.services.reporting import Upload, report_incident, save_uploads
from truce.services.verification import edit_incident
from truce.store.database import Database
from truce.store.incidents import get_incident

router = APIRouter(tags=["incidents"])

MAX_EVIDENCE_FILES = 20
MAX_FILENAME = 255


#: The OpenAPI schema of the evidence files of a multipart body.
EVIDENCE_FILES: dict[str, Any] = {
    "type": "array",
    "items": {"type": "string", "format": "binary"},
    "description": f"photos or documents (at most {MAX_EVIDENCE_FILES})",
}
MULTIPART_FORM: dict[str, Any] = {
    "type": "object",
    "required": ["incident"],
    "properties": {
        "incident": {
            "type": "string",
            "description": "the incident, as the JSON of IncidentSubmission",
        },
        "evidence": EVIDENCE_FILES,
    },
}
EVIDENCE_FORM: dict[str, Any] = {
    "type": "object",
    "required": ["evidence"],
    "properties": {"evidence": EVIDENCE_FILES},
}


@router.post(
    "/incidents",
    status_code=201,
    summary="Report an incident (JSON, or multipart/form-data with evidence files)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/IncidentSubmission"}},
                "multipart/form-data": {"schema": MULTIPART_FORM},
            },
        }
    },
)
async def create_route(
    request: Request,
    caller: CurrentCaller,
    database: DatabaseDependency,
) -> JSONResponse:
    user, agreement = caller.user, caller.agreement
    check_role(user, Action.REPORT)
    assert user is not None  # check_role refuses the public
    data, uploads = await _read_submission(request)
    submission = parse_submission(data)
    stored = await run_in_threadpool(_report, database, agreement, user, submission, uploads)
    return JSONResponse(
        incident_document(stored),
        status_code=201,
        headers={"Location": f"/api/v1/incidents/{stored.id}"},
    )


@router.put("/incidents/{incident_id}", summary="Edit an incident: stores a new version")
def edit_route(
    incident_id: IncidentId,
    submission: IncidentSubmission,
    caller: CurrentCaller,
    database: DatabaseDependency,
    version: Annotated[
        int | None,
        Query(ge=1, le=MAX_ID, description="the version you edited; 409 if it is stale"),
    ] = None,
) -> dict[str, Any]:
    user = check_role(caller.user, Action.EDIT)
    corrected = incident_from_submission(submission)  # checks the geometry before any lookup
    with database.transaction() as connection:
        current = _visible(connection, incident_id, caller, expected_version=version)
        stored = edit_incident(
            connection,
            caller.agreement,
            user_name=user.name,
            incident_id=incident_id,
            corrected=replace(corrected, origin=current.origin),
        )
    return incident_document(stored)


@router.post(
    "/incidents/{incident_id}/evidence",
    summary="Attach evidence files to an incident: stores a new version",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"multipart/form-data": {"schema": EVIDENCE_FORM}},
        }
    },
)
async def attach_evidence_route(
    incident_id: IncidentId,
    request: Request,
    caller: CurrentCaller,
    database: DatabaseDependency,
) -> dict[str, Any]:
    check_role(caller.user, Action.EDIT)
    form = await _read_form(request)
    uploads = await read_uploads(form.getlist("evidence"))
    if not uploads:
        raise InvalidInput("evidence", "attach at least one file")
    stored = await run_in_threadpool(_attach, database, caller, incident_id, uploads)
    return incident_document(stored)


def _report(
    database: Database,
    agreement: Agreement,
    user: User,
    submission: IncidentSubmission,
    uploads: list[Upload],
) -> Incident:
    with database.transaction() as connection:
        return report_incident(connection, agreement, user, submission, uploads)


def _attach(
    database: Database, caller: Caller, incident_id: int, uploads: list[Upload]
) -> Incident:
    user = check_role(caller.user, Action.EDIT)
    with database.transaction() as connection:
        current = _visible(connection, incident_id, caller)
        evidence = save_uploads(connection, uploads)
        return edit_incident(
            connection,
            caller.agreement,
            user_name=user.name,
            incident_id=incident_id,
            corrected=replace(current, evidence=current.evidence + evidence),
        )


def _visible(
    connection: Connection, incident_id: int, caller: Caller, *, expected_version: int | None = None
) -> Incident:
    """The incident if the caller sees it (else 404), at ``expected_version`` (else 409)."""
    current = get_incident(connection, incident_id, caller.visibility)
    if expected_version is not None and expected_version != current.version:
        raise Conflict(
            f"incident {incident_id} is at version {current.version}, not {expected_version}: "
            "someone edited it meanwhile; read it again and re-apply your change"
        )
    return current


async def _read_submission(request: Request) -> tuple[Any, list[Upload]]:
    """The submission's JSON and its files, from a JSON or a multipart/form-data body."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        form = await _read_form(request)
        text = form.get("incident")
        if not isinstance(text, str):
            raise InvalidInput("incident", "is required: the incident as JSON text")
        return _json(text, "incident"), await read_uploads(form.getlist("evidence"))
    if content_type in ("application/json", ""):
        return _json(await request.body(), "body"), []
    raise InvalidInput(
        "content-type",
        f"{content_type} is not accepted: send application/json or multipart/form-data",
    )


async def _read_form(request: Request) -> FormData:
    return await request.form(max_files=MAX_EVIDENCE_FILES, max_fields=10)


async def read_uploads(items: Sequence[str | UploadFile]) -> list[Upload]:
    """The evidence files of a multipart form (its ``evidence`` parts), named by their base
    name, read into memory: the body limit has capped them (the report page checks them first)."""
    uploads = []
    for index, item in enumerate(items):
        if not isinstance(item, UploadFile):
            raise InvalidInput(f"evidence.{index}", "must be a file")
        name = (item.filename or f"evidence-{index + 1}").replace("\\", "/").rsplit("/", 1)[-1]
        uploads.append(
            Upload(
                filename=name[:MAX_FILENAME] or f"evidence-{index + 1}",
                media_type=item.content_type or "application/octet-stream",
                content=await item.read(),
            )
        )
    return uploads


def _json(raw: str | bytes, field: str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidInput(field, f"is not JSON: {error}") from None
