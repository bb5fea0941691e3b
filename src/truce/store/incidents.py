"""Incidents in the store: writing them (version 1, their parts, each version) and the row
an incident is filed as. Reading is ``truce.store.incident_reads``, whose names are also
importable from here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from truce.audit import record_write, record_writes
from truce.domain.incident import Incident
from truce.errors import InvalidInput
from truce.geo.geometry import bounds_of, parse_geometry
from truce.geo.grid import grid_cell
from truce.schemas.incident import incident_document
from truce.store import schema
from truce.store.incident_filters import IncidentQuery
from truce.store.incident_reads import (
    count_incidents,
    explain_incident_query,
    get_incident,
    list_incident_documents,
    list_incidents,
)

__all__ = [
    "IncidentQuery",
    "check_actors_known",
    "count_incidents",
    "explain_incident_query",
    "get_incident",
    "incident_row",
    "insert_incident",
    "list_incident_documents",
    "list_incidents",
    "write_incident_parts",
    "write_incident_version",
]


def insert_incident(
    connection: Connection,
    incident: Incident,
    *,
    created_by: str | None = None,
    at: datetime | None = None,
) -> Incident:
    """Store a new incident as version 1 and return it with its id (stored ``at``, default
    now; only replays such as the demo set it)."""
    check_actors_known(connection, incident)
    now = at or datetime.now(UTC)
    row = incident_row(incident) | {
        "version": 1,
        "state": str(incident.state),
        "verified_at": incident.verified_at,
        "created_at": now,
        "updated_at": now,
    }
    incident_id = connection.execute(
        insert(schema.incidents).values(row).returning(schema.incidents.c.id)
    ).scalar_one()
    author = created_by or incident.reported_by
    record_write(connection, schema.incidents, {"id": incident_id}, by=author)
    write_incident_parts(connection, incident_id, incident, by=author)
    stored = get_incident(connection, incident_id)
    write_incident_version(connection, stored, created_by=author, created_at=now)
    return stored


def write_incident_parts(
    connection: Connection, incident_id: int, incident: Incident, *, by: str | None
) -> None:
    """Bring the actors of an incident's row in line with ``incident`` and add its new sources
    and evidence. Sources and evidence are only ever added; an actor dropped by an edit leaves
    the current row (its earlier versions keep it), and the chain records the removal.
    """
    wanted_actors = {(actor.actor_id, str(actor.role)) for actor in incident.actors}
    known_actors = {
        (row.actor_id, row.role)
        for row in connection.execute(
            select(schema.incident_actors.c.actor_id, schema.incident_actors.c.role).where(
                schema.incident_actors.c.incident_id == incident_id
            )
        )
    }
    dropped = [
        {"incident_id": incident_id, "actor_id": actor_id, "role": role}
        for actor_id, role in sorted(known_actors - wanted_actors)
    ]
    for key in dropped:
        connection.execute(
            delete(schema.incident_actors).where(
                schema.incident_actors.c.incident_id == incident_id,
                schema.incident_actors.c.actor_id == key["actor_id"],
                schema.incident_actors.c.role == key["role"],
            )
        )
    if dropped:
        record_writes(connection, schema.incident_actors, dropped, by=by)
    actor_rows = [
        {
            "incident_id": incident_id,
            "actor_id": actor.actor_id,
            "role": str(actor.role),
            "position": position,
        }
        for position, actor in enumerate(incident.actors)
        if (actor.actor_id, str(actor.role)) not in known_actors
    ]
    if actor_rows:
        connection.execute(insert(schema.incident_actors), actor_rows)
        record_writes(
            connection,
            schema.incident_actors,
            [{k: r[k] for k in ("incident_id", "actor_id", "role")} for r in actor_rows],
            by=by,
        )
    known_sources = set(
        connection.execute(
            select(schema.incident_sources.c.source_sha256).where(
                schema.incident_sources.c.incident_id == incident_id
            )
        ).scalars()
    )
    source_rows = [
        {"incident_id": incident_id, "source_sha256": sha}
        for sha in dict.fromkeys(incident.source_hashes)
        if sha not in known_sources
    ]
    if source_rows:
        connection.execute(insert(schema.incident_sources), source_rows)
        record_writes(connection, schema.incident_sources, source_rows, by=by)
    known_evidence = set(
        connection.execute(
            select(schema.incident_evidence.c.sha256).where(
                schema.incident_evidence.c.incident_id == incident_id
            )
        ).scalars()
    )
    evidence_rows = [
        {"incident_id": incident_id, "sha256": e.sha256, "filename": e.filename}
        for e in incident.evidence
        if e.sha256 not in known_evidence
    ]
    if evidence_rows:
        connection.execute(insert(schema.incident_evidence), evidence_rows)
        record_writes(
            connection,
            schema.incident_evidence,
            [{"incident_id": incident_id, "sha256": r["sha256"]} for r in evidence_rows],
            by=by,
        )


def write_incident_version(
    connection: Connection, stored: Incident, *, created_by: str | None, created_at: datetime
) -> None:
    """Keep ``stored`` (as read back) as its version, recorded in the chain."""
    assert stored.id is not None
    connection.execute(
        insert(schema.incident_versions).values(
            incident_id=stored.id,
            version=stored.version,
            content=incident_document(stored),
            created_by=created_by,
            created_at=created_at,
        )
    )
    record_write(
        connection,
        schema.incident_versions,
        {"incident_id": stored.id, "version": stored.version},
        by=created_by,
    )


def check_actors_known(connection: Connection, incident: Incident) -> None:
    wanted = set(incident.actor_ids())
    if not wanted:
        return
    known = set(
        connection.execute(
            select(schema.actors.c.id).where(schema.actors.c.id.in_(wanted))
        ).scalars()
    )
    for index, actor_id in enumerate(incident.actor_ids()):
        if actor_id not in known:
            raise InvalidInput(
                f"actors.{index}.id",
                f"unknown actor {actor_id!r}; `truce actors list` shows the known ids",
            )


def incident_row(incident: Incident) -> dict[str, Any]:
    location = incident.location
    bounds: tuple[float | None, ...] = (None, None, None, None)
    if location is not None:
        if location.geometry is not None:
            bounds = bounds_of(parse_geometry(location.geometry))
        else:
            bounds = (location.lon, location.lat, location.lon, location.lat)
    return {
        "type": str(incident.type),
        "modality": str(incident.modality),
        "occurred_on": incident.occurred_on,
        "date_precision": str(incident.date_precision) if incident.date_precision else None,
        "lat": location.lat if location else None,
        "lon": location.lon if location else None,
        "grid_cell": grid_cell(bounds),
        "min_lon": bounds[0],
        "min_lat": bounds[1],
        "max_lon": bounds[2],
        "max_lat": bounds[3],
        "location_precision": str(location.precision) if location else None,
        "place": location.place if location else None,
        "geometry": dict(location.geometry) if location and location.geometry else None,
        "summary": incident.summary,
        "killed": incident.casualties.killed,
        "injured": incident.casualties.injured,
        "weapons": {str(kind): count for kind, count in incident.weapons.items()},
        "origin": str(incident.origin),
        "reported_by": incident.reported_by,
        "reporting_party": incident.reporting_party,
    }
