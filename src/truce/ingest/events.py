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
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from truce.ingest import triggers as lexicon
from truce.ingest.actors import ActorMention
from truce.ingest.dates import find_dates, resolve
from truce.ingest.document import Article, Event, Role, Span
from truce.ingest.places import PlaceMention
from truce.ingest.sentences import (
    Mentions,
    Sentence,
    accusation_span,
    clauses,
    lower_same_length,
    prepare_sentence,
)
from truce.ingest.sentences import (
    content_start as find_content_start,
)
from truce.ingest.setting import dates_of, place_of, resolve_date
from truce.ingest.statements import statement as find_statement
from truce.ingest.tokens import ParagraphSentences

#: Violence whose perpetrator is never guessed from the sentences before.
_UNATTRIBUTED = frozenset(
    {"remote_explosive", "attack_on_civilians", "air_or_drone_strike", "shelling", "armed_clash"}
)
#: What an accusation's content tells that happened, whoever did it ("accused Turkish drones of
#: striking homes in Sirte": homes were struck): the incident is coded, with the accused as its
#: actor; other contents ("of moving units", "of laying mines") are the accusation's only.
_ALLEGED_INCIDENTS = frozenset(
    {"air_or_drone_strike", "shelling", "attack_on_civilians", "remote_explosive"}
)
_PRIORITY = {t: i for i, t in enumerate(dict.fromkeys(t.type for t in lexicon.TRIGGERS))}


@dataclass(slots=True)
class _State:
    """What the reading of the previous sentences leaves for the next (explicit, per article)."""

    events: list[Event] = field(default_factory=list)
    # the same events by type: whether one was told before looks at its type's only
    events_by_type: dict[str, list[Event]] = field(default_factory=dict)
    subject: tuple[str, ...] = ()
    paragraph: int = -1
    paragraph_date: tuple[date | None, str | None] | None = None
    paragraph_place: str | None = None
    allegation: tuple[tuple[date | None, str | None] | None, str | None] | None = None
    last_point: str | None = None  # the last airbase or site named, for "the base"
    # the last incident told (not a statement or accusation), with its paragraph: what a bare
    # denial in the next sentences denies ("X denied, saying ...")
    last_incident: tuple[Event, int] | None = None


def extract_events(
    article: Article,
    actor_mentions: Sequence[ActorMention],
    place_mentions: Sequence[PlaceMention],
    sentences: ParagraphSentences | None = None,
) -> list[Event]:
    """Every event the article's title-less text reports, in reading order (not deduplicated).

    ``sentences``: the article's sentence spans, when another stage reads them too."""
    text = article.text
    sentences = ParagraphSentences(text) if sentences is None else sentences
    state = _State()
    mentions = Mentions(
        sorted(actor_mentions, key=lambda m: m.start),
        sorted(place_mentions, key=lambda m: m.start),
        find_dates(text),
        lower_same_length(text),
    )
    for number, paragraph in enumerate(article.paragraphs):
        if paragraph.role not in (Role.BODY, Role.STANDFIRST):
            continue
        for start, end in sentences.of(paragraph.start, paragraph.end):
            if article.dateline_end is not None and start < article.dateline_end < end:
                start = article.dateline_end  # the dateline is not part of the first sentence
            sentence = prepare_sentence(text, start, end, mentions, article.dateline)
            if number != state.paragraph:
                state.paragraph, state.paragraph_date, state.paragraph_place = number, None, None
            _read_sentence(text, sentence, article.published, state)
    return state.events


def _read_sentence(text: str, sentence: Sentence, anchor: date | None, state: _State) -> None:
    produced: list[Event] = []
    busy: list[tuple[int, int]] = []  # clauses that told an event (a "said" there sources it)
    denial = lexicon.DENIAL.search(sentence.lowered, sentence.start, sentence.end)
    content_start = find_content_start(sentence)
    for clause_start, clause_end in clauses(text, sentence):
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
        if alleged is not None and alleged[0] in _ALLEGED_INCIDENTS:
            # "accused the LNA of firing rockets ..., which the LNA denied": denied
            if denial is None:
                produced.extend(_alleged_incident(text, sentence, alleged, anchor, state))
            elif denial.start() > alleged[2]:
                produced.extend(_alleged_incident(text, sentence, alleged, anchor, state, "denied"))
    statement = find_statement(
        text, sentence, anchor, state.subject, state.paragraph_date, busy, denial
    )
    if statement is not None:
        produced.insert(0, statement)
    if denial is not None and not any(e.type not in _SPOKEN for e in produced):
        _deny_last_incident(sentence, denial, state)
    if sentence.actors:
        state.subject = tuple(dict.fromkeys(m.actor_id for m in sentence.actors[:2]))
    for event in produced:
        state.events.append(event)
        state.events_by_type.setdefault(event.type, []).append(event)
        if event.date is not None:
            state.paragraph_date = (event.date, event.date_precision)
        if event.place is not None:
            state.paragraph_place = event.place
        if event.type not in _SPOKEN:
            state.last_incident = (event, state.paragraph)
    points = [p.place.name for p in sentence.places if p.place.precision == "point"]
    if points:
        state.last_point = points[-1]
    if not produced and sentence.dates and anchor is not None:
        resolved = resolve(sentence.dates[0], anchor)
        if resolved[0] is not None:
            state.paragraph_date = resolved


