"""Events: what the article reports, clause by clause — type, modality, actors, place, date.

For each sentence of the title's article (standfirst and body; captions give no events):

1. mask what only identifies ("the GNA, which is backed by Turkey, ...") and the attribution
   tail ("..., a GNA field commander said"): no event, actor or place comes from them;
2. split it into clauses ("after", "when", ", and", ";") and keep, per clause, the strongest
   trigger of ``truce.ingest.triggers`` that is not negated, not the content of an accusation,
   a denial or a call ("called for a halt to the fighting"), and not a mere name of something;
3. give it a modality (denied > cancelled > planned > occurred), actors (the clause's, else
   the sentence's, else the previous subject), a place by the type's rule (a movement's
   destination, a withdrawal's origin) and a date resolved against the publication date or
   against the event referred to ("the following day", "came two days after").

Statements are declarations with a date or a strong verb ("called on", "warned"); a "said"
that only sources another event is not one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import pairwise

from truce.ingest import triggers as lexicon
from truce.ingest.actors import ActorMention
from truce.ingest.dates import DateExpression, find_dates, resolve
from truce.ingest.document import Article, Event, Role, Span
from truce.ingest.places import PlaceMention
from truce.ingest.tokens import split_sentences

_PRIORITY = {t: i for i, t in enumerate(dict.fromkeys(t.type for t in lexicon.TRIGGERS))}
_MOVEMENT_TYPES = ("troop_movement", "arms_transfer", "foreign_fighters", "monitoring_activity")
_ATTACK_TYPES = ("air_or_drone_strike", "shelling", "armed_clash", "remote_explosive")
_MODIFIER_SUFFIX = re.compile(r"-(?:backed|led|supported)")
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)
_IN_BEFORE = re.compile(r"\bin\s+(?:the\s+)?$", re.I)
_FAR_REFERENCE = re.compile(r"\d[\d,.]*\s*(?:km|kilometres|kilometers|miles)", re.I)


@dataclass(slots=True)
class _State:
    """What the reading of the previous sentences leaves for the next (explicit, per article)."""

    events: list[Event] = field(default_factory=list)
    subject: tuple[str, ...] = ()
    paragraph: int = -1
    paragraph_date: tuple[date | None, str | None] | None = None
    paragraph_place: str | None = None
    allegation: tuple[tuple[date | None, str | None] | None, str | None] | None = None
    last_point: str | None = None  # the last airbase or site named, for "the base"


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    masked: tuple[tuple[int, int], ...]
    actors: tuple[ActorMention, ...]
    places: tuple[PlaceMention, ...]
    dates: tuple[DateExpression, ...]
    hidden_actors: tuple[str, ...] = ()  # named only in a relative clause or the attribution
    origins: tuple[ActorMention, ...] = ()  # states named as where something came from
    lowered: str = ""  # the whole article text, lower-cased with the same offsets


def extract_events(
    article: Article,
    actor_mentions: Sequence[ActorMention],
    place_mentions: Sequence[PlaceMention],
) -> list[Event]:
    """Every event the article's title-less text reports, in reading order (not deduplicated)."""
    text = article.text
    state = _State()
    mentions = _Mentions(
        sorted(actor_mentions, key=lambda m: m.start),
        sorted(place_mentions, key=lambda m: m.start),
        find_dates(text),
        _lower_same_length(text),
    )
    for number, paragraph in enumerate(article.paragraphs):
        if paragraph.role not in (Role.BODY, Role.STANDFIRST):
            continue
        for start, end in split_sentences(text, paragraph.start, paragraph.end):
            if article.dateline_end is not None and start < article.dateline_end < end:
                start = article.dateline_end  # the dateline is not part of the first sentence
            sentence = _prepare(text, start, end, mentions, article.dateline)
            if number != state.paragraph:
                state.paragraph, state.paragraph_date, state.paragraph_place = number, None, None
            _read_sentence(text, sentence, article.published, state)
    return state.events


