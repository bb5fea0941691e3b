"""Incidents in the store: insert (version 1), read, list with index-backed filters, count.

Every read takes an optional ``Visibility`` (``truce.domain.visibility``): the API always
passes the requester's, and its condition (``truce.store.visibility``) is part of the SQL.
``None`` means no restriction, for local tools that already hold the whole database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    RowMapping,
    Select,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
)

from truce.audit import record_write, record_writes
from truce.domain.incident import (
    ActorRole,
    Casualties,
    DatePrecision,
    EvidenceFile,
    Incident,
    IncidentActor,
    Location,
    LocationPrecision,
    Origin,
)
from truce.domain.taxonomy import IncidentType, Modality, WeaponKind
from truce.domain.verification import VerificationState
from truce.domain.visibility import Visibility
from truce.errors import InvalidInput, NotFound
from truce.geo.geometry import BBox, bounds_of, parse_geometry
from truce.geo.grid import cells_covering, grid_cell
from truce.schemas.incident import incident_document
from truce.store import schema
from truce.store.visibility import visible_condition


@dataclass(frozen=True, slots=True, kw_only=True)
class IncidentQuery:
    """Filters of an incident list; every one is optional and they combine with AND."""

    bbox: BBox | None = None
    since: date | None = None
    until: date | None = None
    types: tuple[IncidentType, ...] = ()
    party: str | None = None
    states: tuple[VerificationState, ...] = ()
    #: Words the summary or the place name contains (case-insensitive).
    text: str | None = None
    after_id: int | None = None  # cursor: incidents with a greater id
    limit: int | None = None
    #: Whose view this is; ``None`` shows everything.
    visibility: Visibility | None = None


def insert_incident(
    connection: Connection, incident: Incident, *, created_by: str | None = None
) -> Incident:
    """Store a new incident as version 1 and return it with its id."""
    check_actors_known(connection, incident)
    now = datetime.now(UTC)
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


def get_incident(
    connection: Connection, incident_id: int, visibility: Visibility | None = None
) -> Incident:
    """One incident; ``NotFound`` when it does not exist *or* ``visibility`` hides it."""
    statement = select(schema.incidents).where(schema.incidents.c.id == incident_id)
    condition = visible_condition(visibility)
    if condition is not None:
        statement = statement.where(condition)
    row = connection.execute(statement).mappings().first()
    if row is None:
        raise NotFound(f"there is no incident {incident_id}")
    return _assemble(connection, [row])[0]


def list_incidents(connection: Connection, query: IncidentQuery) -> list[Incident]:
    """The incidents matching ``query``, in id order (the order cursors page through)."""
    statement = _filtered(select(schema.incidents), query).order_by(schema.incidents.c.id)
    if query.limit is not None:
        statement = statement.limit(query.limit)
    rows = list(connection.execute(statement).mappings())
    return _assemble(connection, rows)


def count_incidents(connection: Connection, query: IncidentQuery) -> int:
    counted = _filtered(select(func.count()).select_from(schema.incidents), query)
    return int(connection.execute(counted).scalar_one())


def _filtered(statement: Select[Any], query: IncidentQuery) -> Select[Any]:
    table = schema.incidents
    conditions: list[ColumnElement[bool]] = []
    if query.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = query.bbox
        cells = cells_covering(query.bbox)
        if cells is not None:
            conditions.append(table.c.grid_cell.in_(cells))
        conditions += [
            table.c.min_lon <= max_lon,
            table.c.max_lon >= min_lon,
            table.c.min_lat <= max_lat,
            table.c.max_lat >= min_lat,
        ]
    if query.since is not None:
        conditions.append(table.c.occurred_on >= query.since)
    if query.until is not None:
        conditions.append(table.c.occurred_on <= query.until)
    if query.types:
        conditions.append(table.c.type.in_([str(kind) for kind in query.types]))
    if query.states:
        conditions.append(table.c.state.in_([str(state) for state in query.states]))
    if query.after_id is not None:
        conditions.append(table.c.id > query.after_id)
    if query.text:
        conditions.append(
            or_(
                func.lower(table.c.summary).contains(query.text.lower(), autoescape=True),
                func.lower(table.c.place).contains(query.text.lower(), autoescape=True),
            )
        )
    visible = visible_condition(query.visibility)
    if visible is not None:
        conditions.append(visible)
    if query.party is not None:
        involved = (
            select(schema.incident_actors.c.incident_id)
            .join(
                schema.party_actors,
                schema.party_actors.c.actor_id == schema.incident_actors.c.actor_id,
            )
            .where(
                schema.party_actors.c.party_id == query.party,
                schema.incident_actors.c.incident_id == table.c.id,
            )
        )
        conditions.append(exists(involved))
    return statement.where(and_(*conditions)) if conditions else statement


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


#: The parts of a page of incidents, by their ids: statements built once, since every
#: incident read runs them (building and caching a statement costs more than running it).
_ACTORS_OF = (
    select(schema.incident_actors)
    .where(schema.incident_actors.c.incident_id.in_(bindparam("ids", expanding=True)))
    .order_by(schema.incident_actors.c.incident_id, schema.incident_actors.c.position)
)
_SOURCES_OF = (
    select(schema.incident_sources)
    .where(schema.incident_sources.c.incident_id.in_(bindparam("ids", expanding=True)))
    .order_by(schema.incident_sources.c.source_sha256)
)
_EVIDENCE_OF = (
    select(
        schema.incident_evidence,
        schema.evidence_files.c.media_type,
        schema.evidence_files.c.size,
    )
    .join(
        schema.evidence_files,
        schema.evidence_files.c.sha256 == schema.incident_evidence.c.sha256,
    )
    .where(schema.incident_evidence.c.incident_id.in_(bindparam("ids", expanding=True)))
    .order_by(schema.incident_evidence.c.filename)
)


def _assemble(connection: Connection, rows: Sequence[RowMapping]) -> list[Incident]:
    """Domain incidents from rows, with their actors, sources and evidence in three queries."""
    if not rows:
        return []
    ids = {"ids": [row["id"] for row in rows]}
    actors = _grouped(connection, _ACTORS_OF, ids)
    sources = _grouped(connection, _SOURCES_OF, ids)
    evidence = _grouped(connection, _EVIDENCE_OF, ids)
    return [
        _incident(
            row,
            actors.get(row["id"], ()),
            sources.get(row["id"], ()),
            evidence.get(row["id"], ()),
        )
        for row in rows
    ]


def _grouped(
    connection: Connection, statement: Select[Any], parameters: dict[str, Any]
) -> dict[int, list[RowMapping]]:
    grouped: dict[int, list[RowMapping]] = {}
    for row in connection.execute(statement, parameters).mappings():
        grouped.setdefault(row["incident_id"], []).append(row)
    return grouped


def _incident(
    row: RowMapping,
    actor_rows: Iterable[RowMapping],
    source_rows: Iterable[RowMapping],
    evidence_rows: Iterable[RowMapping],
) -> Incident:
    location = None
    if row["lat"] is not None:
        location = Location(
            lat=row["lat"],
            lon=row["lon"],
            precision=LocationPrecision(row["location_precision"]),
            place=row["place"],
            geometry=row["geometry"],
        )
    return Incident(
        id=row["id"],
        version=row["version"],
        state=VerificationState(row["state"]),
        type=IncidentType(row["type"]),
        modality=Modality(row["modality"]),
        occurred_on=row["occurred_on"],
        date_precision=DatePrecision(row["date_precision"]) if row["date_precision"] else None,
        location=location,
        summary=row["summary"],
        actors=tuple(IncidentActor(a["actor_id"], ActorRole(a["role"])) for a in actor_rows),
        casualties=Casualties(killed=row["killed"], injured=row["injured"]),
        weapons={WeaponKind(kind): count for kind, count in row["weapons"].items()},
        source_hashes=tuple(s["source_sha256"] for s in source_rows),
        evidence=tuple(
            EvidenceFile(
                sha256=e["sha256"],
                filename=e["filename"],
                media_type=e["media_type"],
                size=e["size"],
            )
            for e in evidence_rows
        ),
        origin=Origin(row["origin"]),
        reported_by=row["reported_by"],
        reporting_party=row["reporting_party"],
        verified_at=_utc(row["verified_at"]),
        created_at=_utc(row["created_at"]),
    )


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def explain_incident_query(connection: Connection, query: IncidentQuery) -> str:
    """The database's plan for an incident list: shows which index answers a filter."""
    statement = _filtered(select(schema.incidents.c.id), query)
    compiled = statement.compile(connection, compile_kwargs={"literal_binds": True})
    prefix = "EXPLAIN QUERY PLAN " if connection.dialect.name == "sqlite" else "EXPLAIN "
    rows = connection.exec_driver_sql(prefix + str(compiled)).all()
    return "\n".join(" ".join(str(value) for value in row) for row in rows)
