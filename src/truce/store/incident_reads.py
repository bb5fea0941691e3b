"""Reading incidents: one, a filtered list (as domain objects or as their JSON documents), a
count, and the plan the database makes for a list.

Every read takes an optional ``Visibility`` (``truce.domain.visibility``): the API always
passes the requester's, and its condition (``truce.store.visibility``) is part of the SQL.
``None`` means no restriction, for local tools that already hold the whole database.

A list's statement comes from ``truce.store.incident_filters``, built once per shape of
filters; the parts of a page (actors, sources, evidence files) come in one more query for the
whole page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Row,
    Select,
    Text,
    bindparam,
    cast,
    literal_column,
    null,
    select,
    union_all,
)

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
from truce.errors import NotFound
from truce.store import schema
from truce.store.incident_filters import (
    IncidentQuery,
    filtered_statement,
)
from truce.store.placeholders import padded_values, placeholders, slots_for
from truce.store.visibility import (
    VisibilityShape,
    visibility_parameters,
    visibility_shape,
    visible_condition_template,
)


def get_incident(
    connection: Connection, incident_id: int, visibility: Visibility | None = None
) -> Incident:
    """One incident; ``NotFound`` when it does not exist *or* ``visibility`` hides it."""
    parameters = {"incident_id": incident_id, **visibility_parameters(visibility)}
    statement = _one_incident(visibility_shape(visibility))
    row = connection.execute(statement, parameters).first()
    if row is None:
        raise NotFound(f"there is no incident {incident_id}")
    return _incident(row, _parts_of(connection, [row.id]).get(row.id, NO_PARTS))


def list_incidents(connection: Connection, query: IncidentQuery) -> list[Incident]:
    """The incidents matching ``query``, in id order (the order cursors page through)."""
    rows = connection.execute(*filtered_statement("incidents", query)).all()
    parts = _parts_of(connection, [row.id for row in rows])
    return [_incident(row, parts.get(row.id, NO_PARTS)) for row in rows]


def list_incident_documents(connection: Connection, query: IncidentQuery) -> list[dict[str, Any]]:
    """``list_incidents`` as the JSON documents of ``truce.schemas.incident.incident_document``,
    made straight from the rows: what the API's list sends, without a domain object each."""
    rows = connection.execute(*filtered_statement("documents", query)).all()
    parts = _parts_of(connection, [row[0] for row in rows])
    return [document_of(row, parts.get(row[0], NO_PARTS)) for row in rows]


def count_incidents(connection: Connection, query: IncidentQuery) -> int:
    return int(connection.execute(*filtered_statement("count", query)).scalar_one())


def explain_incident_query(connection: Connection, query: IncidentQuery) -> str:
    """The database's plan for an incident list: shows which index answers a filter."""
    statement, parameters = filtered_statement("ids", query)
    statement = statement.params(parameters)
    compiled = statement.compile(connection, compile_kwargs={"literal_binds": True})
    prefix = "EXPLAIN QUERY PLAN " if connection.dialect.name == "sqlite" else "EXPLAIN "
    rows = connection.exec_driver_sql(prefix + str(compiled)).all()
    return "\n".join(" ".join(str(value) for value in row) for row in rows)


@lru_cache(maxsize=8)
def _one_incident(shape: VisibilityShape | None) -> Select[Any]:
    statement = select(schema.incidents).where(schema.incidents.c.id == bindparam("incident_id"))
    return statement if shape is None else statement.where(visible_condition_template(shape))


@dataclass(slots=True)
class Parts:
    """An incident's actors, sources and evidence files, as rows of ``parts_statement``."""

    actors: list[Sequence[Any]] = field(default_factory=list)
    sources: list[Sequence[Any]] = field(default_factory=list)
    evidence: list[Sequence[Any]] = field(default_factory=list)


NO_PARTS = Parts()


@lru_cache(maxsize=16)
def parts_statement(slots: int) -> Select[Any]:
    """Every part of up to ``slots`` incidents (``ids_0``…) in one query: ``(incident_id, part,
    key, name, position, size, media_type)``; actors by position, sources by hash, files by
    name."""
    ids = placeholders(schema.incidents.c.id, "ids", slots)
    actors, sources = schema.incident_actors, schema.incident_sources
    evidence, files = schema.incident_evidence, schema.evidence_files
    # Typed nulls: PostgreSQL matches a UNION's column types branch by branch.
    no_name, no_position = cast(null(), Text), cast(null(), Integer)
    no_size, no_media_type = cast(null(), files.c.size.type), cast(null(), Text)
    parts = union_all(
        select(
            actors.c.incident_id, literal_column("'actor'").label("part"),
            actors.c.actor_id.label("key"), actors.c.role.label("name"), actors.c.position,
            no_size.label("size"), no_media_type.label("media_type"),
        ).where(actors.c.incident_id.in_(ids)),
        select(
            sources.c.incident_id, literal_column("'source'"), sources.c.source_sha256,
            no_name, no_position, no_size, no_media_type,
        ).where(sources.c.incident_id.in_(ids)),
        select(
            evidence.c.incident_id, literal_column("'evidence'"), evidence.c.sha256,
            evidence.c.filename, no_position, files.c.size, files.c.media_type,
        )
        .join(files, files.c.sha256 == evidence.c.sha256)
        .where(evidence.c.incident_id.in_(ids)),
    ).subquery()  # fmt: skip
    return select(parts).order_by(
        parts.c.incident_id, parts.c.part, parts.c.position, parts.c.name, parts.c.key
    )


