"""Saving and loading the agreement and its actors, parties, relations, zones, points and terms."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, func, insert, select

from truce.audit import record_write, record_writes
from truce.domain.actors import (
    Actor,
    ActorKind,
    ActorOrigin,
    ActorRelation,
    Party,
    RelationPredicate,
)
from truce.domain.agreement import (
    Agreement,
    PublicationRules,
    Term,
    TermKind,
    WithdrawalPoint,
    Zone,
    ZoneKind,
)
from truce.errors import Conflict, NotFound
from truce.geo.geometry import bounds_of, parse_geometry
from truce.store import schema


def save_agreement(connection: Connection, agreement: Agreement) -> None:
    """Store a new agreement with all its parts; a database holds one agreement."""
    existing = connection.execute(select(schema.agreements.c.id)).scalar()
    if existing is not None:
        raise Conflict(
            f"the database already holds the agreement {existing!r}; "
            "initialise a new database (--db) for another scenario"
        )
    now = datetime.now(UTC)
    connection.execute(
        insert(schema.agreements).values(
            id=agreement.id,
            title=agreement.title,
            signed_on=agreement.signed_on,
            description=agreement.description,
            co_chairs=list(agreement.co_chairs),
            publication={
                "embargo_hours": agreement.publication.embargo_hours,
                "coordinate_decimals": agreement.publication.coordinate_decimals,
                "redacted_fields": list(agreement.publication.redacted_fields),
            },
            created_at=now,
        )
    )
    record_write(connection, schema.agreements, {"id": agreement.id})
    save_actors(
        connection, (replace(actor, origin=ActorOrigin.SCENARIO) for actor in agreement.actors)
    )
    for party in agreement.parties:
        connection.execute(
            insert(schema.parties).values(id=party.id, agreement_id=agreement.id, name=party.name)
        )
        record_write(connection, schema.parties, {"id": party.id})
        members = [
            {"party_id": party.id, "actor_id": actor_id, "position": position}
            for position, actor_id in enumerate(party.actor_ids)
        ]
        connection.execute(insert(schema.party_actors), members)
        record_writes(
            connection,
            schema.party_actors,
            [{"party_id": m["party_id"], "actor_id": m["actor_id"]} for m in members],
        )
    for relation in agreement.relations:
        relation_id = connection.execute(
            insert(schema.actor_relations)
            .values(_relation_row(relation))
            .returning(schema.actor_relations.c.id)
        ).scalar_one()
        record_write(connection, schema.actor_relations, {"id": relation_id})
    for position, zone in enumerate(agreement.zones):
        min_lon, min_lat, max_lon, max_lat = bounds_of(parse_geometry(zone.geometry))
        connection.execute(
            insert(schema.zones).values(
                id=zone.id,
                agreement_id=agreement.id,
                name=zone.name,
                kind=str(zone.kind),
                description=zone.description,
                geometry=dict(zone.geometry),
                min_lon=min_lon,
                min_lat=min_lat,
                max_lon=max_lon,
                max_lat=max_lat,
                position=position,
            )
        )
        record_write(connection, schema.zones, {"id": zone.id})
    for position, point in enumerate(agreement.withdrawal_points):
        connection.execute(
            insert(schema.withdrawal_points).values(
                id=point.id,
                agreement_id=agreement.id,
                name=point.name,
                lat=point.lat,
                lon=point.lon,
                radius_km=point.radius_km,
                description=point.description,
                position=position,
            )
        )
        record_write(connection, schema.withdrawal_points, {"id": point.id})
    for position, term in enumerate(agreement.terms):
        connection.execute(
            insert(schema.terms).values(
                id=term.id,
                agreement_id=agreement.id,
                kind=str(term.kind),
                text=term.text,
                parties=list(term.parties),
                zone_id=term.zone_id,
                point_id=term.point_id,
                deadline=term.deadline,
                contingents=list(term.contingents),
                assembly_points=list(term.assembly_points),
                position=position,
            )
        )
        record_write(connection, schema.terms, {"id": term.id})


def save_actors(connection: Connection, actors: Iterable[Actor]) -> int:
    """Add the actors not yet known (by id), each with its ``origin``; returns how many were
    added. An actor already stored keeps the origin it was stored with."""
    wanted = {actor.id: actor for actor in actors}
    if not wanted:
        return 0
    known = set(
        connection.execute(
            select(schema.actors.c.id).where(schema.actors.c.id.in_(list(wanted)))
        ).scalars()
    )
    rows = [_actor_row(actor) for actor_id, actor in wanted.items() if actor_id not in known]
    if rows:
        connection.execute(insert(schema.actors), rows)
        record_writes(connection, schema.actors, [{"id": row["id"]} for row in rows])
    return len(rows)


def load_agreement(connection: Connection) -> Agreement:
    """The agreement the database holds; ``NotFound`` when it was never initialised.

    Its actors are those its scenario declared (``ActorOrigin.SCENARIO``): the reference
    actors ingest and imports registered are not the agreement's (``load_actors`` and
    ``actor_names`` give every actor)."""
    head = connection.execute(select(schema.agreements)).mappings().first()
    if head is None:
        raise NotFound(
            "the database holds no agreement yet: run `truce init --scenario FILE` first"
        )
    agreement_id = head["id"]
    party_rows = connection.execute(
        select(schema.parties).where(schema.parties.c.agreement_id == agreement_id)
    ).mappings()
    members: dict[str, list[str]] = {}
    for row in connection.execute(
        select(schema.party_actors).order_by(schema.party_actors.c.position)
    ).mappings():
        members.setdefault(row["party_id"], []).append(row["actor_id"])
    parties = tuple(
        Party(id=row["id"], name=row["name"], actor_ids=tuple(members.get(row["id"], ())))
        for row in party_rows
    )
    return Agreement(
        id=agreement_id,
        title=head["title"],
        signed_on=head["signed_on"],
        description=head["description"],
        co_chairs=tuple(head["co_chairs"]),
        parties=parties,
        actors=load_actors(connection, ActorOrigin.SCENARIO),
        terms=tuple(_term(row) for row in _ordered(connection, schema.terms, agreement_id)),
        zones=tuple(_zone(row) for row in _ordered(connection, schema.zones, agreement_id)),
        withdrawal_points=tuple(
            _point(row) for row in _ordered(connection, schema.withdrawal_points, agreement_id)
        ),
        relations=tuple(
            _relation(row)
            for row in connection.execute(
                select(schema.actor_relations).order_by(schema.actor_relations.c.id)
            ).mappings()
        ),
        publication=PublicationRules(
            embargo_hours=head["publication"]["embargo_hours"],
            coordinate_decimals=head["publication"]["coordinate_decimals"],
            redacted_fields=tuple(head["publication"]["redacted_fields"]),
        ),
    )


def actor_ids(connection: Connection) -> frozenset[str]:
    """The ids of every actor the store knows."""
    return frozenset(connection.execute(select(schema.actors.c.id)).scalars())


def load_actors(connection: Connection, origin: ActorOrigin | None = None) -> tuple[Actor, ...]:
    """The stored actors by id: those of ``origin`` only, or every one (the scenario's and the
    reference actors ingest and imports registered) when it is ``None``."""
    query = select(schema.actors).order_by(schema.actors.c.id)
    if origin is not None:
        query = query.where(schema.actors.c.origin == str(origin))
    return tuple(
        Actor(
            id=row["id"],
            name=row["name"],
            kind=ActorKind(row["kind"]),
            country=row["country"],
            aliases={lang: tuple(names) for lang, names in row["aliases"].items()},
            origin=ActorOrigin(row["origin"]),
        )
        for row in connection.execute(query).mappings()
    )


def actor_names(connection: Connection) -> dict[str, str]:
    """The name of every stored actor by id — the agreement's and the reference actors, which
    incidents name too."""
    rows = connection.execute(select(schema.actors.c.id, schema.actors.c.name))
    return {actor_id: name for actor_id, name in rows}


def has_agreement(connection: Connection) -> bool:
    return bool(connection.execute(select(func.count()).select_from(schema.agreements)).scalar())


def _ordered(connection: Connection, table: Any, agreement_id: str) -> Iterable[RowMapping]:
    return connection.execute(
        select(table).where(table.c.agreement_id == agreement_id).order_by(table.c.position)
    ).mappings()


def _actor_row(actor: Actor) -> dict[str, Any]:
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": str(actor.kind),
        "country": actor.country,
        "aliases": {lang: list(names) for lang, names in actor.aliases.items()},
        "origin": str(actor.origin),
    }


def _relation_row(relation: ActorRelation) -> dict[str, Any]:
    return {
        "subject": relation.subject,
        "predicate": str(relation.predicate),
        "object": relation.object,
        "valid_from": relation.valid_from,
        "valid_to": relation.valid_to,
        "source_hashes": list(relation.source_hashes),
    }


def _relation(row: RowMapping) -> ActorRelation:
    return ActorRelation(
        subject=row["subject"],
        predicate=RelationPredicate(row["predicate"]),
        object=row["object"],
        valid_from=row["valid_from"],
        valid_to=row["valid_to"],
        source_hashes=tuple(row["source_hashes"]),
    )


def _term(row: RowMapping) -> Term:
    return Term(
        id=row["id"],
        kind=TermKind(row["kind"]),
        parties=tuple(row["parties"]),
        text=row["text"],
        zone_id=row["zone_id"],
        point_id=row["point_id"],
        deadline=row["deadline"],
        contingents=tuple(row["contingents"]),
        assembly_points=tuple(row["assembly_points"]),
    )


def _zone(row: RowMapping) -> Zone:
    return Zone(
        id=row["id"],
        name=row["name"],
        kind=ZoneKind(row["kind"]),
        geometry=row["geometry"],
        description=row["description"],
    )


def _point(row: RowMapping) -> WithdrawalPoint:
    return WithdrawalPoint(
        id=row["id"],
        name=row["name"],
        lat=row["lat"],
        lon=row["lon"],
        radius_km=row["radius_km"],
        description=row["description"],
    )
