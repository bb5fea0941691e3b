"""Report periods: a day, an ISO week, and the period before each."""

from __future__ import annotations

import re
from datetime import date

import pytest

from truce.errors import InvalidInput
from truce.reports.period import daily, weekly


def test_an_iso_week_runs_monday_to_sunday_and_follows_the_week_before() -> None:
    week = weekly("2020-W46")
    assert (week.first, week.last) == (date(2020, 11, 9), date(2020, 11, 15))
    assert week.previous().label == "2020-W45" and len(week.chart_days()) == 14
    assert weekly("2020-W53").last == date(2021, 1, 3)


def test_a_day_is_compared_with_the_day_before_and_charted_with_its_week() -> None:
    day = daily("2020-11-01")
    assert day.previous().first == date(2020, 10, 31)
    assert day.chart_days()[0] == date(2020, 10, 26) and day.chart_days()[-1] == day.last


@pytest.mark.parametrize(
    ("make", "text", "problem"),
    [
        (weekly, "2020-46", "is not an ISO week such as 2020-W46"),
        (weekly, "2021-W53", "2021 has no week 53"),
        (daily, "2020-11-31", "is not a date (YYYY-MM-DD)"),
    ],
)
def test_bad_periods_say_what_is_expected(make: object, text: str, problem: str) -> None:
    assert callable(make)
    with pytest.raises(InvalidInput, match=re.escape(problem)):
        make(text)
