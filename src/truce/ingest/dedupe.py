"""Dedupe: one event per occurrence.

In one article, the same incident told several times ("heavy fighting erupted", "repelled an
attempt", "Wednesday's clashes at Abu Grein") is one event: same type, dates and places that
agree (or are unknown), actors that overlap. A denial and the report it denies are one event,
``denied``. Across articles, ``incident_key`` gives the identity under which the store folds
the same event reported by several sources into one incident.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from truce.ingest.document import Event

#: Places this close are the same place for deduplication (km).
SAME_PLACE_KM = 50.0
#: A retelling may name more parties; beyond this many, they are bystanders of the sentence.
MAX_ACTORS = 3


def dedupe_events(
    events: Sequence[Event], distance: Callable[[str, str], float | None]
) -> list[Event]:
    """Fold repeated events into the first telling; ``distance(a, b)`` compares place names."""
    kept: list[Event] = []
    for event in events:
        for index, other in enumerate(kept):
            # the type is ``_same``'s first test, made here to save the call for most pairs
            if other.type == event.type and _same(other, event, distance):
                kept[index] = _merge(other, event)
                break
        else:
            kept.append(event)
    return kept


def _same(a: Event, b: Event, distance: Callable[[str, str], float | None]) -> bool:
    if a.type != b.type:
        return False
    if a.modality != b.modality and "denied" not in (a.modality, b.modality):
        return False
    if not _dates_agree(a.date, a.date_precision, b.date, b.date_precision):
        return False
    if a.date is None and b.date is None and a.place != b.place and a.type == "meeting":
        return False
    if a.place and b.place and a.place != b.place:
        far = distance(a.place, b.place)
        if far is None or far > SAME_PLACE_KM:
            return False
    if a.evidence == b.evidence:
        return True  # two clauses of one sentence telling one occurrence
    if a.type == "statement":
        return bool(set(a.actors) & set(b.actors)) and a.date == b.date
    return not a.actors or not b.actors or bool(set(a.actors) & set(b.actors))


def _dates_agree(a: date | None, pa: str | None, b: date | None, pb: str | None) -> bool:
    if a is None or b is None:
        return True
    if pa == pb == "day":
        return a == b
    if "year" in (pa, pb):
        return a.year == b.year
    return (a.year, a.month) == (b.year, b.month)


def _merge(first: Event, second: Event) -> Event:
    modality = "denied" if "denied" in (first.modality, second.modality) else first.modality
    better_date = first.date is None or (
        first.date_precision != "day" and second.date_precision == "day"
    )
    return replace(
        first,
        modality=modality,
        date=second.date if better_date and second.date else first.date,
        date_precision=second.date_precision
        if better_date and second.date
        else first.date_precision,
        place=first.place or second.place,
        actors=tuple(dict.fromkeys((*first.actors, *second.actors)))[:MAX_ACTORS],
        confidence=max(first.confidence, second.confidence),
        merged_evidence=(*first.merged_evidence, second.evidence),
    )


def incident_key(event: Event) -> tuple[str, str, str, str, str]:
    """Identity of an event across articles: type, modality, date (to its precision), place,
    and the sorted actors. Two articles that report the same event give the same key."""
    when = ""
    if event.date is not None:
        when = (
            event.date.isoformat() if event.date_precision == "day" else event.date.isoformat()[:7]
        )
    return (event.type, event.modality, when, event.place or "", ",".join(sorted(event.actors)))
