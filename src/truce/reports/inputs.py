"""Loading what a report is built from, through the store's queries."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection

from truce.domain.visibility import Visibility, visibility_for
from truce.reports.build import ReportInputs
from truce.reports.period import ReportPeriod
from truce.services.compliance import compliance_board
from truce.store.agreements import load_agreement
from truce.store.audit_log import chain_head
from truce.store.incidents import IncidentQuery, list_incidents
from truce.store.sources import source_labels
from truce.store.verification import list_transitions


def load_inputs(
    connection: Connection,
    period: ReportPeriod,
    *,
    public: bool,
    visibility: Visibility | None = None,
) -> ReportInputs:
    """The agreement, the incidents from the chart's first day (or the previous period's) to the
    period's end, and the sources they cite.

    The incidents are those ``visibility`` shows; a public report without one shows what the
    public sees (``truce.domain.visibility``): published incidents only.
    """
    since = min(period.previous().first, period.chart_days()[0])
    agreement = load_agreement(connection)
    if public and visibility is None:
        visibility = visibility_for(None, agreement, now=datetime.now(UTC))
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
    return ReportInputs(
        agreement=agreement,
        incidents=incidents,
        sources=sources,
        transitions=transitions,
        board=compliance_board(connection, agreement, period.last),
        previous_board=compliance_board(connection, agreement, period.previous().last),
        audit_head=chain_head(connection),
        public=public,
    )
