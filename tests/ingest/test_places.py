from __future__ import annotations

from truce.ingest.actors import find_actors
from truce.ingest.pipeline import Resources
from truce.ingest.places import PlaceMention, find_places


def places(text: str, resources: Resources) -> list[PlaceMention]:
    actors = find_actors(text, resources.registry, host="LBY")
    return find_places(text, resources.gazetteer, actors, host_country="LY")


def named(text: str, resources: Resources) -> dict[str, str]:
    return {m.place.name: m.place.country for m in places(text, resources)}


def test_disambiguation_by_the_article(resources: Resources) -> None:
    assert named("Fighting continued in Tripoli on Monday.", resources) == {"Tripoli": "LY"}
    assert named("A delegation flew to Moscow.", resources) == {"Moscow": "RU"}


def test_metonyms_and_aliases_are_not_places(resources: Resources) -> None:
    text = "Washington says Ankara backs the Tripoli government, which the Kremlin opposes."
    assert named(text, resources) == {}
    assert "Ankara" in named("Talks were held in Ankara.", resources)


def test_countries_as_locations_are_country_places(resources: Resources) -> None:
    found = {
        m.place.name: m.place.precision for m in places("Jets flew from Syria to Libya.", resources)
    }
    assert found == {"Syria": "country", "Libya": "country"}
    assert named("Russia backs Haftar.", resources) == {}


def test_points_of_reference_are_marked(resources: Resources) -> None:
    (mention,) = places("Clashes near the junction, 130 km west of Sirte.", resources)
    assert mention.place.name == "Sirte" and mention.reference


def test_surnames_and_models_that_are_towns_somewhere_are_not_places(resources: Resources) -> None:
    assert named("Colonel Hala Mansour said 14 MiG-29 jets were seen.", resources) == {}


def test_wire_datelines_and_places_of_a_city(resources: Resources) -> None:
    dateline = "MISRATA, Libya, June 6 (Wire) - Forces advanced."
    assert "Misrata" in named(dateline, resources)
    assert named("Fighting in the southern suburbs of Tripoli.", resources) == {"Tripoli": "LY"}
    assert "al-Jufra" in named("any attack on Sirte and al-Jufra", resources)
