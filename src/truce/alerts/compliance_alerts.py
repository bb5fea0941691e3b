"""Alerts from the compliance board: each incident a violation rests on, each overdue term.

Keys: ``violation:<term>:<party>:<incident>`` (a new incident behind a violation is a new alert)
and ``overdue:<term>:<party>``. With a zone, a subscription hears of violations whose term is
about that zone or whose incident lies in it, and of overdue terms about the zone or about a
withdrawal point inside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from truce.alerts.subscriptions import Alert, AlertEvent, Subscription, incident_inside
from truce.domain.agreement import Agreement, Term
from truce.domain.compliance import Board, Status, TermStatus
from truce.domain.incident import Incident
from truce.geo.geometry import parse_geometry
from truce.schemas.incident import incident_document


def compliance_alerts(
    subscriptions: Iterable[Subscription],
    board: Board,
    agreement: Agreement,
    incidents: Mapping[int, Incident],
) -> list[Alert]:
    """The violation and overdue alerts of ``board`` for each subscription that wants them."""
    zones = {zone.id: parse_geometry(zone.geometry) for zone in agreement.zones}
    terms = {term.id: term for term in agreement.terms}
    alerts: list[Alert] = []
    for subscription in subscriptions:
        if subscription.id is None:
            continue
        zone = zones.get(subscription.zone_id) if subscription.zone_id else None
        for status in board.statuses:
            term = terms[status.term_id]
            if subscription.event is AlertEvent.VIOLATION and status.status is Status.VIOLATION:
                for incident_id in status.incident_ids:
                    incident = incidents.get(incident_id)
                    if incident is None:
                        continue
                    if zone is not None and not (
                        term.zone_id == subscription.zone_id or incident_inside(incident, zone)
                    ):
                        continue
                    alerts.append(_alert(subscription, board, agreement, term, status, incident))
            if subscription.event is AlertEvent.OVERDUE and status.status is Status.OVERDUE:
                if zone is not None and not _term_in_zone(term, subscription, zone, agreement):
                    continue
                alerts.append(_alert(subscription, board, agreement, term, status, None))
    return alerts


def _term_in_zone(
    term: Term, subscription: Subscription, zone: BaseGeometry, agreement: Agreement
) -> bool:
    if term.zone_id is not None and term.zone_id == subscription.zone_id:
        return True
    if term.point_id is None:
        return False
    point = agreement.withdrawal_point(term.point_id)
    return bool(zone.intersects(Point(point.lon, point.lat)))


def _alert(
    subscription: Subscription,
    board: Board,
    agreement: Agreement,
    term: Term,
    status: TermStatus,
    incident: Incident | None,
) -> Alert:
    assert subscription.id is not None
    key = f"{subscription.event}:{term.id}:{status.party_id}"
    payload = {
        "event": str(subscription.event),
        "agreement": agreement.id,
        "zone": subscription.zone_id,
        "as_of": board.as_of.isoformat(),
        "term": {
            "id": term.id,
            "kind": str(term.kind),
            "text": term.text,
            "deadline": term.deadline.isoformat() if term.deadline else None,
        },
        "party": status.party_id,
        "status": str(status.status),
        "detail": status.detail,
    }
    if incident is not None:
        key = f"{key}:{incident.id}"
        payload["incident"] = incident_document(incident)
    return Alert(subscription_id=subscription.id, key=key, payload=payload)
