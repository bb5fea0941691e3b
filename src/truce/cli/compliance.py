"""``truce compliance``: the board — each term, each party it binds, its status and why."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from truce.cli.options import DatabaseOption, open_database
from truce.cli.tables import print_table
from truce.errors import InvalidInput
from truce.services.compliance import board_document, compliance_board
from truce.store.agreements import load_agreement


class BoardFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def register(app: typer.Typer) -> None:
    app.command("compliance")(compliance)


def compliance(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The day to judge (YYYY-MM-DD) [default: today].")
    ] = None,
    output: Annotated[BoardFormat, typer.Option("--format", help="How to print.")] = (
        BoardFormat.TABLE
    ),
    db: DatabaseOption = None,
) -> None:
    """Show compliance per term and party, from verified incidents, as of a day."""
    day = _parse_day(as_of) if as_of else datetime.now(UTC).date()
    database = open_database(db)
    with database.connect() as connection:
        board = compliance_board(connection, load_agreement(connection), day)
    if output is BoardFormat.JSON:
        typer.echo(json.dumps(board_document(board), ensure_ascii=False, indent=2))
        return
    table = Table("term", "party", "kind", "status", "incidents", "detail")
    for status in board.statuses:
        stages = ", ".join(f"{s.contingent}: {s.stage.value}" for s in status.stages)
        table.add_row(
            status.term_id,
            status.party_id,
            status.kind.value,
            status.status.value.upper()
            if status.status.value in ("violation", "overdue")
            else status.status.value,
            ", ".join(str(i) for i in status.incident_ids) or "—",
            "; ".join(part for part in (status.detail, stages) if part) or "—",
        )
    typer.echo(f"compliance as of {board.as_of.isoformat()}")
    print_table(table, empty="the agreement has no terms to judge")


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput("as-of", f"{value!r} is not a date (YYYY-MM-DD)") from None
