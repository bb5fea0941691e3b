"""Verification statistics of a period's incidents: how many were proposed, where they stand
now, and how long verification took (the median, from the incident's arrival to its verified
transition).

An incident arrives when it is stored, or earlier when its verification history is dated
earlier: the services take an ``at`` for a history replayed after the fact (the demo's is
dated in 2020 in a database built today), and no step is taken before the incident exists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from truce.domain.incident import Incident
from truce.domain.verification import OPEN_STATES, VerificationState
from truce.domain.workflow import Transition

_S = VerificationState


@dataclass(frozen=True, slots=True, kw_only=True)
class VerificationStats:
    proposed: int
    verified: int
    disputed: int
    rejected: int
    merged: int
    still_open: int
    median_time_to_verification: timedelta | None

    @property
    def median_text(self) -> str:
        """``3 d 4 h``, ``5 h 10 min``, or ``none verified``."""
        duration = self.median_time_to_verification
        if duration is None:
            return "none verified"
        minutes = int(duration.total_seconds() // 60)
        days, rest = divmod(minutes, 24 * 60)
        hours, minutes = divmod(rest, 60)
        if days:
            return f"{days} d {hours} h"
        return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def verification_stats(
    incidents: Sequence[Incident], transitions: Mapping[int, Sequence[Transition]]
) -> VerificationStats:
    """Of ``incidents`` (every one proposed in the period, rejected and merged ones included)."""
    durations = []
    for incident in incidents:
        if incident.state is not _S.VERIFIED or incident.id is None or incident.created_at is None:
            continue
        steps = transitions.get(incident.id, ())
        verified_at = [t.at for t in steps if t.to_state is _S.VERIFIED]
        if verified_at:
            durations.append(min(verified_at) - _arrival(incident.created_at, steps))
    states = [incident.state for incident in incidents]
    return VerificationStats(
        proposed=len(incidents),
        verified=states.count(_S.VERIFIED),
        disputed=states.count(_S.DISPUTED),
        rejected=states.count(_S.REJECTED),
        merged=states.count(_S.MERGED),
        still_open=sum(1 for state in states if state in OPEN_STATES and state is not _S.DISPUTED),
        median_time_to_verification=_median(durations),
    )


def _arrival(created_at: datetime, steps: Sequence[Transition]) -> datetime:
    """When the incident came in: when it was stored, or its first step if dated earlier."""
    return min([created_at, *(step.at for step in steps)])


def _median(durations: Sequence[timedelta]) -> timedelta | None:
    if not durations:
        return None
    ordered = sorted(durations)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