class _Mentions:
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


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in word)


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _prepare(
    text: str,
    start: int,
    end: int,
    mentions: _Mentions,
    dateline: tuple[int, int] | None,
) -> _Sentence:
    masked = [m.span() for m in lexicon.RELATIVE.finditer(text, start, end)]
    tail = lexicon.ATTRIBUTION_TAIL.search(text, start, end)
    if tail and tail.start() > start + 20:
        masked.append(tail.span())

    def visible(a: int, b: int) -> bool:
        return not any(s <= a and b <= e for s, e in masked)

    actor_mentions, place_mentions, date_expressions = mentions.within(start, end)
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
        and not (p.reference and _FAR_REFERENCE.search(text, max(0, p.start - 40), p.start))
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
    return _Sentence(
        start, end, tuple(masked), actors, places, dates, hidden, origins, mentions.lowered
    )


def _read_sentence(text: str, sentence: _Sentence, anchor: date | None, state: _State) -> None:
    produced: list[Event] = []
    busy: list[tuple[int, int]] = []  # clauses that told an event (a "said" there sources it)
    denial = lexicon.DENIAL.search(text, sentence.start, sentence.end)
    content_start = _content_start(text, sentence)
    for clause_start, clause_end in _clauses(text, sentence):
        trigger = _best_trigger(text, clause_start, clause_end, sentence, content_start, denial)
        if trigger is None:
            continue
        event_type, match_start, match_end = trigger
        if (
            content_start is not None
            and match_start >= content_start
            and event_type != "accusation"
        ):
            continue
        modality = _modality(
            text, sentence, clause_start, clause_end, match_start, match_end, denial
        )
        if event_type != "meeting":
            busy.append((clause_start, clause_end))
        produced.extend(
            _build(
                text,
                sentence,
                (clause_start, clause_end),
                event_type,
                modality,
                (match_start, match_end),
                anchor,
                state,
                denial,
            )
        )
    if content_start is not None:
        alleged = _best_trigger(text, content_start, sentence.end, sentence, None, None)
        if alleged is not None:
            _remember_allegation(
                text, sentence, content_start, sentence.end, alleged[0], anchor, state
            )
    statement = _statement(text, sentence, anchor, state, busy, denial)
    if statement is not None:
        produced.insert(0, statement)
    if sentence.actors:
        state.subject = tuple(dict.fromkeys(m.actor_id for m in sentence.actors[:2]))
    for event in produced:
        state.events.append(event)
        if event.date is not None:
            state.paragraph_date = (event.date, event.date_precision)
        if event.place is not None:
            state.paragraph_place = event.place
    points = [p.place.name for p in sentence.places if p.place.precision == "point"]
    if points:
        state.last_point = points[-1]
    if not produced and sentence.dates and anchor is not None:
        resolved = resolve(sentence.dates[0], anchor)
        if resolved[0] is not None:
            state.paragraph_date = resolved


def _clauses(text: str, sentence: _Sentence) -> list[tuple[int, int]]:
    cuts = [m.start() for m in lexicon.CLAUSE_BREAK.finditer(text, sentence.start, sentence.end)]
    bounds = [sentence.start, *cuts, sentence.end]
    return [(a, b) for a, b in pairwise(bounds) if b > a]


def _content_start(text: str, sentence: _Sentence) -> int | None:
    """Where the content of an accusation begins ("accused the LNA of| moving units")."""
    accusation = re.search(
        r"\b(?:accus(?:ed|es|ing)|blam(?:ed|es))\b[^.;]*?\b(?:of|for|that)\b",
        text[sentence.start : sentence.end],
        re.I,
    )
    return sentence.start + accusation.end() if accusation else None


def _best_trigger(
    text: str,
    start: int,
    end: int,
    sentence: _Sentence,
    content_start: int | None,
    denial: re.Match[str] | None,
) -> tuple[str, int, int] | None:
    clause = text[start:end]
    if lexicon.ANAPHORIC_SUBJECT.match(clause) and not lexicon.ANCHOR_AFTER.search(clause):
        return None
    best: tuple[int, int, str, int, int] | None = None
    for trigger in lexicon.candidate_triggers(sentence.lowered, start, end):
        for match in trigger.pattern.finditer(sentence.lowered, start, end):
            a, b = match.span()
            if any(s <= a and b <= e for s, e in sentence.masked):
                continue
            before = text[max(start, a - 60) : a]
            if lexicon.SUPPRESS_BEFORE.search(before):
                continue
            event_type = trigger.type
            if lexicon.NEGATION.search(text[max(start, a - 30) : a]):
                if event_type == "withdrawal" and re.search(r"fighters|mercenar", clause, re.I):
                    event_type = "foreign_fighters"
                else:
                    continue
            if event_type == "protest" and not _has_place(sentence, start, end):
                continue
            rank = (trigger.strength, -_PRIORITY[event_type])
            if best is None or rank > best[:2]:
                best = (*rank, event_type, a, b)
            break
    return (best[2], best[3], best[4]) if best else None


