"""Reporting through the API: JSON and multipart with evidence, edits as versions, sources,
and the 422s that name the field for every kind of bad input."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import bearer
from tests.conftest import SHARED

from truce.store.database import Database

REPORT = {
    "type": "shelling",
    "date": "2020-11-03",
    "lat": 30.5,
    "lon": 16.4,
    "actors": [{"id": "LNA", "role": "alleged_perpetrator"}],
    "summary": "Shelling heard east of Abu Grein",
}
SHARED_CORPUS = SHARED / "corpus" / "dev"
BOWTIE = {"type": "Polygon", "coordinates": [[[16, 30], [17, 31], [17, 30], [16, 31], [16, 30]]]}


def test_a_delegate_reports_with_evidence_and_the_reporter_is_recorded(
    client: TestClient, tokens: dict[str, str]
) -> None:
    files = [
        ("evidence", ("crater.jpg", b"\xff\xd8 crater", "image/jpeg")),
        ("evidence", ("../../etc/notes.txt", b"notes", "text/plain")),
    ]
    response = client.post("/api/v1/incidents", data={"incident": json.dumps(REPORT)},
                           files=files, headers=bearer(tokens["gna.delegate"]))  # fmt: skip
    assert response.status_code == 201, response.text
    created = response.json()
    assert response.headers["location"] == f"/api/v1/incidents/{created['id']}"
    assert created["reported_by"] == "gna.delegate" and created["reporting_party"] == "GNA"
    assert created["origin"] == "party_report"
    assert sorted(e["filename"] for e in created["evidence"]) == ["crater.jpg", "notes.txt"]
    photo = next(e for e in created["evidence"] if e["filename"] == "crater.jpg")
    path = f"/api/v1/incidents/{created['id']}/evidence/{photo['sha256']}"
    download = client.get(path, headers=bearer(tokens["monitor"]))
    assert download.content == b"\xff\xd8 crater"
    assert download.headers["content-type"] == "image/jpeg"


def test_an_edit_is_a_new_version_and_the_history_keeps_both(
    client: TestClient, tokens: dict[str, str]
) -> None:
    monitor = bearer(tokens["monitor"])
    created = client.post("/api/v1/incidents", json=REPORT, headers=monitor).json()
    assert created["origin"] == "monitor_patrol"
    path = f"/api/v1/incidents/{created['id']}"
    edited = client.put(f"{path}?version=1", json=REPORT | {"fatalities": 2},
                        headers=bearer(tokens["analyst"]))  # fmt: skip
    assert edited.status_code == 200 and edited.json()["version"] == 2
    stale = client.put(f"{path}?version=1", json=REPORT, headers=monitor)
    assert stale.status_code == 409 and "version 2, not 1" in stale.json()["error"]["message"]
    history = client.get(f"{path}/history", headers=monitor).json()["versions"]
    assert [(v["version"], v["created_by"], v["content"]["fatalities"]) for v in history] == [
        (1, "monitor", None),
        (2, "analyst", 2),
    ]
    assert history[1]["content"]["reported_by"] == "monitor"  # the reporter stays


def test_a_role_reports_only_its_own_origin(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.post("/api/v1/incidents", json=REPORT | {"origin": "monitor_patrol"},
                           headers=bearer(tokens["lna.delegate"]))  # fmt: skip
    assert response.status_code == 403
    assert "party_report, not monitor_patrol" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"lat": 91}, "lat"),
        ({"lon": -181}, "lon"),
        ({"geometry": BOWTIE}, "geometry"),
        ({"type": "skirmish"}, "type"),
        ({"actors": [{"id": "LNA", "role": "villain"}]}, "actors.0.role"),
        ({"date": "1066-10-14"}, "date"),
        ({"date": "2020-02-30"}, "date"),
        ({"actors": [{"id": "NOBODY"}]}, "actors.0.id"),
    ],
)
def test_bad_input_is_422_naming_the_field_in_json_and_multipart(
    client: TestClient, tokens: dict[str, str], change: dict[str, object], field: str
) -> None:
    body = REPORT | change
    headers = bearer(tokens["monitor"])
    existing = client.post("/api/v1/incidents", json=REPORT, headers=headers).json()["id"]
    as_json = client.post("/api/v1/incidents", json=body, headers=headers)
    as_form = client.post("/api/v1/incidents", data={"incident": json.dumps(body)},
                          files=[("evidence", ("a.txt", b"a", "text/plain"))],
                          headers=headers)  # fmt: skip
    edit = client.put(f"/api/v1/incidents/{existing}", json=body, headers=headers)
    for response in (as_json, as_form, edit):
        assert response.status_code == 422, response.text
        assert response.json()["error"]["field"] == field
        assert "Traceback" not in response.text
    assert client.get("/api/v1/incidents/count", headers=headers).json()["count"] == 1
    history = client.get(f"/api/v1/incidents/{existing}/history", headers=headers).json()
    assert len(history["versions"]) == 1


def test_an_article_goes_through_the_pipeline_and_its_events_await_triage(
    client: TestClient, tokens: dict[str, str], database: Database
) -> None:
    page = (SHARED_CORPUS / "maghrebwire-2020-06-18-abu-qurain-reinforcements.txt").read_text()
    article = {"url": "https://maghrebwire.example/abu-qurain", "text": page,
               "outlet": "Maghreb Wire", "published_on": "2020-06-18"}  # fmt: skip
    analyst, monitor = bearer(tokens["analyst"]), bearer(tokens["monitor"])
    response = client.post("/api/v1/sources", json=article, headers=analyst)
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored["status"] == "extracted" and stored["new"] is True
    assert stored["incidents_created"] >= 1
    proposed = client.get("/api/v1/incidents?state=reported", headers=monitor).json()
    assert all(i["origin"] == "open_source" for i in proposed["incidents"])
    assert stored["sha256"] in proposed["incidents"][0]["sources"]
    again = client.post("/api/v1/sources", json=article, headers=analyst).json()
    assert again["status"] == "already_known" and again["new"] is False
    read = client.get(f"/api/v1/sources/{stored['sha256']}", headers=monitor)
    assert read.json()["content"] == page
    both = client.post("/api/v1/sources", json=article | {"html": "<p>x</p>"}, headers=analyst)
    assert both.status_code == 422 and "one of the two" in both.json()["error"]["message"]


def test_an_article_the_pipeline_rejects_is_kept_with_the_reason(
    client: TestClient, tokens: dict[str, str]
) -> None:
    article = {"url": "https://example.org/empty", "html": "<html><body></body></html>"}
    response = client.post("/api/v1/sources", json=article, headers=bearer(tokens["analyst"]))
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "not_extracted" and response.json()["reason"]
    read = client.get(f"/api/v1/sources/{response.json()['sha256']}",
                      headers=bearer(tokens["monitor"]))  # fmt: skip
    assert read.status_code == 200
