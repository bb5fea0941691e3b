"""The filters of an incident list (``IncidentQuery``) as SQL: statements built once per shape.

A list's statement depends only on which filters are set (its *shape*), not on their values:
it is built once per shape with named placeholders and then only executed, since building and
compiling a statement costs more than the database takes to answer an indexed query. An IN
list gets a power of two of placeholders (``truce.store.placeholders``), so that a few
statement texts serve every length and the databases prepare and plan each text once.
``truce.store.incident_reads`` runs them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Literal, NamedTuple

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
)

from truce.domain.taxonomy import IncidentType
from truce.domain.verification import VerificationState
from truce.domain.visibility import Visibility
from truce.geo.geometry import BBox
from truce.geo.grid import cells_covering
from truce.store import schema
from truce.store.placeholders import padded_values, placeholders, slots_for
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


#: What a filtered statement selects: whole rows, the columns of a document, ids, a count.
Selection = Literal["incidents", "documents", "ids", "count"]


def filtered_statement(
    selection: Selection, query: IncidentQuery
) -> tuple[Select[Any], dict[str, Any]]:
    """The statement selecting ``selection`` of the incidents matching ``query`` (in id order,
    up to its limit), and the values of its placeholders."""
    cells = cells_covering(query.bbox) if query.bbox is not None else None
    return _statement(selection, _shape(query, cells)), _parameters(query, cells)


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


def _shape(query: IncidentQuery, cells: Sequence[int] | None) -> _Shape:
    """``cells``: the grid cells the query's box covers (``cells_covering``)."""
    return _Shape(
        cells=slots_for(len(cells or ())),
        bbox=query.bbox is not None,
        since=query.since is not None,
        until=query.until is not None,
        types=slots_for(len(query.types)),
        states=slots_for(len(query.states)),
        after=query.after_id is not None,
        text=bool(query.text),
        party=query.party is not None,
        limit=query.limit is not None,
        visibility=visibility_shape(query.visibility),
    )


def _parameters(query: IncidentQuery, cells: Sequence[int] | None) -> dict[str, Any]:
    """The values of the placeholders of ``query``'s statement (``cells`` as for ``_shape``)."""
    parameters: dict[str, Any] = {
        "since": query.since,
        "until": query.until,
        "after_id": query.after_id,
        "party": query.party,
        "limit": query.limit,
        **padded_values("types", [str(kind) for kind in query.types]),
        **padded_values("states", [str(state) for state in query.states]),
        **visibility_parameters(query.visibility),
    }
    if query.bbox is not None:
        min_lon, min_lat, max_lon, max_lat = query.bbox
        parameters |= {"min_lon": min_lon, "min_lat": min_lat, "max_lon": max_lon}
        parameters |= {
            "max_lat": max_lat,
            **padded_values("cells", cells or ()),
        }
    if query.text:
        parameters["text_pattern"] = _contains_pattern(query.text.lower())
    return parameters


#: The columns of an incident's document, in the order ``incident_reads`` unpacks them (not
#: the bounding box, cell or update time).
DOCUMENT_COLUMNS = tuple(
    schema.incidents.c[name]
    for name in (
        "id", "version", "state", "type", "modality", "occurred_on", "date_precision", "lat",
        "lon", "location_precision", "place", "geometry", "summary", "killed", "injured",
        "weapons", "origin", "reported_by", "reporting_party", "verified_at", "created_at",
    )
)  # fmt: skip
_SELECTIONS: dict[Selection, Select[Any]] = {
    "incidents": select(schema.incidents),
    "documents": select(*DOCUMENT_COLUMNS),
    "ids": select(schema.incidents.c.id),
    "count": select(func.count()).select_from(schema.incidents),
}


@lru_cache(maxsize=512)
def _statement(selection: Selection, shape: _Shape) -> Select[Any]:
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


def _one_of(column: ColumnElement[Any], name: str, slots: int) -> ColumnElement[bool]:
    return column.in_(placeholders(column, name, slots))
