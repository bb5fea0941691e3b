"""``truce incidents``: add incidents from JSON files, list them with filters, show one."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from truce.audit import batched_entries
from truce.cli.options import DatabaseOption, open_database, read_json_file
from truce.cli.tables import print_table
from truce.domain.filters import check_party_filter, check_period
from truce.domain.taxonomy import IncidentType
from truce.domain.verification import VerificationState
from truce.errors import InvalidInput
from truce.exchange.cells import spreadsheet_safe
from truce.geo.geometry import parse_bbox
from truce.schemas.incident import incident_document, incident_from_submission, parse_submission
from truce.services.reporting import report_incident
from truce.store.agreements import load_agreement
from truce.store.incidents import IncidentQuery, get_incident, insert_incident, list_incidents
from truce.store.users import get_user

app = typer.Typer(help="Report and list incidents.", no_args_is_help=True)


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


CSV_COLUMNS = (
    "id", "state", "type", "modality", "date", "date_precision", "lat", "lon",
    "location_precision", "place", "actors", "fatalities", "injured", "origin", "summary",
)  # fmt: skip


@app.command("add")
def add(
    json_file: Annotated[
        str,
        typer.Option(
            "--json", help="A JSON file holding one incident or a list of them ('-' for stdin)."
        ),
    ],
    as_user: Annotated[
        str | None,
        typer.Option(
            "--as",
            help="Report as this user, as the API would: their role must allow reporting, and "
            "a party delegate's reports are marked as their party's submissions.",
        ),
    ] = None,
    db: DatabaseOption = None,
) -> None:
    """Add incidents from a JSON file; all are checked before any is written."""
    items = _read_json_items(json_file)
    checked = []  # each submission with its incident: geometry and dates checked before any write
    for index, item in enumerate(items):
        prefix = f"incident {index}: " if len(items) > 1 else ""
        try:
            submission = parse_submission(item)
            checked.append((submission, incident_from_submission(submission)))
        except InvalidInput as error:
            raise InvalidInput(f"{prefix}{error.field}", error.problem) from None
    database = open_database(db)
    with database.transaction() as connection, batched_entries(connection):
        if as_user is None:
            stored = [insert_incident(connection, incident) for _, incident in checked]
        else:
            agreement, user = load_agreement(connection), get_user(connection, as_user)
            stored = [report_incident(connection, agreement, user, s) for s, _ in checked]
    for incident in stored:
        by = f", reported by {incident.reported_by}" if incident.reported_by else ""
        typer.echo(f"added incident {incident.id} ({incident.type}, {incident.state}{by})")


@app.command("list")
def list_command(
    bbox: Annotated[
        str | None, typer.Option(help="Only inside minlon,minlat,maxlon,maxlat.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only on or after this date (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only on or before this date (YYYY-MM-DD).")
    ] = None,
    type_: Annotated[
        list[IncidentType] | None, typer.Option("--type", help="Only these types (repeatable).")
    ] = None,
    party: Annotated[
        str | None, typer.Option(help="Only incidents involving an actor of this party.")
    ] = None,
    state: Annotated[
        list[VerificationState] | None,
        typer.Option(help="Only in these verification states (repeatable)."),
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many.")] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="How to print.")] = (
        OutputFormat.TABLE
    ),
    db: DatabaseOption = None,
) -> None:
    """List incidents, filtered by area, time, type, party and state."""
    query = IncidentQuery(
        bbox=parse_bbox(bbox) if bbox else None,
        since=_parse_date(since, "since"),
        until=_parse_date(until, "until"),
        types=tuple(type_ or ()),
        party=party,
        states=tuple(state or ()),
        limit=limit,
    )
    check_period(query.since, query.until)
    database = open_database(db)
    with database.connect() as connection:
        if party is not None:
            check_party_filter(load_agreement(connection), party)
        documents = [incident_document(i) for i in list_incidents(connection, query)]
    _print(documents, output)


@app.command("show")
def show(
    incident_id: Annotated[int, typer.Argument(metavar="ID", help="The incident's id.")],
    db: DatabaseOption = None,
) -> None:
    """Show one incident as JSON."""
    database = open_database(db)
    with database.connect() as connection:
        document = incident_document(get_incident(connection, incident_id))
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2))


def _read_json_items(path: str) -> list[Any]:
    data = read_json_file(path)
    items = data if isinstance(data, list) else [data]
    if not items:
        raise InvalidInput("--json", f"{path} holds an empty list: nothing to add")
    return items


def _parse_date(value: str | None, field: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, f"{value!r} is not a date (YYYY-MM-DD)") from None


def _print(documents: list[dict[str, Any]], output: OutputFormat) -> None:
    if output is OutputFormat.JSON:
        typer.echo(json.dumps(documents, ensure_ascii=False, indent=2))
        return
    if output is OutputFormat.CSV:
        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for document in documents:
            row = dict(document)
            row["actors"] = " ".join(f"{a['id']}:{a['role']}" for a in document["actors"])
            writer.writerow(
                {k: spreadsheet_safe(v) if isinstance(v, str) else v for k, v in row.items()}
            )
        return
    table = Table("id", "date", "type", "modality", "state", "place", "actors")
    for document in documents:
        table.add_row(
            str(document["id"]),
            document["date"] or "—",
            document["type"],
            document["modality"],
            document["state"],
            document["place"] or "—",
            ", ".join(a["id"] for a in document["actors"]),
        )
    print_table(table, empty="no incident matches: 0 incident(s)")
    if documents:
        typer.echo(f"{len(documents)} incident(s)")
