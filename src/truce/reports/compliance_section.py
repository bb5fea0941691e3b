"""The compliance part of a report: the board as of the period's end, what changed since the end
of the previous period, and an entry for each verified violation of the period.

The statuses come from the compliance engine (``truce.domain.compliance``); this module only
lays them side by side.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from truce.domain.agreement import Agreement
from truce.domain.compliance import Board, Status

if TYPE_CHECKING:  # build.py imports this module; the entry type is only annotated here
    from truce.reports.build import IncidentEntry


@dataclass(frozen=True, slots=True)
class ComplianceLine:
    """One term for one party: its status at the period's end and at the previous period's."""

    term_id: str
    term_text: str
    party: str  # the party's id: the board is a grid of terms by parties
    status: Status
    previous_status: Status
    incident_ids: tuple[int, ...]
    detail: str

    @property
    def changed(self) -> bool:
        return self.status is not self.previous_status


@dataclass(frozen=True, slots=True)
class ViolationEntry:
    """A verified incident of the period that a term's violation rests on."""

    entry: IncidentEntry
    terms: tuple[str, ...]
    parties: tuple[str, ...]


def compliance_lines(
    agreement: Agreement, board: Board, previous: Board
) -> tuple[ComplianceLine, ...]:
    texts = {term.id: term.text for term in agreement.terms}
    before = {(s.term_id, s.party_id): s.status for s in previous.statuses}
    return tuple(
        ComplianceLine(
            term_id=status.term_id,
            term_text=texts.get(status.term_id, status.term_id),
            party=status.party_id,
            status=status.status,
            previous_status=before.get((status.term_id, status.party_id), Status.UNKNOWN),
            incident_ids=status.incident_ids,
            detail=status.detail,
        )
        for status in board.statuses
    )


def violation_entries(
    board: Board, agreement: Agreement, incidents: Sequence[IncidentEntry]
) -> tuple[ViolationEntry, ...]:
    """The period's incidents behind a ``violation``, each with the terms and parties it breaks."""
    parties = {party.id: party.name for party in agreement.parties}
    breaches: dict[int, list[tuple[str, str]]] = {}
    for status in board.statuses:
        if status.status is Status.VIOLATION:
            for incident_id in status.incident_ids:
                breaches.setdefault(incident_id, []).append((status.term_id, status.party_id))
    return tuple(
        ViolationEntry(
            entry=entry,
            terms=tuple(dict.fromkeys(term for term, _ in breaches[entry.incident.id])),
            parties=tuple(
                dict.fromkeys(parties.get(party, party) for _, party in breaches[entry.incident.id])
            ),
        )
        for entry in incidents
        if entry.incident.id in breaches
    )


def status_counts(lines: Sequence[ComplianceLine]) -> Mapping[Status, int]:
    return {kind: sum(1 for line in lines if line.status is kind) for kind in Status}
