"""The schema's history, as Alembic migrations in ``versions/``.

The revisions run in this order — the order of their ``down_revision`` links, not of their
file numbers:

    0001 → 0002 → 0003 → 0005 → 0004 → 0006 → 0007 → 0008 → 0009 → 0010

0004 and 0005 were written side by side and merged with 0005 first; their ids are recorded in
every database built since (``alembic_version``), so they are never renumbered. A new
migration revises the current head (``alembic heads``) and takes the next unused number.
``tests/store/test_migration_history.py`` checks that the history is one line in this order.
"""
