"""``/api/v1/compliance``: the compliance board — a status per term and party, with the
incidents behind it, judged by the compliance engine on the verified incidents the requester
may see (so the public's board rests on published incidents only)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from truce.api.dependencies import CurrentCaller
from truce.schemas.incident import EARLIEST_DATE, LATEST_DATE
from truce.services.compliance import board_document, compliance_board

router = APIRouter(tags=["compliance"])


@router.get("/compliance", summary="The compliance board: each term's status for each party")
def board_route(
    caller: CurrentCaller,
    as_of: Annotated[
        date | None,
        Query(ge=EARLIEST_DATE, le=LATEST_DATE, description="the day judged (default: today)"),
    ] = None,
) -> dict[str, Any]:
    day = as_of or datetime.now(UTC).date()
    board = compliance_board(caller.connection, caller.agreement, day, caller.visibility)
    return board_document(board)
