from __future__ import annotations

from truce.ingest.actors import MentionKind, find_actors, skeleton
from truce.ingest.pipeline import Resources


def counted(text: str, resources: Resources) -> list[str]:
    mentions = find_actors(text, resources.registry, host="LBY")
    return list(dict.fromkeys(m.actor_id for m in mentions if m.counts))


def test_transliterations_resolve_by_skeleton(resources: Resources) -> None:
    assert skeleton("Haftar") == skeleton("Hifter") == skeleton("Heftar")
    assert counted("Marshal Heftarr's men advanced.", resources) == ["LNA"]
    assert counted("Colonel Hafez spoke to reporters.", resources) == []  # another name
    assert counted("Forces loyal to Hifter advanced.", resources) == ["LNA"]
    assert counted("Serraj and Sarraj met.", resources) == ["GNA"]


def test_a_person_resolves_to_the_body_they_act_for(resources: Resources) -> None:
    text = "Turkish Foreign Minister Mevlüt Çavuşoğlu met Sergei Lavrov."
    mentions = find_actors(text, resources.registry, host="LBY")
    kinds = {m.text: (m.actor_id, m.kind) for m in mentions}
    assert kinds["Turkish"] == ("TUR", MentionKind.DEMONYM)
    assert kinds["Mevlüt Çavuşoğlu"] == ("TUR", MentionKind.PERSON)
    assert kinds["Sergei Lavrov"] == ("RUS", MentionKind.PERSON)


def test_a_demonym_alone_does_not_make_the_state_an_actor(resources: Resources) -> None:
    assert counted("Russian contractors were seen near the base.", resources) == ["WAGNER"]
    assert counted("Russian markings were painted over.", resources) == []
    assert counted("Russian and Turkish officials met.", resources) == ["RUS", "TUR"]
    assert counted("the Turkish-backed government", resources) == ["TUR"]
    assert counted("le ministre turc des Affaires étrangères", resources) == ["TUR"]


def test_capitals_are_actors_only_when_not_locations(resources: Resources) -> None:
    assert counted("Ankara firmly supports the GNA.", resources) == ["TUR", "GNA"]
    assert counted("Talks were held in Ankara.", resources) == []
    assert counted("Washington says the group was sent by the Kremlin.", resources) == [
        "USA",
        "RUS",
    ]


def test_the_host_country_is_a_place_not_an_actor(resources: Resources) -> None:
    assert counted("Libya's rival camps signed a deal.", resources) == []


def test_aliases_in_french_and_arabic(resources: Resources) -> None:
    assert counted("L'Armée nationale libyenne et le GUN", resources) == ["LNA", "GNA"]
    assert counted("اتهمت حكومة الوفاق الوطني قوات خليفة حفتر", resources) == ["GNA", "LNA"]


def test_his_country_is_the_speakers_state(resources: Resources) -> None:
    text = "Turkish Foreign Minister Mevlüt Cavusoglu said his country and Russia agreed."
    mentions = find_actors(text, resources.registry, host="LBY")
    assert [m.actor_id for m in mentions if m.text == "his country"] == ["TUR"]


def test_the_commission_refers_back(resources: Resources) -> None:
    text = "The 5+5 Joint Military Commission met. The commission agreed to meet again."
    mentions = find_actors(text, resources.registry, host="LBY")
    assert [m.actor_id for m in mentions if m.text == "The commission"] == ["JMC"]


def _sides(text: str, resources: Resources) -> list[list[str]]:
    mentions = find_actors(text, resources.registry, host="LBY", sides=resources.sides)
    by_phrase: dict[int, list[str]] = {}
    for m in mentions:
        if m.text.lower().startswith(("both", "the two", "les deux")):
            by_phrase.setdefault(m.start, []).append(m.actor_id)
    return list(by_phrase.values())


def test_both_camps_are_the_agreements_two_sides(resources: Resources) -> None:
    assert _sides("Egypt hosted delegations of both camps in Hurghada.", resources) == [
        ["GNA", "LNA"]
    ]
    assert _sides("Les deux camps se sont affrontés samedi.", resources) == [["GNA", "LNA"]]
    # each side as the article names it most: the Speaker's House for the east
    text = (
        "The President of the Government of National Accord and the Speaker of the House of"
        " Representatives issued statements. Both leaders called for a ceasefire."
    )
    assert _sides(text, resources) == [["GNA", "HOR"]]
    # a complement, not who acts: "weapons to both sides", "the points of the two sides"
    assert _sides("Weapons keep arriving to both sides.", resources) == []
    assert _sides("They marked the withdrawal points of the two sides.", resources) == []


def test_fighters_from_countries_are_their_mercenaries(resources: Resources) -> None:
    text = "Haftar's forces brought 300 mercenaries from Chad and Sudan to al-Jufra."
    mentions = find_actors(text, resources.registry, host="LBY")
    counted_ids = [m.actor_id for m in mentions if m.counts]
    assert counted_ids == ["LNA", "CHADIAN_MERCENARIES", "SUDANESE_MERCENARIES"]
    assert {m.actor_id for m in mentions if m.as_place} >= {"TCD", "SDN"}  # their origins


def test_a_capital_listed_after_a_location_is_a_location(resources: Resources) -> None:
    mentions = find_actors("She will travel to Ankara and Moscow.", resources.registry)
    assert [(m.actor_id, m.as_place, m.counts) for m in mentions] == [
        ("TUR", True, False),
        ("RUS", True, False),
    ]
