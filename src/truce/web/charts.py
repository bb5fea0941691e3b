"""The timeline chart of the compliance board: incidents per day, stacked by type or by party.

Drawn on the server as SVG (``templates/_timeline.html``): no chart library, no script, and
the same picture in a screenshot, a print-out or a browser with JavaScript off. The counting
is honest about dates: only incidents dated to the day are placed on a day; the others are
counted apart and the page says how many there are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from truce.domain.agreement import Agreement
from truce.domain.incident import ActorRole, DatePrecision, Incident

NO_PARTY = "none"

#: Colours of the parties' series, in the order the agreement lists the parties.
PARTY_COLOURS = ("#1f78b4", "#e31a1c", "#33a02c", "#ff7f00", "#6a3d9a", "#b15928")
NO_PARTY_COLOUR = "#9e9e9e"


@dataclass(frozen=True, slots=True)
class DailyCounts:
    """How many incidents of each series fell on each day from ``first`` to ``last``."""

    first: date
    last: date
    #: Series key → day → count.
    counts: dict[str, Counter[date]]
    #: Incidents with no date, or a date known only to the week, month or year.
    not_dated_to_the_day: int = 0

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def total(self) -> int:
        return sum(sum(counter.values()) for counter in self.counts.values())


def count_by_day(
    incidents: Iterable[Incident], series_of: Callable[[Incident], Sequence[str]]
) -> DailyCounts | None:
    """Count dated incidents per day and series; ``None`` when no incident is dated to the day."""
    counts: dict[str, Counter[date]] = {}
    coarse = 0
    for incident in incidents:
        day = incident.occurred_on
        if day is None or incident.date_precision is not DatePrecision.DAY:
            coarse += 1
            continue
        for key in series_of(incident):
            counts.setdefault(key, Counter())[day] += 1
    dated = [day for counter in counts.values() for day in counter]
    if not dated:
        return None
    return DailyCounts(min(dated), max(dated), counts, not_dated_to_the_day=coarse)


def accused_parties(agreement: Agreement) -> Callable[[Incident], Sequence[str]]:
    """The series of an incident by party: the parties of its alleged perpetrators, or none."""

    def series_of(incident: Incident) -> Sequence[str]:
        parties: list[str] = []
        for actor_id in incident.actor_ids(ActorRole.ALLEGED_PERPETRATOR):
            party = agreement.party_of(actor_id)
            if party is not None and party.id not in parties:
                parties.append(party.id)
        return parties or [NO_PARTY]

    return series_of


def incident_type(incident: Incident) -> Sequence[str]:
    return [str(incident.type)]


def party_colours(agreement: Agreement) -> dict[str, str]:
    colours = {
        party.id: PARTY_COLOURS[index % len(PARTY_COLOURS)]
        for index, party in enumerate(agreement.parties)
    }
    colours[NO_PARTY] = NO_PARTY_COLOUR
    return colours


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    series: str
    day: date
    count: int


@dataclass(frozen=True, slots=True)
class Tick:
    position: float
    text: str


@dataclass(frozen=True, slots=True)
class StackedChart:
    """Everything the SVG template draws, in pixels; the plot area starts at ``left, top``."""

    width: int
    height: int
    left: int
    top: int
    plot_width: float
    plot_height: float
    bars: list[Bar]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    #: Series shown, in stacking order, with their colours.
    series: list[tuple[str, str]] = field(default_factory=list)


def stacked_chart(
    daily: DailyCounts,
    colours: Mapping[str, str],
    *,
    width: int = 960,
    height: int = 200,
) -> StackedChart:
    """Lay out one bar a day, its series stacked in a fixed order, with axes that read well."""
    left, right, top, bottom = 40, 12, 10, 28
    plot_width = width - left - right
    plot_height = height - top - bottom
    days = daily.days
    order = [key for key in colours if key in daily.counts]
    order += sorted(key for key in daily.counts if key not in colours)
    per_day = [sum(daily.counts[key][day] for key in order) for day in days]
    peak = max(per_day) if per_day else 1
    step = _nice_step(peak)
    top_value = step * -(-peak // step)
    slot = plot_width / len(days)
    bar_width = max(1.0, slot * 0.8)
    bars: list[Bar] = []
    for index, day in enumerate(days):
        base = 0
        for key in order:
            count = daily.counts[key][day]
            if not count:
                continue
            y_top = top + plot_height * (1 - (base + count) / top_value)
            bar_height = plot_height * count / top_value
            x = left + index * slot + (slot - bar_width) / 2
            bars.append(
                Bar(x, y_top, bar_width, bar_height, colours.get(key, "#555"), key, day, count)
            )
            base += count
    y_ticks = [
        Tick(top + plot_height * (1 - value / top_value), str(value))
        for value in range(0, top_value + 1, step)
    ]
    x_ticks = [
        Tick(left + index * slot + slot / 2, day.isoformat())
        for index, day in enumerate(days)
        if index % _label_every(len(days), plot_width) == 0
    ]
    series = [(key, colours.get(key, "#555")) for key in order]
    return StackedChart(
        width, height, left, top, plot_width, plot_height, bars, x_ticks, y_ticks, series
    )


def _nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if peak / step <= 5:
            return step
    return 10_000


def _label_every(day_count: int, plot_width: float) -> int:
    """Label one day in so many, so that labels (about 80 px each) never overlap."""
    fits = max(1, int(plot_width // 80))
    return max(1, -(-day_count // fits))
