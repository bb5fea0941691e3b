"""Sentences as the events stage reads them: what is masked, which mentions and dates are in them.

A sentence keeps only the mentions that can make events: not those of a relative clause that
only identifies something (", which is backed by Turkey,") nor of the attribution at its end
(", a GNA field commander said"), which are kept apart as ``hidden_actors``. Mentions and dates
are sorted once per article and sliced by binary search.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from truce.ingest import triggers as lexicon
from truce.ingest.actors import ActorMention
from truce.ingest.dates import DateExpression
from truce.ingest.places import PlaceMention

_MODIFIER_SUFFIX = re.compile(r"-(?:backed|led|supported)")

_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)

#: Date expressions that name a day ("on Saturday", "23 October", "yesterday").
DAY_KINDS = frozenset(("weekday", "day_month", "month_day", "relative_day"))

FAR_REFERENCE = re.compile(r"\d[\d,.]*\s*(?:km|kilometres|kilometers|miles)", re.I)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    masked: tuple[tuple[int, int], ...]
    actors: tuple[ActorMention, ...]
    places: tuple[PlaceMention, ...]
    dates: tuple[DateExpression, ...]
    hidden_actors: tuple[str, ...] = ()  # named only in a relative clause or the attribution
    origins: tuple[ActorMention, ...] = ()  # states named as where something came from
    lowered: str = ""  # the whole article text, lower-cased with the same offsets


class Mentions:
    """The article's mentions sorted by offset, sliced by sentence with a binary search."""

    def __init__(
        self,
        actors: Sequence[ActorMention],
        places: Sequence[PlaceMention],
        dates: Sequence[DateExpression],
        lowered: str,
    ) -> None:
        self.actors, self.places, self.dates, self.lowered = actors, places, dates, lowered
        self._actor_starts = [m.start for m in actors]
        self._place_starts = [m.start for m in places]
        self._date_starts = [d.start for d in dates]

    def within(
        self, start: int, end: int
    ) -> tuple[Sequence[ActorMention], Sequence[PlaceMention], Sequence[DateExpression]]:
        return (
            self.actors[
                bisect_left(self._actor_starts, start) : bisect_left(self._actor_starts, end)
            ],
            self.places[
                bisect_left(self._place_starts, start) : bisect_left(self._place_starts, end)
            ],
            self.dates[bisect_left(self._date_starts, start) : bisect_left(self._date_starts, end)],
        )


def is_arabic(word: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in word)


def lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def prepare_sentence(
    text: str,
    start: int,
    end: int,
    mentions: Mentions,
    dateline: tuple[int, int] | None,
) -> Sentence:
    actor_mentions, place_mentions, date_expressions = mentions.within(start, end)
    # a relative clause that only identifies is masked; one with a day in it tells an event
    # ("Sisi, who hosted Haftar on Saturday, called ...")
    masked = [
        m.span()
        for m in lexicon.RELATIVE.finditer(text, start, end)
        if not any(d.kind in DAY_KINDS and m.start() <= d.start < m.end() for d in date_expressions)
    ]
    tail = lexicon.ATTRIBUTION_TAIL.search(mentions.lowered, start, end)
    if tail and tail.start() > start + 20:
        masked.append(tail.span())

    def visible(a: int, b: int) -> bool:
        return not any(s <= a and b <= e for s, e in masked)

    actors = tuple(
        m
        for m in actor_mentions
        if m.counts
        and visible(m.start, m.end)
        and not _MODIFIER_SUFFIX.match(text, m.end, m.end + 12)
    )
    places = tuple(
        p
        for p in place_mentions
        if visible(p.start, p.end)
        and not text.startswith("-based", p.end)
        and (dateline is None or not (dateline[0] <= p.start < dateline[1]))
        and not p.modifier
        and not (p.reference and FAR_REFERENCE.search(text, max(0, p.start - 40), p.start))
    )
    dates = tuple(d for d in date_expressions if d.end <= end and visible(d.start, d.end))
    hidden = tuple(
        dict.fromkeys(
            m.actor_id for m in actor_mentions if m.counts and not visible(m.start, m.end)
        )
    )
    origins = tuple(
        m
        for m in actor_mentions
        if m.as_place and _FROM_BEFORE.search(text, max(0, m.start - 10), m.start)
    )
    return Sentence(
        start, end, tuple(masked), actors, places, dates, hidden, origins, mentions.lowered
    )


def clauses(text: str, sentence: Sentence) -> list[tuple[int, int]]:
    cuts = [m.start() for m in lexicon.CLAUSE_BREAK.finditer(text, sentence.start, sentence.end)]
    bounds = [sentence.start, *cuts, sentence.end]
    return [(a, b) for a, b in pairwise(bounds) if b > a]


def accusation_span(sentence: Sentence) -> tuple[int, int] | None:
    """From the accusing verb to where the accusation's content begins ("|accused the LNA of|
    moving units"): the accused are named in it."""
    found = lexicon.ACCUSATION_CONTENT.search(sentence.lowered[sentence.start : sentence.end])
    return (sentence.start + found.start(), sentence.start + found.end()) if found else None


def content_start(sentence: Sentence) -> int | None:
    """Where the content of an accusation begins ("accused the LNA of| moving units")."""
    span = accusation_span(sentence)
    return span[1] if span else None
