"""The one door through which the pages read incidents, so that they show what the API shows.

Every page that lists, counts, maps, charts or opens incidents goes through these functions
with the signed-in user (``None`` for the public). They apply the API's visibility rule
(``truce.domain.visibility``, compiled into the store's SQL) and its redaction for the public
(reporter and evidence files left out, coordinates rounded).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from truce.domain.agreement import Agreement
from truce.domain.incident import Incident, Location
from truce.domain.users import User
from truce.domain.visibility import Redaction, Visibility, redact_document, visibility_for
from truce.services.verification import IncidentRecord
from truce.store.incidents import IncidentQuery, count_incidents, get_incident, list_incidents


def visibility_of(user: User | None, agreement: Agreement) -> Visibility:
    return visibility_for(user, agreement, now=datetime.now(UTC))


def readable_incidents(
    connection: Connection, visibility: Visibility, query: IncidentQuery
) -> list[Incident]:
    found = list_incidents(connection, replace(query, visibility=visibility))
    return [redacted(incident, visibility.redaction) for incident in found]


def readable_count(connection: Connection, visibility: Visibility, query: IncidentQuery) -> int:
    return count_incidents(connection, replace(query, visibility=visibility))


def readable_incident(connection: Connection, visibility: Visibility, incident_id: int) -> Incident:
    """One incident, or ``NotFound`` when it does not exist *or* the viewer may not see it."""
    return redacted(get_incident(connection, incident_id, visibility), visibility.redaction)


def redacted(incident: Incident, redaction: Redaction | None) -> Incident:
    """``incident`` as the public may see it: the fields and precision of ``redact_document``."""
    if redaction is None:
        return incident
    changes: dict[str, Any] = {}
    for name in redaction.fields:
        if name in ("id", "location") or not hasattr(incident, name):
            continue
        value = getattr(incident, name)
        changes[name] = () if isinstance(value, tuple) else "" if isinstance(value, str) else None
    location = incident.location
    if location is not None:
        document = redact_document(
            {"lat": location.lat, "lon": location.lon, "geometry": location.geometry}, redaction
        )
        changes["location"] = Location(
            lat=document["lat"],
            lon=document["lon"],
            precision=location.precision,
            place=location.place,
            geometry=document["geometry"],
        )
    return replace(incident, **changes)


def shown_record(
    record: IncidentRecord, incident: Incident, visibility: Visibility
) -> IncidentRecord:
    """An incident's verification record as this viewer may see it: the incident as read
    through the door above, and each stored version's document redacted like it."""
    if visibility.redaction is None:
        return replace(record, incident=incident)
    versions = [
        replace(version, content=redact_document(version.content, visibility.redaction))
        for version in record.versions
    ]
    return replace(record, incident=incident, versions=versions)
