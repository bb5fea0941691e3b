"""What a report counts: the period's incidents by type, party and area, against the previous."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from truce.domain.agreement import Agreement, TermKind
from truce.domain.compliance import Board, Status, TermStatus
from truce.domain.incident import (
    ActorRole,
    DatePrecision,
    Incident,
    IncidentActor,
    Location,
    LocationPrecision,
)
from truce.domain.source import SourceKind
from truce.domain.taxonomy import IncidentType, Modality
from truce.domain.verification import VerificationState
from truce.reports.build import OUTSIDE_ZONES, ReportInputs, build_report
from truce.reports.period import daily, weekly
from truce.store.sources import SourceLabel

BUFFER = "Sirte–al-Jufra buffer zone"
NO_BOARD = {
    "board": Board(date(2020, 11, 2), ()),
    "previous_board": Board(date(2020, 11, 1), ()),
}


def _incident(
    number: int,
    day: date,
    *,
    kind: IncidentType = IncidentType.SHELLING,
    where: tuple[float, float] = (30.45, 16.35),  # inside the buffer zone
    accused: str = "LNA",
    state: VerificationState = VerificationState.REPORTED,
    precision: DatePrecision = DatePrecision.DAY,
) -> Incident:
    return Incident(
        id=number,
        type=kind,
        modality=Modality.OCCURRED,
        occurred_on=day,
        date_precision=precision,
        location=Location(lat=where[0], lon=where[1], precision=LocationPrecision.POINT),
        summary=f"incident {number}",
        actors=(IncidentActor(accused, ActorRole.ALLEGED_PERPETRATOR),),
        state=state,
    )


def test_counts_by_type_party_and_area_compare_with_the_day_before(agreement: Agreement) -> None:
    day, before = date(2020, 11, 2), date(2020, 11, 1)
    incidents = [
        _incident(1, day),
        _incident(2, day, kind=IncidentType.ARMED_CLASH, accused="GNA", where=(32.89, 13.19)),
        _incident(3, day, accused="WAGNER"),  # a member of the LNA's party
        _incident(4, before),
        _incident(5, day, state=VerificationState.REJECTED),  # not an incident after all
        _incident(6, day, state=VerificationState.MERGED),  # a duplicate of another
        _incident(7, date(2020, 11, 1), precision=DatePrecision.MONTH),  # not known to the day
    ]
    inputs = ReportInputs(
        agreement=agreement,
        incidents=incidents,
        sources={},
        actor_names={},
        transitions={},
        **NO_BOARD,
        audit_head=None,
        public=False,
        edition="internal edition: all incidents",
    )
    report = build_report(inputs, daily("2020-11-02"), generated_at=datetime.now(UTC))

    assert (report.total.current, report.total.previous) == (3, 1)
    assert [(r.label, r.current, r.previous) for r in report.by_type] == [
        ("shelling", 2, 1),
        ("armed_clash", 1, 0),
    ]
    by_party = {row.label: (row.current, row.previous) for row in report.by_party}
    assert by_party == {
        "Libyan National Army and allied forces": (2, 1),
        "Government of National Accord and allied forces": (1, 0),
    }
    by_area = {row.label: (row.current, row.previous) for row in report.by_area}
    assert by_area == {BUFFER: (2, 1), OUTSIDE_ZONES: (1, 0)}
    assert [entry.incident.id for entry in report.incidents] == [1, 2, 3]
    assert report.per_day[-1].total == 3 and report.per_day[-2].total == 1


def test_a_week_counts_week_precise_dates_too(agreement: Agreement) -> None:
    incidents = [
        _incident(1, date(2020, 11, 9), precision=DatePrecision.WEEK),
        _incident(2, date(2020, 11, 15)),
        _incident(3, date(2020, 11, 16)),  # the next week
    ]
    inputs = ReportInputs(
        agreement=agreement,
        incidents=incidents,
        sources={},
        actor_names={},
        transitions={},
        **NO_BOARD,
        audit_head=None,
        public=False,
        edition="internal edition: all incidents",
    )
    report = build_report(inputs, weekly("2020-W46"), generated_at=datetime.now(UTC))
    assert report.total.current == 2


def test_the_board_shows_each_change_and_each_violation_of_the_period(
    agreement: Agreement,
) -> None:
    day = date(2020, 11, 2)
    shelling, clash = _incident(1, day), _incident(2, day, kind=IncidentType.ARMED_CLASH)
    violation = TermStatus("T1", "LNA", TermKind.STAY_OUT_OF_ZONE, Status.VIOLATION, (1,))
    complying = TermStatus("T1", "LNA", TermKind.STAY_OUT_OF_ZONE, Status.COMPLYING)
    overdue = TermStatus("T3", "LNA", TermKind.WITHDRAW_TO_POINT_BY, Status.OVERDUE)
    inputs = ReportInputs(
        agreement=agreement,
        incidents=[shelling, clash],
        sources={},
        actor_names={},
        transitions={},
        board=Board(day, (violation, overdue)),
        previous_board=Board(date(2020, 11, 1), (complying, overdue)),
        audit_head=None,
        public=False,
        edition="internal edition: all incidents",
    )
    report = build_report(inputs, daily("2020-11-02"), generated_at=datetime.now(UTC))
    assert [(line.term_id, line.status, line.changed) for line in report.compliance] == [
        ("T1", Status.VIOLATION, True),
        ("T3", Status.OVERDUE, False),
    ]
    assert report.compliance[0].previous_status is Status.COMPLYING
    [entry] = report.violations
    assert entry.entry.incident.id == 1 and entry.terms == ("T1",)
    assert entry.parties == ("Libyan National Army and allied forces",)


def test_the_open_source_articles_are_those_the_periods_incidents_cite(
    agreement: Agreement,
) -> None:
    day = date(2020, 11, 2)
    article = SourceLabel(
        sha256="a" * 64,
        kind=SourceKind.NEWS_ARTICLE,
        url="https://www.libyaobserver.ly/news/shelling",
        title="Shelling near Sirte",
        outlet="Libya Observer",
        published_on=day,
    )
    patrol = SourceLabel("b" * 64, SourceKind.PATROL_REPORT, None, "Patrol 7", None, day)
    older = SourceLabel("c" * 64, SourceKind.NEWS_ARTICLE, None, "Last week", None, day)
    incidents = [
        replace(_incident(1, day), source_hashes=("a" * 64, "b" * 64)),
        replace(_incident(2, day), source_hashes=("a" * 64,)),
        replace(_incident(3, date(2020, 11, 1)), source_hashes=("c" * 64,)),  # the day before
    ]
    inputs = ReportInputs(
        agreement=agreement,
        incidents=incidents,
        sources={label.sha256: label for label in (article, patrol, older)},
        actor_names={},
        transitions={},
        **NO_BOARD,
        audit_head=None,
        public=False,
        edition="internal edition: all incidents",
    )
    report = build_report(inputs, daily("2020-11-02"), generated_at=datetime.now(UTC))
    [cited] = report.articles
    assert (cited.title, cited.outlet, cited.incident_ids) == (
        "Shelling near Sirte",
        "Libya Observer",
        (1, 2),
    )
    assert report.incidents[0].source_names == ("Libya Observer", "Patrol 7")
