from __future__ import annotations

from datetime import date

from truce.ingest.document import Hints
from truce.ingest.pipeline import Resources, extract


def triples(body: str, resources: Resources) -> set[tuple[str, str, str]]:
    text = "Patrons and proxies in the Libyan war this week\n\nBy Test staff\n\n" + body
    document = extract(text.encode(), Hints(published=date(2020, 9, 1)), resources)
    assert isinstance(document, dict)
    return {(r["subject"], r["predicate"], r["object"]) for r in document["relations"]}


def test_backed_by_lists_and_backed_adjectives(resources: Resources) -> None:
    found = triples(
        "The LNA is backed by the UAE, Egypt and Russia. The Turkish-backed GNA held Tripoli.",
        resources,
    )
    assert found >= {
        ("ARE", "supports", "LNA"),
        ("EGY", "supports", "LNA"),
        ("RUS", "supports", "LNA"),
        ("TUR", "supports", "GNA"),
    }


def test_patrons_appositions_and_sending(resources: Resources) -> None:
    found = triples(
        "Turkey, the GNA's main foreign backer, sent drones. "
        "The Wagner Group, which Washington says was sent by the Kremlin, fights alongside "
        "Haftar's forces.",
        resources,
    )
    assert ("TUR", "supports", "GNA") in found
    assert ("WAGNER", "deployed_by", "RUS") in found
    assert ("WAGNER", "supports", "LNA") in found


def test_competition_and_fighting(resources: Resources) -> None:
    found = triples(
        "Russia and Turkey are in competition in Libya. "
        "GNA forces clashed with the LNA near Sirte on Monday.",
        resources,
    )
    assert ("RUS", "competes_with", "TUR") in found
    assert ("GNA", "opposes", "LNA") in found


def test_nothing_is_stated_inside_a_denial(resources: Resources) -> None:
    found = triples("Moscow denied that it backs Haftar's forces.", resources)
    assert not any(p == "supports" for _, p, _ in found)


def test_a_state_sending_fighters_in_french(resources: Resources) -> None:
    found = triples(
        "De son côté, la Turquie continue d'envoyer des mercenaires syriens à Tripoli.", resources
    )
    assert ("SYRIAN_MERCENARIES", "deployed_by", "TUR") in found