_SPOKEN = frozenset({"statement", "accusation"})


def _deny_last_incident(sentence: Sentence, denial: re.Match[str], state: _State) -> None:
    """A denial with no event of its own ("The spokesman of Haftar's forces denied, saying
    ...", "Moscow denied the report") denies the incident told just before (in this paragraph
    or the previous one), which becomes a denied event."""
    if not lexicon.BARE_DENIAL.match(sentence.lowered, denial.end(), sentence.end):
        return
    if state.last_incident is None or state.paragraph - state.last_incident[1] > 1:
        return
    told, _ = state.last_incident
    if told.modality != "occurred":
        return
    denied = replace(told, modality="denied")
    for events in (state.events, state.events_by_type.get(told.type, [])):
        for index, event in enumerate(events):
            if event is told:
                events[index] = denied
    state.last_incident = None


def _best_trigger(
    text: str,
    start: int,
    end: int,
    sentence: Sentence,
    content_start: int | None,
    denial: re.Match[str] | None,
) -> tuple[str, int, int] | None:
    lowered = sentence.lowered
    clause = lowered[start:end]
    if lexicon.ANAPHORIC_SUBJECT.match(clause) and not lexicon.ANCHOR_AFTER.search(clause):
        return None
    best: tuple[int, int, str, int, int] | None = None
    # "called on X to halt ... and to return to the talks": the call covers the continuation
    reach = sentence.start if lexicon.CONTINUED_PLAN.match(clause) else start
    for trigger in lexicon.candidate_triggers(lowered, start, end):
        for match in trigger.pattern.finditer(lowered, start, end):
            a, b = match.span()
            if sentence.masked and any(s <= a and b <= e for s, e in sentence.masked):
                continue
            if lexicon.SUPPRESS_BEFORE.search(lowered[max(reach, a - 100) : a]):
                continue
            event_type = trigger.type
            if lexicon.NEGATION.search(lowered[max(start, a - 30) : a]):
                if event_type == "withdrawal" and lexicon.FIGHTERS_WORD.search(clause):
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


def _has_place(sentence: Sentence, start: int, end: int) -> bool:
    return any(start <= p.start < end and not p.reference for p in sentence.places)


def _modality(
    text: str,
    sentence: Sentence,
    clause_start: int,
    clause_end: int,
    match_start: int,
    match_end: int,
    denial: re.Match[str] | None,
) -> str:
    if denial is not None and denial.start() < match_start:
        return "denied"
    lowered = sentence.lowered
    clause = lowered[clause_start:clause_end]
    if lexicon.CANCELLED.search(clause):
        return "cancelled"
    if lexicon.PAST_PLAN.search(clause) and lexicon.CANCELLED.search(
        lowered, sentence.start, sentence.end
    ):
        return "cancelled"  # the plan the rest of the sentence calls off
    if lexicon.CONTINUED_PLAN.match(clause) and lexicon.PLANNED_BEFORE.search(
        lowered[sentence.start : clause_start]
    ):
        return "planned"
    if lexicon.PLANNED_BEFORE.search(lowered[clause_start:match_start]):
        return "planned"
    if lexicon.PLANNED_AFTER.search(lowered[match_end:clause_end]):
        return "planned"
    if lexicon.PLANNED_RIGHT_AFTER.match(lowered[match_end:clause_end]):
        return "planned"
    if lexicon.FUTURE_IN_TRIGGER.search(lowered[match_start:match_end]):
        return "planned"
    return "occurred"


