"""The stages of the news pipeline, in order, as one function: bytes in, document out.

    decode → main text → language → actors → places → events → dedupe → relations → output

``build_resources`` builds what the stages share (actor registry, gazetteer) once; ``extract``
is pure given them, so it can be mapped over a Dask cluster unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from truce.domain.actors import Actor, Party
from truce.geo.gazetteer import Gazetteer, build_gazetteer, distance_km
from truce.ingest.actors import ActorRegistry, build_registry, find_actors
from truce.ingest.decode import DecodeOptions, decode
from truce.ingest.dedupe import dedupe_events
from truce.ingest.document import DecodedPage, Hints, Rejected
from truce.ingest.events import extract_events
from truce.ingest.language import detect_language
from truce.ingest.maintext import main_text
from truce.ingest.output import render
from truce.ingest.places import PlaceMention, find_places
from truce.ingest.relations import extract_relations
from truce.ingest.tokens import ParagraphSentences, words_of


@dataclass(frozen=True, slots=True)
class Resources:
    """What every article needs, built once: the actor registry and the gazetteer."""

    registry: ActorRegistry
    gazetteer: Gazetteer
    host_actor: str | None = "LBY"
    host_country: str | None = "LY"
    #: the agreement's two parties, each its actors, the leading one first ("both camps")
    sides: tuple[tuple[str, ...], ...] = (("GNA", "HCS"), ("LNA", "HOR"))
    decode_options: DecodeOptions = field(default_factory=DecodeOptions)


def build_resources(
    scenario_actors: Iterable[Actor] = (), parties: Iterable[Party] | None = None
) -> Resources:
    """The registry (base merged with the scenario's actors) and the gazetteer; ``parties``,
    the agreement's, replace the default sides (the GNA's and the LNA's)."""
    resources = Resources(registry=build_registry(scenario_actors), gazetteer=build_gazetteer())
    if parties is not None:
        resources = replace(resources, sides=tuple(p.actor_ids for p in parties))
    return resources


def extract(raw: bytes, hints: Hints, resources: Resources) -> dict[str, Any] | Rejected:
    """Run every stage on one page; a ``Rejected`` names the stage that refused it and why."""
    page = decode(raw, resources.decode_options)
    if isinstance(page, Rejected):
        return page
    return extract_page(page, hints, resources)


def extract_page(
    page: DecodedPage, hints: Hints, resources: Resources
) -> dict[str, Any] | Rejected:
    """The stages after decoding, for a caller that decoded the page itself."""
    article = main_text(page, hints)
    if isinstance(article, Rejected):
        return article
    article = replace(article, language=detect_language(article.text).code)
    words = words_of(article.text)
    actors = find_actors(
        article.text,
        resources.registry,
        host=resources.host_actor,
        words=words,
        sides=resources.sides,
    )
    places = find_places(
        article.text,
        resources.gazetteer,
        actors,
        host_country=resources.host_country,
        words=words,
    )
    sentences = ParagraphSentences(article.text)  # split once for events and relations
    events = dedupe_events(
        extract_events(article, actors, places, sentences), _distance_between(places)
    )
    relations = extract_relations(article, actors, events, sentences)
    return render(article, resources.registry, actors, places, events, relations)


def _distance_between(places: list[PlaceMention]) -> Any:
    by_name = {p.place.name: p.place for p in places}

    def distance(a: str, b: str) -> float | None:
        first, second = by_name.get(a), by_name.get(b)
        if first is None or second is None:
            return None
        return distance_km(first.lat, first.lon, second.lat, second.lon)

    return distance
