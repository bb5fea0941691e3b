"""The CLI reference (``docs/cli.md``), generated from the commands' own ``--help``.

``make docs`` writes it; a test fails when the committed file no longer matches the commands.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer

WIDTH = 100


def cli_reference(app: typer.Typer) -> str:
    """Every command's help text, as Markdown, in command order."""
    parts = [
        "# Command-line reference\n",
        "Generated from `truce … --help` by `make docs`; do not edit by hand.\n",
    ]
    for path, help_text in _walk(typer.main.get_command(app), ["truce"], None):
        parts.append(f"## `{path}`\n\n```\n{help_text.rstrip()}\n```\n")
    return "\n".join(parts)


def _walk(command: Any, path: list[str], parent: Any) -> Iterator[tuple[str, str]]:
    context = command.context_class(
        command,
        info_name=path[-1],
        parent=parent,
        terminal_width=WIDTH,
        max_content_width=WIDTH,
    )
    yield " ".join(path), str(command.get_help(context))
    subcommands = getattr(command, "commands", {})
    for name in sorted(subcommands):
        yield from _walk(subcommands[name], [*path, name], context)


def main() -> None:
    from truce.cli import app

    print(cli_reference(app), end="")


if __name__ == "__main__":
    main()
