from __future__ import annotations

from datetime import date
from typing import Any

from truce.ingest.document import Hints
from truce.ingest.pipeline import Resources, extract

FRIDAY = date(2020, 11, 13)


def events(body: str, resources: Resources, published: date = FRIDAY) -> list[dict[str, Any]]:
    text = "Test headline about the ceasefire in Libya today\n\nBy Test staff\n\n" + body
    document = extract(text.encode(), Hints(published=published), resources)
    assert isinstance(document, dict)
    return [
        {k: e[k] for k in ("type", "modality", "date", "date_precision", "actors", "place")}
        for e in document["events"]
    ]


def kinds(found: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(e["type"], e["modality"]) for e in found]


def test_modality_planned_cancelled_denied(resources: Resources) -> None:
    body = (
        "The Joint Military Commission will meet in Ghadames next month.\n\n"
        "A visit to Cairo by the Turkish defence minister was called off on Tuesday.\n\n"
        "The LNA denied moving troops toward Sirte on Monday."
    )
    assert kinds(events(body, resources)) == [
        ("meeting", "planned"),
        ("meeting", "cancelled"),
        ("troop_movement", "denied"),
    ]


def test_approaching_an_agreement_is_not_an_agreement(resources: Resources) -> None:
    body = "The Turkish foreign minister said the two sides were approaching an agreement."
    assert ("agreement", "occurred") not in kinds(events(body, resources))


def test_dates_resolve_against_publication_and_other_events(resources: Resources) -> None:
    body = (
        "GNA forces shelled LNA positions near Sirte on Wednesday.\n\n"
        "The LNA struck back with drones the following day near Abu Qurain."
    )
    found = events(body, resources)
    assert [(e["type"], e["date"]) for e in found] == [
        ("shelling", "2020-11-11"),
        ("air_or_drone_strike", "2020-11-12"),
    ]


def test_a_said_that_only_sources_an_event_is_no_statement(resources: Resources) -> None:
    body = "LNA artillery shelled GNA positions west of Misrata, a GNA commander said."
    assert kinds(events(body, resources)) == [("shelling", "occurred")]


def test_a_dated_call_is_a_statement_of_its_speaker(resources: Resources) -> None:
    body = "The UN mission called on Thursday for an end to the fighting around Sirte."
    (statement,) = events(body, resources)
    assert statement["type"] == "statement" and statement["actors"] == ["UN"]
    assert statement["date"] == "2020-11-12"


def test_an_accusation_is_its_own_event_and_its_content_is_not(resources: Resources) -> None:
    body = "The GNA on Thursday accused the United Arab Emirates of bombing the Watiya airbase."
    (accusation,) = events(body, resources)
    assert accusation["type"] == "accusation" and accusation["actors"] == ["GNA", "ARE"]


def test_the_same_event_told_twice_is_one_event(resources: Resources) -> None:
    body = (
        "Heavy fighting erupted on Wednesday near Abu Qurain between the GNA and the LNA.\n\n"
        "Wednesday's clashes at Abu Grein killed four fighters."
    )
    found = events(body, resources)
    assert kinds(found) == [("armed_clash", "occurred")]
    assert found[0]["place"] == "Abu Qurain"


def test_protests_in_two_places_are_two_events(resources: Resources) -> None:
    body = "Protests against the eastern government spread on Thursday to Benghazi and to Sabha."
    found = events(body, resources)
    assert sorted(e["place"] for e in found if e["type"] == "protest") == ["Benghazi", "Sabha"]


def test_withdrawal_takes_the_place_left_and_movement_the_destination(resources: Resources) -> None:
    body = (
        "Wagner fighters withdrew from Bani Walid on Saturday.\n\n"
        "The LNA sent reinforcements from Benghazi to Sirte on Sunday."
    )
    found = {e["type"]: e["place"] for e in events(body, resources)}
    assert found == {"withdrawal": "Bani Walid", "troop_movement": "Sirte"}


