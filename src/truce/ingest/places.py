"""Places: the named locations of an article, resolved in the gazetteer.

A word n-gram that the gazetteer knows is a place mention unless the actors stage already
judged it a government ("Ankara firmly supports", the alias "Tripoli government"). Homonyms
are settled by the article: the host country and the countries the article names come first,
then population ("Tripoli" is in Libya here, not Lebanon; "Moscow" in Russia, not Idaho).
A small foreign town counts only where the text uses it as a location ("in", "from", "to"),
so that surnames and common words that happen to be towns somewhere do not become places.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from truce.geo.gazetteer import Gazetteer, Place
from truce.ingest.actors import ActorMention
from truce.ingest.patterns import cued
from truce.ingest.tokens import Token, Words, is_locative, words_of

_ARABIC_PROCLITICS = ("و", "ب", "ل", "ف")
#: Foreign towns smaller than this need a locative use ("in X") to count.
_BIG_CITY = 1_000_000
_STOPWORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "colonel",
        "general",
        "marshal",
        "brigadier",
        "major",
        "captain",
        "president",
        "minister",
        "prime",
        "spokesman",
        "commander",
        "the",
        "a",
        "an",
        "he",
        "she",
        "it",
        "they",
        "we",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "read",
        "more",
        "home",
        "news",
        "video",
        "opinion",
        "economy",
        "sport",
        "photo",
        "tags",
        "security",
        "politics",
        "energy",
        "migration",
        "analysis",
        "about",
        "world",
        "africa",
        "latest",
        "most",
        "subscribe",
        "newsletter",
        "share",
        "print",
        "email",
        "updated",
        "published",
        "by",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "to",
        "from",
        "with",
        "after",
        "before",
        "since",
        "during",
        "today",
        "tonight",
        "yesterday",
        "tomorrow",
        "also",
        "early",
        "late",
        "last",
        "next",
        "mass",
        "police",
        "mission",
        "union",
        "independence",
        "victoria",
        "reading",
        "nice",
        "mobile",
        "commerce",
        "eagle",
        "liberty",
        "justice",
        "hope",
        "peace",
        "progress",
        "unity",
        "deal",
        "parliament",
        "university",
        "centre",
        "center",
        "republic",
        "democracy",
        "government",
        "army",
        "forces",
        "official",
        "officials",
        "state",
        "council",
    ]
)
_NAMED_AFTER = re.compile(
    r"^\s+(?:[a-z]+\s+){0,2}(?:agreement|talks|conference|summit|process|accords?|ceasefire|"
    r"meeting|declaration|deal|format|round|negotiations|protocol)\b"
)
#: Matched against the lower-cased window before a name.
_REFERENCE = cued(
    r"(?:\d[\d,.]*\s*(?:km|kilometres|kilometers|miles|mi)\s+)?(?:north|south|east|west)"
    r"(?:-?(?:east|west))?\s+of\s+(?:the\s+)?$",
    "north south east west",
)
#: The Arabic article written before a name ("al-Jufra", "el-Sider").
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|Al|El)[-‐‑](?=\w)")
#: Words that start a name in lower case ("al-Watiya", "base aérienne").
_LOWER_CASE_STARTS = frozenset(("al", "el", "base"))


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """``reference`` marks a point of reference ("130 km west of Sirte"), not where it happened."""

    place: Place
    start: int
    end: int
    text: str
    reference: bool = False
    modifier: bool = False  # names an event, not a location of this one ("the Geneva agreement")


def find_places(
    text: str,
    gazetteer: Gazetteer,
    actor_mentions: Sequence[ActorMention],
    *,
    host_country: str | None = None,
    words: Words | None = None,
) -> list[PlaceMention]:
    """Every place mention of ``text``, each resolved to one gazetteer place."""
    blocked = sorted((m.start, m.end) for m in actor_mentions if not m.as_place)
    located = {(m.start, m.end) for m in actor_mentions if m.as_place}
    context = _context_countries(text, gazetteer, actor_mentions, host_country)
    words = words_of(text) if words is None else words
    tokens, folded = words.tokens, words.folded
    mentions: list[PlaceMention] = []
    chosen: dict[str, Place] = {}
    taken_until = 0  # the tokens of the last name found
    for index in _possible_starts(words, gazetteer):
        if index < taken_until:
            continue
        match = _longest_match(tokens, folded, index, gazetteer)
        if match is None:
            continue
        stop, key, candidates = match
        start, end = tokens[index].start, tokens[stop - 1].end
        taken_until = stop
        if _overlaps(start, end, blocked):
            continue
        place = chosen.get(key) or _choose(candidates, context, host_country)
        if place is None:
            continue
        if not _acceptable(text, start, end, place, host_country, (start, end) in located):
            continue
        chosen[key] = place
        reference = bool(_REFERENCE.search(text[max(0, start - 40) : start].lower()))
        modifier = bool(_NAMED_AFTER.match(text[end : end + 40]))
        mentions.append(PlaceMention(place, start, end, text[start:end], reference, modifier))
    return mentions


def _possible_starts(words: Words, gazetteer: Gazetteer) -> list[int]:
    """The tokens where a name may start: an Arabic word that starts a name or carries a
    proclitic ("وسرت", "and Sirte"); otherwise a capitalised word that starts a name and is no
    stop word unless shouted ("al", "el" and "base" may be in lower case)."""
    starts = gazetteer.name_starts
    return [
        index
        for index, (token, word) in enumerate(zip(words.tokens, words.folded, strict=True))
        if (
            word in starts
            and (
                token.arabic
                or (
                    (token.text[:1].isupper() or word in _LOWER_CASE_STARTS)
                    and (word not in _STOPWORDS or token.text.isupper())
                )
            )
        )
        or (word[:1] in _ARABIC_PROCLITICS and token.arabic)
    ]


def _longest_match(
    tokens: Sequence[Token], folded: Sequence[str], index: int, gazetteer: Gazetteer
) -> tuple[int, str, tuple[Place, ...]] | None:
    first = tokens[index]
    longest = gazetteer.longest_name_from(folded[index])
    if first.arabic and not longest and folded[index][:1] in _ARABIC_PROCLITICS:
        stripped = folded[index][1:]
        candidates = gazetteer.lookup_normalised(stripped)
        return (index + 1, stripped, candidates) if candidates else None
    if not longest:
        return None
    if not (first.capitalised or first.arabic or folded[index] in _LOWER_CASE_STARTS):
        return None
    if not first.arabic and folded[index] in _STOPWORDS and not first.text.isupper():
        return None
    for stop in range(min(len(tokens), index + longest), index, -1):
        if stop - index > 1 and tokens[stop - 1].start - tokens[stop - 2].end > 2:
            continue
        key = " ".join(folded[index:stop])
        candidates = gazetteer.lookup_normalised(key)
        if candidates:
            if stop - index == 1 and key in _STOPWORDS:
                return None
            return stop, key, candidates
    return None


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``start..end`` overlaps one of ``spans`` (sorted, as mentions are)."""
    index = bisect_right(spans, (start, end))
    return any(
        start < s_end and s_start < end for s_start, s_end in spans[max(0, index - 2) : index + 2]
    )


