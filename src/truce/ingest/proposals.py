"""Proposals: the events of an extracted article as incidents in the store, for triage.

Each article is written in one transaction: its source (once, by the SHA-256 of its bytes)
and its events as incidents in state ``reported`` with ``origin: open_source`` and the source
attached. An article whose source is already stored adds nothing, so ingesting twice changes
nothing. An event already proposed from another article — same type and modality, dates that
agree, places within 50 km, overlapping actors — is not a new incident while that incident
is still being triaged (``TAKES_NEW_SOURCES``): the article is added to its sources, as its
next version. Once verification has begun, the article is a proposal of its own.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Connection

from truce.audit import batched_entries
from truce.domain.incident import (
    ActorRole,
    DatePrecision,
    Incident,
    IncidentActor,
    Location,
    LocationPrecision,
    Origin,
)
from truce.domain.source import Source, SourceKind
from truce.domain.taxonomy import IncidentType, Modality
from truce.domain.verification import TAKES_NEW_SOURCES
from truce.geo.gazetteer import distance_km
from truce.ingest.actors import reference_actors
from truce.store.agreements import save_actors
from truce.store.incidents import IncidentQuery, insert_incident, list_incidents
from truce.store.sources import save_source
from truce.store.verification import save_new_version

SAME_PLACE_KM = 50.0
_PRECISION = {
    "point": LocationPrecision.POINT,
    "city": LocationPrecision.NEAR_TOWN,
    "region": LocationPrecision.REGION,
    "country": LocationPrecision.COUNTRY,
}
_ATTACKS = {"armed_clash", "air_or_drone_strike", "shelling", "remote_explosive"}


@dataclass(frozen=True, slots=True)
class Stored:
    """What one article did to the store."""

    new_source: bool
    created: int = 0
    merged: int = 0


def store_article(
    connection: Connection,
    raw: bytes,
    media_type: str,
    document: Mapping[str, Any],
    known_actors: Collection[str],
) -> Stored:
    """Write the article's source and its events (call inside a transaction)."""
    meta = document["document"]
    published = date.fromisoformat(meta["published"]) if meta.get("published") else None
    source = Source(
        content=raw,
        kind=SourceKind.NEWS_ARTICLE,
        media_type=media_type,
        url=meta.get("url"),
        title=meta.get("title"),
        outlet=meta.get("source"),
        published_on=published,
    )
    with batched_entries(connection):  # the article's writes: one extension of the chain
        if not save_source(connection, source):
            return Stored(new_source=False)
        places = {p["name"]: p for p in document["places"]}
        named = register_named_actors(connection, document["actors"], known_actors)
        created = merged = 0
        for event in document["events"]:
            incident = to_incident(event, places, meta["text"], source.sha256, named)
            same = find_same_incident(connection, incident)
            if same is None:
                insert_incident(connection, incident)
                created += 1
            else:
                with_source = replace(same, source_hashes=(*same.source_hashes, source.sha256))
                save_new_version(connection, with_source, by=None)
                merged += 1
    return Stored(new_source=True, created=created, merged=merged)


def register_named_actors(
    connection: Connection,
    actors: Sequence[Mapping[str, Any]],
    known_actors: Collection[str],
) -> frozenset[str]:
    """Add the article's actors the store does not know yet (a state, the EU …); returns all ids.

    The pipeline's registry (the store's actors plus the base registry of states and
    organisations) named them, so an incident never loses an actor the article gives.
    """
    return register_reference_actors(connection, (a["id"] for a in actors), known_actors)


def register_reference_actors(
    connection: Connection, actor_ids: Iterable[str], known_actors: Collection[str]
) -> frozenset[str]:
    """Store the states and bodies of the reference registry (``reference_actors``) among
    ``actor_ids`` that ``known_actors`` lacks — for ingest, and for an import of what ingest
    registered elsewhere; returns ``known_actors`` with them."""
    reference = reference_actors()
    new = sorted((set(actor_ids) - set(known_actors)) & reference.keys())
    save_actors(connection, [reference[actor_id] for actor_id in new])
    return frozenset(known_actors) | set(new)


def to_incident(
    event: Mapping[str, Any],
    places: Mapping[str, Mapping[str, Any]],
    text: str,
    source_sha256: str,
    known_actors: Collection[str],
) -> Incident:
    """A proposed incident from one ``truce-extract/1`` event; unknown actor ids are left out."""
    place = places.get(event.get("place") or "")
    location = None
    if place is not None:
        location = Location(
            lat=place["lat"],
            lon=place["lon"],
            precision=_PRECISION[place["precision"]],
            place=place["name"],
        )
    occurred_on = date.fromisoformat(event["date"]) if event.get("date") else None
    precision = DatePrecision(event["date_precision"]) if occurred_on else None
    evidence = event["evidence"]
    summary = " ".join(text[evidence["start"] : evidence["end"]].split())
    return Incident(
        type=IncidentType(event["type"]),
        modality=Modality(event["modality"]),
        occurred_on=occurred_on,
        date_precision=precision,
        location=location,
        summary=summary[:500],
        actors=_roles(event["type"], [a for a in event["actors"] if a in known_actors]),
        source_hashes=(source_sha256,),
        origin=Origin.OPEN_SOURCE,
    )


def _roles(event_type: str, actor_ids: list[str]) -> tuple[IncidentActor, ...]:
    """Who did what: the first of an attack's actors attacked the others; an accuser reports."""
    roles = []
    for index, actor_id in enumerate(dict.fromkeys(actor_ids)):
        if event_type in _ATTACKS:
            role = ActorRole.ALLEGED_PERPETRATOR if index == 0 else ActorRole.TARGET
        elif event_type == "accusation":
            role = ActorRole.REPORTER if index == 0 else ActorRole.ALLEGED_PERPETRATOR
        elif event_type == "protest":
            role = ActorRole.TARGET
        else:
            role = ActorRole.PARTICIPANT
        roles.append(IncidentActor(actor_id, role))
    return tuple(roles)


def find_same_incident(connection: Connection, proposed: Incident) -> Incident | None:
    """An incident proposed earlier from another article that tells the same event, and is
    still being triaged."""
    query = IncidentQuery(
        types=(proposed.type,),
        since=proposed.occurred_on,
        until=proposed.occurred_on,
        states=tuple(sorted(TAKES_NEW_SOURCES)),
        limit=500,
    )
    for stored in list_incidents(connection, query):
        if stored.origin is Origin.OPEN_SOURCE and same_event(stored, proposed):
            return stored
    return None


def same_event(a: Incident, b: Incident) -> bool:
    if a.type is not b.type or a.modality is not b.modality:
        return False
    if a.occurred_on != b.occurred_on or a.date_precision != b.date_precision:
        return False
    if (a.location is None) != (b.location is None):
        return False
    if a.location is not None and b.location is not None:
        far = distance_km(a.location.lat, a.location.lon, b.location.lat, b.location.lon)
        if far > SAME_PLACE_KM:
            return False
    actors_a, actors_b = set(a.actor_ids()), set(b.actor_ids())
    if a.occurred_on is None:  # undated: only the very same telling
        return actors_a == actors_b and a.location == b.location
    return not actors_a or not actors_b or bool(actors_a & actors_b)
