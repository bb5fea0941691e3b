"""``truce init``, ``truce upgrade`` and ``truce actors``: create a database from a scenario,
bring one made by an earlier truce up to date, list its actors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from truce.cli.options import DatabaseOption, new_database, open_database
from truce.cli.tables import print_table
from truce.cli.users import create_user_with_password
from truce.domain.users import Role, User
from truce.errors import Conflict, NotFound
from truce.scenario import load_scenario
from truce.store.agreements import has_agreement, load_actors, save_agreement

actors_app = typer.Typer(help="The actors the database knows.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("upgrade")(upgrade)


def upgrade(db: DatabaseOption = None) -> None:
    """Bring a database made by an earlier truce up to date: its schema migrations, in one
    transaction (all or none); what it holds is kept."""
    database = new_database(db)
    if database.path is not None and not database.path.exists():
        raise NotFound(
            f"there is no database at {database.path}: "
            f"create it with `truce init --scenario FILE --db {database.path}`"
        )
    before = database.schema_revision()
    if before is None:
        raise NotFound(
            f"{database.display_url} is not a truce database: "
            "create one with `truce init --scenario FILE`"
        )
    database.migrate()
    after = database.schema_revision()
    if after == before:
        typer.echo(f"{database.display_url} is already up to date (schema {after})")
    else:
        typer.echo(f"upgraded {database.display_url}: schema {before} → {after}")


def init(
    scenario: Annotated[
        Path, typer.Option("--scenario", help="The agreement, as a scenario YAML file.")
    ],
    admin: Annotated[str, typer.Option(help="Login name of the first admin.")] = "admin",
    db: DatabaseOption = None,
) -> None:
    """Create a database holding the agreement of a scenario file, and its first admin.

    The scenario is checked whole before anything is written: a bad file leaves no database.
    The admin's one-time password is printed once; only its hash is stored.
    """
    agreement = load_scenario(scenario)
    first_admin = User(name=admin, role=Role.ADMIN)
    database = new_database(db)
    existed = database.path is None or database.path.exists()
    try:
        database.migrate()
        with database.transaction() as connection:
            if has_agreement(connection):
                raise Conflict(
                    f"{database.display_url} already holds an agreement; "
                    f"choose a new --db for {scenario}"
                )
            save_agreement(connection, agreement)
            password = create_user_with_password(connection, first_admin)
    except BaseException:
        database.dispose()
        if not existed and database.path is not None:
            _remove_sqlite_files(database.path)
        raise
    typer.echo(
        f"initialised {agreement.id}: {len(agreement.parties)} parties, "
        f"{len(agreement.terms)} terms, {len(agreement.zones)} zones, "
        f"{len(agreement.withdrawal_points)} withdrawal points"
    )
    typer.echo(f"first admin: {first_admin.name}")
    typer.echo(f"one-time password (shown only now): {password}")


def _remove_sqlite_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@actors_app.command("list")
def list_actors(db: DatabaseOption = None) -> None:
    """List the actors with their ids, kinds, names and origins (scenario: the agreement's;
    reference: a state or body that ingest or an import registered)."""
    database = open_database(db)
    with database.connect() as connection:
        actors = load_actors(connection)
    table = Table("id", "kind", "name", "origin", "aliases")
    for actor in actors:
        table.add_row(
            actor.id,
            str(actor.kind),
            actor.name,
            str(actor.origin),
            ", ".join(actor.all_names()[1:6]),
        )
    print_table(table, empty="the database knows no actors: `truce init --scenario FILE` adds them")
