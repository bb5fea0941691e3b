"""Actors: who the article names, resolved to the ids of spec/extraction.md.

The registry (``build_registry``) merges a base — every state by ISO alpha-3 with names and
demonyms in English, French and Arabic, the organisations of ``data/base_actors.yaml``, the
capitals used for governments, and people with the body they act for — with a scenario's
actors and aliases. Mentions are found by word n-gram lookup; a capitalised word no alias
matches is compared by its consonant skeleton with known surnames, so that transliterations
(Haftar/Hafter/Heftar, Sarraj/Serraj) resolve.

Whether a mention makes its actor an actor of the article is decided here, once:

- a name or a person: yes;
- a demonym ("Turkish"): only next to an organ of the state ("Turkish Foreign Minister",
  "ministre turc", "Turkish-backed"), not "Russian contractors";
- a capital or a country used as a location ("talks in Ankara") is a place, not an actor;
  used for its government ("Ankara firmly supports") it is an actor, not a place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib import resources

import yaml
from rapidfuzz import fuzz

from truce.domain.actors import Actor, ActorKind, ActorOrigin
from truce.geo.gazetteer import all_countries
from truce.ingest.patterns import cued
from truce.ingest.tokens import Token, Words, fold, is_locative, phrase_key, words_of


class MentionKind(StrEnum):
    NAME = "name"
    DEMONYM = "demonym"
    METONYM = "metonym"
    PERSON = "person"


@dataclass(frozen=True, slots=True)
class ActorEntry:
    id: str
    name: str
    kind: str  # state, government, armed_group, organisation


@dataclass(frozen=True, slots=True)
class ActorMention:
    """``counts`` says whether it makes ``actor_id`` an actor; ``as_place`` a location."""

    actor_id: str
    start: int
    end: int
    text: str
    kind: MentionKind
    counts: bool
    as_place: bool = False


_SUFFIX_ACTOR = re.compile(r"^-(?:backed|led|supported|sponsored|allied|aligned)\b", re.I)
#: "the Tripoli front", "the Ankara talks": a capital before these nouns names the place.
_PLACE_NOUN_AFTER = re.compile(
    r"^['’]?s?\s+(?:front(?:\s+lines?)?|talks|summit|conference|meeting|process|airport|port|"
    r"area|region|suburbs|outskirts|residents|streets|district|neighbourhood|axis)\b",
    re.I,
)
#: A verb of assault on a capital: the capital is the place fought over.
_ASSAULTED_BEFORE = re.compile(
    r"\b(?:attacked|assaulted|besieged|stormed|shelled|bombed|captured|entered|encircled|"
    r"(?:advanced|marched|offensive|assault|attack|advance)\s+(?:on|against))\s+(?:the\s+)?$"
)
_VOWELS = str.maketrans("", "", "aeiouy")
#: Words that join the items of a list ("turc et russe").
_LIST_WORDS = frozenset(("et", "and", "ou", "or", "و"))
_ARABIC_PROCLITICS = ("و", "ب", "ل", "ف")
#: A mention is looked for in at most this many words.
_MOST_WORDS_IN_ALIAS = 8


class ActorRegistry:
    """Every known actor and all the ways an article can name it; build with ``build_registry``."""

    def __init__(
        self,
        entries: Mapping[str, ActorEntry],
        exact: Mapping[str, tuple[str, MentionKind]],
        folded: Mapping[str, tuple[str, MentionKind]],
        skeletons: Mapping[str, tuple[str, str]],
        organs: Mapping[str, Sequence[str]],
    ) -> None:
        #: Words that make a demonym stand for its state, after it (en) or before it (fr, ar).
        self.organs_after = frozenset(w.lower() for w in organs.get("after", ()))
        self.organs_before = frozenset(w.lower() for w in organs.get("before", ()))
        self.entries = dict(entries)
        #: the armed group a state's nationals form ("Sudanese mercenaries" for SDN): who
        #: "mercenaries from Sudan" are
        self.fighters_of = _fighters_of(entries, exact)
        self._exact = dict(exact)
        self._folded = dict(folded)
        self._skeletons = dict(skeletons)
        self._longest_exact = _longest_from(self._exact)
        self._longest_folded = _longest_from(self._folded)

    def entry(self, actor_id: str) -> ActorEntry | None:
        return self.entries.get(actor_id)

    def starts_alias(self, exact_word: str, folded_word: str) -> bool:
        return exact_word in self._longest_exact or folded_word in self._longest_folded

    def possible_starts(self, words: Words) -> list[int]:
        """The tokens where a mention may start: the first word of an alias, a word with an
        Arabic proclitic, or a capitalised word long enough to be a name spelled another way."""
        exact, folded = self._longest_exact, self._longest_folded
        return [
            index
            for index, (token, unaccented, lowered) in enumerate(
                zip(words.tokens, words.unaccented, words.folded, strict=True)
            )
            if unaccented in exact
            or lowered in folded
            or (len(token.text) >= 5 and token.text[:1].isupper())
            # the proclitics are Arabic letters, so this also says that the word is Arabic
            # (without ``token.arabic``, a Python-level property called for most tokens)
            or token.text.startswith(_ARABIC_PROCLITICS)
        ]

    def longest_alias(self, exact_word: str, folded_word: str) -> int:
        """How many words the longest alias starting with this word has (0: none does)."""
        return max(self._longest_exact.get(exact_word, 0), self._longest_folded.get(folded_word, 0))

    def lookup_forms(
        self, exact_words: Sequence[str], folded_words: Sequence[str]
    ) -> tuple[int, tuple[str, MentionKind]] | None:
        """The longest alias at the start of the words (given unaccented, and also case-folded):
        how many words it takes, and the actor and kind of mention."""
        longest = self.longest_alias(exact_words[0], folded_words[0])
        for size in range(min(longest, len(exact_words)), 0, -1):
            found = self._exact.get(" ".join(exact_words[:size]))
            if found is None:
                found = self._folded.get(" ".join(folded_words[:size]))
            if found is not None:
                return size, found
        return None

    def is_demonym(self, word: str) -> bool:
        found = self._exact.get(fold(word, casefold=False))
        return found is not None and found[1] is MentionKind.DEMONYM

    def fuzzy_person(self, word: str) -> str | None:
        """The actor of a name spelled another way (Hifter, Sarradj), or ``None``.

        Names with the same consonant skeleton match; when the skeleton is as short as three
        consonants ("Drian" and "Drone" are both ``drn``) the spellings must also be close.
        """
        if len(word) < 5 or not word[:1].isupper():
            return None
        found = self._skeletons.get(skeleton(word))
        if found is None:
            return None
        actor_id, known_spelling = found
        if len(skeleton(word)) < 4 and fuzz.ratio(fold(word, casefold=True), known_spelling) < 80:
            return None
        return actor_id


_FIGHTERS_NAME = re.compile(r"(\S+) (?:mercenaries|fighters)")


def _fighters_of(
    entries: Mapping[str, ActorEntry], exact: Mapping[str, tuple[str, MentionKind]]
) -> dict[str, str]:
    found: dict[str, str] = {}
    for entry in entries.values():
        named = _FIGHTERS_NAME.fullmatch(entry.name)
        if entry.kind != "armed_group" or named is None:
            continue
        demonym = exact.get(fold(named.group(1), casefold=False))
        if demonym is not None and demonym[1] is MentionKind.DEMONYM:
            found.setdefault(demonym[0], entry.id)
    return found


def _longest_from(keys: Mapping[str, object]) -> dict[str, int]:
    longest: dict[str, int] = {}
    for key in keys:
        words = key.split()
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return longest


@lru_cache(maxsize=8192)
def skeleton(word: str) -> str:
    """Consonants of a transliterated name, doubled letters once: Haftar, Hifter -> ``hftr``."""
    text = fold(word, casefold=True).replace("dj", "j").replace("ou", "u")
    text = re.sub(r"(.)\1+", r"\1", text)
    return text[0] + text[1:].translate(_VOWELS)


@lru_cache(maxsize=1)
def reference_actors() -> Mapping[str, Actor]:
    """The base registry's actors — every state by ISO code, the spec's bodies, the
    organisations — as the store keeps actors: what ingest may add to a scenario's own, and
    so what an import of ingested incidents may name."""
    return {
        entry.id: Actor(
            id=entry.id,
            name=entry.name,
            kind=ActorKind(entry.kind),
            origin=ActorOrigin.REFERENCE,
        )
        for entry in build_registry().entries.values()
    }


def build_registry(scenario_actors: Iterable[Actor] = ()) -> ActorRegistry:
    """The base registry merged with a scenario's actors (their names and aliases win)."""
    base = yaml.safe_load(
        resources.files("truce.ingest").joinpath("data", "base_actors.yaml").read_text("utf-8")
    )
    entries: dict[str, ActorEntry] = {}
    names: list[tuple[str, str, MentionKind]] = []
    demonyms: set[str] = set()
    for country in all_countries():
        entries[country.iso3] = ActorEntry(country.iso3, country.names["en"][0], "state")
        names += [(n, country.iso3, MentionKind.NAME) for ns in country.names.values() for n in ns]
        for forms in country.demonyms.values():
            names += [(d, country.iso3, MentionKind.DEMONYM) for d in forms]
            demonyms.update(forms)
    for organisation in base["organisations"]:
        entries[organisation["id"]] = ActorEntry(
            organisation["id"], organisation["name"], organisation["kind"]
        )
        names.append((organisation["name"], organisation["id"], MentionKind.NAME))
        for spellings in organisation["aliases"].values():
            names += [(alias, organisation["id"], MentionKind.NAME) for alias in spellings]
    for body in base["spec_bodies"]:
        entries[body["id"]] = ActorEntry(body["id"], body["name"], body["kind"])
        names.append((body["name"], body["id"], MentionKind.NAME))
        names += [(alias, body["id"], MentionKind.NAME) for alias in body["aliases"]]
    metonyms = {m for forms in base["metonyms"].values() for m in forms}
    for actor in scenario_actors:
        entries[actor.id] = ActorEntry(actor.id, actor.name, str(actor.kind))
        for alias in actor.all_names():
            kind = MentionKind.NAME
            if alias in metonyms:
                kind = MentionKind.METONYM
            elif alias in demonyms or alias.lower() in demonyms:
                kind = MentionKind.DEMONYM
            names.append((alias, actor.id, kind))
    for actor_id, forms in base["metonyms"].items():
        if actor_id in entries:
            names += [(form, actor_id, MentionKind.METONYM) for form in forms]
    for actor_id, people in base["people"].items():
        if actor_id in entries:
            names += [(person, actor_id, MentionKind.PERSON) for person in people]
    return _index(entries, names, base["organs"])


