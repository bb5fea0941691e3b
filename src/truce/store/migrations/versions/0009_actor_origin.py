"""actor origin: each actor says whether the agreement's scenario declared it or ingest or an
import registered it from the reference registry

Ninth in the history, after 0008. Adds ``actors.origin`` (``truce.domain.actors.ActorOrigin``):
``scenario`` for the agreement's own actors, ``reference`` for the states and bodies that news
ingest and data imports add (``truce.ingest.proposals.register_reference_actors``) because an
article or a row named them. Until now nothing told the two apart, so the scenario export and
``load_agreement`` counted the USA, the EU … among the agreement's actors.

The back-fill. The database does not keep the scenario file, so the rule reads what the two
writers leave behind. ``register_reference_actors`` stores an actor of the reference registry
(``truce.ingest.actors.reference_actors``) as the registry gives it: a name and a kind, no
aliases and no country. A scenario's actors carry aliases or a country (every actor of the
shipped scenarios does), and the agreement's parties, co-chairs, terms and relations name only
scenario actors (``validate_agreement`` refuses any other). So an existing actor is
``reference`` when all of these hold, and ``scenario`` otherwise:

1. its id is in the reference registry (ingest and imports register no other);
2. its row has no aliases and no country (as ``register_reference_actors`` writes it);
3. no party lists it, it is no co-chair, no term names it among its contingents, and no
   relation has it as subject or object.

The one case the rule cannot tell: a scenario that declared a registry actor with no aliases
and no country and named it nowhere else. It becomes ``reference`` — incidents still name and
show it; only the scenario export leaves it out — and ``truce actors list`` shows each origin.
Rules 1–3 never take an actor the agreement relies on away from it.

The column is NOT NULL. On PostgreSQL it has no default once filled; on SQLite the column keeps
the default ``'scenario'`` it was added with, since dropping a default means rebuilding
``actors``, which the foreign keys of ``party_actors``, ``actor_relations`` and
``incident_actors`` forbid inside the migration's transaction. truce writes the origin of every
actor it stores, so the default is never used.

``actors`` is audited: the upgrade records every actor again after a ``schema_change`` entry
naming this migration (``truce.audit.migrations.record_schema_change``), so ``truce audit
verify`` stays clean; the downgrade does the same for the dropped column.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 14:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from truce.audit.migrations import record_schema_change
from truce.ingest.actors import reference_actors

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

actors = sa.table(
    "actors",
    sa.column("id", sa.String),
    sa.column("country", sa.String),
    sa.column("aliases", sa.JSON),
    sa.column("origin", sa.String),
)
agreements = sa.table("agreements", sa.column("co_chairs", sa.JSON))
party_actors = sa.table("party_actors", sa.column("actor_id", sa.String))
terms = sa.table("terms", sa.column("contingents", sa.JSON))
actor_relations = sa.table(
    "actor_relations", sa.column("subject", sa.String), sa.column("object", sa.String)
)


def upgrade() -> None:
    connection = op.get_bind()
    if "origin" in {column["name"] for column in sa.inspect(connection).get_columns("actors")}:
        return  # like 0008: a database set back to an earlier revision; truce wrote each origin
    with op.batch_alter_table("actors") as batch_op:
        batch_op.add_column(
            sa.Column("origin", sa.String(length=16), nullable=False, server_default="scenario")
        )
    reference = sorted(reference_ids(connection))
    if reference:
        connection.execute(
            sa.update(actors).where(actors.c.id.in_(reference)).values(origin="reference")
        )
    if connection.dialect.name != "sqlite":
        op.alter_column("actors", "origin", server_default=None)
    record_schema_change(
        connection,
        migration=revision,
        columns={"actors": ["origin"]},
        reason="0009 added actors.origin: scenario for the agreement's actors, reference for "
        "those ingest and imports registered from the reference registry",
    )


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        # A batch rebuild of actors would break the foreign keys that point at it.
        op.execute("ALTER TABLE actors DROP COLUMN origin")
    else:
        op.drop_column("actors", "origin")
    record_schema_change(
        connection,
        migration=revision,
        columns={"actors": ["origin"]},
        reason="downgrading 0009 dropped actors.origin",
    )


def reference_ids(connection: sa.Connection) -> set[str]:
    """The ids of the stored actors that ingest or an import registered (rules 1–3 above)."""
    bare = [
        actor_id
        for actor_id, country, aliases in connection.execute(
            sa.select(actors.c.id, actors.c.country, actors.c.aliases)
        )
        if not country and not aliases
    ]
    if not bare:
        return set()  # a new database, or no registered actor: the registry need not load
    registry = reference_actors().keys()
    named = agreement_named_ids(connection)
    return {actor_id for actor_id in bare if actor_id in registry and actor_id not in named}


def agreement_named_ids(connection: sa.Connection) -> set[str]:
    """Every actor id the stored agreement names: party members, co-chairs, term contingents,
    and both sides of each relation."""
    named = set(connection.execute(sa.select(party_actors.c.actor_id)).scalars())
    for co_chairs in connection.execute(sa.select(agreements.c.co_chairs)).scalars():
        named.update(co_chairs or ())
    for contingents in connection.execute(sa.select(terms.c.contingents)).scalars():
        named.update(contingents or ())
    for subject, object_ in connection.execute(
        sa.select(actor_relations.c.subject, actor_relations.c.object)
    ):
        named.update((subject, object_))
    return named
