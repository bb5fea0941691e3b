from __future__ import annotations

from datetime import date

from truce.ingest.dedupe import dedupe_events, incident_key
from truce.ingest.document import Event, Span

COORDS = {"Abu Qurain": (31.4, 15.25), "Sirte": (31.2089, 16.5887), "Wishka": (31.45, 15.3)}


def distance(a: str, b: str) -> float | None:
    from truce.geo.gazetteer import distance_km

    return distance_km(*COORDS[a], *COORDS[b])


def event(kind: str = "armed_clash", **fields: object) -> Event:
    values: dict[str, object] = {
        "type": kind,
        "modality": "occurred",
        "date": date(2020, 6, 17),
        "date_precision": "day",
        "actors": ("GNA", "LNA"),
        "place": "Abu Qurain",
        "evidence": Span(0, 10),
        "confidence": 0.8,
    }
    values.update(fields)
    return Event(**values)  # type: ignore[arg-type]


def test_retellings_fold_into_the_first_and_fill_its_gaps() -> None:
    first = event(place=None)
    again = event(evidence=Span(20, 40), actors=("LNA",))
    later = event(evidence=Span(50, 60), place="Wishka", date=None, date_precision=None)
    (merged,) = dedupe_events([first, again, later], distance)
    assert merged.place == "Abu Qurain"
    assert merged.merged_evidence == (Span(20, 40), Span(50, 60))


def test_other_days_places_or_types_stay_apart() -> None:
    base = event()
    other_day = event(date=date(2020, 6, 18), evidence=Span(20, 30))
    far_away = event(place="Sirte", evidence=Span(40, 50))
    other_type = event("shelling", evidence=Span(60, 70))
    assert len(dedupe_events([base, other_day, far_away, other_type], distance)) == 4


def test_a_denial_and_the_report_it_denies_are_one_event() -> None:
    report = event("foreign_fighters", actors=("SYRIAN_MERCENARIES",))
    denial = event("foreign_fighters", modality="denied", actors=("LNA", "SYRIAN_MERCENARIES"))
    (merged,) = dedupe_events([report, denial], distance)
    assert merged.modality == "denied"


def test_incident_key_ignores_evidence_and_actor_order() -> None:
    one = event(actors=("LNA", "GNA"), evidence=Span(0, 5))
    two = event(actors=("GNA", "LNA"), evidence=Span(100, 200), confidence=0.5)
    assert incident_key(one) == incident_key(two)
    assert incident_key(one) != incident_key(event(date=date(2020, 6, 18)))
