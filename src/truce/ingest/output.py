"""Output: the ``truce-extract/1`` document (spec/extraction.md), as plain JSON-ready data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from truce.ingest.actors import ActorMention, ActorRegistry
from truce.ingest.document import Article, Event, Relation
from truce.ingest.places import PlaceMention

SCHEMA = "truce-extract/1"


def render(
    article: Article,
    registry: ActorRegistry,
    actor_mentions: Sequence[ActorMention],
    place_mentions: Sequence[PlaceMention],
    events: Sequence[Event],
    relations: Sequence[Relation],
) -> dict[str, Any]:
    """The output document; every offset is into ``document.text``."""
    return {
        "schema": SCHEMA,
        "document": {
            "title": article.title or None,
            "language": article.language,
            "published": article.published.isoformat() if article.published else None,
            "source": article.source,
            "url": article.url,
            "text": article.text,
            "sha256": article.sha256,
        },
        "actors": _actors(registry, actor_mentions),
        "places": _places(place_mentions),
        "events": [_event(e) for e in events],
        "relations": [
            {
                "subject": r.subject,
                "predicate": r.predicate,
                "object": r.object,
                "evidence": {"start": r.evidence.start, "end": r.evidence.end},
            }
            for r in relations
        ],
    }


def _actors(registry: ActorRegistry, mentions: Sequence[ActorMention]) -> list[dict[str, Any]]:
    grouped: dict[str, list[ActorMention]] = {}
    for mention in mentions:
        if mention.counts:
            grouped.setdefault(mention.actor_id, []).append(mention)
    rendered = []
    for actor_id, found in grouped.items():
        entry = registry.entry(actor_id)
        rendered.append(
            {
                "id": actor_id,
                "name": entry.name if entry else actor_id,
                "kind": entry.kind if entry else "organisation",
                "mentions": [{"text": m.text, "start": m.start, "end": m.end} for m in found],
            }
        )
    return rendered


def _places(mentions: Sequence[PlaceMention]) -> list[dict[str, Any]]:
    grouped: dict[str, list[PlaceMention]] = {}
    for mention in mentions:
        grouped.setdefault(mention.place.name, []).append(mention)
    rendered = []
    for name, found in grouped.items():
        place = found[0].place
        rendered.append(
            {
                "name": name,
                "lat": round(place.lat, 4),
                "lon": round(place.lon, 4),
                "country": place.country,
                "precision": place.precision,
                "geonameid": place.geonameid,
                "mentions": [{"text": m.text, "start": m.start, "end": m.end} for m in found],
            }
        )
    return rendered


def _event(event: Event) -> dict[str, Any]:
    return {
        "type": event.type,
        "modality": event.modality,
        "date": event.date.isoformat() if event.date else None,
        "date_precision": event.date_precision,
        "actors": list(event.actors),
        "place": event.place,
        "evidence": {"start": event.evidence.start, "end": event.evidence.end},
        "confidence": event.confidence,
    }
