"""The verification records in the store: transitions, sign-offs, replies, escalations, and
incident versions. Rows are only added; the ``incidents`` row is the current state, and
every older version stays readable in ``incident_versions``. Every write calls the audit hook.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, insert, select, update

from truce.audit import record_write
from truce.audit.canonical import row_key_text
from truce.domain.incident import Incident
from truce.domain.verification import VerificationState
from truce.domain.workflow import Decision, Escalation, Reply, SignOff, Transition
from truce.errors import NotFound
from truce.store import audit_log, schema
from truce.store.incidents import (
    check_actors_known,
    get_incident,
    incident_row,
    write_incident_parts,
    write_incident_version,
)


@dataclass(frozen=True, slots=True)
class IncidentVersion:
    incident_id: int
    version: int
    content: dict[str, Any]
    created_by: str | None
    created_at: datetime
    version_hash: str | None


def set_incident_state(
    connection: Connection, incident_id: int, state: VerificationState, *, by: str, at: datetime
) -> None:
    # Becoming verified stamps verified_at, from which publication (the embargo) is counted.
    verified_at = at if state is VerificationState.VERIFIED else None
    connection.execute(
        update(schema.incidents)
        .where(schema.incidents.c.id == incident_id)
        .values(state=str(state), updated_at=at, verified_at=verified_at)
    )
    record_write(connection, schema.incidents, {"id": incident_id}, by=by)


def add_transition(connection: Connection, transition: Transition) -> int:
    transition_id = connection.execute(
        insert(schema.verification_transitions)
        .values(
            incident_id=transition.incident_id,
            incident_version=transition.incident_version,
            from_state=str(transition.from_state),
            to_state=str(transition.to_state),
            by_user=transition.by_user,
            reason=transition.reason,
            merged_into=transition.merged_into,
            at=transition.at,
        )
        .returning(schema.verification_transitions.c.id)
    ).scalar_one()
    record_write(
        connection,
        schema.verification_transitions,
        {"id": transition_id},
        by=transition.by_user,
    )
    return int(transition_id)


def list_transitions(connection: Connection, incident_id: int) -> list[Transition]:
    table = schema.verification_transitions
    rows = connection.execute(
        select(table).where(table.c.incident_id == incident_id).order_by(table.c.id)
    ).mappings()
    return [
        Transition(
            incident_id=row["incident_id"],
            incident_version=row["incident_version"],
            from_state=VerificationState(row["from_state"]),
            to_state=VerificationState(row["to_state"]),
            by_user=row["by_user"],
            reason=row["reason"],
            at=_utc(row["at"]),
            merged_into=row["merged_into"],
        )
        for row in rows
    ]


def add_signoff(connection: Connection, signoff: SignOff) -> int:
    signoff_id = connection.execute(
        insert(schema.verification_signoffs)
        .values(
            incident_id=signoff.incident_id,
            incident_version=signoff.incident_version,
            version_hash=signoff.version_hash,
            co_chair=signoff.co_chair,
            by_user=signoff.by_user,
            key_id=signoff.key_id,
            decision=str(signoff.decision),
            reason=signoff.reason,
            signature=signoff.signature,
            signed_at=signoff.signed_at,
        )
        .returning(schema.verification_signoffs.c.id)
    ).scalar_one()
    record_write(connection, schema.verification_signoffs, {"id": signoff_id}, by=signoff.by_user)
    return int(signoff_id)


def list_signoffs(connection: Connection, incident_id: int) -> list[SignOff]:
    table = schema.verification_signoffs
    rows = connection.execute(
        select(table).where(table.c.incident_id == incident_id).order_by(table.c.id)
    ).mappings()
    return [
        SignOff(
            incident_id=row["incident_id"],
            incident_version=row["incident_version"],
            version_hash=row["version_hash"],
            co_chair=row["co_chair"],
            by_user=row["by_user"],
            key_id=row["key_id"],
            decision=Decision(row["decision"]),
            reason=row["reason"],
            signature=row["signature"],
            signed_at=_utc(row["signed_at"]),
        )
        for row in rows
    ]


def add_reply(connection: Connection, reply: Reply) -> int:
    reply_id = connection.execute(
        insert(schema.incident_replies)
        .values(
            incident_id=reply.incident_id,
            incident_version=reply.incident_version,
            party_id=reply.party_id,
            by_user=reply.by_user,
            text=reply.text,
            at=reply.at,
        )
        .returning(schema.incident_replies.c.id)
    ).scalar_one()
    record_write(connection, schema.incident_replies, {"id": reply_id}, by=reply.by_user)
    return int(reply_id)


def list_replies(connection: Connection, incident_id: int) -> list[Reply]:
    table = schema.incident_replies
    rows = connection.execute(
        select(table).where(table.c.incident_id == incident_id).order_by(table.c.id)
    ).mappings()
    return [
        Reply(
            incident_id=row["incident_id"],
            incident_version=row["incident_version"],
            party_id=row["party_id"],
            by_user=row["by_user"],
            text=row["text"],
            at=_utc(row["at"]),
        )
        for row in rows
    ]


def open_escalation(connection: Connection, escalation: Escalation, *, by: str) -> None:
    escalation_id = connection.execute(
        insert(schema.escalations)
        .values(
            incident_id=escalation.incident_id,
            opened_at=escalation.opened_at,
            due_at=escalation.due_at,
        )
        .returning(schema.escalations.c.id)
    ).scalar_one()
    record_write(connection, schema.escalations, {"id": escalation_id}, by=by)


def close_escalations(connection: Connection, incident_id: int, *, by: str, at: datetime) -> None:
    table = schema.escalations
    open_ids = list(
        connection.execute(
            select(table.c.id).where(
                table.c.incident_id == incident_id, table.c.closed_at.is_(None)
            )
        ).scalars()
    )
    for escalation_id in open_ids:
        connection.execute(
            update(table).where(table.c.id == escalation_id).values(closed_at=at, closed_by=by)
        )
        record_write(connection, table, {"id": escalation_id}, by=by)


def list_escalations(
    connection: Connection, *, open_only: bool = True, incident_id: int | None = None
) -> list[Escalation]:
    """Escalations, soonest due first: the open ones, or all of one incident's."""
    table = schema.escalations
    statement = select(table).order_by(table.c.due_at)
    if open_only:
        statement = statement.where(table.c.closed_at.is_(None))
    if incident_id is not None:
        statement = statement.where(table.c.incident_id == incident_id)
    return [_escalation(row) for row in connection.execute(statement).mappings()]


