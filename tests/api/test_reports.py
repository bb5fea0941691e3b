"""The reports over HTTP: ``/reports/daily/D.html|.pdf|.json`` and ``/reports/weekly/W.…``.

A reader gets the edition the visibility rule allows: a monitor the internal one, the public
the public one.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from truce.api.app import create_app
from truce.demo import build_demo
from truce.settings import Settings
from truce.store.database import Database


def test_reports_are_served_as_html_pdf_and_json_in_the_readers_edition(tmp_path: Path) -> None:
    database = Database(str(tmp_path / "demo.db"))
    summary = build_demo(database)
    client = TestClient(create_app(Settings(database=str(tmp_path / "demo.db")), database=database))
    monitor = {"Authorization": f"Bearer {summary.monitor_token}"}

    html = client.get("/reports/daily/2020-11-02.html", headers=monitor)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<strong>1</strong> incident in the period" in html.text
    assert "internal edition: all incidents" in html.text

    twin = client.get("/reports/daily/2020-11-02.json", headers=monitor).json()
    assert twin["incidents_total"] == {"label": "incidents", "current": 1, "previous": 0}
    lna = "Libyan National Army and allied forces"
    assert twin["violations"] == [{"incident": 1, "terms": ["T1", "T5"], "parties": [lna]}]
    assert {"term": "T1", "party": "LNA", "status": "violation"}.items() <= next(
        line for line in twin["compliance"] if (line["term"], line["party"]) == ("T1", "LNA")
    ).items()
    assert twin["audit_head"]["hash"] in html.text

    # The demo verified the shelling in November 2020, long past the 24-hour embargo: the
    # public edition has it, without its reporter.
    public = client.get("/reports/daily/2020-11-02.json").json()
    assert public["public"] and public["incidents_total"]["current"] == 1
    assert [i["id"] for i in public["incidents"]] == [1]
    assert not public["incidents"][0].get("reported_by")

    pdf = client.get("/reports/weekly/2020-W46.pdf", headers=monitor)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert 'filename="weekly-2020-W46.pdf"' in pdf.headers["content-disposition"]

    assert client.get("/reports/daily/2020-11-02.docx").status_code == 404
    bad_week = client.get("/reports/weekly/2020-46.html")
    assert bad_week.status_code == 422
    assert bad_week.json()["error"]["message"] == "'2020-46' is not an ISO week such as 2020-W46"
