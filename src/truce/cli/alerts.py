"""``truce alerts``: webhook subscriptions, and sending the alerts that are due."""

from __future__ import annotations

import secrets
from typing import Annotated

import typer
from rich.table import Table

from truce.alerts.delivery import collect_alerts, deliver_due
from truce.alerts.subscriptions import AlertEvent, Subscription, check_zone
from truce.cli.options import DatabaseOption, open_database
from truce.cli.tables import print_table
from truce.store.agreements import load_agreement
from truce.store.alerts import (
    add_subscription,
    deactivate_subscription,
    list_subscriptions,
    queue_states,
)

app = typer.Typer(
    help="Webhook alerts on violations, overdue terms and new incidents.", no_args_is_help=True
)


@app.command("add")
def add(
    url: Annotated[str, typer.Option(help="The http(s) URL the alerts are POSTed to.")],
    on: Annotated[AlertEvent, typer.Option("--on", help="What to be alerted on.")],
    zone: Annotated[
        str | None, typer.Option(help="Only for this zone of the agreement (its id).")
    ] = None,
    secret: Annotated[
        str | None,
        typer.Option(help="The HMAC signing secret [default: a new random one, printed once]."),
    ] = None,
    db: DatabaseOption = None,
) -> None:
    """Subscribe a URL to alerts: of incidents stored from now on, or of violations and overdue
    terms, starting with those the compliance board already shows."""
    subscription = Subscription(
        url=url, event=on, zone_id=zone, secret=secret or secrets.token_urlsafe(32)
    )
    database = open_database(db)
    with database.transaction() as connection:
        check_zone(load_agreement(connection), zone)
        stored = add_subscription(connection, subscription)
    where = f" in zone {zone}" if zone else ""
    typer.echo(f"added alert subscription {stored.id}: {on}{where} → {url}")
    if secret is None:
        typer.echo(f"signing secret (shown once, give it to the receiver): {stored.secret}")


@app.command("list")
def list_command(
    all_: Annotated[bool, typer.Option("--all", help="Include removed subscriptions.")] = False,
    db: DatabaseOption = None,
) -> None:
    """List subscriptions with their deliveries: pending, delivered, the last error."""
    database = open_database(db)
    with database.connect() as connection:
        subscriptions = list_subscriptions(connection, active_only=not all_)
        states = queue_states(connection)
    table = Table("id", "on", "zone", "url", "active", "pending", "delivered", "last error")
    for subscription in subscriptions:
        state = states.get(subscription.id or 0)
        table.add_row(
            str(subscription.id),
            str(subscription.event),
            subscription.zone_id or "—",
            subscription.url,
            "yes" if subscription.active else "removed",
            str(state.pending if state else 0),
            str(state.delivered if state else 0),
            (state.last_error if state else None) or "—",
        )
    print_table(
        table,
        empty="no alert subscriptions"
        + ("" if all_ else " (removed ones are listed with --all)")
        + ": add one with `truce alerts add --url URL --on EVENT`",
    )


@app.command("remove")
def remove(
    subscription_id: Annotated[int, typer.Argument(metavar="ID", help="The subscription's id.")],
    db: DatabaseOption = None,
) -> None:
    """Stop a subscription; its deliveries stay on record, pending ones are no longer sent."""
    database = open_database(db)
    with database.transaction() as connection:
        deactivate_subscription(connection, subscription_id)
    typer.echo(f"removed alert subscription {subscription_id}")


@app.command("deliver")
def deliver(db: DatabaseOption = None) -> None:
    """Queue new alerts, then send every delivery that is due (run it from cron or a timer).

    A failed delivery is kept and tried again later, after 30 s, 1 min, 2 min … up to 1 h.
    """
    database = open_database(db)
    queued = collect_alerts(database)
    run = deliver_due(database)
    typer.echo(
        f"queued {queued} new alert(s); delivered {run.delivered}, "
        f"failed {run.failed} (kept and retried later)"
    )
