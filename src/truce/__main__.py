"""``python -m truce`` runs the ``truce`` command."""

from truce.cli import main

main()
