"""``truce users`` and ``truce tokens``: the people who use truce and their credentials.

Secrets are printed once and never stored: a new user's one-time password, and a token
(alone on standard output, so that ``TOKEN=$(truce tokens new NAME)`` works).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import Connection

from truce.cli.options import DatabaseOption, open_database
from truce.cli.tables import print_table
from truce.domain.credentials import (
    TokenKind,
    hash_password,
    issue_token,
    new_password,
    password_hasher,
    token_lifetime,
)
from truce.domain.users import Role, User, check_user_against
from truce.store.agreements import load_agreement
from truce.store.users import (
    add_token,
    add_user,
    deactivate_user,
    get_user,
    list_tokens,
    list_users,
    set_password_hash,
)

app = typer.Typer(help="The people who use truce, with their roles.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens: shown once, stored hashed.", no_args_is_help=True)


def create_user_with_password(connection: Connection, user: User) -> str:
    """Add ``user`` with a new random password and return that password (to show once)."""
    check_user_against(load_agreement(connection), user)
    password = new_password()
    add_user(connection, user, password_hash=hash_password(password_hasher(), password))
    return password


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
    """Add a user with a role; prints their one-time password once."""
    user = User(name=name, role=role, actor_id=actor)
    database = open_database(db)
    with database.transaction() as connection:
        password = create_user_with_password(connection, user)
    speaks_for = f" for {actor}" if actor else ""
    typer.echo(f"added {name} ({role}{speaks_for})")
    typer.echo(f"one-time password (shown only now): {password}")


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
    """Revoke a user and all their tokens: they can no longer act; what they did stays."""
    database = open_database(db)
    with database.transaction() as connection:
        revoked_tokens = deactivate_user(connection, name)
    typer.echo(f"revoked {name} and {revoked_tokens} token(s)")


@app.command("password")
def reset_password(
    name: Annotated[str, typer.Argument(help="The user whose password to replace.")],
    db: DatabaseOption = None,
) -> None:
    """Give a user a new random password; prints it once."""
    database = open_database(db)
    password = new_password()
    with database.transaction() as connection:
        set_password_hash(connection, name, hash_password(password_hasher(), password))
    typer.echo(f"new one-time password for {name} (shown only now): {password}")


@tokens_app.command("new")
def new_token(
    name: Annotated[str, typer.Argument(help="The user the token acts as.")],
    expires: Annotated[
        int | None, typer.Option(help="Days until the token expires [default: never]")
    ] = None,
    db: DatabaseOption = None,
) -> None:
    """Make an API token for a user and print it alone on standard output, once."""
    lifetime = token_lifetime(expires)
    database = open_database(db)
    token = issue_token(TokenKind.API, now=datetime.now(UTC), lifetime=lifetime)
    with database.transaction() as connection:
        add_token(connection, name, token)
    typer.echo(token.secret)


@tokens_app.command("list")
def list_token_command(
    name: Annotated[str, typer.Argument(help="The user whose tokens to list.")],
    db: DatabaseOption = None,
) -> None:
    """List a user's tokens (never the secrets): kind, creation, expiry, revocation."""
    database = open_database(db)
    with database.connect() as connection:
        user = get_user(connection, name)
        tokens = list_tokens(connection, user.name)
    table = Table("id", "kind", "created", "expires", "revoked")
    for token in tokens:
        table.add_row(
            str(token.id),
            str(token.kind),
            f"{token.created_at:%Y-%m-%d %H:%M}",
            f"{token.expires_at:%Y-%m-%d %H:%M}" if token.expires_at else "never",
            f"{token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "—",
        )
    print_table(
        table, empty=f"{user.name} has no tokens: make one with `truce tokens new {user.name}`"
    )
