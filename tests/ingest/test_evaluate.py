from __future__ import annotations

from typing import Any

from truce.ingest.evaluate import maximum_matching, score_document

SIRTE = {"name": "Sirte", "lat": 31.2089, "lon": 16.5887, "country": "LY", "precision": "city"}
SIRT = {"name": "Sirt", "lat": 31.3, "lon": 16.6, "country": "LY", "precision": "city"}
LIBYA = {"name": "Libya", "lat": 26.3, "lon": 17.2, "country": "LY", "precision": "country"}
LIBYA_ELSEWHERE = {**LIBYA, "lat": 27.0, "lon": 18.0}


def doc(events: list[dict[str, Any]], **parts: Any) -> dict[str, Any]:
    return {
        "actors": parts.get("actors", []),
        "places": parts.get("places", [SIRTE, LIBYA]),
        "events": events,
        "relations": parts.get("relations", []),
    }


def ev(**fields: Any) -> dict[str, Any]:
    base = {
        "type": "meeting",
        "modality": "occurred",
        "date": "2020-09-16",
        "date_precision": "day",
        "actors": ["TUR", "RUS"],
        "place": "Sirte",
    }
    return {**base, **fields}


def test_event_rules_of_the_spec() -> None:
    gold = doc([ev()])
    assert score_document(doc([ev(date="2020-09-17")]), gold).counts["events"].found == 1
    assert score_document(doc([ev(date="2020-09-18")]), gold).counts["events"].found == 0
    assert score_document(doc([ev(actors=["TUR"])]), gold).counts["events"].found == 1  # 0.5
    assert score_document(doc([ev(actors=["TUR", "EGY"])]), gold).counts["events"].found == 0
    assert score_document(doc([ev(modality="planned")]), gold).counts["events"].found == 0
    assert score_document(doc([ev(place=None)]), gold).counts["events"].found == 0
    nowhere = doc([ev(place=None, date=None, date_precision=None)])
    assert score_document(doc([ev(place="Sirte")]), nowhere).counts["events"].found == 1
    monthly = doc([ev(date="2020-09-01", date_precision="month")])
    assert score_document(doc([ev(date="2020-09-30")]), monthly).counts["events"].found == 1


def test_each_gold_event_matches_one_output_at_most() -> None:
    score = score_document(doc([ev(), ev()]), doc([ev()]))
    counts = score.counts["events"]
    assert (counts.correct, counts.output, counts.gold) == (1, 2, 1)
    assert counts.precision == 0.5 and counts.recall == 1.0


def test_matching_is_maximum_not_greedy() -> None:
    pairs = maximum_matching(
        [1, 2], ["a", "b"], lambda o, g: (g, o) in {(1, "a"), (1, "b"), (2, "a")}
    )
    assert pairs == {0: 1, 1: 0}


def test_places_within_25_km_and_countries_by_code() -> None:
    score = score_document(doc([], places=[SIRT, LIBYA_ELSEWHERE]), doc([], places=[SIRTE, LIBYA]))
    assert score.counts["places"].f1 == 1.0
    city_for_country = {**SIRTE, "name": "x", "lat": 26.3, "lon": 17.2}
    assert (
        score_document(doc([], places=[city_for_country]), doc([], places=[LIBYA]))
        .counts["places"]
        .found
        == 0
    )


def test_symmetric_relations() -> None:
    out = doc([], relations=[{"subject": "LNA", "predicate": "opposes", "object": "GNA"}])
    gold = doc([], relations=[{"subject": "GNA", "predicate": "opposes", "object": "LNA"}])
    assert score_document(out, gold).counts["relations"].f1 == 1.0
    out = doc([], relations=[{"subject": "LNA", "predicate": "supports", "object": "GNA"}])
    gold = doc([], relations=[{"subject": "GNA", "predicate": "supports", "object": "LNA"}])
    assert score_document(out, gold).counts["relations"].f1 == 0.0
