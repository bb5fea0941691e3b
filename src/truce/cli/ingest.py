"""``truce ingest PATH…``: news pages into the store as proposed incidents for triage.

Thin: ``truce.ingest.batch`` collects, extracts (in process or on Dask) and writes each
article in its own transaction; this module shows the progress bar and the summary. A bad
file never stops the run and never half-writes; the exit status is 2 when any failed (a page
that cannot be read is the user's input to correct, as everywhere in the CLI; 1 is for bugs).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from truce.cli.options import EXIT_USER_ERROR, DatabaseOption, open_database
from truce.ingest.batch import Summary, ingest_paths
from truce.ingest.pipeline import build_resources
from truce.ingest.scaleout import check_scheduler
from truce.store.agreements import load_actors


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)


def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="files, folders or globs of news pages")],
    db: DatabaseOption = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="extract on a Dask cluster: a scheduler address, or local:N for N local workers",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read news pages (.html, .htm, .txt, JSON lines) and propose their events as incidents."""
    if dask is not None:
        check_scheduler(dask)
    database = open_database(db)
    with database.connect() as connection:
        resources = build_resources(load_actors(connection))
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    with progress:
        task = progress.add_task("pages", total=None)
        summary = ingest_paths(
            database,
            paths,
            resources,
            scheduler=dask,
            on_start=lambda total: progress.update(task, total=total),
            on_page=lambda: progress.advance(task),
        )
    print_summary(summary)
    if summary.failures:
        raise typer.Exit(EXIT_USER_ERROR)


def print_summary(summary: Summary) -> None:
    console = Console()
    table = Table(title="truce ingest", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("pages read", str(summary.read))
    table.add_row("already known (nothing added)", str(summary.already_known))
    table.add_row("incidents proposed", str(summary.incidents_created))
    table.add_row("sources added to earlier incidents", str(summary.sources_added_to_incidents))
    table.add_row("files skipped (not pages)", str(summary.skipped))
    table.add_row("failed", str(len(summary.failures)))
    console.print(table)
    for failure in summary.failures:  # one line each, never wrapped: grep-able
        typer.echo(f"failed: {failure.origin}: {failure.reason}")
