"""The visibility rule of ``truce.domain.visibility`` as one SQL condition on ``incidents``.

Every query that shows incidents or anything derived from them (lists, counts, GeoJSON,
history, search, sources) adds this condition, so that no route can forget the rule and a
count cannot reveal what a list hides.

The condition comes in two forms built by the same code: ``visible_condition`` with the
viewer's values bound in, and ``visible_condition_template`` with named placeholders that
``visibility_parameters`` fills at execution, for statements built once and run many times
(the incident list, ``truce.store.incidents``). ``visibility_shape`` says which template a
viewer needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from sqlalchemy import BindParameter, ColumnElement, Table, and_, bindparam, exists, or_, select

from truce.domain.incident import ActorRole
from truce.domain.verification import VerificationState
from truce.domain.visibility import Visibility
from truce.store import schema
from truce.store.placeholders import padded_values, slots_for


class VisibilityShape(NamedTuple):
    """What the condition of a restricted viewer is made of (its values aside)."""

    own_party: bool
    #: Placeholders for the actors whose accusations the viewer sees (0: none).
    accused_actors: int


def visibility_shape(visibility: Visibility | None) -> VisibilityShape | None:
    """The shape of ``visibility``'s condition; ``None`` when it restricts nothing."""
    if visibility is None or visibility.sees_everything:
        return None
    return VisibilityShape(
        own_party=visibility.own_party is not None,
        accused_actors=slots_for(len(visibility.accused_actor_ids)),
    )


def visibility_parameters(visibility: Visibility | None) -> dict[str, Any]:
    """The values of ``visible_condition_template``'s placeholders for ``visibility``."""
    if visibility_shape(visibility) is None:
        return {}
    assert visibility is not None
    return {
        "visible_published_before": visibility.published_before,
        "visible_own_party": visibility.own_party,
        **padded_values("visible_accused_actors", visibility.accused_actor_ids),
    }


def visible_condition(
    visibility: Visibility | None, incidents: Table = schema.incidents
) -> ColumnElement[bool] | None:
    """The condition an ``incidents`` row must meet to be shown; ``None``: no restriction."""
    shape = visibility_shape(visibility)
    if shape is None:
        return None
    return _condition(shape, incidents, visibility_parameters(visibility))


def visible_condition_template(
    shape: VisibilityShape, incidents: Table = schema.incidents
) -> ColumnElement[bool]:
    """The condition with placeholders: execute it with ``visibility_parameters``."""
    return _condition(shape, incidents, None)


def _condition(
    shape: VisibilityShape, incidents: Table, values: Mapping[str, Any] | None
) -> ColumnElement[bool]:
    def placeholder(name: str) -> BindParameter[Any]:
        if values is None:
            return bindparam(name)
        return bindparam(name, values[name], unique=True)

    options: list[ColumnElement[bool]] = [
        and_(
            incidents.c.state == str(VerificationState.VERIFIED),
            incidents.c.verified_at.is_not(None),
            incidents.c.verified_at <= placeholder("visible_published_before"),
        )
    ]
    if shape.own_party:
        options.append(incidents.c.reporting_party == placeholder("visible_own_party"))
    if shape.accused_actors:
        involved = schema.incident_actors
        options.append(
            exists(
                select(involved.c.incident_id).where(
                    involved.c.incident_id == incidents.c.id,
                    involved.c.role == str(ActorRole.ALLEGED_PERPETRATOR),
                    involved.c.actor_id.in_(
                        [
                            placeholder(f"visible_accused_actors_{number}")
                            for number in range(shape.accused_actors)
                        ]
                    ),
                )
            )
        )
    return or_(*options)
