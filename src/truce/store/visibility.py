"""The visibility rule of ``truce.domain.visibility`` as one SQL condition on ``incidents``.

Every query that shows incidents or anything derived from them (lists, counts, GeoJSON,
history, search, sources) adds this condition, so that no route can forget the rule and a
count cannot reveal what a list hides.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Table, and_, exists, or_, select

from truce.domain.incident import ActorRole
from truce.domain.verification import VerificationState
from truce.domain.visibility import Visibility
from truce.store import schema


def visible_condition(
    visibility: Visibility | None, incidents: Table = schema.incidents
) -> ColumnElement[bool] | None:
    """The condition an ``incidents`` row must meet to be shown; ``None``: no restriction."""
    if visibility is None or visibility.sees_everything:
        return None
    options: list[ColumnElement[bool]] = [
        and_(
            incidents.c.state == str(VerificationState.VERIFIED),
            incidents.c.verified_at.is_not(None),
            incidents.c.verified_at <= visibility.published_before,
        )
    ]
    if visibility.own_party is not None:
        options.append(incidents.c.reporting_party == visibility.own_party)
    if visibility.accused_actor_ids:
        involved = schema.incident_actors
        options.append(
            exists(
                select(involved.c.incident_id).where(
                    involved.c.incident_id == incidents.c.id,
                    involved.c.role == str(ActorRole.ALLEGED_PERPETRATOR),
                    involved.c.actor_id.in_(visibility.accused_actor_ids),
                )
            )
        )
    return or_(*options)
