"""``truce users``: add, list and revoke the people who use truce."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from truce.cli.options import DatabaseOption, open_database
from truce.domain.users import Role, User, check_user_against
from truce.store.agreements import load_agreement
from truce.store.users import add_user, deactivate_user, list_users

app = typer.Typer(help="The people who use truce, with their roles.", no_args_is_help=True)


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Login name (lower case).")],
    role: Annotated[Role, typer.Option(help="What the user does.")],
    actor: Annotated[
        str | None,
        typer.Option(help="For a co_chair or party_delegate: the actor id they represent."),
    ] = None,
    db: DatabaseOption = None,
) -> None:
    """Add a user with a role."""
    user = User(name=name, role=role, actor_id=actor)
    database = open_database(db)
    with database.transaction() as connection:
        check_user_against(load_agreement(connection), user)
        add_user(connection, user)
    speaks_for = f" for {actor}" if actor else ""
    typer.echo(f"added {name} ({role}{speaks_for})")


@app.command("list")
def list_command(db: DatabaseOption = None) -> None:
    """List users, their roles and the actors they represent."""
    database = open_database(db)
    with database.connect() as connection:
        users = list_users(connection)
    table = Table("name", "role", "actor", "active")
    for user in users:
        table.add_row(
            user.name, str(user.role), user.actor_id or "—", "yes" if user.active else "no"
        )
    Console().print(table)


@app.command("revoke")
def revoke(
    name: Annotated[str, typer.Argument(help="The user to revoke.")],
    db: DatabaseOption = None,
) -> None:
    """Revoke a user: they can no longer act; what they did stays on record."""
    database = open_database(db)
    with database.transaction() as connection:
        deactivate_user(connection, name)
    typer.echo(f"revoked {name}")