def _index(
    entries: Mapping[str, ActorEntry],
    names: Sequence[tuple[str, str, MentionKind]],
    organs: Mapping[str, Sequence[str]],
) -> ActorRegistry:
    exact: dict[str, tuple[str, MentionKind]] = {}
    folded: dict[str, tuple[str, MentionKind]] = {}
    skeletons: dict[str, tuple[str, str]] = {}
    for alias, actor_id, kind in names:
        alias = alias.strip()
        if not alias:
            continue
        words = alias.split()
        case_insensitive = len(words) > 1 and not alias.isupper() and kind is MentionKind.NAME
        target = folded if case_insensitive else exact
        key = phrase_key(alias, casefold=case_insensitive)
        if key and key not in target:  # the first declaration of a spelling wins
            target[key] = (actor_id, kind)
        last = words[-1]
        person_like = kind is MentionKind.PERSON or (
            len(words) == 1 and entries[actor_id].kind != "state" and kind is MentionKind.NAME
        )
        if person_like and len(last) >= 5 and last[:1].isupper() and not last.isupper():
            skeletons.setdefault(skeleton(last), (actor_id, fold(last, casefold=True)))
    return ActorRegistry(entries, exact, folded, skeletons, organs)


def find_actors(
    text: str,
    registry: ActorRegistry,
    *,
    host: str | None = None,
    words: Words | None = None,
    sides: Sequence[Sequence[str]] = (),
) -> list[ActorMention]:
    """Every actor mention in ``text``, longest names first, with whether it counts.

    ``host`` is the state where the ceasefire is (``LBY``): its name is a place, not an actor.
    ``sides`` are the agreement's two parties, each its actors, the leading one first: "both
    camps" and "the two sides" refer to them.
    """
    words = words_of(text) if words is None else words
    tokens, exact, folded = words.tokens, words.unaccented, words.folded
    mentions: list[ActorMention] = []
    taken_until = 0  # the tokens of the last mention found
    for index in registry.possible_starts(words):
        if index < taken_until:
            continue
        found = _longest_match(tokens, exact, folded, index, registry)
        if found is None:
            person = registry.fuzzy_person(tokens[index].text)
            if person is not None and not _shouted(tokens[index]):
                found = (index + 1, person, MentionKind.PERSON, tokens[index].start)
        if found is None:
            continue
        stop, actor_id, kind, start = found
        end = tokens[stop - 1].end
        state = registry.entries[actor_id].kind == "state"
        mention = _judge(text, actor_id, kind, (start, end), tokens, stop, registry, state=state)
        if actor_id == host and kind is MentionKind.NAME:
            mention = ActorMention(actor_id, start, end, mention.text, kind, False, True)
        mentions.append(mention)
        taken_until = stop
    mentions = _with_origins(text, _coordinated_places(text, mentions), registry)
    return _with_sides(text, _with_anaphora(text, mentions, registry), sides)


