"""The audit chain: every write to the store is an entry in an append-only hash chain.

The hook — the one function every store write calls
====================================================

``record_write(connection, table, key, *, by=None)`` (and ``record_writes`` for many keys of one
table) is called by a store function **after** it inserted, updated or deleted the row of
``table`` whose primary key is ``key``, in the **same transaction** (the same ``connection``).
It reads the row back as it now stands and appends an entry holding the image of the whole row
(or ``null`` once the row is gone), the user ``by`` who caused it, the time, and the hash of the
entry before it. The contract:

1. Every insert, update or delete of a row of an audited table — every table of
   ``truce.store.schema`` except those listed in ``truce.audit.chain.UNAUDITED_TABLES`` with
   their reason — is followed by ``record_write`` for that row before the transaction commits.
   A write that skips the hook is indistinguishable from tampering: ``truce audit verify``
   reports the row as changed, inserted or deleted behind the application's back.
2. Call it once per row and write, after the write; a row written twice in one transaction
   may be recorded once, after its last write.
3. A new table is audited from the moment it is in ``schema.py``; a table that must not be (a
   cache, a session store) is added to ``UNAUDITED_TABLES`` with the reason.
4. A migration that adds, drops or fills columns of an audited table calls
   ``truce.audit.migrations.record_schema_change`` at the end of its ``upgrade()``, naming
   them; otherwise every existing row fails ``truce audit verify`` after the upgrade.
5. Bulk writes (an import) run inside ``batched_entries(connection)``: the hook then notes each
   row, and the block's end records them all in one extension of the chain — the same
   entries, a fraction of the queries.
6. The hook takes the chain's lock (PostgreSQL: an advisory transaction lock; SQLite: the
   ``BEGIN IMMEDIATE`` of ``Database.transaction``), so writers never fork the chain; keep
   transactions that write short.

Checking: ``verify_audit(connection)`` (``truce audit verify``) recomputes every hash, checks
the co-chairs' signatures over checkpoints and sign-offs, and compares every audited row with the
newest entry about it. ``export_document`` (``truce audit export``) writes the chain and the public
keys for the standalone check of ``docs/audit.md``.
"""

from truce.audit.chain import (
    UNAUDITED_TABLES,
    audited_tables,
    batched_entries,
    record_write,
    record_writes,
)

__all__ = ["UNAUDITED_TABLES", "audited_tables", "batched_entries", "record_write", "record_writes"]
