"""The one door through which the pages read incidents, so that they show what the API shows.

Every page that lists, counts, maps or opens incidents goes through these functions with the
signed-in user (``None`` for the public); they apply the same rule as ``/api/v1/incidents``.
"""

from __future__ import annotations

from sqlalchemy import Connection

from truce.domain.incident import Incident
from truce.domain.users import User
from truce.store.incidents import IncidentQuery, count_incidents, get_incident, list_incidents


def readable_incidents(
    connection: Connection, user: User | None, query: IncidentQuery
) -> list[Incident]:
    return list_incidents(connection, query)


def readable_count(connection: Connection, user: User | None, query: IncidentQuery) -> int:
    return count_incidents(connection, query)


def readable_incident(connection: Connection, user: User | None, incident_id: int) -> Incident:
    return get_incident(connection, incident_id)