#: What joins the items of a list of places: "to Ankara and Moscow", "from Chad, Sudan or Niger".
_PLACE_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and|or|et|ou|و)\s*")
#: Fighters from a country ("mercenaries from Chad and Sudan"): the country is their origin.
_FIGHTERS_FROM = cued(
    r"\b(?:mercenaries|fighters|militiamen|recruits|mercenaires|combattants|مرتزقة)\s+"
    r"(?:(?:\w+\s+){0,2}(?:from|de|du|d['’]|des|من)\s*)$",
    "mercenaries fighters militiamen recruits mercenaires combattants مرتزقة",
)


def _coordinated_places(text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """A country or capital listed right after one used as a location is a location too:
    "travel to Ankara and Moscow", "from Chad and Sudan"."""
    result = list(mentions)
    for index in range(1, len(result)):
        previous, mention = result[index - 1], result[index]
        if (
            previous.as_place
            and mention.counts
            and mention.kind in (MentionKind.NAME, MentionKind.METONYM)
            and mention.kind is previous.kind
            and _PLACE_LIST_GAP.fullmatch(text, previous.end, mention.start)
        ):
            result[index] = ActorMention(
                mention.actor_id,
                mention.start,
                mention.end,
                mention.text,
                mention.kind,
                False,
                as_place=True,
            )
    return result


def _with_origins(
    text: str, mentions: list[ActorMention], registry: ActorRegistry
) -> list[ActorMention]:
    """ "Mercenaries from Chad and Sudan": Chad and Sudan are places, the Chadian and Sudanese
    mercenaries the actors (when the registry knows them)."""
    added: list[ActorMention] = []
    listed_from = False  # the previous mention was an origin: the list goes on
    previous: ActorMention | None = None
    for mention in mentions:
        fighters = registry.fighters_of.get(mention.actor_id)
        origin = mention.as_place and (
            _FIGHTERS_FROM.search(text, max(0, mention.start - 40), mention.start) is not None
            or (
                listed_from
                and previous is not None
                and _PLACE_LIST_GAP.fullmatch(text, previous.end, mention.start) is not None
            )
        )
        if origin and fighters is not None:
            added.append(
                ActorMention(
                    fighters,
                    mention.start,
                    mention.end,
                    mention.text,
                    MentionKind.NAME,
                    True,
                    as_place=True,
                )
            )
        listed_from, previous = origin, mention
    return sorted([*mentions, *added], key=lambda m: (m.start, m.end)) if added else mentions


# Each tried only in texts with its noun.
_BODY_ANAPHORA = cued(
    r"\b[Tt]he\s+(?:commission|committee|sub-committee)\b(?!\s+of\b)", "commission committee"
)
_COUNTRY_ANAPHORA = cued(r"\b(?:[Hh]is|[Hh]er|[Tt]heir)\s+country\b", "country")
_PAIR_ANAPHORA = cued(
    r"\b(?:[Tt]he|[Bb]oth)\s+(?:two\s+)?(?:countries|states|powers|patrons)\b",
    "countries states powers patrons",
)


def _with_anaphora(
    text: str, mentions: list[ActorMention], registry: ActorRegistry
) -> list[ActorMention]:
    """Resolve "the commission" to the commission last named, "the two countries" to the last
    two states that acted, so that events told with them keep their actors."""
    added: list[ActorMention] = []
    for match in _BODY_ANAPHORA.finditer(text):
        earlier = [
            m
            for m in mentions
            if m.end <= match.start()
            and m.counts
            and any(
                w in registry.entries[m.actor_id].name.lower() for w in ("commission", "committee")
            )
        ]
        if earlier:
            added.append(
                ActorMention(
                    earlier[-1].actor_id,
                    match.start(),
                    match.end(),
                    match.group(),
                    MentionKind.NAME,
                    True,
                )
            )
    for match in _COUNTRY_ANAPHORA.finditer(text):  # "the Turkish minister said his country"
        earlier = [
            m
            for m in mentions
            if m.end <= match.start() and m.counts and registry.entries[m.actor_id].kind == "state"
        ]
        if earlier:
            found = earlier[-1].actor_id
            added.append(
                ActorMention(
                    found, match.start(), match.end(), match.group(), MentionKind.NAME, True
                )
            )
    for match in _PAIR_ANAPHORA.finditer(text):
        states: list[str] = []
        for m in reversed([m for m in mentions if m.end <= match.start() and m.counts]):
            if registry.entries[m.actor_id].kind == "state" and m.actor_id not in states:
                states.append(m.actor_id)
            if len(states) == 2:
                break
        if len(states) == 2:
            for actor_id in reversed(states):
                added.append(
                    ActorMention(
                        actor_id, match.start(), match.end(), match.group(), MentionKind.NAME, True
                    )
                )
    return sorted([*mentions, *added], key=lambda m: (m.start, m.end))


#: "both leaders", "the two camps", "the warring parties", "les deux camps": the two sides of
#: the conflict, whatever the article called them before.
_SIDES_ANAPHORA = cued(
    r"\b(?:[Bb]oth|[Tt]he\s+two|[Tt]he\s+(?:two\s+)?(?:warring|rival))\s+"
    r"(?:sides|camps|parties|belligerents|leaders|delegations|armies)\b"
    r"|\b(?:[Ll]es|[Dd]es)\s+deux\s+(?:camps|parties|belligérants|délégations)\b",
    "sides camps parties belligerents belligérants leaders delegations délégations armies",
)

#: A preposition before "both sides": they are the complement, not who acts.
_SIDES_AS_COMPLEMENT = re.compile(
    r"\b(?:to|for|with|between|from|against|among|of|on|by|à|pour|avec|entre|de|des|par)\s+$"
)
#: ... unless what precedes is their people ("delegations of both camps").
_PEOPLE_OF = re.compile(
    r"\b(?:delegations?|delegates|officers|representatives|members|units|forces|troops|"
    r"commanders|leaders|guards|fighters|envoys|officials|délégations?|officiers|"
    r"représentants|membres|unités|forces|troupes|chefs|gardes)\s+(?:of|des|de)\s+$"
)


def _with_sides(
    text: str, mentions: list[ActorMention], sides: Sequence[Sequence[str]]
) -> list[ActorMention]:
    """Resolve "both camps" to the two sides: for each, the actor of that side the article has
    named most so far (the latest on a tie), else the side's leading actor."""
    if len(sides) != 2:
        return mentions
    added: list[ActorMention] = []
    for match in _SIDES_ANAPHORA.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()].lower()
        if _SIDES_AS_COMPLEMENT.search(before) and not _PEOPLE_OF.search(before):
            continue  # "weapons to both sides", "the withdrawal points of the two sides"
        for side in sides:
            counts: dict[str, int] = {}
            for m in mentions:
                if m.end <= match.start() and m.counts and m.actor_id in side:
                    counts[m.actor_id] = counts.get(m.actor_id, 0) + 1
            # dicts keep insertion order: reversed, the latest named wins a tie
            named = max(reversed(counts), key=lambda a: counts[a], default=None)
            actor_id = named or (side[0] if side else None)
            if actor_id is not None:
                added.append(
                    ActorMention(
                        actor_id, match.start(), match.end(), match.group(), MentionKind.NAME, True
                    )
                )
    return sorted([*mentions, *added], key=lambda m: (m.start, m.end)) if added else mentions


