"""Verification as users do it: move an incident, sign it off, reply, edit, and read its record.

Every function checks the rules in the domain (``policy``, ``workflow``) before it writes, and
writes every step with who, when, why and the version judged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection

from truce.audit.signing import sign, signature_holds, signoff_message
from truce.domain.agreement import Agreement
from truce.domain.incident import Incident
from truce.domain.policy import Action, check, check_key_holder, side_of
from truce.domain.users import User
from truce.domain.verification import OPEN_STATES, VerificationState, check_transition
from truce.domain.workflow import (
    Decision,
    Escalation,
    Reply,
    SignOff,
    Transition,
    check_new_position,
    check_signoff,
    current_positions,
    escalation_for,
    plan_move,
    round_start,
    signoff_reason,
    state_after_signoffs,
    waiting_for,
)
from truce.errors import Conflict, InvalidInput, NotPermitted
from truce.services.keys import registered_key_of
from truce.store import keys as key_store
from truce.store import verification as records
from truce.store.incidents import IncidentQuery, get_incident, list_incidents
from truce.store.users import get_user


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    """An incident with everything the verification left beside it."""

    incident: Incident
    versions: list[records.IncidentVersion]
    transitions: list[Transition]
    signoffs: list[SignOff]
    replies: list[Reply]
    escalations: list[Escalation]


@dataclass(frozen=True, slots=True)
class Queue:
    incidents: list[Incident]
    escalations: list[Escalation]


def move_incident(
    connection: Connection,
    agreement: Agreement,
    *,
    user_name: str,
    incident_id: int,
    target: VerificationState,
    reason: str,
    into: int | None = None,
    escalation_days: int = 7,
    at: datetime | None = None,
) -> Transition:
    """Move an incident to ``target`` (not verified/disputed: those come from sign-offs).

    ``at`` is when the move is dated (default: now); only replays such as the demo set it."""
    user = get_user(connection, user_name)
    incident = get_incident(connection, incident_id)
    merge_into = get_incident(connection, into) if into is not None else None
    try:
        plan_move(agreement, user, incident, target, reason, merge_into=merge_into)
    except NotPermitted as refused:
        raise _with_waiting(connection, agreement, incident, refused) from None
    if merge_into is not None and merge_into.id is not None:
        _fold_sources(connection, incident, merge_into, by=user_name)
    return _transition(
        connection,
        incident,
        target,
        by=user_name,
        reason=reason.strip(),
        merged_into=into,
        escalation_days=escalation_days,
        at=at or datetime.now(UTC),
    )


def sign_incident(
    connection: Connection,
    agreement: Agreement,
    *,
    user_name: str,
    incident_id: int,
    decision: Decision,
    reason: str,
    private_key: Ed25519PrivateKey,
    escalation_days: int = 7,
    at: datetime | None = None,
) -> tuple[SignOff, VerificationState]:
    """A co-chair's signed verify or refuse of the current version; returns the new state
    (``at``: when the sign-off is dated, default now)."""
    user, incident = get_user(connection, user_name), get_incident(connection, incident_id)
    try:
        check_signoff(agreement, user, incident, decision, reason)  # the rule before the key
    except NotPermitted as refused:
        raise _with_waiting(connection, agreement, incident, refused) from None
    key_id = registered_key_of(connection, agreement, user_name, private_key)
    _, message = signoff_to_sign(connection, incident_id, decision)
    return record_signoff(
        connection,
        agreement,
        user_name=user_name,
        incident_id=incident_id,
        decision=decision,
        reason=reason,
        key_id=key_id,
        signature=sign(private_key, message),
        escalation_days=escalation_days,
        at=at,
    )


def decisions_open_to(
    connection: Connection, agreement: Agreement, user: User, incident: Incident
) -> tuple[Decision, ...]:
    """The decisions ``user`` (a co-chair) may still sign on ``incident``'s current version:
    every one but the position they already hold in this round (``check_new_position``)."""
    if user.actor_id is None or incident.id is None:
        return ()
    standing = _positions(connection, incident)
    open_decisions = []
    for decision in Decision:
        try:
            check_new_position(agreement, standing, user.actor_id, decision)
        except Conflict:
            continue
        open_decisions.append(decision)
    return tuple(open_decisions)


def signoff_to_sign(
    connection: Connection, incident_id: int, decision: Decision
) -> tuple[int, str]:
    """The current version of an incident and the message a co-chair signs to ``decision`` it
    (for signing away from the server, with the private key that never leaves the co-chair)."""
    incident = get_incident(connection, incident_id)
    version_hash = records.version_hash(connection, incident_id, incident.version)
    return incident.version, signoff_message(
        incident_id, incident.version, decision.value, version_hash
    )


def record_signoff(
    connection: Connection,
    agreement: Agreement,
    *,
    user_name: str,
    incident_id: int,
    decision: Decision,
    reason: str,
    key_id: str,
    signature: str,
    escalation_days: int = 7,
    at: datetime | None = None,
) -> tuple[SignOff, VerificationState]:
    """Record a sign-off whose ``signature`` (hex) a co-chair made over ``signoff_to_sign``'s
    message with their registered key ``key_id``; returns the incident's new state."""
    user = get_user(connection, user_name)
    incident = get_incident(connection, incident_id)
    try:
        co_chair = check_signoff(agreement, user, incident, decision, reason)
    except NotPermitted as refused:
        raise _with_waiting(connection, agreement, incident, refused) from None
    check_key_holder(agreement, user)
    key = key_store.signing_key(connection, key_id)
    if key is None or key["user_name"] != user_name or not key["active"]:
        raise NotPermitted(
            f"key {key_id} is not an active key of {user_name}: "
            f"make one with `truce keys new --user {user_name} --out FILE`"
        )
    version, message = signoff_to_sign(connection, incident_id, decision)
    if not signature_holds(key["public_key"], message, signature):
        raise InvalidInput(
            "signature",
            f"does not verify with key {key_id} over the message of version {version}: "
            "sign exactly the message the server gives (it changes with each version)",
        )
    round_started = round_start(records.list_transitions(connection, incident_id))
    standing = current_positions(
        records.list_signoffs(connection, incident_id), version, round_started
    )
    check_new_position(agreement, standing, co_chair, decision)
    signoff = SignOff(
        incident_id=incident_id,
        incident_version=version,
        version_hash=records.version_hash(connection, incident_id, version),
        co_chair=co_chair,
        by_user=user_name,
        key_id=key_id,
        decision=decision,
        reason=reason.strip(),
        signature=signature,
        signed_at=at or datetime.now(UTC),
    )
    records.add_signoff(connection, signoff)
    positions = current_positions(
        records.list_signoffs(connection, incident_id), version, round_started
    )
    new_state = state_after_signoffs(agreement, incident.state, positions)
    if new_state is not incident.state:
        _transition(
            connection,
            incident,
            new_state,
            by=user_name,
            reason="sign-offs: " + signoff_reason(positions),
            escalation_days=escalation_days,
            at=signoff.signed_at,
        )
    return signoff, new_state