def _context_countries(
    text: str,
    gazetteer: Gazetteer,
    actor_mentions: Sequence[ActorMention],
    host_country: str | None,
) -> set[str]:
    countries = {host_country} if host_country else set()
    for name in {mention.text for mention in actor_mentions}:
        for place in gazetteer.lookup(name):
            if place.precision == "country":
                countries.add(place.country)
    return countries


def _choose(
    candidates: Sequence[Place], context: set[str], host_country: str | None
) -> Place | None:
    def score(place: Place) -> float:
        value = math.log10(place.population + 10)
        if place.country in context:
            value += 4
        if place.country == host_country:
            value += 2
        if place.precision == "country":
            value += 10
        if place.precision == "point" or (place.geonameid is None and place.precision != "country"):
            value += 1  # curated entries
        return value

    return max(candidates, key=score) if candidates else None


def _acceptable(
    text: str, start: int, end: int, place: Place, host_country: str | None, located: bool
) -> bool:
    if place.precision == "country" or located:
        return True
    surface = text[start:end]
    if surface.isupper() and len(surface) > 3 and not _dateline(text, start):
        return False  # a shouted word in a menu or a tag, not a dateline
    name = _ARTICLE_PREFIX.sub("", surface)  # "al-Jufra" is shaped like "Jufra"
    if len(surface) <= 3 or (not name[1:].islower() and " " not in name):
        return is_locative(text, start, end)  # "MiG", "UN": only "in X" makes them places
    if place.country == host_country or place.population >= _BIG_CITY:
        return True
    if place.geonameid is None:  # curated abroad (Hmeimim airbase)
        return True
    if place.population >= 100_000 and _NAMED_AFTER.match(text[end : end + 40]):
        return True  # "the Geneva ceasefire agreement", "the Berlin conference"
    return is_locative(text, start, end)


def _dateline(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return start - line_start < 3
