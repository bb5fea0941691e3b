"""Reading incidents: one, a filtered list (as domain objects or as their JSON documents), a
count, and the plan the database makes for a list.

Every read takes an optional ``Visibility`` (``truce.domain.visibility``): the API always
passes the requester's, and its condition (``truce.store.visibility``) is part of the SQL.
``None`` means no restriction, for local tools that already hold the whole database.

A list's statement depends only on which filters are set (its *shape*), not on their values:
it is built once per shape with named placeholders and then only executed, since building and
compiling a statement costs more than the database takes to answer an indexed query. An IN
list gets a power of two of placeholders (the last value repeated), so that a few statement
texts serve every length and the databases prepare and plan each text once. The parts of a
page (actors, sources, evidence files) come in one more query for the whole page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Integer,
    Row,
    Select,
    Text,
    and_,
    bindparam,
    cast,
    exists,
    func,
    literal_column,
    null,
    or_,
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
from truce.geo.geometry import BBox
from truce.geo.grid import cells_covering
from truce.store import schema
from truce.store.visibility import (
    VisibilityShape,
    visibility_parameters,
    visibility_shape,
    visible_condition_template,
)


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


def get_incident(
    connection: Connection, incident_id: int, visibility: Visibility | None = None
) -> Incident:
    """One incident; ``NotFound`` when it does not exist *or* ``visibility`` hides it."""
    parameters = {"incident_id": incident_id, **visibility_parameters(visibility)}
    statement = _one_incident(visibility_shape(visibility))
    row = connection.execute(statement, parameters).first()
    if row is None:
        raise NotFound(f"there is no incident {incident_id}")
    return _incident(row, _parts_of(connection, [row.id]).get(row.id, _NO_PARTS))


def list_incidents(connection: Connection, query: IncidentQuery) -> list[Incident]:
    """The incidents matching ``query``, in id order (the order cursors page through)."""
    rows = connection.execute(_statement("incidents", _shape(query)), _parameters(query)).all()
    parts = _parts_of(connection, [row.id for row in rows])
    return [_incident(row, parts.get(row.id, _NO_PARTS)) for row in rows]


def list_incident_documents(connection: Connection, query: IncidentQuery) -> list[dict[str, Any]]:
    """``list_incidents`` as the JSON documents of ``truce.schemas.incident.incident_document``,
    made straight from the rows: what the API's list sends, without a domain object each."""
    rows = connection.execute(_statement("documents", _shape(query)), _parameters(query)).all()
    parts = _parts_of(connection, [row[0] for row in rows])
    return [_document(row, parts.get(row[0], _NO_PARTS)) for row in rows]


def count_incidents(connection: Connection, query: IncidentQuery) -> int:
    counted = _statement("count", _shape(query))
    return int(connection.execute(counted, _parameters(query)).scalar_one())


def explain_incident_query(connection: Connection, query: IncidentQuery) -> str:
    """The database's plan for an incident list: shows which index answers a filter."""
    statement = _statement("ids", _shape(query)).params(_parameters(query))
    compiled = statement.compile(connection, compile_kwargs={"literal_binds": True})
    prefix = "EXPLAIN QUERY PLAN " if connection.dialect.name == "sqlite" else "EXPLAIN "
    rows = connection.exec_driver_sql(prefix + str(compiled)).all()
    return "\n".join(" ".join(str(value) for value in row) for row in rows)


class _Shape(NamedTuple):
    """Which filters a query sets: all a list's statement depends on."""

    cells: int  # placeholders for the grid cells the box covers (0: not narrowed by cell)
    bbox: bool
    since: bool
    until: bool
    types: int  # placeholders for the types (0: any type), and so on
    states: int
    after: bool
    text: bool
    party: bool
    limit: bool
    visibility: VisibilityShape | None


def _shape(query: IncidentQuery) -> _Shape:
    cells = cells_covering(query.bbox) if query.bbox is not None else None
    return _Shape(
        cells=_slots(len(cells)) if cells else 0,
        bbox=query.bbox is not None,
        since=query.since is not None,
        until=query.until is not None,
        types=_slots(len(query.types)) if query.types else 0,
        states=_slots(len(query.states)) if query.states else 0,
        after=query.after_id is not None,
        text=bool(query.text),
        party=query.party is not None,
        limit=query.limit is not None,
        visibility=visibility_shape(query.visibility),
    )


