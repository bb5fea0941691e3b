from __future__ import annotations

from datetime import date

import pytest

from truce.ingest.dates import find_dates, resolve

WEDNESDAY = date(2020, 9, 16)


def only(
    text: str, anchor: date = WEDNESDAY, future: bool = False
) -> tuple[date | None, str | None]:
    found = find_dates(text)
    assert len(found) == 1, found
    return resolve(found[0], anchor, future=future)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("said on Wednesday", (date(2020, 9, 16), "day")),
        ("on Monday night", (date(2020, 9, 14), "day")),
        ("last June", (date(2020, 6, 1), "month")),
        ("In January, it accused", (date(2020, 1, 1), "month")),
        ("since the start of the month", (date(2020, 9, 1), "month")),
        ("last month", (date(2020, 8, 1), "month")),
        ("on 2 November", (date(2019, 11, 2), "day")),
        ("over the weekend", (date(2020, 9, 12), "day")),
        ("yesterday", (date(2020, 9, 15), "day")),
        ("mardi dernier", (date(2020, 9, 15), "day")),
        ("on Sept. 14", (date(2020, 9, 14), "day")),
        ("Aug 30, 2020", (date(2020, 8, 30), "day")),
        ("يوم الثلاثاء", (date(2020, 9, 15), "day")),
    ],
)
def test_past_expressions(text: str, expected: tuple[date, str]) -> None:
    assert only(text) == expected


def test_planned_weekdays_and_months_look_ahead() -> None:
    assert only("are due to meet on Saturday", future=True) == (date(2020, 9, 19), "day")
    assert only("will reconvene in December", future=True) == (date(2020, 12, 1), "month")
    assert only("next month") == (date(2020, 10, 1), "month")


def test_weeks_give_a_month_only_when_they_lie_in_one() -> None:
    assert only("last week", anchor=date(2020, 5, 27)) == (date(2020, 5, 1), "month")
    assert only("last week", anchor=date(2020, 7, 6)) == (None, None)


def test_relative_to_another_event_carries_an_offset() -> None:
    (following,) = find_dates("Heavy fighting erupted the following day")
    (earlier,) = find_dates("two days earlier")
    assert following.offset_days == 1
    assert earlier.offset_days == -2
    assert resolve(following, WEDNESDAY) == (None, None)


def test_without_an_anchor_relative_dates_are_null() -> None:
    (expression,) = find_dates("on Wednesday")
    assert resolve(expression, None) == (None, None)


#: Texts where a scan limited to the stretches around an anchor word could go wrong: the
#: expression across a line break, at the very start or end, next to a full stop or a comma,
#: inside a longer word, several in one stretch.
_STRETCH_EDGES = [
    "Last\nweek, the LNA moved. On Monday, then on Tuesday, it shelled Sirte.",
    "monday",
    "It happened the following day.The day after, late that night, they left",
    "Mondays are quiet, early on Saturday.last month,this month and next month.",
    "They came two days later, in the coming days, la semaine dernière, le mois prochain.",
    "Sundayweek, weekday, the monthly report, 3 days earlier, that evening.",
]


@pytest.mark.parametrize("text", _STRETCH_EDGES)
def test_patterns_scanned_by_stretch_find_what_a_whole_scan_finds(text: str) -> None:
    from truce.ingest import dates

    lowered = text.lower()
    for kind, pattern, _, _ in dates._COMPILED:
        if kind not in dates._ANCHORS:
            continue
        whole = [m.span() for m in pattern.finditer(lowered, 0, len(lowered))]
        stretched = [m.span() for m in dates._matches(kind, pattern, lowered, 0, len(lowered))]
        assert stretched == whole, kind
