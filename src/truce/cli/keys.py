"""``truce keys``: co-chairs' Ed25519 keys — the private half to a file, never to the database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from truce.cli.options import DatabaseOption, open_database
from truce.cli.tables import print_table
from truce.services.keys import create_key
from truce.store.agreements import load_agreement
from truce.store.keys import list_signing_keys

app = typer.Typer(help="Co-chairs' signing keys.", no_args_is_help=True)


@app.command("new")
def new(
    user: Annotated[str, typer.Option(help="The co-chair who will hold the key.")],
    out: Annotated[Path, typer.Option(help="Where to write the private key (mode 0600).")],
    db: DatabaseOption = None,
) -> None:
    """Make a key pair: the private key goes to --out, only the public key is registered."""
    database = open_database(db)
    with database.transaction() as connection:
        key_id = create_key(connection, load_agreement(connection), user, out)
    typer.echo(f"key {key_id} registered for {user}; private key written to {out} (keep it safe)")


@app.command("list")
def list_command(db: DatabaseOption = None) -> None:
    """List the registered public keys."""
    database = open_database(db)
    with database.connect() as connection:
        rows = list_signing_keys(connection)
    table = Table("id", "user", "public key", "active", "created")
    for row in rows:
        table.add_row(
            row["id"],
            row["user_name"],
            row["public_key"],
            "yes" if row["active"] else "no",
            f"{row['created_at']:%Y-%m-%d %H:%M}",
        )
    print_table(
        table,
        empty="no signing keys yet: each co-chair makes one with "
        "`truce keys new --user NAME --out FILE`",
    )
