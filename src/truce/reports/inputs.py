"""Loading what a report is built from, through the store's queries."""

from __future__ import annotations

from sqlalchemy import Connection

from truce.reports.build import ReportInputs
from truce.reports.period import ReportPeriod
from truce.store.agreements import load_agreement
from truce.store.incidents import IncidentQuery, list_incidents
from truce.store.sources import source_labels


def load_inputs(connection: Connection, period: ReportPeriod, *, public: bool) -> ReportInputs:
    """The agreement, the incidents from the chart's first day (or the previous period's) to the
    period's end, and the sources they cite."""
    since = min(period.previous().first, period.chart_days()[0])
    incidents = list_incidents(connection, IncidentQuery(since=since, until=period.last))
    sources = source_labels(connection, {sha for i in incidents for sha in i.source_hashes})
    return ReportInputs(
        agreement=load_agreement(connection), incidents=incidents, sources=sources, public=public
    )