def save_new_version(connection: Connection, incident: Incident, *, by: str | None) -> Incident:
    """Store ``incident`` (a stored one, changed) as its next version; the old stays readable."""
    assert incident.id is not None
    current = get_incident(connection, incident.id)
    check_actors_known(connection, incident)
    now = datetime.now(UTC)
    connection.execute(
        update(schema.incidents)
        .where(schema.incidents.c.id == incident.id)
        .values(incident_row(incident) | {"version": current.version + 1, "updated_at": now})
    )
    record_write(connection, schema.incidents, {"id": incident.id}, by=by)
    merged_sources = tuple(dict.fromkeys(current.source_hashes + incident.source_hashes))
    write_incident_parts(
        connection, incident.id, replace(incident, source_hashes=merged_sources), by=by
    )
    stored = get_incident(connection, incident.id)
    write_incident_version(connection, stored, created_by=by, created_at=now)
    return stored


def list_versions(connection: Connection, incident_id: int) -> list[IncidentVersion]:
    table = schema.incident_versions
    rows = list(
        connection.execute(
            select(table).where(table.c.incident_id == incident_id).order_by(table.c.version)
        ).mappings()
    )
    if not rows:
        raise NotFound(f"there is no incident {incident_id}")
    return [_version(connection, row) for row in rows]


def version_hash(connection: Connection, incident_id: int, version: int) -> str:
    """The hash the audit chain gave a version: what co-chairs sign."""
    key = row_key_text({"incident_id": incident_id, "version": version})
    found = audit_log.latest_entry_hash_for(connection, schema.incident_versions.name, key)
    if found is None:
        raise NotFound(f"the chain holds no version {version} of incident {incident_id}")
    return found


def _version(connection: Connection, row: RowMapping) -> IncidentVersion:
    key = row_key_text({"incident_id": row["incident_id"], "version": row["version"]})
    return IncidentVersion(
        incident_id=row["incident_id"],
        version=row["version"],
        content=row["content"],
        created_by=row["created_by"],
        created_at=_utc(row["created_at"]),
        version_hash=audit_log.latest_entry_hash_for(
            connection, schema.incident_versions.name, key
        ),
    )


def _escalation(row: RowMapping) -> Escalation:
    return Escalation(
        incident_id=row["incident_id"],
        opened_at=_utc(row["opened_at"]),
        due_at=_utc(row["due_at"]),
        closed_at=_utc(row["closed_at"]) if row["closed_at"] is not None else None,
        closed_by=row["closed_by"],
    )


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