def test_captions_and_furniture_give_no_events(resources: Resources) -> None:
    body = (
        "Fighters clashed near Sirte in this file photo.\nPhoto: Test / AFP\n\n"
        "The GNA and the LNA exchanged fire near Sirte on Monday.\n\n"
        "Read more: Protesters storm parliament in Tobruk\n\n"
        "More from Test\nHaftar forces shell Misrata airport\nTurkey sends drones to Tripoli\n"
    )
    found = events(body, resources)
    assert kinds(found) == [("armed_clash", "occurred")]
    assert found[0]["date"] == "2020-11-09"


def test_violence_borrows_no_perpetrator_from_earlier_sentences(resources: Resources) -> None:
    body = (
        "The LNA and the GNA traded accusations on Monday.\n\n"
        "A car bomb exploded near a checkpoint in Benghazi on Tuesday, killing three soldiers."
    )
    bomb = next(e for e in events(body, resources) if e["type"] == "remote_explosive")
    assert bomb["actors"] == [] and bomb["place"] == "Benghazi"


def test_visits_calls_and_inspections(resources: Resources) -> None:
    body = (
        "Turkish Defence Minister Hulusi Akar visited Tripoli on Monday for talks.\n\n"
        "The foreign ministers of Russia and Turkey spoke by phone on Tuesday about Libya.\n\n"
        "The EU's Operation Irini boarded a cargo ship off Sirte on Wednesday."
    )
    found = [(e["type"], e["place"], e["actors"]) for e in events(body, resources)]
    assert found == [
        ("meeting", "Tripoli", ["TUR"]),
        ("meeting", None, ["RUS", "TUR"]),
        ("monitoring_activity", "Sirte", ["EU"]),
    ]


def test_a_call_to_withdraw_is_a_statement_not_a_withdrawal(resources: Resources) -> None:
    body = (
        "Egypt's president called on all foreign forces to withdraw from Libya on Saturday.\n\n"
        "The UN mission urged the 5+5 Joint Military Commission to meet as soon as possible.\n\n"
        "The GNA calls on the aggressor militias to withdraw to the positions they held.\n\n"
        "The EU called on all parties to halt the fighting and to return to the talks."
    )
    found = kinds(events(body, resources))
    assert ("withdrawal", "occurred") not in found and ("meeting", "occurred") not in found
    assert found == [("statement", "occurred")] * 4


def test_an_accused_strike_is_an_incident_with_the_accused_as_actor(resources: Resources) -> None:
    body = "The LNA accused Turkish drones of striking civilian homes in Sirte on Thursday."
    found = events(body, resources)
    assert {(e["type"], tuple(e["actors"])) for e in found} == {
        ("accusation", ("LNA", "TUR")),
        ("air_or_drone_strike", ("TUR",)),
    }
    (strike,) = [e for e in found if e["type"] == "air_or_drone_strike"]
    assert strike["place"] == "Sirte" and strike["date"] == "2020-11-12"


def test_an_accused_movement_is_only_the_accusation(resources: Resources) -> None:
    body = "The LNA accused Turkish forces of moving air defence systems to al-Watiya on Monday."
    assert kinds(events(body, resources)) == [("accusation", "occurred")]


def test_captures_are_clashes_but_seized_equipment_is_not(resources: Resources) -> None:
    body = (
        "GNA forces liberated al-Watiya airbase on Monday.\n\n"
        "Our forces seized three Pantsir air defence systems at the base on Monday."
    )
    found = events(body, resources)
    assert kinds(found) == [("armed_clash", "occurred")]
    assert found[0]["place"] == "al-Watiya airbase"


def test_a_clash_takes_its_other_side_from_the_sentence(resources: Resources) -> None:
    body = (
        "GNA forces advanced toward Sirte on Saturday, a day after they captured Tarhuna, "
        "the last stronghold of Khalifa Haftar's Libyan National Army in the west."
    )
    (clash,) = [e for e in events(body, resources) if e["type"] == "armed_clash"]
    assert set(clash["actors"]) == {"GNA", "LNA"}