def _build(
    text: str,
    sentence: Sentence,
    clause: tuple[int, int],
    event_type: str,
    modality: str,
    match: tuple[int, int],
    anchor: date | None,
    state: _State,
    denial: re.Match[str] | None,
) -> list[Event]:
    places = place_of(text, sentence, clause, event_type, match)
    place = places[0] if places else None
    if place is None and lexicon.BASE_ANAPHORA.search(
        sentence.lowered[sentence.start : sentence.end]
    ):
        place = _recent_base(state)
    dates = dates_of(sentence, clause, modality, denial)
    if event_type == "accusation":
        content = find_content_start(sentence) or sentence.end
        content_end = next((b for a, b in clauses(text, sentence) if a <= content < b), content)
        dates = [d for d in sentence.dates if d.start < content] or [
            d for d in sentence.dates if d.start >= content_end
        ]
    # a planned event, or one called off before its day ("was due to ... has been postponed")
    future = modality == "planned" or (
        modality == "cancelled"
        and lexicon.PLANNED_CUE.search(sentence.lowered, clause[0], clause[1]) is not None
        and lexicon.PAST_PLAN.search(sentence.lowered, clause[0], clause[1]) is None
    )
    resolved = resolve_date(text, sentence, dates, anchor, future, state.events)
    if modality == "denied" and state.allegation and (resolved[0] is None or place is None):
        alleged_date, alleged_place = state.allegation
        if resolved[0] is None and alleged_date is not None:
            resolved = alleged_date
        place = place or alleged_place
    # a denial tells no time of its own ("Moscow has denied sending any aircraft")
    if resolved[0] is None and not sentence.dates and state.paragraph_date and modality != "denied":
        resolved = state.paragraph_date
    if place is None and state.paragraph_place and event_type not in ("statement", "accusation"):
        place = state.paragraph_place
    told_before = any(
        (e.place is None or place is None or e.place == place)
        and (e.date is None or resolved[0] is None or e.date == resolved[0])
        for e in state.events_by_type.get(event_type, ())
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
    sentence: Sentence,
    clause: tuple[int, int],
    event_type: str,
    match: tuple[int, int],
    state: _State,
    told_before: bool,
) -> tuple[str, ...]:
    in_clause = [
        m
        for m in sentence.actors
        if clause[0] <= m.start < clause[1]
        and not lexicon.BACKER_BEFORE.search(sentence.lowered, max(0, m.start - 30), m.start)
    ]
    if event_type == "accusation":
        before = [m.actor_id for m in sentence.actors if m.start < match[0]]
        after = [m.actor_id for m in sentence.actors if m.start >= match[1]][:1]
        if not before and len({m.actor_id for m in sentence.actors if m.start >= match[1]}) >= 2:
            # verb first ("اتهمت حكومة الوفاق قوات حفتر"): accuser, then accused
            following = [m.actor_id for m in sentence.actors if m.start >= match[1]]
            return tuple(dict.fromkeys(following))[:2]
        accuser = before or list(state.subject[:1])
        return tuple(dict.fromkeys([*accuser, *after]))
    speech = lexicon.SPEECH.search(sentence.lowered, sentence.start, match[0])
    cut = speech.end() if speech is not None else sentence.start
    # whoever says it is its source, not a party to it, unless its own forces acted
    chosen = [m.actor_id for m in in_clause if m.start >= cut]
    if speech is not None and lexicon.OWN_FORCES.match(sentence.lowered, speech.end()):
        chosen = [m.actor_id for m in in_clause if m.start < cut][-1:] + chosen
    if event_type == "arms_transfer":
        chosen += [m.actor_id for m in sentence.origins if clause[0] <= m.start < clause[1]]
    if not chosen and told_before:
        return ()  # "the jets arrived": told again; dedupe folds it into the first telling
    chosen = chosen or [m.actor_id for m in sentence.actors if m.start >= cut]
    if event_type == "armed_clash" and len(set(chosen)) == 1:
        # a clash has two sides; the other may be named in another clause of the sentence
        # ("advanced on Sirte, a day after they captured Tarhuna, the LNA's stronghold")
        chosen += [
            m.actor_id for m in sentence.actors if m.start >= cut and m.actor_id not in chosen
        ][:1]
    chosen = chosen or [m.actor_id for m in sentence.actors]  # the speakers, for want of others
    if not chosen and event_type in _UNATTRIBUTED:
        return ()  # "a car bomb exploded": no perpetrator is borrowed from earlier sentences
    if not chosen:
        chosen = list(sentence.hidden_actors) or list(state.subject)
    if not chosen and state.events:
        chosen = list(next((e.actors for e in reversed(state.events) if e.actors), ()))
    return tuple(dict.fromkeys(chosen))


def _alleged_incident(
    text: str,
    sentence: Sentence,
    alleged: tuple[str, int, int],
    anchor: date | None,
    state: _State,
    modality: str = "occurred",
) -> list[Event]:
    """The incident an accusation tells, with the accused as its actors."""
    span = accusation_span(sentence)
    if span is None:
        return []
    event_type, match_start, match_end = alleged
    accused = tuple(
        dict.fromkeys(m.actor_id for m in sentence.actors if span[0] <= m.start < span[1])
    )
    incidents = _build(
        text,
        sentence,
        (span[1], sentence.end),
        event_type,
        "occurred",
        (match_start, match_end),
        anchor,
        state,
        None,
    )
    return [replace(event, actors=accused, modality=modality) for event in incidents]


def _recent_base(state: _State) -> str | None:
    return state.last_point


def _remember_allegation(
    text: str,
    sentence: Sentence,
    clause_start: int,
    clause_end: int,
    event_type: str,
    anchor: date | None,
    state: _State,
) -> None:
    dates = [d for d in sentence.dates if clause_start <= d.start < sentence.end]
    resolved = resolve(dates[-1], anchor) if dates else None
    places = place_of(
        text, sentence, (clause_start, sentence.end), event_type, (clause_start, clause_start)
    )
    state.allegation = (resolved, places[0] if places else None)