def reply_to_incident(
    connection: Connection,
    agreement: Agreement,
    *,
    user_name: str,
    incident_id: int,
    text: str,
    at: datetime | None = None,
) -> Reply:
    """A party's reply, kept beside the incident and the version it answers (dated ``at``,
    default now)."""
    if not text.strip():
        raise InvalidInput("text", "the reply is empty: say what your party answers")
    user = get_user(connection, user_name)
    incident = get_incident(connection, incident_id)
    check(agreement, user, Action.REPLY, incident)
    assert user.actor_id is not None  # a party delegate represents an actor
    reply = Reply(
        incident_id=incident_id,
        incident_version=incident.version,
        party_id=side_of(agreement, user.actor_id),
        by_user=user_name,
        text=text.strip(),
        at=at or datetime.now(UTC),
    )
    records.add_reply(connection, reply)
    return reply


def edit_incident(
    connection: Connection,
    agreement: Agreement,
    *,
    user_name: str,
    incident_id: int,
    corrected: Incident,
) -> Incident:
    """Store a correction as the next version; the judged versions stay readable."""
    user = get_user(connection, user_name)
    incident = get_incident(connection, incident_id)
    try:
        check(agreement, user, Action.EDIT, incident)
    except NotPermitted as refused:
        raise _with_waiting(connection, agreement, incident, refused) from None
    changed = replace(
        corrected,
        id=incident_id,
        state=incident.state,
        version=incident.version,
        reported_by=incident.reported_by,
        reporting_party=incident.reporting_party,
        created_at=incident.created_at,
    )
    return records.save_new_version(connection, changed, by=user_name)


