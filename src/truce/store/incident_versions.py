"""Changing incidents without losing anything: revisions (new versions), states, history.

Every revision keeps the full document of the version it replaces in ``incident_versions``;
the ``incidents`` row is the newest version, for queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from truce.domain.incident import EvidenceFile, Incident
from truce.domain.verification import VerificationState
from truce.domain.visibility import Visibility
from truce.errors import Conflict
from truce.store import schema
from truce.store.incidents import (
    check_actors_known,
    get_incident,
    incident_columns,
    record_version,
)


@dataclass(frozen=True, slots=True)
class IncidentVersion:
    """One stored version: the incident's document as it was, who made it and when."""

    incident_id: int
    version: int
    content: dict[str, Any]
    created_by: str | None
    created_at: datetime


def revise_incident(
    connection: Connection,
    incident_id: int,
    revised: Incident,
    *,
    edited_by: str,
    expected_version: int | None = None,
    added_evidence: tuple[EvidenceFile, ...] = (),
) -> Incident:
    """Store ``revised`` as the next version of incident ``incident_id`` and return it.

    The reporter, the reporting party, the state, the sources and the evidence already
    attached stay; ``added_evidence`` is attached too. ``expected_version`` (the version the
    editor saw) guards against overwriting someone else's edit: ``Conflict`` if stale.
    """
    current = get_incident(connection, incident_id)
    if expected_version is not None and expected_version != current.version:
        raise Conflict(
            f"incident {incident_id} is at version {current.version}, not {expected_version}: "
            "someone edited it meanwhile; read it again and re-apply your change"
        )
    check_actors_known(connection, revised)
    now = datetime.now(UTC)
    columns = incident_columns(revised) | {
        "reported_by": current.reported_by,
        "reporting_party": current.reporting_party,
        "version": current.version + 1,
        "updated_at": now,
    }
    connection.execute(
        update(schema.incidents).where(schema.incidents.c.id == incident_id).values(columns)
    )
    connection.execute(
        delete(schema.incident_actors).where(schema.incident_actors.c.incident_id == incident_id)
    )
    if revised.actors:
        connection.execute(
            insert(schema.incident_actors),
            [
                {
                    "incident_id": incident_id,
                    "actor_id": actor.actor_id,
                    "role": str(actor.role),
                    "position": position,
                }
                for position, actor in enumerate(revised.actors)
            ],
        )
    known = {evidence.sha256 for evidence in current.evidence}
    new_evidence = [e for e in added_evidence if e.sha256 not in known]
    if new_evidence:
        connection.execute(
            insert(schema.incident_evidence),
            [
                {"incident_id": incident_id, "sha256": e.sha256, "filename": e.filename}
                for e in new_evidence
            ],
        )
    stored = get_incident(connection, incident_id)
    record_version(connection, stored, created_by=edited_by, at=now)
    return stored


def record_state(
    connection: Connection, incident_id: int, state: VerificationState, *, at: datetime
) -> Incident:
    """Set an incident's verification state (checked by the workflow before this is called).

    Becoming ``verified`` stamps ``verified_at``, from which publication is counted.
    """
    get_incident(connection, incident_id)
    connection.execute(
        update(schema.incidents)
        .where(schema.incidents.c.id == incident_id)
        .values(
            state=str(state),
            updated_at=at,
            verified_at=at if state is VerificationState.VERIFIED else None,
        )
    )
    return get_incident(connection, incident_id)


def incident_history(
    connection: Connection, incident_id: int, visibility: Visibility | None = None
) -> list[IncidentVersion]:
    """Every version of an incident, oldest first; ``NotFound`` if ``visibility`` hides it."""
    get_incident(connection, incident_id, visibility)
    rows = connection.execute(
        select(schema.incident_versions)
        .where(schema.incident_versions.c.incident_id == incident_id)
        .order_by(schema.incident_versions.c.version)
    ).mappings()
    return [
        IncidentVersion(
            incident_id=row["incident_id"],
            version=row["version"],
            content=dict(row["content"]),
            created_by=row["created_by"],
            created_at=row["created_at"]
            if row["created_at"].tzinfo
            else row["created_at"].replace(tzinfo=UTC),
        )
        for row in rows
    ]
