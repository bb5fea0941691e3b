"""Verification statistics: where the period's incidents stand, and the median time to verify."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from truce.domain.incident import DatePrecision, Incident
from truce.domain.taxonomy import IncidentType, Modality
from truce.domain.verification import VerificationState
from truce.domain.workflow import Transition
from truce.reports.verification_stats import verification_stats

_S = VerificationState
ARRIVED = datetime(2020, 11, 2, 8, tzinfo=UTC)


def _incident(number: int, state: VerificationState) -> Incident:
    return Incident(
        id=number,
        type=IncidentType.SHELLING,
        modality=Modality.OCCURRED,
        occurred_on=date(2020, 11, 2),
        date_precision=DatePrecision.DAY,
        location=None,
        summary="x",
        state=state,
        created_at=ARRIVED,
    )


def _verified(number: int, after: timedelta) -> list[Transition]:
    return [
        Transition(number, 1, _S.REPORTED, _S.TRIAGED, "analyst", "triage", ARRIVED),
        Transition(
            number, 1, _S.UNDER_VERIFICATION, _S.VERIFIED, "co", "two keys", ARRIVED + after
        ),
    ]


def test_counts_by_state_and_the_median_time_from_arrival_to_verification() -> None:
    states = [_S.VERIFIED, _S.VERIFIED, _S.DISPUTED, _S.REJECTED, _S.MERGED, _S.TRIAGED]
    incidents = [_incident(n, state) for n, state in enumerate(states, start=1)]
    transitions = {1: _verified(1, timedelta(hours=6)), 2: _verified(2, timedelta(days=2))}
    stats = verification_stats(incidents, transitions)
    assert (stats.proposed, stats.verified, stats.disputed) == (6, 2, 1)
    assert (stats.rejected, stats.merged, stats.still_open) == (1, 1, 1)
    assert stats.median_time_to_verification == timedelta(hours=27)
    assert stats.median_text == "1 d 3 h"


def test_no_verified_incident_has_no_median() -> None:
    stats = verification_stats([_incident(1, _S.REPORTED)], {})
    assert stats.median_time_to_verification is None and stats.median_text == "none verified"


def test_a_history_replayed_with_earlier_dates_counts_from_its_first_step() -> None:
    # Stored today, its verification replayed as it happened in 2020 (as the demo does):
    # the time to verify runs from its first step, never below zero.
    stored_later = replace(_incident(1, _S.VERIFIED), created_at=ARRIVED + timedelta(days=2000))
    stats = verification_stats([stored_later], {1: _verified(1, timedelta(days=3))})
    assert stats.median_time_to_verification == timedelta(days=3)
    assert stats.median_text == "3 d 0 h"
