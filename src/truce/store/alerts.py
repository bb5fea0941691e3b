"""Webhook subscriptions and the delivery queue.

A delivery is one alert for one subscription: ``pending`` until the receiver accepts it, then
``delivered``. It is never deleted: a failure records the error and the time of the next try.
Subscriptions are audited like every table; the queue is not (``UNAUDITED_TABLES`` says why).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, func, insert, select, update

from truce.alerts.subscriptions import Alert, AlertEvent, Subscription
from truce.audit import record_write
from truce.errors import NotFound
from truce.store import schema

PENDING = "pending"
DELIVERED = "delivered"


@dataclass(frozen=True, slots=True, kw_only=True)
class DueDelivery:
    id: int
    url: str
    secret: str
    event: AlertEvent
    alert_key: str
    payload: Mapping[str, Any]
    attempts: int


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueState:
    """How a subscription's deliveries stand."""

    pending: int = 0
    delivered: int = 0
    last_error: str | None = None


def add_subscription(connection: Connection, subscription: Subscription) -> Subscription:
    """Store a subscription; it alerts on incidents from now on, not on those already stored."""
    newest = connection.execute(select(func.max(schema.incidents.c.id))).scalar() or 0
    now = datetime.now(UTC)
    subscription_id = connection.execute(
        insert(schema.alert_subscriptions)
        .values(
            url=subscription.url,
            event=str(subscription.event),
            zone_id=subscription.zone_id,
            secret=subscription.secret,
            after_incident_id=newest,
            active=True,
            created_at=now,
        )
        .returning(schema.alert_subscriptions.c.id)
    ).scalar_one()
    record_write(connection, schema.alert_subscriptions, {"id": subscription_id})
    return get_subscription(connection, int(subscription_id))


def get_subscription(connection: Connection, subscription_id: int) -> Subscription:
    row = (
        connection.execute(
            select(schema.alert_subscriptions).where(
                schema.alert_subscriptions.c.id == subscription_id
            )
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"there is no alert subscription {subscription_id}; see `truce alerts list`")
    return _subscription(row)


def list_subscriptions(connection: Connection, *, active_only: bool) -> list[Subscription]:
    statement = select(schema.alert_subscriptions).order_by(schema.alert_subscriptions.c.id)
    if active_only:
        statement = statement.where(schema.alert_subscriptions.c.active.is_(True))
    return [_subscription(row) for row in connection.execute(statement).mappings()]


def deactivate_subscription(connection: Connection, subscription_id: int) -> None:
    """Stop a subscription; its deliveries stay on record and pending ones are not sent."""
    get_subscription(connection, subscription_id)
    connection.execute(
        update(schema.alert_subscriptions)
        .where(schema.alert_subscriptions.c.id == subscription_id)
        .values(active=False)
    )
    record_write(connection, schema.alert_subscriptions, {"id": subscription_id})


def advance_watermark(connection: Connection, subscription_id: int, incident_id: int) -> None:
    table = schema.alert_subscriptions
    moved = connection.execute(
        update(table)
        .where(table.c.id == subscription_id, table.c.after_incident_id < incident_id)
        .values(after_incident_id=incident_id)
    )
    if moved.rowcount:
        record_write(connection, table, {"id": subscription_id})


def enqueue_alerts(connection: Connection, alerts: Iterable[Alert], *, now: datetime) -> int:
    """Queue the alerts not queued before (by subscription and key); returns how many were new."""
    table = schema.alert_deliveries
    added = 0
    for alert in alerts:
        exists = connection.execute(
            select(table.c.id).where(
                table.c.subscription_id == alert.subscription_id, table.c.alert_key == alert.key
            )
        ).first()
        if exists:
            continue
        connection.execute(
            insert(table).values(
                subscription_id=alert.subscription_id,
                alert_key=alert.key,
                payload=dict(alert.payload),
                state=PENDING,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
        added += 1
    return added


def claim_due_deliveries(
    connection: Connection, *, now: datetime, lease_until: datetime, limit: int
) -> list[DueDelivery]:
    """The pending deliveries due at ``now`` of active subscriptions, leased to the caller.

    Their next attempt moves to ``lease_until`` so that a second runner does not send them
    too; the caller records the outcome before then.
    """
    deliveries = schema.alert_deliveries
    subscriptions = schema.alert_subscriptions
    rows = list(
        connection.execute(
            select(
                deliveries.c.id,
                deliveries.c.alert_key,
                deliveries.c.payload,
                deliveries.c.attempts,
                subscriptions.c.url,
                subscriptions.c.secret,
                subscriptions.c.event,
            )
            .join(subscriptions, subscriptions.c.id == deliveries.c.subscription_id)
            .where(
                deliveries.c.state == PENDING,
                deliveries.c.next_attempt_at <= now,
                subscriptions.c.active.is_(True),
            )
            .order_by(deliveries.c.next_attempt_at, deliveries.c.id)
            .limit(limit)
        ).mappings()
    )
    if rows:
        connection.execute(
            update(deliveries)
            .where(deliveries.c.id.in_([row["id"] for row in rows]))
            .values(next_attempt_at=lease_until)
        )
    return [
        DueDelivery(
            id=int(row["id"]),
            url=row["url"],
            secret=row["secret"],
            event=AlertEvent(row["event"]),
            alert_key=row["alert_key"],
            payload=row["payload"],
            attempts=row["attempts"],
        )
        for row in rows
    ]


def record_delivered(connection: Connection, delivery_id: int, *, now: datetime) -> None:
    table = schema.alert_deliveries
    connection.execute(
        update(table)
        .where(table.c.id == delivery_id)
        .values(state=DELIVERED, attempts=table.c.attempts + 1, delivered_at=now, last_error=None)
    )


def record_failed(
    connection: Connection, delivery_id: int, *, error: str, next_attempt_at: datetime
) -> None:
    table = schema.alert_deliveries
    connection.execute(
        update(table)
        .where(table.c.id == delivery_id)
        .values(attempts=table.c.attempts + 1, last_error=error, next_attempt_at=next_attempt_at)
    )


def queue_states(connection: Connection) -> dict[int, QueueState]:
    """Per subscription: pending and delivered counts, and the newest error of a pending one."""
    table = schema.alert_deliveries
    counts: dict[int, dict[str, int]] = {}
    for subscription_id, state, count in connection.execute(
        select(table.c.subscription_id, table.c.state, func.count()).group_by(
            table.c.subscription_id, table.c.state
        )
    ):
        counts.setdefault(int(subscription_id), {})[state] = int(count)
    errors: dict[int, str] = {}
    for subscription_id, error in connection.execute(
        select(table.c.subscription_id, table.c.last_error)
        .where(table.c.state == PENDING, table.c.last_error.is_not(None))
        .order_by(table.c.id)
    ):
        errors[int(subscription_id)] = error
    return {
        subscription_id: QueueState(
            pending=states.get(PENDING, 0),
            delivered=states.get(DELIVERED, 0),
            last_error=errors.get(subscription_id),
        )
        for subscription_id, states in counts.items()
    }


def _subscription(row: RowMapping) -> Subscription:
    return Subscription(
        id=int(row["id"]),
        url=row["url"],
        event=AlertEvent(row["event"]),
        zone_id=row["zone_id"],
        secret=row["secret"],
        after_incident_id=int(row["after_incident_id"]),
        active=bool(row["active"]),
        created_at=row["created_at"],
    )