def _longest_match(
    tokens: Sequence[Token],
    exact: Sequence[str],
    folded: Sequence[str],
    index: int,
    registry: ActorRegistry,
) -> tuple[int, str, MentionKind, int] | None:
    first = tokens[index]
    # the proclitics are Arabic letters: a word starting with one is Arabic
    proclitic = first.text.startswith(_ARABIC_PROCLITICS)
    if not registry.starts_alias(exact[index], folded[index]) and not proclitic:
        return None
    # ``lookup_forms`` reads no more words than the longest alias starting with the first word
    # (or with the word without its proclitic) has: the words past that are not gathered
    reach = registry.longest_alias(exact[index], folded[index])
    if proclitic:
        reach = max(reach, registry.longest_alias(exact[index][1:], exact[index][1:]))
    last = min(len(tokens), index + min(reach, _MOST_WORDS_IN_ALIAS))
    stop = index + 1
    while stop < last:
        if tokens[stop].start - tokens[stop - 1].end > 3:
            break
        stop += 1
    found = registry.lookup_forms(exact[index:stop], folded[index:stop])
    if found is None and proclitic:
        bare = exact[index][1:]
        rest = slice(index + 1, stop)
        found = registry.lookup_forms([bare, *exact[rest]], [bare, *folded[rest]])
    if found is None:
        return None
    size, (actor_id, kind) = found
    return index + size, actor_id, kind, first.start


