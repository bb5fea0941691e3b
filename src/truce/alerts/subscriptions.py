"""What a webhook subscription is, and which alerts it matches.

An alert has a stable key (``new-incident:17``, ``violation:no-forces-in-buffer:LNA:17``,
``overdue:lna-withdraws-w3:LNA``): a subscription gets each key once, however often alerts are
collected.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from truce.domain.agreement import Agreement
from truce.domain.incident import Incident
from truce.errors import InvalidInput
from truce.geo.geometry import parse_geometry
from truce.schemas.incident import incident_document


class AlertEvent(StrEnum):
    VIOLATION = "violation"
    OVERDUE = "overdue"
    NEW_INCIDENT = "new-incident"


@dataclass(frozen=True, slots=True, kw_only=True)
class Subscription:
    """A webhook: where to POST, on which event, optionally only for one zone of the agreement."""

    url: str
    event: AlertEvent
    secret: str
    zone_id: str | None = None
    id: int | None = None
    #: Incidents up to this id have been considered (at first: those that existed already).
    after_incident_id: int = 0
    active: bool = True
    created_at: datetime | None = None

    def __post_init__(self) -> None:
        check_webhook_url(self.url)
        if len(self.secret) < 16:
            raise InvalidInput("secret", "must be at least 16 characters")


@dataclass(frozen=True, slots=True)
class Alert:
    """One thing to tell one subscription: its stable key and the JSON body to send."""

    subscription_id: int
    key: str
    payload: Mapping[str, Any]


def check_webhook_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInput("url", f"{url!r} is not an http:// or https:// URL")


def check_zone(agreement: Agreement, zone_id: str | None) -> None:
    if zone_id is not None and zone_id not in {zone.id for zone in agreement.zones}:
        zones = ", ".join(zone.id for zone in agreement.zones)
        raise InvalidInput("zone", f"the agreement has no zone {zone_id!r} (zones: {zones})")


def new_incident_alerts(
    subscriptions: Iterable[Subscription], incidents: Iterable[Incident], agreement: Agreement
) -> list[Alert]:
    """An alert for each incident newer than what each new-incident subscription has seen."""
    zones = {zone.id: parse_geometry(zone.geometry) for zone in agreement.zones}
    incidents = list(incidents)
    alerts = []
    for subscription in subscriptions:
        if subscription.event is not AlertEvent.NEW_INCIDENT or subscription.id is None:
            continue
        zone = zones.get(subscription.zone_id) if subscription.zone_id else None
        for incident in incidents:
            if incident.id is None or incident.id <= subscription.after_incident_id:
                continue
            if zone is not None and not incident_inside(incident, zone):
                continue
            alerts.append(
                Alert(
                    subscription_id=subscription.id,
                    key=f"{AlertEvent.NEW_INCIDENT}:{incident.id}",
                    payload={
                        "event": str(AlertEvent.NEW_INCIDENT),
                        "agreement": agreement.id,
                        "zone": subscription.zone_id,
                        "incident": incident_document(incident),
                    },
                )
            )
    return alerts


def incident_inside(incident: Incident, zone: BaseGeometry) -> bool:
    location = incident.location
    if location is None:
        return False
    if location.geometry is not None:
        return bool(zone.intersects(parse_geometry(location.geometry)))
    return bool(zone.intersects(Point(location.lon, location.lat)))