def _parameters(query: IncidentQuery) -> dict[str, Any]:
    """The values of the placeholders of ``query``'s statement."""
    parameters: dict[str, Any] = {
        "since": query.since,
        "until": query.until,
        "after_id": query.after_id,
        "party": query.party,
        "limit": query.limit,
        **_filled("types", [str(kind) for kind in query.types]),
        **_filled("states", [str(state) for state in query.states]),
        **visibility_parameters(query.visibility),
    }
    if query.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = query.bbox
        parameters |= {"min_lon": min_lon, "min_lat": min_lat, "max_lon": max_lon}
        parameters |= {"max_lat": max_lat, **_filled("cells", cells_covering(query.bbox) or ())}
    if query.text:
        parameters["text_pattern"] = _contains_pattern(query.text.lower())
    return parameters


#: The columns of an incident's document (not its bounding box, cell or update time).
_DOCUMENT_COLUMNS = tuple(
    schema.incidents.c[name]
    for name in (
        "id", "version", "state", "type", "modality", "occurred_on", "date_precision", "lat",
        "lon", "location_precision", "place", "geometry", "summary", "killed", "injured",
        "weapons", "origin", "reported_by", "reporting_party", "verified_at", "created_at",
    )
)  # fmt: skip
_SELECTIONS: dict[str, Select[Any]] = {
    "incidents": select(schema.incidents),
    "documents": select(*_DOCUMENT_COLUMNS),
    "ids": select(schema.incidents.c.id),
    "count": select(func.count()).select_from(schema.incidents),
}


@lru_cache(maxsize=512)
def _statement(selection: str, shape: _Shape) -> Select[Any]:
    """The statement of a list (or a count) of this shape, with placeholders for the values."""
    statement = _SELECTIONS[selection]
    conditions = _conditions(shape)
    if conditions:
        statement = statement.where(and_(*conditions))
    if selection == "count":
        return statement
    statement = statement.order_by(schema.incidents.c.id)
    return statement.limit(bindparam("limit")) if shape.limit else statement


def _conditions(shape: _Shape) -> list[ColumnElement[bool]]:
    table = schema.incidents
    conditions: list[ColumnElement[bool]] = []
    if shape.cells:
        # First, so that the index (grid_cell, type, occurred_on, bounds) answers it.
        conditions.append(_one_of(table.c.grid_cell, "cells", shape.cells))
    if shape.bbox:
        conditions += [
            table.c.min_lon <= bindparam("max_lon"),
            table.c.max_lon >= bindparam("min_lon"),
            table.c.min_lat <= bindparam("max_lat"),
            table.c.max_lat >= bindparam("min_lat"),
        ]
    if shape.since:
        conditions.append(table.c.occurred_on >= bindparam("since"))
    if shape.until:
        conditions.append(table.c.occurred_on <= bindparam("until"))
    if shape.types:
        conditions.append(_one_of(table.c.type, "types", shape.types))
    if shape.states:
        conditions.append(_one_of(table.c.state, "states", shape.states))
    if shape.after:
        conditions.append(table.c.id > bindparam("after_id"))
    if shape.text:
        pattern: BindParameter[str] = bindparam("text_pattern")
        conditions.append(
            or_(
                func.lower(table.c.summary).like(pattern, escape=_LIKE_ESCAPE),
                func.lower(table.c.place).like(pattern, escape=_LIKE_ESCAPE),
            )
        )
    if shape.visibility is not None:
        conditions.append(visible_condition_template(shape.visibility))
    if shape.party:
        involved = (
            select(schema.incident_actors.c.incident_id)
            .join(
                schema.party_actors,
                schema.party_actors.c.actor_id == schema.incident_actors.c.actor_id,
            )
            .where(
                schema.party_actors.c.party_id == bindparam("party"),
                schema.incident_actors.c.incident_id == table.c.id,
            )
        )
        conditions.append(exists(involved))
    return conditions


