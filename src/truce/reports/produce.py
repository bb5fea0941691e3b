"""A report from the store to bytes: what the CLI and the HTTP routes both call."""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum

from jinja2 import Environment
from sqlalchemy import Connection

from truce.domain.visibility import Visibility
from truce.reports.build import build_report
from truce.reports.document import report_document
from truce.reports.inputs import load_inputs
from truce.reports.period import ReportPeriod
from truce.reports.render import render_html, render_pdf


class ReportFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"
    JSON = "json"

    @property
    def media_type(self) -> str:
        return {
            ReportFormat.HTML: "text/html; charset=utf-8",
            ReportFormat.PDF: "application/pdf",
            ReportFormat.JSON: "application/json",
        }[self]


def produce_report(
    connection: Connection,
    period: ReportPeriod,
    *,
    output_format: ReportFormat,
    public: bool,
    generated_at: datetime,
    environment: Environment,
    visibility: Visibility | None = None,
) -> bytes:
    """The report of ``period`` as HTML, PDF or JSON bytes; ``generated_at`` is printed in it."""
    report = build_report(
        load_inputs(connection, period, public=public, visibility=visibility),
        period,
        generated_at=generated_at,
    )
    if output_format is ReportFormat.JSON:
        document = json.dumps(report_document(report), ensure_ascii=False, indent=1)
        return document.encode("utf-8") + b"\n"
    html = render_html(report, environment)
    if output_format is ReportFormat.HTML:
        return html.encode("utf-8")
    return render_pdf(html)