def test_where_it_was_said_is_not_where_it_happened(resources: Resources) -> None:
    body = (
        "Al-Mismari stated in a press conference in Benghazi that LNA warplanes had targeted "
        "mercenaries near Wadi Jaref on Sunday."
    )
    found = events(body, resources)
    assert kinds(found) == [("air_or_drone_strike", "occurred")]  # a press conference: no talks
    assert found[0]["place"] == "Wadi Jaref"


def test_a_speakers_own_forces_make_it_a_party(resources: Resources) -> None:
    body = (
        "The GNA said that its forces had repelled an attack by the LNA near Abu Grein on Monday."
    )
    (clash,) = events(body, resources)
    assert clash["type"] == "armed_clash" and set(clash["actors"]) == {"GNA", "LNA"}


def test_a_movement_goes_to_the_last_of_listed_destinations(resources: Resources) -> None:
    body = (
        "Turkey moved Syrian mercenaries and armoured vehicles from Misrata towards the areas "
        "of Abu Grein and Wadi Jaref on Monday."
    )
    (movement,) = events(body, resources)
    assert movement["type"] == "troop_movement" and movement["place"] == "Wadi Jaref"


def test_a_relative_clause_with_a_day_tells_an_event(resources: Resources) -> None:
    body = "Sisi, who met Haftar in Cairo on Saturday, said the ceasefire must hold."
    assert ("meeting", "occurred") in kinds(events(body, resources))
    identifying = "The GNA, which is backed by Turkey, said the ceasefire must hold."
    assert ("meeting", "occurred") not in kinds(events(identifying, resources))


def test_french_meetings_and_listed_demonyms(resources: Resources) -> None:
    body = (
        "Les ministres des affaires étrangères turc et russe doivent se rencontrer la semaine "
        "prochaine à Moscou."
    )
    (meeting,) = events(body, resources, published=date(2020, 9, 11))
    assert (meeting["type"], meeting["modality"], meeting["place"]) == (
        "meeting",
        "planned",
        "Moscow",
    )
    assert set(meeting["actors"]) == {"TUR", "RUS"}


def test_background_in_when_clauses_is_told_with_its_date(resources: Resources) -> None:
    body = (
        "The road has been closed since April 2019 when Haftar's forces attacked Tripoli, "
        "traders said.\n\n"
        "When GNA forces reached the western outskirts of Sirte in early June, their "
        "offensive stalled."
    )
    found = events(body, resources)
    clash = next(e for e in found if e["type"] == "armed_clash")
    assert (clash["actors"], clash["place"], clash["date"]) == (["LNA"], "Tripoli", "2019-04-01")
    movement = next(e for e in found if e["type"] == "troop_movement")
    assert (movement["actors"], movement["place"], movement["date"]) == (
        ["GNA"],
        "Sirte",
        "2020-06-01",
    )


def test_a_bare_denial_denies_the_incident_told_before(resources: Resources) -> None:
    body = (
        "The GNA said on Tuesday that Haftar's forces brought 300 mercenaries from Chad to "
        "al-Jufra last week.\n\n"
        'The LNA spokesman denied, saying that "no new forces entered al-Jufra".'
    )
    found = events(body, resources)
    assert ("foreign_fighters", "denied") in kinds(found)
    assert ("foreign_fighters", "occurred") not in kinds(found)
    # a denial that tells its own event leaves the one before alone
    body = (
        "Wagner fighters arrived in Sirte on Monday, residents said.\n\n"
        "Moscow denied sending any aircraft to Libya."
    )
    assert ("foreign_fighters", "occurred") in kinds(events(body, resources))


def test_an_accused_strike_the_accused_denies_is_denied(resources: Resources) -> None:
    for body in (
        "The GNA accused the LNA on Sunday of firing rockets at its positions west of Sirte, "
        "which the LNA denied.",
        "Le GNA a accusé dimanche l'ANL d'avoir tiré des roquettes sur ses positions à l'ouest "
        "de Syrte, ce que l'ANL a démenti.",
    ):
        found = events(body, resources)
        assert ("accusation", "occurred") in kinds(found), body
        shelling = next(e for e in found if e["type"] == "shelling")
        assert (shelling["modality"], shelling["actors"]) == ("denied", ["LNA"]), body
