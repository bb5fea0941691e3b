"""``truce export`` and ``truce import``: incidents and the agreement in analysts' formats."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from truce.cli.options import DatabaseOption, open_database, write_output_file
from truce.errors import InvalidInput
from truce.exchange.formats import (
    ExportFormat,
    GeoJSONLayer,
    ImportFormat,
    export_text,
    import_file,
)


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_command)


def export(
    export_format: Annotated[ExportFormat, typer.Option("--format", help="The file format.")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file [default: stdout].")
    ] = None,
    layer: Annotated[
        GeoJSONLayer,
        typer.Option(help="For geojson: the incidents, or the agreement's zones and points."),
    ] = GeoJSONLayer.INCIDENTS,
    db: DatabaseOption = None,
) -> None:
    """Export every incident (acled, geojson, hxl) or the agreement (scenario, geojson zones).

    docs/exchange.md describes each format and how truce's fields map to it.
    """
    database = open_database(db)
    with database.connect() as connection:
        text = export_text(connection, export_format, layer=layer)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_output_file(output, text, option="--output")
    typer.echo(f"wrote {output} ({export_format})", err=True)


def import_command(
    file: Annotated[Path, typer.Argument(help="The file to import.")],
    import_format: Annotated[ImportFormat, typer.Option("--format", help="The file format.")],
    db: DatabaseOption = None,
) -> None:
    """Import incidents from a file: all rows or none, and a row already imported is skipped.

    Every row is checked first; if any is wrong nothing is written and each wrong row is
    listed with its number and the reason.
    """
    try:
        data = file.read_bytes()
    except OSError as error:
        raise InvalidInput("FILE", f"cannot read {file}: {error.strerror}") from None
    database = open_database(db)
    with database.transaction() as connection:
        summary = import_file(connection, import_format, data, str(file))
    typer.echo(
        f"imported {len(summary.added_ids)} incident(s) from {file} "
        f"({summary.rows} rows, {summary.already_present} already present)"
    )
