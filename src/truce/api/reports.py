"""``/reports/daily/D.html|.pdf|.json`` and ``/reports/weekly/W.…``: the reports over HTTP.

A report holds what its reader may see: the internal edition (all incidents) for the roles
that see everything, the public edition (published incidents only) for the public, and for a
party delegate the incidents the visibility rule shows them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from truce.api.dependencies import Caller, CurrentCaller
from truce.errors import NotFound
from truce.reports.period import ReportPeriod, daily, weekly
from truce.reports.produce import ReportFormat, produce_report
from truce.reports.render import report_environment

router = APIRouter(tags=["reports"])

FileName = Annotated[str, Path(description="the period and the format, e.g. 2020-11-02.pdf")]


@router.get("/reports/daily/{file_name}", summary="The daily report of a day, as HTML or PDF")
def daily_route(file_name: FileName, caller: CurrentCaller) -> Response:
    label, output_format = _split(file_name)
    return _response(caller, daily(label), output_format)


@router.get("/reports/weekly/{file_name}", summary="The weekly report of an ISO week")
def weekly_route(file_name: FileName, caller: CurrentCaller) -> Response:
    label, output_format = _split(file_name)
    return _response(caller, weekly(label), output_format)


def _split(file_name: str) -> tuple[str, ReportFormat]:
    label, _, extension = file_name.rpartition(".")
    if extension not in {str(kind) for kind in ReportFormat} or not label:
        raise NotFound(
            f"there is no report {file_name!r}: ask for PERIOD.html, PERIOD.pdf or PERIOD.json"
        )
    return label, ReportFormat(extension)


def _response(caller: Caller, period: ReportPeriod, output_format: ReportFormat) -> Response:
    content = produce_report(
        caller.connection,
        period,
        output_format=output_format,
        public=not caller.visibility.sees_everything,
        visibility=caller.visibility,
        generated_at=datetime.now(UTC).replace(microsecond=0),
        environment=report_environment(),
    )
    disposition = f'inline; filename="{period.kind}-{period.label}.{output_format}"'
    return Response(
        content,
        media_type=output_format.media_type,
        headers={"Content-Disposition": disposition},
    )
