"""The period a report covers: a day (``2020-11-02``) or an ISO week (``2020-W46``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from truce.errors import InvalidInput

ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


class PeriodKind(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    """The days ``first``..``last`` (inclusive) of a daily or weekly report."""

    kind: PeriodKind
    first: date
    last: date

    @property
    def label(self) -> str:
        """``2020-11-02`` or ``2020-W46``: the name in file names and URLs."""
        if self.kind is PeriodKind.DAILY:
            return self.first.isoformat()
        year, week, _ = self.first.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def title(self) -> str:
        if self.kind is PeriodKind.DAILY:
            return f"Daily report, {_long(self.first)}"
        return f"Weekly report {self.label}, {_long(self.first)} to {_long(self.last)}"

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(
            self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)
        )

    def previous(self) -> ReportPeriod:
        """The period of the same length just before, which counts are compared to."""
        length = self.last - self.first + timedelta(days=1)
        return ReportPeriod(self.kind, self.first - length, self.last - length)

    def chart_days(self) -> tuple[date, ...]:
        """The days the chart shows: the week up to a daily report's day, two weeks for a week."""
        span = 7 if self.kind is PeriodKind.DAILY else 14
        return tuple(self.last - timedelta(days=n) for n in reversed(range(span)))


def daily(day: str) -> ReportPeriod:
    try:
        first = date.fromisoformat(day)
    except ValueError:
        raise InvalidInput("date", f"{day!r} is not a date (YYYY-MM-DD)") from None
    return ReportPeriod(PeriodKind.DAILY, first, first)


def weekly(week: str) -> ReportPeriod:
    match = ISO_WEEK.match(week)
    if match is None:
        raise InvalidInput("week", f"{week!r} is not an ISO week such as 2020-W46")
    try:
        first = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise InvalidInput("week", f"{match[1]} has no week {match[2]}") from None
    return ReportPeriod(PeriodKind.WEEKLY, first, first + timedelta(days=6))


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