def _has_place(sentence: _Sentence, start: int, end: int) -> bool:
    return any(start <= p.start < end and not p.reference for p in sentence.places)


def _modality(
    text: str,
    sentence: _Sentence,
    clause_start: int,
    clause_end: int,
    match_start: int,
    match_end: int,
    denial: re.Match[str] | None,
) -> str:
    if denial is not None and denial.start() < match_start:
        return "denied"
    clause = text[clause_start:clause_end]
    if lexicon.CANCELLED.search(clause):
        return "cancelled"
    if re.match(r"\s*and\s+to\s", clause, re.I) and lexicon.PLANNED_BEFORE.search(
        text[sentence.start : clause_start]
    ):
        return "planned"
    if lexicon.PLANNED_BEFORE.search(text[clause_start:match_start]):
        return "planned"
    if lexicon.PLANNED_AFTER.search(text[match_end:clause_end]):
        return "planned"
    if lexicon.PLANNED_RIGHT_AFTER.match(text[match_end:clause_end]):
        return "planned"
    if re.search(r"\b(?:will|must|would|to\s+be)\b", text[match_start:match_end], re.I):
        return "planned"
    return "occurred"


def _build(
    text: str,
    sentence: _Sentence,
    clause: tuple[int, int],
    event_type: str,
    modality: str,
    match: tuple[int, int],
    anchor: date | None,
    state: _State,
    denial: re.Match[str] | None,
) -> list[Event]:
    places = _places_for(text, sentence, clause, event_type, match)
    place = places[0] if places else None
    if place is None and lexicon.BASE_ANAPHORA.search(text[sentence.start : sentence.end]):
        place = _recent_base(state)
    dates = _dates_for(sentence, clause, modality, denial)
    if event_type == "accusation":
        content = _content_start(text, sentence) or sentence.end
        content_end = next((b for a, b in _clauses(text, sentence) if a <= content < b), content)
        dates = [d for d in sentence.dates if d.start < content] or [
            d for d in sentence.dates if d.start >= content_end
        ]
    # a planned event, or one called off before its day ("was due to ... has been postponed")
    future = modality == "planned" or (
        modality == "cancelled"
        and lexicon.PLANNED_CUE.search(text, clause[0], clause[1]) is not None
    )
    resolved = _resolve_first(text, sentence, dates, anchor, future, state)
    if modality == "denied" and state.allegation and (resolved[0] is None or place is None):
        alleged_date, alleged_place = state.allegation
        if resolved[0] is None and alleged_date is not None:
            resolved = alleged_date
        place = place or alleged_place
    if resolved[0] is None and not sentence.dates and state.paragraph_date:
        resolved = state.paragraph_date
    if place is None and state.paragraph_place and event_type not in ("statement", "accusation"):
        place = state.paragraph_place
    told_before = any(
        e.type == event_type
        and (e.place is None or place is None or e.place == place)
        and (e.date is None or resolved[0] is None or e.date == resolved[0])
        for e in state.events
    )
    actors = _actors(text, sentence, clause, event_type, match, state, told_before)
    if modality == "denied" and denial is not None:
        accused = [
            m.actor_id
            for m in sentence.actors
            if m.start > denial.end() and clause[0] <= m.start < clause[1]
        ]
        if accused:
            actors = tuple(dict.fromkeys(accused))
    confidence = 0.5 + 0.15 * bool(actors) + 0.15 * bool(place) + 0.15 * bool(resolved[0])
    evidence = Span(sentence.start, sentence.end)
    base = Event(
        event_type,
        modality,
        resolved[0],
        resolved[1],
        actors,
        place,
        evidence,
        round(confidence, 2),
    )
    pair = next((d for d in dates if d.kind == "month_pair"), None)
    if pair is not None and anchor is not None:
        second, precision = resolve(replace(pair, month=pair.day), anchor, future=future)
        return [base, replace(base, date=second, date_precision=precision)]
    if event_type == "protest" and len([p for p in places if p]) > 1:
        return [replace(base, place=name) for name in places]
    return [base]