_LIKE_ESCAPE = "/"


def _contains_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its wildcards taken literally."""
    for special in (_LIKE_ESCAPE, "%", "_"):
        text = text.replace(special, _LIKE_ESCAPE + special)
    return f"%{text}%"


def _slots(count: int) -> int:
    """The placeholders of an IN list of ``count`` values: the next power of two, so that a few
    statement texts serve every length, and the databases prepare and plan each only once."""
    return 1 << (count - 1).bit_length() if count > 1 else 1


def _placeholders(column: ColumnElement[Any], name: str, slots: int) -> list[BindParameter[Any]]:
    """``slots`` placeholders ``name_0``… for values of ``column``."""
    return [bindparam(f"{name}_{number}", type_=column.type) for number in range(slots)]


def _one_of(column: ColumnElement[Any], name: str, slots: int) -> ColumnElement[bool]:
    return column.in_(_placeholders(column, name, slots))


def _filled(name: str, values: Sequence[Any]) -> dict[str, Any]:
    """The values of ``_placeholders(name, _slots(len(values)))``, the last one repeated."""
    if not values:
        return {}
    last = len(values) - 1
    return {f"{name}_{number}": values[min(number, last)] for number in range(_slots(len(values)))}


@lru_cache(maxsize=8)
def _one_incident(shape: VisibilityShape | None) -> Select[Any]:
    statement = select(schema.incidents).where(schema.incidents.c.id == bindparam("incident_id"))
    return statement if shape is None else statement.where(visible_condition_template(shape))


@dataclass(slots=True)
class _Parts:
    """An incident's actors, sources and evidence files, as rows of ``_parts_statement``."""

    actors: list[Sequence[Any]] = field(default_factory=list)
    sources: list[Sequence[Any]] = field(default_factory=list)
    evidence: list[Sequence[Any]] = field(default_factory=list)


_NO_PARTS = _Parts()


@lru_cache(maxsize=16)
def _parts_statement(slots: int) -> Select[Any]:
    """Every part of up to ``slots`` incidents (``ids_0``…) in one query: ``(incident_id, part,
    key, name, position, size, media_type)``; actors by position, sources by hash, files by
    name."""
    ids = _placeholders(schema.incidents.c.id, "ids", slots)
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


def _parts_of(connection: Connection, ids: Sequence[int]) -> dict[int, _Parts]:
    if not ids:
        return {}
    parts: dict[int, _Parts] = {}
    statement = _parts_statement(_slots(len(ids)))
    for row in connection.execute(statement, _filled("ids", ids)):
        incident_id, part = row[0], row[1]
        found = parts.get(incident_id)
        if found is None:
            found = parts[incident_id] = _Parts()
        if part == "actor":
            found.actors.append(row)
        elif part == "source":
            found.sources.append(row)
        else:
            found.evidence.append(row)
    return parts


def _incident(row: Row[Any], parts: _Parts) -> Incident:
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


def _document(row: Sequence[Any], parts: _Parts) -> dict[str, Any]:
    """``incident_document(_incident(row, parts))``, without the domain object in between
    (``tests/store/test_incident_reads.py`` holds the two equal). ``row`` holds
    ``_DOCUMENT_COLUMNS``, unpacked at once: a row's attributes are slower to reach."""
    (
        incident_id, version, state, kind, modality, occurred_on, date_precision, lat, lon,
        location_precision, place, geometry, summary, killed, injured, weapons, origin,
        reported_by, reporting_party, verified_at, created_at,
    ) = row  # fmt: skip
    located = lat is not None
    verified_at, created_at = _utc(verified_at), _utc(created_at)
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
        "verified_at": verified_at.isoformat() if verified_at else None,
        "sources": [sha256 for _, _, sha256, *_ in parts.sources],
        "evidence": [
            {"sha256": sha256, "filename": filename, "media_type": media_type, "size": size}
            for _, _, sha256, filename, _, size, media_type in parts.evidence
        ],
        "created_at": created_at.isoformat() if created_at else None,
    }


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
