"""``truce report daily|weekly``: the period's report as HTML, PDF or JSON."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from truce.cli.options import DatabaseOption, open_database, write_output_file
from truce.reports.period import ReportPeriod, daily, weekly
from truce.reports.produce import ReportFormat, produce_report
from truce.reports.render import report_environment

app = typer.Typer(help="Daily and weekly reports (HTML or PDF).", no_args_is_help=True)

FormatOption = Annotated[
    ReportFormat, typer.Option("--format", help="HTML, PDF, or JSON (the same data for tools).")
]
PublicOption = Annotated[
    bool,
    typer.Option(
        "--public", help="The public edition: published incidents only, redacted, and their board."
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "-o", "--output", help="The file to write ('-' for stdout) [default: KIND-PERIOD.FORMAT]."
    ),
]


@app.command("daily")
def daily_command(
    day: Annotated[str, typer.Option("--date", help="The day (YYYY-MM-DD).")],
    output_format: FormatOption = ReportFormat.HTML,
    output: OutputOption = None,
    public: PublicOption = False,
    db: DatabaseOption = None,
) -> None:
    """The report of one day, compared with the day before."""
    _write(daily(day), output_format, output, public, db)


@app.command("weekly")
def weekly_command(
    week: Annotated[str, typer.Option("--week", help="The ISO week, e.g. 2020-W46.")],
    output_format: FormatOption = ReportFormat.HTML,
    output: OutputOption = None,
    public: PublicOption = False,
    db: DatabaseOption = None,
) -> None:
    """The report of one ISO week (Monday to Sunday), compared with the week before."""
    _write(weekly(week), output_format, output, public, db)


def _write(
    period: ReportPeriod,
    output_format: ReportFormat,
    output: str | None,
    public: bool,
    db: str | None,
) -> None:
    database = open_database(db)
    with database.connect() as connection:
        content = produce_report(
            connection,
            period,
            output_format=output_format,
            public=public,
            generated_at=datetime.now(UTC).replace(microsecond=0),
            environment=report_environment(),
        )
    if output == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    edition = "-public" if public else ""
    path = Path(output or f"{period.kind}-{period.label}{edition}.{output_format}")
    write_output_file(path, content, option="--output")
    typer.echo(f"wrote {path} ({period.title}, {output_format})")
