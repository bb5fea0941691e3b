"""Relations between actors, where the text states them, with the sentence that states them.

Patterns over the actor mentions of a sentence: "X, which is backed by A, B and C" and
"A-backed X" (A supports X), "A backs / has sided with / fights alongside X", "A, X's main
backer", "X was sent by A" and "X that A sent" (X deployed_by A), "A and B are in
competition" (competes_with). ``opposes`` comes from fighting reported as fact: the two sides
of a clash, the attacker and target of a strike (an accusation alone gives none). A relation
stated only inside a denial is not stated.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from truce.ingest.actors import ActorMention
from truce.ingest.document import Article, Event, Relation, Role, Span
from truce.ingest.patterns import cued
from truce.ingest.sentences import lower_same_length
from truce.ingest.tokens import ParagraphSentences
from truce.ingest.triggers import RELATIVE

# Matched against the lower-cased text (``lower_same_length``), each only in the sentences
# that contain one of its cue words.
_BACKED_BY = cued(
    r"\b(?:backed|supported|armed|funded|financed|reinforced|supplied|propped\s+up)\s+by\b|"
    r"\bsoutenue?s?\s+par\b|\bمدعوم(?:ة)?\s+من\b|"
    # training is support: "the GNA forces, which received training from Turkish officers"
    r"\breceived\s+(?:\w+\s+){0,2}training\s+from\b|\btrained\s+by\b|"
    r"\b(?:formée?s?|entraînée?s?|encadrée?s?)\s+par\b",
    "backed supported armed funded financed reinforced supplied propped soutenu مدعوم training "
    "trained formé entraîné encadré",
)
_SUPPORTS = cued(
    r"\b(?:backs|backed|supports|supported|has\s+sided\s+with|sided\s+with|is\s+allied\s+with|"
    r"(?:which|who)\s+is\s+allied\s+with|allied\s+with|fights?\s+(?:for|alongside)|fighting\s+(?:for|alongside)|"
    r"(?:has\s+)?supplied|in\s+support\s+of|to\s+(?:support|reinforce|bolster)|continue\s+to\s+support|loyal\s+to|"
    r"soutient|appuie|soutenir|appuyer|يدعم|تدعم|"
    r"(?:combat(?:tent|tant)?|(?:se\s+)?bat(?:tent)?)\s+aux\s+côtés\s+(?:de\s+la|du|des|de|d['’])|"
    # advisers kept with a side: "Ankara, qui entretient des conseillers militaires auprès du GNA"
    r"(?:conseillers|formateurs|instructeurs|advisers|advisors|trainers|instructors)\s+"
    r"(?:militaires\s+|military\s+)?(?:auprès\s+(?:du|de\s+la|des|de|d['’])|(?:to|with)\s+the))\b",
    "backs backed support sided allied fight supplied reinforce bolster loyal soutient appuie "
    "soutenir appuyer côtés conseillers formateurs instructeurs advisers advisors trainers "
    "instructors "
    "يدعم تدعم",
)
_PATRON = cued(
    r"^\W*(?:the\s+)?(?P<obj>.{2,60}?)['’]s\s+(?:main\s+|key\s+|chief\s+|principal\s+|closest\s+)?"
    r"(?:foreign\s+|international\s+|military\s+)?(?:backer|ally|sponsor|patron|supporter)\b",
    "backer ally sponsor patron supporter",
)
#: Backers named after the ones they back, in a list: "Russia and the UAE remain its main
#: backers" (its: the actor before the list), "Le Caire et Abou Dhabi, principaux soutiens du
#: maréchal Haftar" (the actor after).
_BACKERS_OF_PRONOUN = cued(
    r"\s(?:remain|are|is|was|were|have\s+been|has\s+been|became|become)\s+(?:its|his|their)\s+"
    r"(?:main\s+|key\s+|chief\s+|principal\s+|closest\s+)?(?:foreign\s+|international\s+|"
    r"military\s+)?(?:backers?|all(?:y|ies)|sponsors?|patrons?|supporters?)\b",
    "backer all sponsor patron supporter",
)
_BACKERS_OF_NEXT = cued(
    r",\s+(?:les\s+|the\s+)?(?:principaux\s+|principales\s+|premiers\s+|grands\s+)?"
    r"(?:soutiens|alliés|parrains)\s+(?:étrangers\s+)?(?:du|de\s+la|des|de|d['’])",
    "soutiens alliés parrains",
)
_SENT_BY = cued(
    r"\b(?:sent|brought\s+in|deployed|recruited|dispatched|flown\s+in|hired)\b(?:\s+\w+){0,3}?\s+by\b",
    "sent brought deployed recruited dispatched flown hired",
)
#: Between a state and the fighters it sends: "Turkey has sent Syrian mercenaries", "la Turquie
#: continue d'envoyer des mercenaires syriens".
_SENDS = re.compile(
    r"\s+(?:has\s+|had\s+|have\s+)?(?:sent|deployed|dispatched|recruited|brought\s+in|"
    r"continues?\s+to\s+send|a\s+envoyé|envoie|continue\s+d['’]envoyer)\s+(?:[\w'’-]+\s+){0,4}",
    re.I,
)
_COMPETE = cued(
    r"\b(?:in\s+competition|rivals?|rivalry|compet(?:e|ing|ition)|en\s+concurrence)\b",
    "rival compet concurrence",
)
_DENIAL = cued(r"\b(?:denied|denies|deny)\b", "deni deny")
_SUFFIX_BACKED = re.compile(r"^-(?:backed|supported|sponsored|allied)\b", re.I)
_SPEAKER = re.compile(r"\s+(?:says|said|claims|claimed|believes|alleges)\b", re.I)
_FIGHTER_IDS = ("WAGNER", "SYRIAN_MERCENARIES", "SUDANESE_MERCENARIES", "CHADIAN_MERCENARIES")


def extract_relations(
    article: Article,
    actor_mentions: Sequence[ActorMention],
    events: Sequence[Event],
    sentences: ParagraphSentences | None = None,
) -> list[Relation]:
    """``sentences``: the article's sentence spans, when another stage reads them too."""
    text = article.text
    sentences = ParagraphSentences(text) if sentences is None else sentences
    lowered = lower_same_length(text)
    ordered = sorted(actor_mentions, key=lambda m: m.start)  # in reading order
    starts = [m.start for m in ordered]
    relations: list[Relation] = []
    for paragraph in article.paragraphs:
        if paragraph.role is Role.CAPTION:
            continue
        for start, end in sentences.of(paragraph.start, paragraph.end):
            if _DENIAL.search(lowered[start:end]):
                continue
            mentions = [
                m
                for m in ordered[bisect_left(starts, start) : bisect_left(starts, end)]
                if m.counts or m.kind == "demonym"
            ]
            relations.extend(_sentence_relations(text, lowered, start, end, mentions))
    relations.extend(_from_fighting(events))
    return _unique(relations)


