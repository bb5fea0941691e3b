"""Printing a command's table: a table with no rows is a sentence saying so and what to do."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table


def print_table(table: Table, *, empty: str) -> None:
    """Print ``table``, or ``empty`` (why there is nothing, and how to add something) when it
    has no rows: a frame with headings and nothing under them explains nothing."""
    if table.row_count == 0:
        typer.echo(empty)  # one line, never wrapped: a command in it stays whole
        return
    Console().print(table)
