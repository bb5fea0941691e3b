"""Setting: where and when an event took place, by the rules of its type.

A movement's place is its destination ("sent reinforcements to Abu Qurain"), a withdrawal's the
position left ("withdrew from Ain Zara"), a statement's or an accusation's only a city named
with "in"; a point of reference far away ("130 km west of Sirte") is never the place. A date
comes from the clause, else from what comes before it in the sentence; "the following day" and
"came two days after" resolve against the events already read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from truce.ingest import triggers as lexicon
from truce.ingest.dates import DateExpression, counted, resolve
from truce.ingest.document import Event
from truce.ingest.places import PlaceMention
from truce.ingest.sentences import Sentence

_MOVEMENT_TYPES = ("troop_movement", "arms_transfer", "foreign_fighters", "monitoring_activity")

_ATTACK_TYPES = ("air_or_drone_strike", "shelling", "armed_clash", "remote_explosive")

_IN_BEFORE = re.compile(r"\bin\s+(?:the\s+)?$", re.I)


def place_of(
    text: str,
    sentence: Sentence,
    clause: tuple[int, int],
    event_type: str,
    match: tuple[int, int],
) -> list[str]:
    candidates = [p for p in sentence.places if clause[0] <= p.start < clause[1]]
    if event_type not in ("statement", "accusation"):
        # "X said in Benghazi that drones struck Y near Z": where it was said is not the place
        speech = lexicon.SPEECH.search(sentence.lowered, sentence.start, match[0])
        if speech is not None:
            that = lexicon.REPORTED_CONTENT.search(sentence.lowered, speech.end(), match[0])
            content = that.end() if that is not None else speech.end()
            told = [p for p in candidates if p.start >= content]
            candidates = told or candidates
    if not candidates and event_type not in ("statement", "accusation"):
        candidates = [p for p in sentence.places if p.start < clause[0]]
    if event_type == "withdrawal":
        origin = _after_word(text, candidates, r"\b(?:from|out\s+of)\b", clause, words=6)
        if origin:
            return [origin[0].place.name]
    tiers = (
        [p for p in candidates if not p.reference and p.place.precision != "country"],
        [p for p in candidates if p.reference and p.place.precision != "country"],
        [p for p in candidates if p.place.precision == "country"],
    )
    # "talks on Libya": for a meeting or a statement a country is the topic, not the venue
    usable = tiers[:2] if event_type in ("meeting", "statement", "accusation") else tiers
    pool = next((tier for tier in usable if tier), [])
    if event_type in _MOVEMENT_TYPES:
        destinations = _after_word(
            text,
            pool,
            r"\b(?:to|into|toward|towards|at|in|around|through|via|on\s+to|vers|à|إلى)\b",
            clause,
            words=3,
        )
        destinations += _coordinated(text, pool, destinations)
        if destinations:
            chosen = destinations[0] if event_type == "monitoring_activity" else destinations[-1]
            return [chosen.place.name]
    if event_type == "protest":
        return list(dict.fromkeys(p.place.name for p in tiers[0]))
    if event_type in ("statement", "accusation"):
        located = [p for p in tiers[0] if _IN_BEFORE.search(text, max(0, p.start - 12), p.start)]
        return [located[0].place.name] if located else []
    return [pool[0].place.name] if pool else []


_AND = re.compile(r"\s*(?:,\s*(?:and\s+|et\s+)?|and\s+|et\s+|و)(?:the\s+)?$")


def _coordinated(
    text: str, places: Sequence[PlaceMention], destinations: Sequence[PlaceMention]
) -> list[PlaceMention]:
    """Places listed after a destination ("towards Abu Grein and Wadi Jaref"): destinations too."""
    found: list[PlaceMention] = []
    last = destinations[-1] if destinations else None
    for place in places:
        if last is not None and place.start > last.end and _AND.match(text[last.end : place.start]):
            found.append(place)
            last = place
    return found


_WINDOWS: dict[tuple[str, int], re.Pattern[str]] = {}


def _after_word(
    text: str, places: Sequence[PlaceMention], word: str, clause: tuple[int, int], *, words: int
) -> list[PlaceMention]:
    pattern = _window(word, words)
    chosen = []
    for place in places:
        found = pattern.search(text, max(clause[0], place.start - 50), place.start)
        if found and "from" not in found.group(1).lower():
            chosen.append(place)
    return chosen


def _window(word: str, words: int) -> re.Pattern[str]:
    """``word`` followed by at most ``words`` words up to the end (compiled once per use)."""
    key = (word, words)
    if key not in _WINDOWS:
        _WINDOWS[key] = re.compile(word + rf"((?:\s+[\w'’-]+){{0,{words}}})\s*$", re.I)
    return _WINDOWS[key]


def dates_of(
    sentence: Sentence, clause: tuple[int, int], modality: str, denial: re.Match[str] | None
) -> list[DateExpression]:
    in_clause = [d for d in sentence.dates if clause[0] <= d.start < clause[1]]
    if modality == "denied" and denial is not None:
        after = [d for d in sentence.dates if d.start > denial.end()]
        return after[-1:] if after else []
    return in_clause or [d for d in sentence.dates if d.start < clause[0]]


def resolve_date(
    text: str,
    sentence: Sentence,
    dates: Sequence[DateExpression],
    anchor: date | None,
    future: bool,
    events: Sequence[Event],
) -> tuple[date | None, str | None]:
    anchored = lexicon.ANCHOR_AFTER.search(sentence.lowered, sentence.start, sentence.end)
    if anchored:
        referent = _referent(text[sentence.start : anchored.start()], events)
        if referent is not None:
            count = anchored.group(1).lower()
            days = counted(count)
            assert days is not None  # ANCHOR_AFTER takes digits and "a" to "seven" only
            sign = -1 if anchored.group(2).lower() == "after" else 1
            return referent + timedelta(days=sign * days), "day"
    for expression in dates:
        if expression.kind == "event_offset":
            previous = next(
                (e for e in reversed(events) if e.date and e.date_precision == "day"), None
            )
            if previous is not None and previous.date is not None:
                return previous.date + timedelta(days=expression.offset_days or 0), "day"
            continue
        resolved = resolve(expression, anchor, future=future)
        if resolved[0] is not None or expression.kind == "week":
            return resolved
    return None, None


def _referent(subject: str, events: Sequence[Event]) -> date | None:
    kinds = {
        "visit": ("monitoring_activity", "meeting"),
        "meeting": ("meeting",),
        "talks": ("meeting",),
        "raid": _ATTACK_TYPES,
        "strike": _ATTACK_TYPES,
        "attack": _ATTACK_TYPES,
    }
    wanted: tuple[str, ...] = ()
    for noun, types in kinds.items():
        if noun in subject.lower():
            wanted = types
    for event in reversed(events):
        if event.date and event.date_precision == "day" and (not wanted or event.type in wanted):
            return event.date
    return None