def _sentence_relations(
    text: str, lowered: str, start: int, end: int, mentions: Sequence[ActorMention]
) -> list[Relation]:
    found: list[Relation] = []
    evidence = Span(start, end)

    def add(subject: str, predicate: str, obj: str) -> None:
        if subject != obj:
            found.append(Relation(subject, predicate, obj, evidence))

    patrons = _PATRON.occurs_in(lowered, start, end)
    for index, mention in enumerate(mentions):
        # "-backed": most mentions are followed by no hyphen, and need no slice nor pattern
        if text.startswith("-", mention.end) and _SUFFIX_BACKED.match(
            text[mention.end : mention.end + 14]
        ):
            target = next((m for m in mentions[index + 1 :] if m.start - mention.end < 45), None)
            if target is not None:
                add(mention.actor_id, "supports", target.actor_id)
        patron = patrons and _PATRON.pattern.match(
            lowered[mention.end : min(end, mention.end + 90)]
        )
        if patron:
            objects = [m for m in mentions if mention.end < m.start < mention.end + patron.end()]
            for backed_one in objects[:1]:
                add(mention.actor_id, "supports", backed_one.actor_id)
    for match in _BACKED_BY.finditer(lowered, start, end):
        backed = _before(mentions, match.start(), start, text)
        for backer in _listed_after(mentions, match.end(), end, text):
            if backed is not None:
                add(backer.actor_id, "supports", backed.actor_id)
    subject: ActorMention | None
    obj: ActorMention | None
    for match in _SUPPORTS.finditer(lowered, start, end):
        if re.match(r"(?:backed|supported)\s+by", text[match.start() : match.end() + 4], re.I):
            continue
        relatives = [m.span() for m in RELATIVE.finditer(text, start, end)]
        outside = [
            m
            for m in mentions
            if any(a <= match.start() < b for a, b in relatives)
            or not any(a <= m.start < b for a, b in relatives)
        ]
        # an adjective demonym is no subject ("la société militaire privée russe qui combat")
        subject = _before([m for m in outside if m.counts], match.start(), start, text) or _before(
            outside, match.start(), start, text
        )
        obj = _first_after(mentions, match.end(), end)
        if obj is None and re.match(r"\s+(?:it|them)\b", text[match.end() : match.end() + 6]):
            obj = _before(
                mentions, subject.start if subject else match.start(), start, text, skip=1
            )
        if subject is not None and obj is not None:
            add(subject.actor_id, "supports", obj.actor_id)
    for match in _BACKERS_OF_PRONOUN.finditer(lowered, start, end):
        backers = _listed_before(mentions, match.start(), start, text)
        if backers:
            backed = _before(mentions, backers[0].start, start, text)
            for backer in backers:
                if backed is not None:
                    add(backer.actor_id, "supports", backed.actor_id)
    for match in _BACKERS_OF_NEXT.finditer(lowered, start, end):
        backed = _first_after(mentions, match.end(), end)
        for backer in _listed_before(mentions, match.start(), start, text):
            if backed is not None:
                add(backer.actor_id, "supports", backed.actor_id)
    for match in _SENT_BY.finditer(lowered, start, end):
        fighters = _before(mentions, match.start(), start, text)
        sender = _first_after(mentions, match.end(), end)
        if fighters is not None and sender is not None:
            add(fighters.actor_id, "deployed_by", sender.actor_id)
    for index, mention in enumerate(mentions[:-1]):
        following = mentions[index + 1]
        if (
            following.actor_id in _FIGHTER_IDS
            and mention.actor_id not in _FIGHTER_IDS
            and _SENDS.fullmatch(text, mention.end, following.start)
        ):
            add(following.actor_id, "deployed_by", mention.actor_id)
        if mention.actor_id not in _FIGHTER_IDS:
            continue
        between = text[mention.end : following.start]
        sent = re.match(r"\s+(?:that|which|whom)?\s*$", between) and re.match(
            r"\s+(?:had\s+|has\s+)?sent\b", text[following.end : following.end + 12]
        )
        if sent:
            add(mention.actor_id, "deployed_by", following.actor_id)
    for match in _COMPETE.finditer(lowered, start, end):
        pair = [m for m in mentions if m.start < match.start() and m.counts][-2:]
        if len(pair) == 2 and re.search(r"\band\b", text[pair[0].end : pair[1].start]):
            add(pair[0].actor_id, "competes_with", pair[1].actor_id)
    return found


