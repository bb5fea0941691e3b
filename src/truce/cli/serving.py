"""``truce serve`` and ``truce demo``: run the server, build the demonstration database."""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from truce.cli.options import DatabaseOption, open_database, settings_with
from truce.demo import DEMO_MONITOR, build_demo, ingest_demo_corpus
from truce.errors import InvalidInput
from truce.settings import Settings, settings_environment
from truce.store.database import Database

HostOption = Annotated[
    str | None, typer.Option(help="Address to listen on [default: $TRUCE_HOST or 127.0.0.1]")
]
PortOption = Annotated[
    int | None,
    typer.Option(min=1, max=65535, help="Port to listen on [default: $TRUCE_PORT or 8000]"),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        min=1,
        help="Server processes on the address (on Linux, the kernel spreads the connections "
        "over them); reads scale with them up to the machine's cores "
        "[default: $TRUCE_WORKERS or 1]",
    ),
]


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("demo")(demo)


def serve(
    host: HostOption = None,
    port: PortOption = None,
    db: DatabaseOption = None,
    workers: WorkersOption = None,
) -> None:
    """Serve the JSON API (and the pages) of a database."""
    settings = _with_address(settings_with(db), host, port)
    settings = replace(settings, workers=workers or settings.workers)
    _run(settings, open_database(db))


def demo(
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Only build the demo database.")
    ] = False,
    corpus: Annotated[
        list[Path] | None,
        typer.Option(
            help="News pages to ingest into a new demo database (repeatable; a folder, a file)."
        ),
    ] = None,
    host: HostOption = None,
    port: PortOption = None,
    db: DatabaseOption = None,
) -> None:
    """Build the demonstration database (Sirte–al-Jufra) and serve it."""
    settings = _with_address(settings_with(db), host, port)
    database = Database(settings.database)
    summary = build_demo(database)
    if summary.created:
        typer.echo(
            f"built the demo database {database.display_url}: {summary.incidents} incidents; "
            f"demo co-chairs' private keys in {summary.keys_dir}"
        )
        if corpus:
            ingested = ingest_demo_corpus(database, [str(path) for path in corpus])
            typer.echo(
                f"ingested {ingested.read} news page(s): {ingested.incidents_created} proposed "
                f"incident(s), {len(ingested.failures)} failed"
            )
        typer.echo(
            f"token of {DEMO_MONITOR} (a monitor: sees every incident; shown only now): "
            f"{summary.monitor_token}"
        )
        typer.echo(
            "log in to the pages as any demo account (monitor, analyst, tur.chair, rus.chair, "
            f"gna.delegate, lna.delegate, observer) with the password (shown only now): "
            f"{summary.password}"
        )
    else:
        db_option = f" --db {db}" if db else ""
        typer.echo(
            f"{database.display_url} already holds {summary.agreement_id}; "
            f"{'left' if no_serve else 'serving it'} as it is "
            "(its passwords were shown when it was built; for a new one: "
            f"`truce users password monitor{db_option}`)"
        )
    if not no_serve:
        _run(settings, database)


def check_address_free(host: str, port: int) -> None:
    """Refuse, naming it, an address the server could not listen on (in use, not this
    machine's), before saying it serves there."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        raise _address_refused(host, port, error) from None


def _address_refused(host: str, port: int, error: OSError) -> InvalidInput:
    return InvalidInput(
        "--port",
        f"cannot listen on {host}:{port} ({error.strerror or error}): stop what listens "
        "there, or choose another --port (or --host)",
    )


def _with_address(settings: Settings, host: str | None, port: int | None) -> Settings:
    return replace(settings, host=host or settings.host, port=port or settings.port)


def _run(settings: Settings, database: Database) -> None:
    import uvicorn

    from truce.api.app import create_app
    from truce.api.workers import listening_sockets, serve_in_workers

    check_address_free(settings.host, settings.port)
    typer.echo(f"serving on http://{settings.host}:{settings.port}/ (Ctrl-C stops)")
    host, port = settings.host, settings.port
    if settings.workers == 1:
        uvicorn.run(
            create_app(settings, database=database), host=host, port=port, log_level="warning"
        )
        return
    # Each worker process builds its app from the environment: hand it these settings, with
    # one key for the pages' sessions, so that a session made by one worker holds in all.
    database.dispose()
    shared = replace(settings, session_secret=settings.session_secret or secrets.token_hex(32))
    os.environ.update(settings_environment(shared))
    try:
        sockets = listening_sockets(host, port, settings.workers)
    except OSError as error:  # taken between the check and now
        raise _address_refused(host, port, error) from None
    try:
        serve_in_workers(sockets)
    finally:
        for sock in sockets:
            sock.close()
