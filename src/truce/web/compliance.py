"""The compliance board (``/compliance``): each term's status per party, with the verified
incidents behind it (``truce.services.compliance``, the one engine), as of a chosen day; and
the incidents per day by type and by accused party."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from fastapi import APIRouter
from starlette.responses import Response

from truce.domain.agreement import Agreement, Term
from truce.domain.compliance import TermStatus
from truce.errors import InvalidInput
from truce.services.compliance import compliance_board
from truce.store.agreements import load_agreement
from truce.store.incidents import IncidentQuery
from truce.web.charts import (
    NO_PARTY,
    accused_parties,
    count_by_day,
    incident_type,
    party_colours,
    stacked_chart,
)
from truce.web.i18n import Catalogue
from truce.web.mapdata import TYPE_COLOURS
from truce.web.readers import readable_incidents, visibility_of
from truce.web.rendering import PageConnection, PageDependency, PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@dataclass(frozen=True, slots=True)
class BoardRow:
    term: Term
    status: TermStatus


@router.get("/compliance", name="compliance_board")
def compliance_board_page(page: PageDependency, connection: PageConnection) -> Response:
    agreement = load_agreement(connection)
    typed_as_of = page.request.query_params.get("as_of", "").strip()
    visibility = visibility_of(page.user, agreement)
    errors: dict[str, str] = {}
    board = None
    try:
        board = compliance_board(connection, agreement, _as_of(typed_as_of), visibility)
    except InvalidInput as error:  # named under the field, which keeps what was typed
        errors[error.field] = error.problem
    terms = {term.id: term for term in agreement.terms}
    incidents = readable_incidents(connection, visibility, IncidentQuery())
    by_type = count_by_day(incidents, incident_type)
    by_party = count_by_day(incidents, accused_parties(agreement))
    type_colours = {str(kind): colour for kind, colour in TYPE_COLOURS.items()}
    return page.render(
        "compliance.html",
        agreement=agreement,
        board=board,
        rows=[BoardRow(terms[status.term_id], status) for status in board.statuses]
        if board
        else [],
        as_of_typed=typed_as_of,
        errors=errors,
        incident_total=len(incidents),
        by_type=by_type,
        by_party=by_party,
        type_chart=stacked_chart(by_type, type_colours) if by_type else None,
        party_chart=stacked_chart(by_party, party_colours(agreement)) if by_party else None,
        type_label=_series_label(page.renderer.catalogue, "type", agreement),
        party_label=_series_label(page.renderer.catalogue, "party", agreement),
    )


def _as_of(typed: str) -> date:
    """The day the board is evaluated on: today unless a day is given."""
    if not typed:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(typed)
    except ValueError:
        raise InvalidInput(
            "as_of", f"{typed!r} is not a date: use YYYY-MM-DD, or leave it empty for today"
        ) from None


def _series_label(catalogue: Catalogue, kind: str, agreement: Agreement) -> Callable[[str], str]:
    names = {party.id: f"{party.id} — {party.name}" for party in agreement.parties}

    def label(key: str) -> str:
        if kind == "type":
            return catalogue.label("type", key)
        if key == NO_PARTY:
            return catalogue.text("board.no_party")
        return names.get(key, key)

    return label
