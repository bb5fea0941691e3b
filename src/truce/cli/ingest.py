"""``truce ingest PATH…``: news pages into the store as proposed incidents for triage.

Thin: collect the pages (``truce.ingest.intake``), extract them (in process or on Dask),
write each article in its own transaction (``truce.ingest.proposals``), show progress and a
summary. A bad file never stops the run and never half-writes; the exit status is 1 when any
failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from truce.cli.options import DatabaseOption, open_database
from truce.errors import TruceError
from truce.ingest.document import Rejected
from truce.ingest.intake import Failure, collect, extract_all
from truce.ingest.pipeline import build_resources
from truce.ingest.proposals import known_actor_ids, store_article
from truce.ingest.scaleout import check_scheduler
from truce.store.agreements import load_actors

#: Larger files are refused before they are read (a news page is well under 2 MB).
MAX_PAGE_BYTES = 10 * 1024 * 1024


@dataclass(slots=True)
class Summary:
    read: int = 0
    already_known: int = 0
    incidents_created: int = 0
    sources_added_to_incidents: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)


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
        actors = load_actors(connection)
        known = known_actor_ids(connection)
    resources = build_resources(actors)
    intake = collect(paths, max_bytes=MAX_PAGE_BYTES)
    summary = Summary(skipped=len(intake.skipped), failures=list(intake.failures))
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=len(intake.pages) < 10 or not console.is_terminal,
    )
    with progress:
        task = progress.add_task("pages", total=len(intake.pages))
        for page, document in extract_all(intake.pages, resources, scheduler=dask):
            progress.advance(task)
            summary.read += 1
            if isinstance(document, Rejected):
                summary.failures.append(Failure(page.origin, str(document)))
                continue
            try:
                with database.transaction() as connection:
                    stored = store_article(connection, page.raw, page.media_type, document, known)
            except TruceError as error:
                summary.failures.append(Failure(page.origin, f"not stored: {error}"))
                continue
            if not stored.new_source:
                summary.already_known += 1
            summary.incidents_created += stored.created
            summary.sources_added_to_incidents += stored.merged
    print_summary(summary)
    if summary.failures:
        raise typer.Exit(1)


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