def _parts_of(connection: Connection, ids: Sequence[int]) -> dict[int, Parts]:
    if not ids:
        return {}
    statement = parts_statement(slots_for(len(ids)))
    return grouped_parts(connection.execute(statement, padded_values("ids", ids)))


def grouped_parts(rows: Iterable[Sequence[Any]]) -> dict[int, Parts]:
    """The rows of ``parts_statement``, by incident."""
    parts: dict[int, Parts] = {}
    for row in rows:
        incident_id, part = row[0], row[1]
        found = parts.get(incident_id)
        if found is None:
            found = parts[incident_id] = Parts()
        if part == "actor":
            found.actors.append(row)
        elif part == "source":
            found.sources.append(row)
        else:
            found.evidence.append(row)
    return parts


def _incident(row: Row[Any], parts: Parts) -> Incident:
    location = None
    if row.lat is not None:
        location = Location(
            lat=row.lat,
            lon=row.lon,
            precision=LocationPrecision(row.location_precision),
            place=row.place,
            geometry=row.geometry,
        )
    return Incident(
        id=row.id,
        version=row.version,
        state=VerificationState(row.state),
        type=IncidentType(row.type),
        modality=Modality(row.modality),
        occurred_on=row.occurred_on,
        date_precision=DatePrecision(row.date_precision) if row.date_precision else None,
        location=location,
        summary=row.summary,
        actors=tuple(
            IncidentActor(actor_id, ActorRole(role)) for _, _, actor_id, role, *_ in parts.actors
        ),
        casualties=Casualties(killed=row.killed, injured=row.injured),
        weapons={WeaponKind(kind): count for kind, count in row.weapons.items()},
        source_hashes=tuple(sha256 for _, _, sha256, *_ in parts.sources),
        evidence=tuple(
            EvidenceFile(sha256=sha256, filename=filename, media_type=media_type, size=size)
            for _, _, sha256, filename, _, size, media_type in parts.evidence
        ),
        origin=Origin(row.origin),
        reported_by=row.reported_by,
        reporting_party=row.reporting_party,
        verified_at=_utc(row.verified_at),
        created_at=_utc(row.created_at),
    )


def document_of(row: Sequence[Any], parts: Parts) -> dict[str, Any]:
    """``incident_document(_incident(row, parts))``, without the domain object in between
    (``tests/store/test_incident_reads.py`` holds the two equal). ``row`` holds
    ``incident_filters.DOCUMENT_COLUMNS``, unpacked at once: faster than its attributes."""
    (
        incident_id, version, state, kind, modality, occurred_on, date_precision, lat, lon,
        location_precision, place, geometry, summary, killed, injured, weapons, origin,
        reported_by, reporting_party, verified_at, created_at,
    ) = row  # fmt: skip
    located = lat is not None
    return {
        "id": incident_id,
        "version": version,
        "state": state,
        "type": kind,
        "modality": modality,
        "date": occurred_on.isoformat() if occurred_on else None,
        "date_precision": date_precision or None,
        "lat": lat if located else None,
        "lon": lon if located else None,
        "location_precision": location_precision if located else None,
        "place": place if located else None,
        "geometry": dict(geometry) if located and geometry else None,
        "actors": [{"id": actor_id, "role": role} for _, _, actor_id, role, *_ in parts.actors],
        "summary": summary,
        "fatalities": killed,
        "injured": injured,
        "weapons": dict(sorted(weapons.items())),
        "origin": origin,
        "reported_by": reported_by,
        "reporting_party": reporting_party,
        "verified_at": _utc_isoformat(verified_at),
        "sources": [sha256 for _, _, sha256, *_ in parts.sources],
        "evidence": [
            {"sha256": sha256, "filename": filename, "media_type": media_type, "size": size}
            for _, _, sha256, filename, _, size, media_type in parts.evidence
        ],
        "created_at": _utc_isoformat(created_at),
    }


def _utc_isoformat(moment: datetime | None) -> str | None:
    """``_utc(moment).isoformat()``: a naive moment's text with ``+00:00`` appended is the
    same, and three times faster than making the aware copy."""
    if moment is None:
        return None
    text = moment.isoformat()
    return text if moment.tzinfo is not None else text + "+00:00"


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
