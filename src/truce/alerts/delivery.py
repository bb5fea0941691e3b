"""Collecting alerts into the delivery queue, and sending what is due with retries.

``collect_alerts`` matches the stored subscriptions against what happened since they last
looked and queues each alert once. ``deliver_due`` sends the due deliveries through a
``Transport`` (``http_post`` in production; tests pass a real local server's URL to it) and
records each outcome: a 2xx answer delivers, anything else is retried after a growing delay.
The network is never used inside a database transaction.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from truce import __version__
from truce.alerts.compliance_alerts import compliance_alerts
from truce.alerts.signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    signature,
)
from truce.alerts.subscriptions import AlertEvent, new_incident_alerts
from truce.services.compliance import compliance_board
from truce.store.agreements import load_agreement
from truce.store.alerts import (
    DueDelivery,
    advance_watermark,
    claim_due_deliveries,
    enqueue_alerts,
    list_subscriptions,
    record_delivered,
    record_failed,
)
from truce.store.database import Database
from truce.store.incidents import IncidentQuery, get_incident, list_incidents


@dataclass(frozen=True, slots=True)
class Response:
    """What the receiver answered: an HTTP status, or ``None`` with the network error."""

    status: int | None
    error: str | None = None

    @property
    def accepted(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class Transport(Protocol):
    def __call__(
        self, url: str, body: bytes, headers: Mapping[str, str], timeout: float
    ) -> Response: ...


def http_post(url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> Response:
    """POST with the standard library; every failure becomes a ``Response``, never an exception."""
    request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return Response(int(answer.status))
    except urllib.error.HTTPError as error:
        return Response(error.code, f"HTTP {error.code} {error.reason}")
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return Response(None, f"cannot reach {url}: {reason}")


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """Delays between tries double from ``first_delay`` up to ``longest_delay``; never given up."""

    first_delay: timedelta = timedelta(seconds=30)
    longest_delay: timedelta = timedelta(hours=1)
    timeout_seconds: float = 10.0
    batch: int = 100

    def delay_after(self, attempts: int) -> timedelta:
        """The wait before the next try once ``attempts`` tries have failed."""
        doublings = min(max(attempts - 1, 0), 30)
        return min(self.first_delay * (1 << doublings), self.longest_delay)


@dataclass(frozen=True, slots=True)
class DeliveryRun:
    delivered: int
    failed: int


def collect_alerts(database: Database, *, now: datetime | None = None) -> int:
    """Queue the alerts of every active subscription not queued before; returns how many."""
    moment = now or datetime.now(UTC)
    with database.transaction() as connection:
        subscriptions = list_subscriptions(connection, active_only=True)
        if not subscriptions:
            return 0
        agreement = load_agreement(connection)
        oldest_seen = min(subscription.after_incident_id for subscription in subscriptions)
        incidents = list_incidents(connection, IncidentQuery(after_id=oldest_seen))
        alerts = new_incident_alerts(subscriptions, incidents, agreement)
        if any(s.event is not AlertEvent.NEW_INCIDENT for s in subscriptions):
            board = compliance_board(connection, agreement, moment.date())
            behind = sorted({i for status in board.statuses for i in status.incident_ids})
            by_id = {incident_id: get_incident(connection, incident_id) for incident_id in behind}
            alerts += compliance_alerts(subscriptions, board, agreement, by_id)
        queued = enqueue_alerts(connection, alerts, now=moment)
        newest = max((i.id for i in incidents if i.id is not None), default=oldest_seen)
        for subscription in subscriptions:
            if subscription.id is not None:
                advance_watermark(connection, subscription.id, newest)
    return queued


def deliver_due(
    database: Database,
    *,
    transport: Transport = http_post,
    policy: RetryPolicy | None = None,
    now: datetime | None = None,
) -> DeliveryRun:
    """Send every delivery due at ``now`` once, and record each outcome."""
    policy = policy or RetryPolicy()
    moment = now or datetime.now(UTC)
    lease = moment + timedelta(seconds=policy.timeout_seconds * 2 + 60)
    with database.transaction() as connection:
        due = claim_due_deliveries(connection, now=moment, lease_until=lease, limit=policy.batch)
    delivered = failed = 0
    for delivery in due:
        response = _send(delivery, transport, policy, moment)
        with database.transaction() as connection:
            if response.accepted:
                record_delivered(connection, delivery.id, now=moment)
                delivered += 1
            else:
                record_failed(
                    connection,
                    delivery.id,
                    error=response.error or f"HTTP {response.status}",
                    next_attempt_at=moment + policy.delay_after(delivery.attempts + 1),
                )
                failed += 1
    return DeliveryRun(delivered=delivered, failed=failed)


def delivery_body(delivery: DueDelivery) -> bytes:
    """The JSON body: the alert's key and payload (the same bytes on every try)."""
    document = {"alert": delivery.alert_key, **delivery.payload}
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _send(
    delivery: DueDelivery, transport: Transport, policy: RetryPolicy, moment: datetime
) -> Response:
    body = delivery_body(delivery)
    timestamp = int(moment.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"truce/{__version__}",
        EVENT_HEADER: str(delivery.event),
        DELIVERY_HEADER: str(delivery.id),
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(delivery.secret, timestamp, body),
    }
    return transport(delivery.url, body, headers, policy.timeout_seconds)
