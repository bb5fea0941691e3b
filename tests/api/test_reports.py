"""The reports over HTTP: ``/reports/daily/D.html|.pdf`` and ``/reports/weekly/W.html|.pdf``."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from truce.api.app import create_app
from truce.demo import build_demo
from truce.settings import Settings
from truce.store.database import Database


def test_reports_are_served_as_html_and_pdf(tmp_path: Path) -> None:
    database = Database(str(tmp_path / "demo.db"))
    build_demo(database)
    client = TestClient(create_app(Settings(database=str(tmp_path / "demo.db")), database=database))

    html = client.get("/reports/daily/2020-11-02.html")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<strong>1</strong> incident in the period" in html.text

    pdf = client.get("/reports/weekly/2020-W46.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert 'filename="weekly-2020-W46.pdf"' in pdf.headers["content-disposition"]

    assert client.get("/reports/daily/2020-11-02.docx").status_code == 404
    bad_week = client.get("/reports/weekly/2020-46.html")
    assert bad_week.status_code == 422
    assert bad_week.json()["error"]["message"] == "'2020-46' is not an ISO week such as 2020-W46"
