"""A ``Report`` as HTML (Jinja2) and as PDF (WeasyPrint), with its map and chart as inline SVG.

Everything is local: the template and stylesheet ship in ``templates/``, the fonts are the
system's (DejaVu, from Debian's ``fonts-dejavu-core``), and nothing is fetched (WeasyPrint's
URL fetcher refuses every URL). The PDF's metadata dates are the period's end, not the clock,
so that only the printed generation time differs between two renderings of the same data.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from truce.errors import InvalidInput
from truce.reports.build import Report
from truce.reports.charts import TYPE_COLOURS, daily_chart_svg, type_label
from truce.reports.maps import incident_map_svg, map_bounds, towns_within


def report_environment() -> Environment:
    """The Jinja2 environment of the report templates (made once, passed to ``render_html``)."""
    environment = Environment(
        loader=PackageLoader("truce.reports", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["type_label"] = type_label
    environment.filters["signed"] = lambda n: f"+{n}" if n > 0 else ("±0" if n == 0 else str(n))
    return environment


def render_html(report: Report, environment: Environment) -> str:
    incidents = [entry.incident for entry in report.incidents]
    bounds = map_bounds(report.agreement, incidents)
    context: dict[str, Any] = {
        "report": report,
        "map_svg": incident_map_svg(report.agreement, incidents, towns_within(bounds), bounds),
        "chart_svg": daily_chart_svg(report.per_day),
        "type_colours": {str(kind): colour for kind, colour in TYPE_COLOURS.items()},
        "metadata_date": _metadata_date(report),
        "stylesheet": environment.get_template("report.css").render(),
    }
    return environment.get_template("report.html").render(context)


def render_pdf(html: str) -> bytes:
    """The PDF of a rendered report; no URL is ever fetched."""
    import weasyprint

    document = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch)
    pdf: bytes = document.write_pdf()
    return pdf


def _metadata_date(report: Report) -> str:
    end_of_period = datetime.combine(report.period.last, time(23, 59, 59), tzinfo=UTC)
    return end_of_period.isoformat().replace("+00:00", "Z")


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise InvalidInput("report", f"a report fetches nothing, but its HTML refers to {url}")
