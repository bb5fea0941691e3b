"""A report as JSON: the same data as its HTML and PDF, for tools (the pages' JSON twin)."""

from __future__ import annotations

from typing import Any

from truce.reports.build import CountRow, Report
from truce.schemas.incident import incident_document


def report_document(report: Report) -> dict[str, Any]:
    stats = report.verification
    median = stats.median_time_to_verification
    return {
        "kind": str(report.period.kind),
        "period": {
            "label": report.period.label,
            "first": report.period.first.isoformat(),
            "last": report.period.last.isoformat(),
        },
        "previous_period": {
            "label": report.previous.label,
            "first": report.previous.first.isoformat(),
            "last": report.previous.last.isoformat(),
        },
        "agreement": report.agreement.id,
        "edition": "public" if report.public else "internal",
        "generated_at": report.generated_at.isoformat(),
        "audit_head": (
            {"seq": report.audit_head[0], "hash": report.audit_head[1]}
            if report.audit_head
            else None
        ),
        "incidents_total": _count(report.total),
        "by_type": [_count(row) for row in report.by_type],
        "by_party": [_count(row) for row in report.by_party],
        "by_area": [_count(row) for row in report.by_area],
        "per_day": [
            {
                "day": day.day.isoformat(),
                "by_type": {str(k): n for k, n in sorted(day.by_type.items())},
            }
            for day in report.per_day
        ],
        "compliance": [
            {
                "term": line.term_id,
                "party": line.party,
                "status": str(line.status),
                "previous_status": str(line.previous_status),
                "incidents": list(line.incident_ids),
                "detail": line.detail,
            }
            for line in report.compliance
        ],
        "violations": [
            {
                "incident": violation.entry.incident.id,
                "terms": list(violation.terms),
                "parties": list(violation.parties),
            }
            for violation in report.violations
        ],
        "verification": {
            "proposed": stats.proposed,
            "verified": stats.verified,
            "disputed": stats.disputed,
            "rejected": stats.rejected,
            "merged": stats.merged,
            "still_open": stats.still_open,
            "median_seconds_to_verification": median.total_seconds() if median else None,
        },
        "incidents": [
            incident_document(entry.incident) | {"areas": list(entry.areas)}
            for entry in report.incidents
        ],
        "articles": [
            {
                "sha256": article.sha256,
                "title": article.title,
                "outlet": article.outlet,
                "url": article.url,
                "published_on": article.published_on.isoformat() if article.published_on else None,
                "incidents": list(article.incident_ids),
            }
            for article in report.articles
        ],
    }


def _count(row: CountRow) -> dict[str, Any]:
    return {"label": row.label, "current": row.current, "previous": row.previous}
