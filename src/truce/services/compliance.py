"""The compliance board from the store: verified incidents in, a status per term and party out.

``board_after_change`` is the incremental path: after a verification change it re-evaluates
only the (term, party) pairs the changed incident can affect and keeps the rest of the board.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection

from truce.domain.agreement import Agreement
from truce.domain.compliance import Board, affected_pairs, evaluate
from truce.domain.compliance_evidence import Evidence, from_incidents
from truce.domain.incident import Incident
from truce.domain.verification import VerificationState
from truce.domain.visibility import Visibility
from truce.store.incidents import IncidentQuery, list_incidents


def verified_evidence(
    connection: Connection, agreement: Agreement, visibility: Visibility | None = None
) -> Evidence:
    """The verified incidents as evidence; with ``visibility``, only those it shows."""
    query = IncidentQuery(states=(VerificationState.VERIFIED,), visibility=visibility)
    return from_incidents(agreement, list_incidents(connection, query))


def compliance_board(
    connection: Connection,
    agreement: Agreement,
    as_of: date,
    visibility: Visibility | None = None,
) -> Board:
    """The board as of a day; with ``visibility``, judged on the incidents it shows only (the
    public's board rests on published incidents, so it reveals nothing still embargoed)."""
    return evaluate(agreement, verified_evidence(connection, agreement, visibility), as_of)


def board_after_change(
    connection: Connection, agreement: Agreement, board: Board, changed: Incident
) -> Board:
    """``board`` with only the pairs ``changed`` can affect recomputed."""
    pairs = affected_pairs(agreement, [changed.type], changed.actor_ids())
    if not pairs:
        return board
    fresh = evaluate(agreement, verified_evidence(connection, agreement), board.as_of, pairs)
    return board.replaced(fresh.statuses)


def board_document(board: Board) -> dict[str, Any]:
    return {
        "as_of": board.as_of.isoformat(),
        "statuses": [
            {
                "term": status.term_id,
                "party": status.party_id,
                "kind": status.kind.value,
                "status": status.status.value,
                "incidents": list(status.incident_ids),
                "detail": status.detail,
                "stages": [
                    {
                        "contingent": stage.contingent,
                        "stage": stage.stage.value,
                        "incident": stage.incident_id,
                        "observed_on": stage.observed_on.isoformat() if stage.observed_on else None,
                    }
                    for stage in status.stages
                ],
            }
            for status in board.statuses
        ],
    }