def _actors(
    text: str,
    sentence: _Sentence,
    clause: tuple[int, int],
    event_type: str,
    match: tuple[int, int],
    state: _State,
    told_before: bool,
) -> tuple[str, ...]:
    in_clause = [m for m in sentence.actors if clause[0] <= m.start < clause[1]]
    if event_type == "accusation":
        before = [m.actor_id for m in sentence.actors if m.start < match[0]]
        after = [m.actor_id for m in sentence.actors if m.start >= match[1]][:1]
        if not before and len({m.actor_id for m in sentence.actors if m.start >= match[1]}) >= 2:
            # verb first ("اتهمت حكومة الوفاق قوات حفتر"): accuser, then accused
            following = [m.actor_id for m in sentence.actors if m.start >= match[1]]
            return tuple(dict.fromkeys(following))[:2]
        accuser = before or list(state.subject[:1])
        return tuple(dict.fromkeys([*accuser, *after]))
    speech = lexicon.SPEECH.search(text, sentence.start, match[0])
    cut = speech.end() if speech is not None else sentence.start
    # whoever says it is its source, not a party to it
    chosen = [m.actor_id for m in in_clause if m.start >= cut]
    if event_type == "arms_transfer":
        chosen += [m.actor_id for m in sentence.origins if clause[0] <= m.start < clause[1]]
    if not chosen and told_before:
        return ()  # "the jets arrived": told again; dedupe folds it into the first telling
    chosen = chosen or [m.actor_id for m in sentence.actors if m.start >= cut]
    chosen = chosen or [m.actor_id for m in sentence.actors]  # the speakers, for want of others
    if not chosen:
        chosen = list(sentence.hidden_actors) or list(state.subject)
    if not chosen and state.events:
        chosen = list(next((e.actors for e in reversed(state.events) if e.actors), ()))
    return tuple(dict.fromkeys(chosen))


def _places_for(
    text: str,
    sentence: _Sentence,
    clause: tuple[int, int],
    event_type: str,
    match: tuple[int, int],
) -> list[str]:
    candidates = [p for p in sentence.places if clause[0] <= p.start < clause[1]]
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
    pool = next((tier for tier in tiers if tier), [])
    if event_type in _MOVEMENT_TYPES:
        destinations = _after_word(
            text,
            pool,
            r"\b(?:to|into|toward|towards|at|in|around|through|via|on\s+to|vers|à|إلى)\b",
            clause,
            words=3,
        )
        if destinations:
            chosen = destinations[0] if event_type == "monitoring_activity" else destinations[-1]
            return [chosen.place.name]
    if event_type == "protest":
        return list(dict.fromkeys(p.place.name for p in tiers[0]))
    if event_type in ("statement", "accusation"):
        located = [p for p in tiers[0] if _IN_BEFORE.search(text, max(0, p.start - 12), p.start)]
        return [located[0].place.name] if located else []
    return [pool[0].place.name] if pool else []


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


def _recent_base(state: _State) -> str | None:
    return state.last_point


def _dates_for(
    sentence: _Sentence, clause: tuple[int, int], modality: str, denial: re.Match[str] | None
) -> list[DateExpression]:
    in_clause = [d for d in sentence.dates if clause[0] <= d.start < clause[1]]
    if modality == "denied" and denial is not None:
        after = [d for d in sentence.dates if d.start > denial.end()]
        return after[-1:] if after else []
    return in_clause or [d for d in sentence.dates if d.start < clause[0]]