def _shouted(token: Token) -> bool:
    return token.text.isupper()


def _judge(
    text: str,
    actor_id: str,
    kind: MentionKind,
    span: tuple[int, int],
    tokens: Sequence[Token],
    stop: int,
    registry: ActorRegistry,
    *,
    state: bool,
) -> ActorMention:
    start, end = span
    surface = text[start:end]
    if kind is MentionKind.DEMONYM:
        counts = _demonym_counts(text, tokens, stop, registry)
        return ActorMention(actor_id, start, end, surface, kind, counts)
    if kind is MentionKind.METONYM or (state and kind is MentionKind.NAME):
        located = (
            is_locative(text, start, end)
            or bool(_PLACE_NOUN_AFTER.match(text[end : end + 30]))
            # "forces attacked Tripoli": the city is fought over, not its government
            or (
                kind is MentionKind.METONYM
                and _ASSAULTED_BEFORE.search(text, max(0, start - 30), start) is not None
            )
        )
        return ActorMention(actor_id, start, end, surface, kind, not located, as_place=located)
    return ActorMention(actor_id, start, end, surface, kind, True)


def _demonym_counts(text: str, tokens: Sequence[Token], stop: int, registry: ActorRegistry) -> bool:
    end = tokens[stop - 1].end
    if _SUFFIX_ACTOR.match(text[end : end + 12]):
        return True
    word = tokens[stop - 1].text
    if (
        word.endswith("s")
        and text[max(0, tokens[stop - 1].start - 4) : tokens[stop - 1].start].lower() == "the "
    ):
        return True  # "the Russians said": the people for their state
    skipped = 0
    for token in tokens[stop : stop + 6]:
        word = token.text.lower()
        if word in registry.organs_after:
            return True
        if word in ("and", "et", "or") or token.capitalised:
            continue
        skipped += 1
        if skipped > 2:
            break
    # before it (French, Arabic), past other demonyms listed with it: "les ministres des
    # affaires étrangères turc et russe"
    first = stop - 1
    while first >= 2 and tokens[first - 1].text.lower() in _LIST_WORDS:
        if not registry.is_demonym(tokens[first - 2].text):
            break
        first -= 2
    preceding = [t.text.lower() for t in tokens[max(0, first - 4) : first]]
    return any(word in registry.organs_before for word in preceding)
