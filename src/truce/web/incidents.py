"""The incident pages: the filterable list (``/incidents``), one incident (``/incidents/N``)
and its evidence files (``/incidents/N/evidence/SHA256``, for those the policy lets read them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Path
from sqlalchemy import Connection
from starlette.responses import Response

from truce.api.downloads import evidence_download
from truce.domain.incident import Incident
from truce.domain.policy import check_evidence_reader, may_read_evidence
from truce.domain.source import Source
from truce.domain.taxonomy import IncidentType
from truce.domain.verification import VerificationState
from truce.domain.visibility import withholds_evidence
from truce.errors import NotFound
from truce.services.verification import incident_record
from truce.store.agreements import actor_names, load_agreement
from truce.store.sources import get_source
from truce.web.evidence import Piece, evidence_sentence, marked_pieces, readable_text
from truce.web.filters import PAGE_SIZE, ListFilters, check_filters
from truce.web.map import map_context
from truce.web.mapdata import incident_features, parties_involved
from truce.web.readers import (
    readable_incident,
    readable_incidents,
    shown_record,
    visibility_of,
)
from truce.web.rendering import PageConnection, PageDependency, PageRoute
from truce.web.safety import safe_link

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@dataclass(frozen=True, slots=True)
class IncidentRow:
    incident: Incident
    parties: tuple[str, ...]


@router.get("/incidents", name="incident_list")
def incident_list(page: PageDependency, connection: PageConnection) -> Response:
    agreement = load_agreement(connection)
    filters = ListFilters.from_params(page.request.query_params)
    checked = check_filters(filters, agreement)
    found: list[Incident] = []
    if not checked.errors:
        visibility = visibility_of(page.user, agreement)
        found = readable_incidents(connection, visibility, checked.query)
    shown = found[:PAGE_SIZE]
    next_cursor = shown[-1].id if len(found) > PAGE_SIZE and shown else None
    return page.render(
        "incidents.html",
        agreement=agreement,
        filters=filters,
        errors=checked.errors,
        rows=[IncidentRow(i, parties_involved(agreement, i)) for i in shown],
        next_params=[*filters.without_cursor(), ("after", str(next_cursor))]
        if next_cursor is not None
        else None,
        incident_types=list(IncidentType),
        states=list(VerificationState),
        **map_context(page, agreement),
    )


@router.get("/incidents/{incident_id:int}", name="incident_page")
def incident_page(incident_id: int, page: PageDependency, connection: PageConnection) -> Response:
    agreement = load_agreement(connection)
    visibility = visibility_of(page.user, agreement)
    incident = readable_incident(connection, visibility, incident_id)
    record = shown_record(incident_record(connection, incident_id), incident, visibility)
    return page.render(
        "incident.html",
        agreement=agreement,
        incident=incident,
        record=record,
        just_reported=page.request.query_params.get("reported") == "1",
        parties=parties_involved(agreement, incident),
        actor_names=actor_names(connection),
        sources=source_views(connection, incident),
        may_download_evidence=may_read_evidence(page.user, visibility),
        evidence_withheld=withholds_evidence(visibility),
        incidents=incident_features(agreement, [incident]),
        **map_context(page, agreement),
    )


@router.get("/incidents/{incident_id:int}/evidence/{sha256}", name="evidence_file")
def evidence_file(
    incident_id: int,
    sha256: Annotated[str, Path(pattern="^[0-9a-f]{64}$")],
    page: PageDependency,
    connection: PageConnection,
) -> Response:
    """An evidence file, as the API sends it, to a signed-in user the policy lets read it."""
    agreement = load_agreement(connection)
    visibility = visibility_of(page.user, agreement)
    check_evidence_reader(page.require_user("downloading evidence files"), visibility)
    incident = readable_incident(connection, visibility, incident_id)
    return evidence_download(page.renderer.database, incident, sha256)


@dataclass(frozen=True, slots=True)
class SourceView:
    """A source as the pages show it: its text in pieces (the evidence sentence marked), and a
    link only if its address is a web address."""

    sha256: str
    source: Source | None
    pieces: list[Piece]
    link: str | None

    @property
    def text(self) -> str:
        return "".join(piece for piece, _marked in self.pieces)

    @property
    def has_evidence(self) -> bool:
        return any(marked for _piece, marked in self.pieces)


def source_views(connection: Connection, incident: Incident) -> list[SourceView]:
    sentence = evidence_sentence(incident)
    views = []
    for sha256 in incident.source_hashes:
        try:
            source = get_source(connection, sha256)
        except NotFound:
            views.append(SourceView(sha256, None, [], None))
            continue
        text = readable_text(source)
        views.append(
            SourceView(sha256, source, marked_pieces(text, sentence), safe_link(source.url))
        )
    return views