def _resolve_first(
    text: str,
    sentence: _Sentence,
    dates: Sequence[DateExpression],
    anchor: date | None,
    future: bool,
    state: _State,
) -> tuple[date | None, str | None]:
    anchored = lexicon.ANCHOR_AFTER.search(text, sentence.start, sentence.end)
    if anchored:
        referent = _referent(text[sentence.start : anchored.start()], state)
        if referent is not None:
            count = anchored.group(1).lower()
            days = (
                int(count)
                if count.isdigit()
                else {
                    "a": 1,
                    "an": 1,
                    "one": 1,
                    "two": 2,
                    "three": 3,
                    "four": 4,
                    "five": 5,
                    "six": 6,
                    "seven": 7,
                }[count]
            )
            sign = -1 if anchored.group(2).lower() == "after" else 1
            return referent + timedelta(days=sign * days), "day"
    for expression in dates:
        if expression.kind == "event_offset":
            previous = next(
                (e for e in reversed(state.events) if e.date and e.date_precision == "day"), None
            )
            if previous is not None and previous.date is not None:
                return previous.date + timedelta(days=expression.offset_days or 0), "day"
            continue
        resolved = resolve(expression, anchor, future=future)
        if resolved[0] is not None or expression.kind == "week":
            return resolved
    return None, None


def _referent(subject: str, state: _State) -> date | None:
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
    for event in reversed(state.events):
        if event.date and event.date_precision == "day" and (not wanted or event.type in wanted):
            return event.date
    return None


def _remember_allegation(
    text: str,
    sentence: _Sentence,
    clause_start: int,
    clause_end: int,
    event_type: str,
    anchor: date | None,
    state: _State,
) -> None:
    dates = [d for d in sentence.dates if clause_start <= d.start < sentence.end]
    resolved = resolve(dates[-1], anchor) if dates else None
    places = _places_for(
        text, sentence, (clause_start, sentence.end), event_type, (clause_start, clause_start)
    )
    state.allegation = (resolved, places[0] if places else None)


def _statement(
    text: str,
    sentence: _Sentence,
    anchor: date | None,
    state: _State,
    busy: Sequence[tuple[int, int]],
    denial: re.Match[str] | None,
) -> Event | None:
    if denial is not None:
        return None
    speech = lexicon.SPEECH.search(text, sentence.start, sentence.end)
    if speech is None or any(s <= speech.start() < e for s, e in sentence.masked):
        return None
    strong = lexicon.STRONG_SPEECH.search(text, sentence.start, sentence.end)
    quotes = [
        m.span() for m in re.finditer(r"[\"“][^\"”]{3,}[\"”]", text[sentence.start : sentence.end])
    ]
    unquoted = [
        d
        for d in sentence.dates
        if d.kind != "event_offset"
        and not any(a <= d.start - sentence.start < b for a, b in quotes)
    ]
    near = [
        d
        for d in unquoted
        if 0 <= d.start - speech.end() < (70 if _is_arabic(speech.group()) else 25)
        or (d.end <= speech.start() and not lexicon.SPEECH.search(text, d.end, speech.start()))
    ]
    if strong is None and not near:
        return None
    if strong is None and any(a <= speech.start() < b for a, b in busy):
        return None
    verb = strong or speech
    before = [m for m in sentence.actors if m.start < verb.start()]
    after = [m.actor_id for m in sentence.actors if m.start >= verb.end()]
    segment_start = text.rfind(",", sentence.start, verb.start()) + 1
    in_segment = [m.actor_id for m in before if m.start >= segment_start]
    if not before and lexicon.PRONOUN_START.match(text[sentence.start : verb.start()]):
        speakers = list(state.subject[:1])
    else:
        # the speaker stands next to the verb: "..., a step the UN envoy welcomed"
        first = [m.actor_id for m in before][:1]
        speakers = in_segment[:1] or first or after[:1] or list(state.subject[:1])
    resolved: tuple[date | None, str | None] = (None, None)
    for expression in near or unquoted:
        resolved = resolve(expression, anchor)
        if resolved[0] is not None:
            break
    if resolved[0] is None and state.paragraph_date and not sentence.dates:
        resolved = state.paragraph_date
    places = [
        p.place.name
        for p in sentence.places
        if p.start < verb.end() + 30
        and p.place.precision != "country"
        and re.search(r"\bin\s+$", text[max(0, p.start - 5) : p.start], re.I)
    ]
    return Event(
        "statement",
        "occurred",
        resolved[0],
        resolved[1],
        tuple(dict.fromkeys(speakers)),
        places[0] if places else None,
        Span(sentence.start, sentence.end),
        0.7,
    )
