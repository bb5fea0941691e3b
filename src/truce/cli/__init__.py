"""The ``truce`` command: a thin layer that parses options, builds settings, calls the library.

Each command group is a module of this package. Errors are mapped to exit codes here, once:
0 success, 2 bad input (``TruceError``, or a usage error), 1 an internal error. A user error
prints one line on standard error and never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import typer

from truce.cli import alerts as alert_commands
from truce.cli import audit as audit_commands
from truce.cli import compliance as compliance_commands
from truce.cli import database as database_commands
from truce.cli import exchange as exchange_commands
from truce.cli import extract as extract_commands
from truce.cli import incidents as incident_commands
from truce.cli import ingest as ingest_commands
from truce.cli import keys as key_commands
from truce.cli import reports as report_commands
from truce.cli import serving as serving_commands
from truce.cli import users as user_commands
from truce.cli import verify as verify_commands
from truce.cli.options import EXIT_INTERNAL_ERROR, EXIT_USER_ERROR
from truce.errors import StoreUnavailable, TruceError

app = typer.Typer(
    name="truce",
    help="Monitor a ceasefire: the agreement and its map, incidents, verification, compliance.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)
database_commands.register(app)
serving_commands.register(app)
exchange_commands.register(app)
compliance_commands.register(app)
extract_commands.register(app)
ingest_commands.register(app)
app.add_typer(incident_commands.app, name="incidents")
app.add_typer(database_commands.actors_app, name="actors")
app.add_typer(user_commands.app, name="users")
app.add_typer(user_commands.tokens_app, name="tokens")
app.add_typer(verify_commands.app, name="verify")
app.add_typer(key_commands.app, name="keys")
app.add_typer(audit_commands.app, name="audit")
app.add_typer(alert_commands.app, name="alerts")
app.add_typer(report_commands.app, name="report")


def exit_code_for(error: TruceError) -> int:
    return EXIT_INTERNAL_ERROR if isinstance(error, StoreUnavailable) else EXIT_USER_ERROR


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: the process's) and return its exit status."""
    try:
        app(args=list(argv) if argv is not None else None, prog_name="truce")
    except SystemExit as done:  # Typer exits on success, --help and usage errors
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_INTERNAL_ERROR)
    except TruceError as error:
        typer.echo(f"error: {error}", err=True)
        return exit_code_for(error)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        return 130
    except Exception as error:  # the one place a bug becomes a message, not a traceback
        if os.environ.get("TRUCE_DEBUG"):
            raise
        typer.echo(
            f"internal error: {type(error).__name__}: {error} "
            "(set TRUCE_DEBUG=1 to see the traceback, and please report it)",
            err=True,
        )
        return EXIT_INTERNAL_ERROR
    return 0


def main() -> None:
    """Entry point of the ``truce`` console script."""
    sys.exit(run())
