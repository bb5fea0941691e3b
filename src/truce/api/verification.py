"""``/api/v1/verification`` and an incident's verification: the queue, the record, moves,
co-chairs' sign-offs (signed away from the server) and parties' replies.

Every route first finds the incident through the requester's visibility (404 when hidden),
then calls the verification service, which asks the one policy (``truce.domain.policy``)
and the workflow (``truce.domain.workflow``) before writing. Sign-offs are Ed25519 signatures
made by the co-chair over the message ``GET …/sign-offs/message`` gives: the private key never
reaches the server.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection

from truce.api.dependencies import Caller, CurrentCaller, DatabaseDependency, SettingsDependency
from truce.api.incidents import MAX_ID, MAX_PAGE, IncidentId, shown
from truce.domain.users import User
from truce.domain.verification import OPEN_STATES, VerificationState
from truce.domain.workflow import Decision
from truce.errors import NotAuthenticated
from truce.services.verification import (
    move_incident,
    record_signoff,
    reply_to_incident,
    signoff_to_sign,
    waiting_of,
)
from truce.store import verification as records
from truce.store.incidents import IncidentQuery, get_incident, list_incidents

router = APIRouter(tags=["verification"])

MAX_REASON = 5000


class Move(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: VerificationState = Field(description="the state to move to (not verified/disputed)")
    reason: str = Field(min_length=1, max_length=MAX_REASON, description="why, for the record")
    into: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="for merged: the incident it duplicates"
    )


class SignOffSubmission(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Decision
    reason: str = Field(default="", max_length=MAX_REASON)
    key_id: str = Field(pattern="^[0-9a-f]{16}$", description="your registered key's id")
    signature: str = Field(
        pattern="^[0-9a-f]{128}$", description="Ed25519 signature (hex) over the message"
    )


class ReplySubmission(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=20_000, description="your party's answer")


def plain(record: Any, *, hide_users: bool) -> dict[str, Any]:
    """A workflow record as JSON; user names hidden for the public."""
    document = {key: _json_value(value) for key, value in asdict(record).items()}
    if hide_users:
        for key in ("by_user", "closed_by"):
            if key in document:
                document[key] = None
    return document


@router.get("/verification/queue", summary="The incidents still being verified")
def queue_route(
    caller: CurrentCaller,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    after: Annotated[int | None, Query(ge=0, le=MAX_ID, description="cursor")] = None,
) -> dict[str, Any]:
    query = IncidentQuery(
        states=tuple(sorted(OPEN_STATES)),
        visibility=caller.visibility,
        after_id=after,
        limit=limit + 1,
    )
    found = list_incidents(caller.connection, query)
    page = found[:limit]
    shown_ids = {incident.id for incident in page}
    escalations = [
        plain(escalation, hide_users=caller.visibility.redaction is not None)
        for escalation in records.list_escalations(caller.connection)
        if escalation.incident_id in shown_ids
    ]
    return {
        "incidents": [shown(incident, caller.visibility) for incident in page],
        "escalations": escalations,
        "next": page[-1].id if len(found) > limit and page else None,
    }


@router.get(
    "/incidents/{incident_id}/verification",
    summary="An incident's verification record",
    description="Its transitions, sign-offs, replies and escalations, and `waiting_for`: what "
    "it waits for, in plain words that start with its state (whose sign-off, or which role's "
    "move; `verified: nothing more to do`).",
)
def record_route(incident_id: IncidentId, caller: CurrentCaller) -> dict[str, Any]:
    connection = caller.connection
    incident = get_incident(connection, incident_id, caller.visibility)
    hide = caller.visibility.redaction is not None
    return {
        "incident": shown(incident, caller.visibility),
        "waiting_for": waiting_of(connection, caller.agreement, incident),
        "transitions": [
            plain(t, hide_users=hide) for t in records.list_transitions(connection, incident_id)
        ],
        "signoffs": [
            plain(s, hide_users=hide) for s in records.list_signoffs(connection, incident_id)
        ],
        "replies": [
            plain(r, hide_users=hide) for r in records.list_replies(connection, incident_id)
        ],
        "escalations": [
            plain(e, hide_users=hide)
            for e in records.list_escalations(connection, open_only=False)
            if e.incident_id == incident_id
        ],
    }


@router.post("/incidents/{incident_id}/transitions", status_code=201, summary="Move an incident")
def move_route(
    incident_id: IncidentId,
    move: Move,
    caller: CurrentCaller,
    database: DatabaseDependency,
    settings: SettingsDependency,
) -> dict[str, Any]:
    user = _logged_in(caller)
    with database.transaction() as connection:
        _visible(connection, incident_id, caller)
        if move.into is not None:
            _visible(connection, move.into, caller)
        transition = move_incident(
            connection,
            caller.agreement,
            user_name=user.name,
            incident_id=incident_id,
            target=move.to,
            reason=move.reason,
            into=move.into,
            escalation_days=settings.escalation_days,
        )
    return plain(transition, hide_users=False)


@router.get(
    "/incidents/{incident_id}/sign-offs/message",
    summary="The message a co-chair signs to verify or refuse the current version",
)
def signoff_message_route(
    incident_id: IncidentId, decision: Decision, caller: CurrentCaller
) -> dict[str, Any]:
    _logged_in(caller)
    _visible(caller.connection, incident_id, caller)
    version, message = signoff_to_sign(caller.connection, incident_id, decision)
    return {"incident": incident_id, "version": version, "decision": decision, "message": message}


@router.post(
    "/incidents/{incident_id}/sign-offs",
    status_code=201,
    summary="A co-chair's signed verify or refuse of the current version",
)
def signoff_route(
    incident_id: IncidentId,
    submission: SignOffSubmission,
    caller: CurrentCaller,
    database: DatabaseDependency,
    settings: SettingsDependency,
) -> dict[str, Any]:
    user = _logged_in(caller)
    with database.transaction() as connection:
        _visible(connection, incident_id, caller)
        signoff, state = record_signoff(
            connection,
            caller.agreement,
            user_name=user.name,
            incident_id=incident_id,
            decision=submission.decision,
            reason=submission.reason,
            key_id=submission.key_id,
            signature=submission.signature,
            escalation_days=settings.escalation_days,
        )
        waiting = waiting_of(connection, caller.agreement, get_incident(connection, incident_id))
    return {
        "signoff": plain(signoff, hide_users=False),
        "state": str(state),
        "waiting_for": waiting,
    }


@router.post("/incidents/{incident_id}/replies", status_code=201, summary="A party's reply")
def reply_route(
    incident_id: IncidentId,
    submission: ReplySubmission,
    caller: CurrentCaller,
    database: DatabaseDependency,
) -> dict[str, Any]:
    user = _logged_in(caller)
    with database.transaction() as connection:
        _visible(connection, incident_id, caller)
        reply = reply_to_incident(
            connection,
            caller.agreement,
            user_name=user.name,
            incident_id=incident_id,
            text=submission.text,
        )
    return plain(reply, hide_users=False)


def _logged_in(caller: Caller) -> User:
    if caller.user is None:
        raise NotAuthenticated("verification needs a logged-in user: Authorization: Bearer TOKEN")
    return caller.user


def _visible(connection: Connection, incident_id: int, caller: Caller) -> None:
    get_incident(connection, incident_id, caller.visibility)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value