def _before(
    mentions: Sequence[ActorMention], position: int, floor: int, text: str, skip: int = 0
) -> ActorMention | None:
    candidates = [m for m in mentions if floor <= m.start and m.end <= position]
    candidates = [
        m
        for m in candidates
        if not _SUFFIX_BACKED.match(text[m.end : m.end + 12])
        and not _SPEAKER.match(text[m.end : m.end + 12])
    ]
    if len(candidates) <= skip:
        return None
    return candidates[-1 - skip]


def _first_after(
    mentions: Sequence[ActorMention], position: int, ceiling: int
) -> ActorMention | None:
    return next((m for m in mentions if position <= m.start < min(ceiling, position + 60)), None)


def _listed_after(
    mentions: Sequence[ActorMention], position: int, ceiling: int, text: str
) -> list[ActorMention]:
    listed: list[ActorMention] = []
    cursor = position
    for mention in mentions:
        if mention.start < position or mention.start >= ceiling:
            continue
        gap = text[cursor : mention.start]
        if listed and not re.fullmatch(r"\s*(?:,|and|,\s*and|et|,\s*et|و)?\s*(?:the\s+)?", gap):
            break
        if not listed and len(gap) > 40:
            break
        listed.append(mention)
        cursor = mention.end
    return listed


def _listed_before(
    mentions: Sequence[ActorMention], position: int, floor: int, text: str
) -> list[ActorMention]:
    """The actors listed right before ``position`` ("Russia and the UAE| remain"), in order."""
    listed: list[ActorMention] = []
    cursor = position
    for mention in reversed(mentions):
        if mention.end > position or mention.start < floor:
            continue
        gap = text[mention.end : cursor]
        if not re.fullmatch(
            r"\s*(?:,|and|,\s*and|et|,\s*et|و)?\s*(?:the\s+|l['’]|la\s+|le\s+)?", gap
        ):
            break
        listed.insert(0, mention)
        cursor = mention.start
    return listed


def _from_fighting(events: Sequence[Event]) -> list[Relation]:
    relations = []
    for event in events:
        if (
            event.type not in ("armed_clash", "air_or_drone_strike", "shelling")
            or event.modality != "occurred"
        ):
            continue
        sides = list(event.actors)
        if len(sides) >= 2:
            relations.append(Relation(sides[0], "opposes", sides[1], event.evidence))
    return relations


def _unique(relations: Sequence[Relation]) -> list[Relation]:
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for relation in relations:
        key = (relation.subject, relation.predicate, relation.object)
        if relation.predicate in ("opposes", "competes_with"):
            key = (*sorted((relation.subject, relation.object)), relation.predicate)  # type: ignore[assignment]
        if key in seen:
            continue
        seen.add(key)
        unique.append(relation)
    return unique
