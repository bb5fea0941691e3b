"""A report from the store to bytes: what the CLI and the HTTP routes both call."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from jinja2 import Environment
from sqlalchemy import Connection

from truce.reports.build import build_report
from truce.reports.inputs import load_inputs
from truce.reports.period import ReportPeriod
from truce.reports.render import render_html, render_pdf


class ReportFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"

    @property
    def media_type(self) -> str:
        return "text/html; charset=utf-8" if self is ReportFormat.HTML else "application/pdf"


def produce_report(
    connection: Connection,
    period: ReportPeriod,
    *,
    output_format: ReportFormat,
    public: bool,
    generated_at: datetime,
    environment: Environment,
) -> bytes:
    """The report of ``period`` as HTML or PDF bytes; ``generated_at`` is printed in it."""
    report = build_report(
        load_inputs(connection, period, public=public), period, generated_at=generated_at
    )
    html = render_html(report, environment)
    if output_format is ReportFormat.HTML:
        return html.encode("utf-8")
    return render_pdf(html)
