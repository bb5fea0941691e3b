"""Words and their offsets, n-gram keys, and the one test of whether a name is used as a location.

Actors and places are both found by looking word n-grams up in dictionaries (faster than one
regular expression with thousands of alternatives, and the same code for every script).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from truce.ingest.patterns import literal_alternation

_TOKEN = re.compile(r"\d+\+\d+|[^\W_]+", re.UNICODE)


class Token(NamedTuple):
    text: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def arabic(self) -> bool:
        return "\u0600" <= self.text[:1] <= "\u06ff"


def tokenize(text: str) -> list[Token]:
    make = Token._make
    return [make((m.group(), m.start(), m.end())) for m in _TOKEN.finditer(text)]


@dataclass(frozen=True, slots=True)
class Words:
    """An article's tokens with their folded forms, computed once for the lookup stages."""

    tokens: list[Token]
    unaccented: list[str]  # ``fold(casefold=False)``: names are looked up with their case
    folded: list[str]  # unaccented and case-folded


def words_of(text: str) -> Words:
    tokens = tokenize(text)
    unaccented = [
        token.text if token.text.isascii() else fold(token.text, casefold=False) for token in tokens
    ]
    return Words(tokens, unaccented, [word.casefold() for word in unaccented])


def fold(word: str, *, casefold: bool) -> str:
    """A word without accents (and without case when ``casefold``)."""
    if not word.isascii():
        decomposed = unicodedata.normalize("NFKD", word)
        word = "".join(char for char in decomposed if not unicodedata.combining(char))
    return word.casefold() if casefold else word


def phrase_key(phrase: str, *, casefold: bool) -> str:
    """The dictionary key of a name: its words, folded, joined by single spaces."""
    return " ".join(fold(m.group(), casefold=casefold) for m in _TOKEN.finditer(phrase))


#: Words before a name that make it a location; only whether some way of reading the window
#: ends at the name matters, so the single words are one trie (``literal_alternation``).
_LOCATIVE_WORDS = literal_alternation((
    "in", "at", "to", "into", "from", "near", "toward", "towards", "via", "inside", "outside",
    "across", "through", "throughout", "around", "reached", "entered", "toured", "left",
    "leaving", "shelled", "bombed", "captured", "seized", "besieged", "stormed", "liberated",
    "retook", "over", "off", "en", "à", "au", "aux", "vers", "depuis", "dans", "de", "d",
))  # fmt: skip
#: Matched against the lower-cased window before the name.
_LOCATIVE_BEFORE = re.compile(
    rf"""(?:\b(?:{_LOCATIVE_WORDS}|outskirts\ of|south\ of|north\ of|east\ of|west\ of|
        visit\ to|trip\ to|visit(?:ed|ing|s)?|based\ in|out\ of|près\ de|
        (?:suburbs|front\ ?lines?|front|centre|center|streets|gates|districts?|neighbourhoods?|
        vicinity|area|port|airport|city|town|village|region)\ of|
        (?:banlieue|périphérie|abords|environs|centre|ville|région)\ d[e'])|في|إلى|الى|من|ب)
        (?:\s+(?:the|la|le|l|western|eastern|southern|northern|central|south-western|
        north-eastern|south-eastern|north-western|la\ ville\ de|city\ of|town\ of|
        l'ouest\ de|l'est\ de))*\s*['’]?\s*$""",
    re.X,
)
_LOCATIVE_AFTER = re.compile(r"^-(?:based|born)\b", re.I)


def is_locative(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is used as a location ("in Ankara", "Tripoli-based").

    A name used for its government ("Ankara firmly supports", "Washington says") is not.
    """
    window = text[max(0, start - 40) : start].lower()
    if _LOCATIVE_BEFORE.search(window):
        return True
    if _LOCATIVE_AFTER.match(text[end : end + 8]):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start]
    if prefix.strip() and not re.fullmatch(r"[A-Z][A-Z'’\- ]*,\s*", prefix):
        return False
    # A dateline: "TRIPOLI —", "MISRATA, Libya, June 6 (Wire) -" at the start of a paragraph.
    return bool(
        re.match(
            r"^(?:,\s*[\w .]{2,30}?){0,2}(?:\s*\([^)]{1,40}\))?\s*(?:[—–]|--?\s)",
            text[end : end + 70],
        )
    )


_SENTENCE_END = re.compile(r"(?<=[.!?؟])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9\u0600-\u06ff])")
_ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Col|Gen|Lt|Maj|Capt|Brig|Sgt|St|No|Jr|Sr|U\.S|U\.N|U\.K|approx|etc|vs|"
    r"Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|[A-Z])\.$"
)


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (a paragraph), abbreviations kept whole."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if _ABBREVIATION.search(text[max(cursor, match.start() - 12) : match.start()]):
            continue
        spans.append((cursor, match.start()))
        cursor = match.end()
    if cursor < end:
        spans.append((cursor, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]
