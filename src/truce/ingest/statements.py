"""Statements: declarations, calls, warnings and positions, with who made them and when.

A "said" that only sources another event of its clause is not a statement, nor is a denial;
an undated "said" is one only with a strong verb ("called on", "warned", "welcomed"). The
speaker is the actor next to the verb ("a step the UN envoy welcomed on Friday"), else the
sentence's first, else the previous sentence's subject ("It said on Sunday ...").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from truce.ingest import triggers as lexicon
from truce.ingest.actors import ActorMention
from truce.ingest.dates import resolve
from truce.ingest.document import Event, Span
from truce.ingest.sentences import Sentence, is_arabic

_QUOTATION = re.compile(r"[\"“][^\"”]{3,}[\"”]")
_IN_BEFORE = re.compile(r"\bin\s+$", re.I)


def statement(
    text: str,
    sentence: Sentence,
    anchor: date | None,
    subject: tuple[str, ...],
    paragraph_date: tuple[date | None, str | None] | None,
    busy: Sequence[tuple[int, int]],
    denial: re.Match[str] | None,
) -> Event | None:
    if denial is not None:
        return None
    lowered = sentence.lowered
    speech = lexicon.SPEECH.search(lowered, sentence.start, sentence.end)
    if speech is None or any(s <= speech.start() < e for s, e in sentence.masked):
        return None
    strong = lexicon.STRONG_SPEECH.search(lowered, sentence.start, sentence.end)
    quotes = [m.span() for m in _QUOTATION.finditer(text[sentence.start : sentence.end])]
    unquoted = [
        d
        for d in sentence.dates
        if d.kind != "event_offset"
        and not any(a <= d.start - sentence.start < b for a, b in quotes)
    ]
    near = [
        d
        for d in unquoted
        if 0 <= d.start - speech.end() < (70 if is_arabic(speech.group()) else 25)
        or (d.end <= speech.start() and not lexicon.SPEECH.search(lowered, d.end, speech.start()))
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
    pronoun = lexicon.PRONOUN_START.match(lowered[sentence.start : verb.start()])
    if pronoun and not in_segment and subject:
        speakers = list(subject[:1])  # "He accused the GNA of ..., and warned": he speaks
    else:
        # the speaker stands next to the verb: "..., a step the UN envoy welcomed"
        first = [m.actor_id for m in before][:1]
        speakers = in_segment[:1] or first or after[:1] or list(subject[:1])
        # ... with the others listed with it: "the ministers of Germany, France and Italy"
        speakers = _listed_with(text, sentence.actors, speakers[0]) if speakers else speakers
    resolved: tuple[date | None, str | None] = (None, None)
    for expression in near or unquoted:
        resolved = resolve(expression, anchor)
        if resolved[0] is not None:
            break
    if resolved[0] is None and paragraph_date and not sentence.dates:
        resolved = paragraph_date
    places = [
        p.place.name
        for p in sentence.places
        if p.start < verb.end() + 30
        and p.place.precision != "country"
        and _IN_BEFORE.search(text[max(0, p.start - 5) : p.start])
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


_LIST_GAP = re.compile(r"\s*(?:,|and|,\s*and|et|,\s*et|و)\s*(?:the\s+|l['’]|la\s+|le\s+)?")


def _listed_with(text: str, mentions: Sequence[ActorMention], speaker: str) -> list[str]:
    """The speaker and the actors listed with it ("Germany, France and Italy"), in order."""
    index = next((i for i, m in enumerate(mentions) if m.actor_id == speaker), None)
    if index is None:
        return [speaker]
    first = last = index

    def listed(a: ActorMention, b: ActorMention) -> bool:
        # one phrase may name two ("both leaders": one mention for each side)
        return a.start == b.start or _LIST_GAP.fullmatch(text, a.end, b.start) is not None

    while first > 0 and listed(mentions[first - 1], mentions[first]):
        first -= 1
    while last + 1 < len(mentions) and listed(mentions[last], mentions[last + 1]):
        last += 1
    return [m.actor_id for m in mentions[first : last + 1]]
