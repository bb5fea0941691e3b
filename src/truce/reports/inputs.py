"""Loading what a report is built from, through the store's queries and the visibility rule."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from truce.domain.agreement import Agreement
from truce.domain.visibility import Visibility, redact_incident, visibility_for
from truce.reports.build import ReportInputs
from truce.reports.period import ReportPeriod
from truce.services.compliance import compliance_board
from truce.store.agreements import actor_names, load_agreement
from truce.store.audit_log import chain_head
from truce.store.incidents import IncidentQuery, list_incidents
from truce.store.sources import source_labels
from truce.store.verification import list_transitions


def load_inputs(
    connection: Connection,
    period: ReportPeriod,
    *,
    public: bool,
    as_of: datetime,
    visibility: Visibility | None = None,
) -> ReportInputs:
    """The agreement, the incidents from the chart's first day (or the previous period's) to the
    period's end, the sources they cite, their transitions and the compliance boards.

    Everything is what ``visibility`` shows (``truce.domain.visibility``); a public report
    without one shows what the public sees at ``as_of``: incidents published by then (verified,
    and past the embargo), redacted, and a board judged on them alone.
    """
    agreement = load_agreement(connection)
    if public and visibility is None:
        visibility = visibility_for(None, agreement, now=as_of)
    since = min(period.previous().first, period.chart_days()[0])
    query = IncidentQuery(since=since, until=period.last, visibility=visibility)
    incidents = list_incidents(connection, query)
    sources = source_labels(connection, {sha for i in incidents for sha in i.source_hashes})
    transitions = {
        incident.id: list_transitions(connection, incident.id)
        for incident in incidents
        if incident.id is not None
        and incident.occurred_on is not None
        and period.first <= incident.occurred_on <= period.last
    }
    redaction = visibility.redaction if visibility is not None else None
    return ReportInputs(
        agreement=agreement,
        incidents=[redact_incident(incident, redaction) for incident in incidents],
        sources=sources,
        actor_names=actor_names(connection),
        transitions=transitions,
        board=compliance_board(connection, agreement, period.last, visibility),
        previous_board=compliance_board(connection, agreement, period.previous().last, visibility),
        audit_head=chain_head(connection),
        public=public,
        edition=edition(agreement, visibility),
    )


def edition(agreement: Agreement, visibility: Visibility | None) -> str:
    """What the report's reader sees, as its first page says."""
    if visibility is None or visibility.sees_everything:
        return "internal edition: all incidents"
    if visibility.own_party is not None:
        party = agreement.party(visibility.own_party).name
        return (
            f"edition for the delegation of {party}: its own reports, what it is accused in, "
            "and what is published"
        )
    return "public edition: published incidents only, redacted"
