"""``truce audit``: verify the chain and the tables against it, sign checkpoints, export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from truce.audit.export import export_document
from truce.audit.signing import read_private_key
from truce.audit.verify import verify_audit
from truce.cli.options import DatabaseOption, open_database, write_output_file
from truce.services.keys import sign_checkpoint
from truce.store.agreements import load_agreement

app = typer.Typer(
    help="The tamper-evident record: verify, checkpoint, export.", no_args_is_help=True
)


@app.command("verify")
def verify(db: DatabaseOption = None) -> None:
    """Recompute the chain, check every signature and every audited row.

    Exit 0 with a one-line summary when everything holds; exit 1 naming the first broken entry
    (and the table and row it covers) when not.
    """
    database = open_database(db)
    with database.connect() as connection:
        report = verify_audit(connection)
    typer.echo(report.summary(), err=not report.holds)
    if not report.holds:
        raise typer.Exit(1)


@app.command("checkpoint")
def checkpoint(
    as_user: Annotated[str, typer.Option("--as", help="The co-chair signing.")],
    key: Annotated[Path, typer.Option(help="Your private key file (from `truce keys new`).")],
    db: DatabaseOption = None,
) -> None:
    """Sign the head of the chain as a co-chair: the record up to here cannot be rewritten
    without the signature failing."""
    private_key = read_private_key(key)
    database = open_database(db)
    with database.transaction() as connection:
        seq, head = sign_checkpoint(connection, load_agreement(connection), as_user, private_key)
    typer.echo(f"checkpoint: {as_user} signed entry {seq} (head {head[:16]})")


@app.command("export")
def export(
    out: Annotated[Path, typer.Option(help="The JSON file to write.")],
    db: DatabaseOption = None,
) -> None:
    """Write the chain, the public keys, checkpoints and sign-offs for a standalone check
    (docs/audit.md)."""
    database = open_database(db)
    with database.connect() as connection:
        document = export_document(connection)
    write_output_file(out, json.dumps(document, ensure_ascii=False, indent=1), option="--out")
    typer.echo(
        f"exported {len(document['entries'])} entries and {len(document['keys'])} keys to {out}"
    )