def delete_incident(
    connection: Connection, agreement: Agreement, *, user_name: str, incident_id: int
) -> None:
    """Always refused, with the reason: nothing is deleted (corrections are new versions)."""
    user = get_user(connection, user_name)
    check(agreement, user, Action.DELETE, get_incident(connection, incident_id))


def incident_record(connection: Connection, incident_id: int) -> IncidentRecord:
    return IncidentRecord(
        incident=get_incident(connection, incident_id),
        versions=records.list_versions(connection, incident_id),
        transitions=records.list_transitions(connection, incident_id),
        signoffs=records.list_signoffs(connection, incident_id),
        replies=records.list_replies(connection, incident_id),
        escalations=records.list_escalations(connection, open_only=False, incident_id=incident_id),
    )


def waiting_of(connection: Connection, agreement: Agreement, incident: Incident) -> str:
    """What ``incident`` waits for (``waiting_for``), from its sign-offs and replies so far."""
    assert incident.id is not None
    return waiting_for(
        agreement,
        incident,
        _positions(connection, incident),
        records.list_replies(connection, incident.id),
    )


def verification_queue(connection: Connection) -> Queue:
    """The incidents still being worked on, and the open escalations (soonest due first)."""
    incidents = list_incidents(connection, IncidentQuery(states=tuple(sorted(OPEN_STATES))))
    return Queue(incidents=incidents, escalations=records.list_escalations(connection))


def _transition(
    connection: Connection,
    incident: Incident,
    target: VerificationState,
    *,
    by: str,
    reason: str,
    escalation_days: int,
    at: datetime,
    merged_into: int | None = None,
) -> Transition:
    assert incident.id is not None
    check_transition(incident.state, target)  # every path, moves and sign-offs, obeys the machine
    transition = Transition(
        incident_id=incident.id,
        incident_version=incident.version,
        from_state=incident.state,
        to_state=target,
        by_user=by,
        reason=reason,
        at=at,
        merged_into=merged_into,
    )
    records.set_incident_state(connection, incident.id, target, by=by, at=at)
    records.add_transition(connection, transition)
    if incident.state is VerificationState.DISPUTED:
        records.close_escalations(connection, incident.id, by=by, at=at)
    if target is VerificationState.DISPUTED:
        records.open_escalation(connection, escalation_for(incident.id, at, escalation_days), by=by)
    return transition


def _positions(connection: Connection, incident: Incident) -> dict[str, SignOff]:
    """The co-chairs' standing sign-offs on ``incident``'s current version, in this round."""
    assert incident.id is not None
    return current_positions(
        records.list_signoffs(connection, incident.id),
        incident.version,
        round_start(records.list_transitions(connection, incident.id)),
    )


def _with_waiting(
    connection: Connection, agreement: Agreement, incident: Incident, refused: NotPermitted
) -> NotPermitted:
    """``refused`` ending with what the incident waits for, so the user learns what to do."""
    waiting = waiting_of(connection, agreement, incident)
    return type(refused)(f"{refused.message}; incident {incident.id} is {waiting}")


def _fold_sources(
    connection: Connection, duplicate: Incident, target: Incident, *, by: str
) -> None:
    """A merge keeps every source: the duplicate's sources are added to the incident it joins
    (as a new version of it); the duplicate itself and its history stay as they were."""
    missing = [sha for sha in duplicate.source_hashes if sha not in target.source_hashes]
    if missing:
        records.save_new_version(
            connection, replace(target, source_hashes=target.source_hashes + tuple(missing)), by=by
        )
