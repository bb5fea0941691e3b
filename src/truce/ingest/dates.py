"""Dates: time expressions of a sentence, resolved against the publication date.

``find_dates`` returns what the text says ("on Wednesday", "last June", "the following day",
"since the start of the month"); ``resolve`` turns one into a calendar date and a precision,
given the anchor (publication date) and whether the event is in the future (a planned
"on Saturday" is the next Saturday, a reported one the last). Expressions relative to another
event ("the following day", "two days earlier") carry an offset that the events stage applies
to the event they refer to. The conventions of the annotation guide: "last week" / "this
week" give month precision when the whole week lies in one month, otherwise no date; a
weekend is its Saturday.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from truce.ingest.patterns import WordStart, any_of, literal_alternation, word_start

_WEEKDAYS = {
    **{
        d: i
        for i, d in enumerate(
            ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        )
    },
    **{
        d: i
        for i, d in enumerate(
            ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
        )
    },
    **{
        d: i
        for i, d in enumerate(
            ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
        )
    },
}
#: The French month names, January first (shared with the dateline reader of ``furniture``).
FRENCH_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
_MONTHS = {
    **{m: i + 1 for i, m in enumerate(calendar.month_name[1:])},
    **{m.lower(): i + 1 for i, m in enumerate(calendar.month_name[1:])},
    **{m: i + 1 for i, m in enumerate(calendar.month_abbr[1:])},
    "Sept": 9,
    **{m: i + 1 for i, m in enumerate(FRENCH_MONTHS)},
}
#: Counts written as words; a vague one ("several") counts as ``None``.
NUMBER_WORDS: dict[str, int | None] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "several": None,
    "few": None,
    "some": None,
}


def counted(word: str) -> int | None:
    """A count written in digits or in words ("two", "an"); ``None`` when it is vague."""
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word.lower())


# Names as tries (``literal_alternation``): the same matches as a plain alternation, faster.
_WEEKDAY = literal_alternation(_WEEKDAYS)
_MONTH_EN = literal_alternation(calendar.month_name[1:])
_MONTH_FR = literal_alternation(FRENCH_MONTHS)
_MONTH = literal_alternation([*calendar.month_name[1:], *FRENCH_MONTHS])
#: Abbreviations ("Oct. 23", "23 Sept") only next to a day number: "Mar" alone is a word.
_MONTH_ABBREVIATED = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_MONTH_WITH_DAY = f"{_MONTH}|{_MONTH_ABBREVIATED}"

#: Each kind of expression, its pattern, and the words one of which it needs (lower case; none:
#: always tried); a text without them is not scanned for it.
_PATTERNS: tuple[tuple[str, re.Pattern[str], str | None], ...] = (
    (
        "day_month",
        re.compile(rf"\b(\d{{1,2}})(?:er)?\s+({_MONTH_WITH_DAY})(?:,?\s+(\d{{4}}))?(?!\w)"),
        None,
    ),
    (
        "month_day",
        re.compile(
            rf"\b({_MONTH_EN}|{_MONTH_ABBREVIATED})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,\s+(\d{{4}}))?\b"
        ),
        None,
    ),
    ("month_pair", re.compile(rf"\b({_MONTH_EN})\s+and\s+({_MONTH_EN})\b"), None),
    (
        "month",
        re.compile(rf"\b({_MONTH})\b(?:\s+(\d{{4}}))?"),
        None,
    ),
    (
        "weekend",
        re.compile(r"\b(?:over|at|during)\s+the\s+weekend\b|\blast\s+weekend\b", re.I),
        "weekend",
    ),
    (
        "week",
        re.compile(
            r"\b(last|this|next|earlier\s+this|later\s+this)\s+week\b|\bla\s+semaine\s+(dernière|prochaine)\b",
            re.I,
        ),
        "week semaine",
    ),
    (
        "month_rel",
        re.compile(
            r"\b(last|this|next|earlier\s+this|later\s+this)\s+month\b|\bsince\s+the\s+(?:start|beginning)\s+of\s+the\s+month\b|\ble\s+mois\s+(dernier|prochain)\b",
            re.I,
        ),
        "month mois",
    ),
    ("year_rel", re.compile(r"\b(last|this|next)\s+year\b", re.I), "year"),
    (
        "relative_day",
        re.compile(
            r"\b(yesterday|today|tomorrow|this\s+(?:morning|afternoon|evening)|tonight|hier|"
            r"aujourd'hui|demain|ce\s+(?:matin|soir)|cet\s+après-midi|أمس)\b",
            re.I,
        ),
        "yesterday today tomorrow morning afternoon evening tonight hier aujourd demain matin soir "
        "après-midi أمس",
    ),
    (
        "event_offset",
        re.compile(
            r"\b(?:the\s+(following|next|previous|same)\s+day|the\s+day\s+(before|after)|"
            r"(a|an|one|two|three|four|five|six|seven|\d+)\s+days?\s+(later|earlier|after|before)|"
            r"(late\s+)?that\s+(night|day|evening|morning))\b",
            re.I,
        ),
        "day night evening morning",
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(last|next|this|since|on|early\s+on|late\s+on)\s+)?({_WEEKDAY})\b", re.I
        ),
        None,
    ),
)


@dataclass(frozen=True, slots=True)
class DateExpression:
    """A time expression; ``offset_days`` is set when it is relative to another event."""

    kind: str
    start: int
    end: int
    text: str
    weekday: int | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    relation: str | None = None  # last, next, this, since ...
    offset_days: int | None = None


_MONTH_RELATION = re.compile(r"\b(last|next|early|late|mid-|since|in|en|this)\s+$", re.I)

#: The case-insensitive patterns run on the lower-cased text without re.I (three times faster);
#: month names stay case-sensitive ("May" the month, "may" the verb).
#: Kinds whose pattern, once its leading ``\b`` is checked apart (``WordStart``), starts with
#: literals that ``re`` scans for fast; for the others it would be slower.
_BOUNDARY_APART = frozenset(("day_month", "month_pair", "month", "year_rel", "relative_day"))


def _compile(kind: str, pattern: re.Pattern[str]) -> re.Pattern[str] | WordStart:
    source = pattern.pattern.lower() if pattern.flags & re.I else pattern.pattern
    return word_start(source) if kind in _BOUNDARY_APART else re.compile(source)


_COMPILED = tuple(
    (
        kind,
        _compile(kind, p),
        bool(p.flags & re.I),
        any_of(cues.split()) if cues else None,
    )
    for kind, p, cues in _PATTERNS
)

#: Kinds whose matches are made of letters, digits and spaces only (never a full stop or a
#: comma) and always contain one of the words of their anchor. Such a pattern needs scanning
#: only within the stretches between two full stops or commas that hold an anchor word; its
#: matches there are the ones a scan of the whole text finds (a match cannot cross either
#: character, and ``\b`` at the stretch's end sees the same non-word character), for a
#: fraction of the cost of scanning every position of the text: these patterns start with
#: ``\b`` or an optional group, which ``re`` cannot skip ahead to.
_ANCHORS = {
    "week": any_of(("week", "semaine")),
    "month_rel": any_of(("month", "mois")),
    "event_offset": any_of(("day", "night", "evening", "morning")),
    "weekday": re.compile(_WEEKDAY),
}


def _stretches(anchor: re.Pattern[str], text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """The stretches of ``text[start:stop]`` between full stops and commas that hold ``anchor``."""
    stretches: list[tuple[int, int]] = []
    covered = start  # the end of the last stretch
    for found in anchor.finditer(text, start, stop):
        if found.start() < covered:
            continue
        after_stop = text.rfind(".", covered, found.start()) + 1
        after_comma = text.rfind(",", covered, found.start()) + 1
        first = max(covered, after_stop, after_comma)
        next_stop, next_comma = text.find(".", found.end(), stop), text.find(",", found.end(), stop)
        last = min(next_stop if next_stop >= 0 else stop, next_comma if next_comma >= 0 else stop)
        stretches.append((first, last))
        covered = last
    return stretches


def _matches(
    kind: str, pattern: re.Pattern[str] | WordStart, text: str, start: int, stop: int
) -> Iterator[re.Match[str]]:
    anchor = _ANCHORS.get(kind)
    if anchor is None:
        yield from pattern.finditer(text, start, stop)
        return
    for first, last in _stretches(anchor, text, start, stop):
        yield from pattern.finditer(text, first, last)


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateExpression]:
    """The time expressions in ``text[start:end]`` (offsets are into ``text``)."""
    stop = len(text) if end is None else end
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer: keep offsets exact
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    found: list[DateExpression] = []
    # the spans taken, which never overlap, sorted: their ends are in order too, so the one
    # taken span that may overlap a new one is the last that starts before the new one ends
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    for kind, pattern, on_lowered, cue in _COMPILED:
        if cue is not None and not cue.search(lowered, start, stop):
            continue
        for match in _matches(kind, pattern, lowered if on_lowered else text, start, stop):
            first, last = match.span()
            before = bisect_left(taken_starts, last)
            if before and taken_ends[before - 1] > first:
                continue
            expression = _build(kind, match)
            if expression is not None:
                found.append(expression)
                taken_starts.insert(before, first)
                taken_ends.insert(before, last)
    return sorted(found, key=lambda e: e.start)


def _build(kind: str, match: re.Match[str]) -> DateExpression | None:
    text, start, end = match.group(), match.start(), match.end()
    groups = match.groups()
    if kind == "day_month":
        year = int(groups[2]) if groups[2] else None
        return DateExpression(
            kind,
            start,
            end,
            text,
            day=int(groups[0]),
            month=_MONTHS[groups[1].rstrip(".")],
            year=year,
        )
    if kind == "month_day":
        year = int(groups[2]) if groups[2] else None
        return DateExpression(
            kind,
            start,
            end,
            text,
            day=int(groups[1]),
            month=_MONTHS[groups[0].rstrip(".")],
            year=year,
        )
    if kind == "month_pair":
        first, second = _MONTHS[groups[0]], _MONTHS[groups[1]]
        return DateExpression(kind, start, end, text, month=first, day=second)
    if kind == "month":
        name, year_text = groups[0], groups[1]
        before = _MONTH_RELATION.search(match.string, max(0, start - 8), start)
        relation = before.group(1).lower() if before else None
        if name == "May" and not relation and not year_text:
            return None  # "May" alone is too often the verb at a sentence start
        year = int(year_text) if year_text else None
        return DateExpression(
            kind, start, end, text, month=_MONTHS[name], year=year, relation=relation
        )
    if kind in ("week", "month_rel", "year_rel"):
        relation = (groups[0] or (groups[1] if len(groups) > 1 else None) or "since").lower()
        relation = {
            "dernière": "last",
            "dernier": "last",
            "prochaine": "next",
            "prochain": "next",
        }.get(
            relation,
            relation.split()[-1] if relation.startswith(("earlier", "later")) else relation,
        )
        if "earlier this" in text.lower() or "later this" in text.lower():
            relation = "this"
        return DateExpression(kind, start, end, text, relation=relation)
    if kind == "weekend":
        return DateExpression(kind, start, end, text, weekday=5, relation="last")
    if kind == "relative_day":
        word = groups[0].lower()
        offset = {"yesterday": -1, "hier": -1, "أمس": -1, "tomorrow": 1, "demain": 1}.get(word, 0)
        return DateExpression(kind, start, end, text, day=offset)
    if kind == "event_offset":
        return DateExpression(kind, start, end, text, offset_days=_offset(groups))
    relation = (groups[0] or "").lower().split()[-1] if groups[0] else None
    return DateExpression(
        kind, start, end, text, weekday=_WEEKDAYS[groups[1].lower()], relation=relation
    )


def _offset(groups: tuple[str | None, ...]) -> int:
    which, before_after, count, direction, _late, _that = groups
    if which:
        return {"following": 1, "next": 1, "previous": -1, "same": 0}[which.lower()]
    if before_after:
        return -1 if before_after.lower() == "before" else 1
    if count:
        number = counted(count) or 1
        return number if direction and direction.lower() in ("later", "after") else -number
    return 0  # "that night": the day of the event referred to


def resolve(
    expression: DateExpression, anchor: date | None, *, future: bool = False
) -> tuple[date | None, str | None]:
    """A date and its precision (``day``, ``month``, ``year``), or ``(None, None)``."""
    if expression.kind == "event_offset" or anchor is None:
        if expression.kind in ("day_month", "month_day") and expression.year and expression.month:
            return _safe_day(expression.year, expression.month, expression.day or 1)
        return None, None
    kind = expression.kind
    if kind in ("day_month", "month_day"):
        year = expression.year or _year_for(anchor, expression.month or 1, expression.day, future)
        return _safe_day(year, expression.month or 1, expression.day or 1)
    if kind in ("month", "month_pair"):
        month = expression.month or 1
        if expression.year:
            return date(expression.year, month, 1), "month"
        is_future = (future or expression.relation == "next") and expression.relation != "last"
        year = _year_for(anchor, month, None, is_future)
        return date(year, month, 1), "month"
    if kind == "weekday":
        return _weekday(anchor, expression.weekday or 0, expression.relation, future), "day"
    if kind == "weekend":
        return _weekday(anchor, 5, "last", future), "day"
    if kind == "relative_day":
        return anchor + timedelta(days=expression.day or 0), "day"
    if kind == "week":
        shift = {"last": -7, "next": 7}.get(expression.relation or "", 0)
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(days=shift)
        sunday = monday + timedelta(days=6)
        if monday.month != sunday.month:
            return None, None
        return date(monday.year, monday.month, 1), "month"
    if kind == "month_rel":
        month_index = anchor.year * 12 + anchor.month - 1
        month_index += {"last": -1, "next": 1}.get(expression.relation or "", 0)
        return date(month_index // 12, month_index % 12 + 1, 1), "month"
    if kind == "year_rel":
        year = anchor.year + {"last": -1, "next": 1}.get(expression.relation or "", 0)
        return date(year, 1, 1), "year"
    return None, None


def _safe_day(year: int, month: int, day: int) -> tuple[date | None, str | None]:
    try:
        return date(year, month, day), "day"
    except ValueError:
        return None, None


def _year_for(anchor: date, month: int, day: int | None, future: bool) -> int:
    candidate = date(anchor.year, month, min(day or 1, 28))
    if future:
        return anchor.year + 1 if candidate < anchor - timedelta(days=31) else anchor.year
    return anchor.year - 1 if candidate > anchor + timedelta(days=7) else anchor.year


def _weekday(anchor: date, weekday: int, relation: str | None, future: bool) -> date:
    if (future or relation == "next") and relation not in ("last", "since"):
        ahead = (weekday - anchor.weekday()) % 7 or 7
        return anchor + timedelta(days=ahead)
    back = (anchor.weekday() - weekday) % 7
    if relation == "last" and back == 0:
        back = 7
    return anchor - timedelta(days=back)
