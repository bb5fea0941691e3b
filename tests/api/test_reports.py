"""The reports over HTTP: ``/reports/daily/D.html|.pdf|.json`` and ``/reports/weekly/W.…``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fastapi.testclient import TestClient

from truce.api.app import create_app
from truce.demo import build_demo
from truce.domain.credentials import TokenKind, issue_token
from truce.settings import Settings
from truce.store.database import Database
from truce.store.users import add_token

LNA = "Libyan National Army and allied forces"


def test_reports_are_served_as_html_and_pdf(tmp_path: Path) -> None:
    database = Database(str(tmp_path / "demo.db"))
    build_demo(database)
    with database.transaction() as connection:
        token = issue_token(TokenKind.API, now=datetime.now(UTC), lifetime=None)
        add_token(connection, "analyst", token)
    app = create_app(Settings(database=str(tmp_path / "demo.db")), database=database)
    client = TestClient(app, headers={"Authorization": f"Bearer {token.secret}"})

    html = client.get("/reports/daily/2020-11-02.html")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<strong>1</strong> incident in the period" in html.text

    pdf = client.get("/reports/weekly/2020-W46.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert 'filename="weekly-2020-W46.pdf"' in pdf.headers["content-disposition"]

    twin = client.get("/reports/daily/2020-11-02.json").json()
    assert twin["incidents_total"] == {"label": "incidents", "current": 1, "previous": 0}
    assert twin["violations"] == [{"incident": 1, "terms": ["T1", "T5"], "parties": [LNA]}]
    assert {"term": "T1", "party": "LNA", "status": "violation"}.items() <= next(
        line for line in twin["compliance"] if (line["term"], line["party"]) == ("T1", "LNA")
    ).items()
    assert twin["audit_head"]["hash"] in html.text

    # The public edition holds published incidents only: the demo's verifications were made
    # just now, so the agreement's 24-hour embargo still keeps them from the public.
    public = TestClient(app).get("/reports/daily/2020-11-02.json").json()
    assert public["incidents_total"]["current"] == 0

    assert client.get("/reports/daily/2020-11-02.docx").status_code == 404
    bad_week = client.get("/reports/weekly/2020-46.html")
    assert bad_week.status_code == 422
    assert bad_week.json()["error"]["message"] == "'2020-46' is not an ISO week such as 2020-W46"
