"""A report as plain data: what happened in the period, compared with the period before.

``build_report`` is pure: it takes the agreement, the incidents and the sources already loaded
(``truce.reports.inputs``) and returns a ``Report`` that the renderers only lay out. The rules
of what counts are here and in ``docs/reports.md``:

- an incident counts in the period it occurred in, when its date is at least as precise as
  the period (a daily report counts day-precise dates; a weekly one day- or week-precise);
- rejected incidents and duplicates merged into another are not counted;
- an incident's area is each polygon zone of the agreement that contains it, else "outside".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from truce.domain.agreement import Agreement, Zone
from truce.domain.compliance import Board
from truce.domain.incident import ActorRole, DatePrecision, Incident
from truce.domain.source import SourceKind
from truce.domain.taxonomy import IncidentType
from truce.domain.verification import VerificationState
from truce.domain.workflow import Transition
from truce.geo.geometry import parse_geometry
from truce.reports.compliance_section import (
    ComplianceLine,
    ViolationEntry,
    compliance_lines,
    violation_entries,
)
from truce.reports.period import PeriodKind, ReportPeriod
from truce.reports.verification_stats import VerificationStats, verification_stats
from truce.store.sources import SourceLabel

NOT_COUNTED: frozenset[VerificationState] = frozenset(
    {VerificationState.REJECTED, VerificationState.MERGED}
)
OUTSIDE_ZONES = "outside the agreement's zones"
NO_PARTY = "no party named as perpetrator"

#: The date precisions a period of each kind counts.
COUNTED_PRECISIONS: dict[PeriodKind, frozenset[DatePrecision]] = {
    PeriodKind.DAILY: frozenset({DatePrecision.DAY}),
    PeriodKind.WEEKLY: frozenset({DatePrecision.DAY, DatePrecision.WEEK}),
}


@dataclass(frozen=True, slots=True)
class CountRow:
    label: str
    current: int
    previous: int

    @property
    def change(self) -> int:
        return self.current - self.previous


@dataclass(frozen=True, slots=True)
class DayCounts:
    day: date
    by_type: Mapping[IncidentType, int]

    @property
    def total(self) -> int:
        return sum(self.by_type.values())


@dataclass(frozen=True, slots=True)
class Article:
    """An open-source article that an incident of the period rests on."""

    sha256: str
    title: str
    outlet: str | None
    url: str | None
    published_on: date | None
    incident_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class IncidentEntry:
    """One incident of the period as the report lists it."""

    incident: Incident
    areas: tuple[str, ...]
    actor_names: tuple[str, ...]
    source_names: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    period: ReportPeriod
    previous: ReportPeriod
    agreement: Agreement
    public: bool
    edition: str
    generated_at: datetime
    total: CountRow
    by_type: tuple[CountRow, ...]
    by_party: tuple[CountRow, ...]
    by_area: tuple[CountRow, ...]
    per_day: tuple[DayCounts, ...]
    incidents: tuple[IncidentEntry, ...]
    articles: tuple[Article, ...]
    verification: VerificationStats
    #: The compliance board at the period's end, each line with its status a period before.
    compliance: tuple[ComplianceLine, ...]
    violations: tuple[ViolationEntry, ...]
    #: The audit chain's newest entry (sequence number, hash) when the data was read.
    audit_head: tuple[int, str] | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportInputs:
    """What a report is built from, loaded from the store by ``truce.reports.inputs``."""

    agreement: Agreement
    incidents: Sequence[Incident]  # those of the chart's days, the period and the one before
    sources: Mapping[str, SourceLabel]
    #: Names of the actors incidents name besides the agreement's: the reference actors ingest
    #: and imports registered (``truce.store.agreements.actor_names`` gives every one).
    actor_names: Mapping[str, str]
    transitions: Mapping[int, Sequence[Transition]]
    board: Board  # as of the period's last day
    previous_board: Board  # as of the previous period's last day
    audit_head: tuple[int, str] | None
    public: bool
    edition: str


def build_report(inputs: ReportInputs, period: ReportPeriod, *, generated_at: datetime) -> Report:
    agreement = inputs.agreement
    previous = period.previous()
    counted = [i for i in inputs.incidents if counts_in(i, period.kind)]
    current = sorted(_within(counted, period), key=_order)
    before = _within(counted, previous)
    zones = polygon_zones(agreement.zones)
    areas = {i.id: areas_of(i, zones) for i in (*current, *before)}
    names = {actor.id: actor.name for actor in agreement.actors} | dict(inputs.actor_names)
    entries = tuple(
        IncidentEntry(
            incident=incident,
            areas=areas[incident.id],
            actor_names=tuple(
                f"{names.get(a.actor_id, a.actor_id)} ({_role(a.role)})" for a in incident.actors
            ),
            source_names=tuple(
                inputs.sources[sha].name for sha in incident.source_hashes if sha in inputs.sources
            ),
        )
        for incident in current
    )
    return Report(
        period=period,
        previous=previous,
        agreement=agreement,
        public=inputs.public,
        edition=inputs.edition,
        generated_at=generated_at,
        total=CountRow("incidents", len(current), len(before)),
        by_type=_compare(current, before, lambda i: [str(i.type)]),
        by_party=_compare(current, before, lambda i: _parties_accused(i, agreement)),
        by_area=_compare(current, before, lambda i: list(areas[i.id])),
        per_day=tuple(
            DayCounts(day, Counter(i.type for i in counted if i.occurred_on == day))
            for day in period.chart_days()
        ),
        incidents=entries,
        articles=_articles(current, inputs.sources),
        verification=verification_stats(
            _within([i for i in inputs.incidents if _dated_for(i, period.kind)], period),
            inputs.transitions,
        ),
        compliance=compliance_lines(agreement, inputs.board, inputs.previous_board),
        violations=violation_entries(inputs.board, agreement, entries),
        audit_head=inputs.audit_head,
    )


def counts_in(incident: Incident, kind: PeriodKind) -> bool:
    return incident.state not in NOT_COUNTED and _dated_for(incident, kind)


def _dated_for(incident: Incident, kind: PeriodKind) -> bool:
    return incident.occurred_on is not None and incident.date_precision in COUNTED_PRECISIONS[kind]


def polygon_zones(zones: Iterable[Zone]) -> list[tuple[str, BaseGeometry]]:
    """The zones that have an inside (polygons), with their shapes; lines have no area."""
    shapes = [(zone.name, parse_geometry(zone.geometry)) for zone in zones]
    return [(name, shape) for name, shape in shapes if shape.area > 0]


def areas_of(incident: Incident, zones: Sequence[tuple[str, BaseGeometry]]) -> tuple[str, ...]:
    location = incident.location
    if location is None:
        return (OUTSIDE_ZONES,)
    where: BaseGeometry = (
        parse_geometry(location.geometry)
        if location.geometry is not None
        else Point(location.lon, location.lat)
    )
    inside = tuple(name for name, shape in zones if shape.intersects(where))
    return inside or (OUTSIDE_ZONES,)


def _within(incidents: Iterable[Incident], period: ReportPeriod) -> list[Incident]:
    return [
        i
        for i in incidents
        if i.occurred_on is not None and period.first <= i.occurred_on <= period.last
    ]


def _order(incident: Incident) -> tuple[date, int]:
    return (incident.occurred_on or date.min, incident.id or 0)


def _parties_accused(incident: Incident, agreement: Agreement) -> list[str]:
    parties = []
    for actor_id in incident.actor_ids(ActorRole.ALLEGED_PERPETRATOR):
        party = agreement.party_of(actor_id)
        if party is not None and party.name not in parties:
            parties.append(party.name)
    return parties or [NO_PARTY]


def _compare(
    current: Sequence[Incident],
    previous: Sequence[Incident],
    labels: Callable[[Incident], list[str]],
) -> tuple[CountRow, ...]:
    now = Counter(label for incident in current for label in labels(incident))
    before = Counter(label for incident in previous for label in labels(incident))
    rows = [CountRow(label, now[label], before[label]) for label in set(now) | set(before)]
    return tuple(sorted(rows, key=lambda row: (-row.current, -row.previous, row.label)))


def _articles(
    incidents: Sequence[Incident], sources: Mapping[str, SourceLabel]
) -> tuple[Article, ...]:
    cited: dict[str, list[int]] = {}
    for incident in incidents:
        for sha in incident.source_hashes:
            label = sources.get(sha)
            if label is not None and label.kind is SourceKind.NEWS_ARTICLE and incident.id:
                cited.setdefault(sha, []).append(incident.id)
    articles = [
        Article(
            sha256=sha,
            title=sources[sha].title or sources[sha].name,
            outlet=sources[sha].outlet,
            url=sources[sha].url,
            published_on=sources[sha].published_on,
            incident_ids=tuple(ids),
        )
        for sha, ids in cited.items()
    ]
    return tuple(sorted(articles, key=lambda a: (a.published_on or date.min, a.title, a.sha256)))


def _role(role: ActorRole) -> str:
    return str(role).replace("_", " ")
