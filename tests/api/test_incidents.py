"""The JSON API in-process on both backends: incidents, filters, the agreement, errors.

Read as a monitor (who sees everything); what others see is tested in test_visibility.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import bearer, create_accounts

from truce.api.app import create_app
from truce.schemas.incident import incident_from_submission, parse_submission
from truce.settings import Settings
from truce.store.database import Database
from truce.store.incidents import insert_incident

SUBMISSIONS = [
    {"type": "shelling", "date": "2020-11-02", "lat": 30.45, "lon": 16.35,
     "actors": [{"id": "LNA", "role": "alleged_perpetrator"}], "summary": "inside the zone"},
    {"type": "armed_clash", "date": "2020-06-17", "lat": 31.44, "lon": 15.26,
     "actors": [{"id": "GNA", "role": "alleged_perpetrator"}], "summary": "at Abu Qurain"},
    {"type": "meeting", "date": "2020-11-13", "lat": 31.21, "lon": 16.59,
     "actors": [{"id": "JMC", "role": "participant"}], "summary": "the 5+5 in Sirte"},
]  # fmt: skip


@pytest.fixture
def client(database: Database) -> Iterator[TestClient]:
    with database.transaction() as connection:
        for submission in SUBMISSIONS:
            insert_incident(connection, incident_from_submission(parse_submission(submission)))
    monitor = create_accounts(database)["monitor"]
    app = create_app(Settings(database=database.url), database=database)
    with TestClient(app, raise_server_exceptions=False, headers=bearer(monitor)) as test_client:
        yield test_client


def test_lists_all_incidents_with_id_and_state(client: TestClient) -> None:
    response = client.get("/api/v1/incidents")
    assert response.status_code == 200
    body = response.json()
    assert [(i["id"], i["state"], i["type"]) for i in body["incidents"]] == [
        (1, "reported", "shelling"),
        (2, "reported", "armed_clash"),
        (3, "reported", "meeting"),
    ]
    assert body["next"] is None


def test_filters_combine(client: TestClient) -> None:
    query = "bbox=15.35,28.9,17.2,31.35&since=2020-11-01&type=shelling&type=meeting&party=LNA"
    found = client.get(f"/api/v1/incidents?{query}").json()["incidents"]
    assert [i["id"] for i in found] == [1]


def test_pages_follow_the_cursor(client: TestClient) -> None:
    first = client.get("/api/v1/incidents?limit=2").json()
    assert [i["id"] for i in first["incidents"]] == [1, 2] and first["next"] == 2
    second = client.get(f"/api/v1/incidents?limit=2&after={first['next']}").json()
    assert [i["id"] for i in second["incidents"]] == [3] and second["next"] is None


def test_reads_one_incident_and_says_when_it_is_missing(client: TestClient) -> None:
    assert client.get("/api/v1/incidents/2").json()["summary"] == "at Abu Qurain"
    missing = client.get("/api/v1/incidents/99")
    assert missing.status_code == 404
    assert missing.json() == {"error": {"code": "not_found", "message": "there is no incident 99"}}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("bbox=1,2,3", "bbox"),
        ("since=2020-13-01", "since"),
        ("type=skirmish", "type.0"),
        # Filters that cannot match, and a mistyped one, are named rather than answered with
        # an empty or an unfiltered list that would read as a finding.
        ("party=TUR", "party"),
        ("since=2020-11-05&until=2020-11-01", "until"),
        ("stat=verified", "stat"),
    ],
)
def test_bad_filters_get_422_naming_the_field(client: TestClient, query: str, field: str) -> None:
    for path in ("/api/v1/incidents", "/api/v1/incidents/count"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 422, path
        assert response.json()["error"]["field"] == field


def test_the_agreement_is_its_scenario_document(client: TestClient) -> None:
    agreement = client.get("/api/v1/agreement").json()
    assert agreement["agreement"]["co_chairs"] == ["TUR", "RUS"]
    assert {zone["id"] for zone in agreement["zones"]} >= {"sirte-jufra-buffer"}
    assert [term["id"] for term in agreement["terms"]][:3] == ["T1", "T2", "T3"]


def test_unknown_routes_are_404_in_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_openapi_is_served(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert "/api/v1/incidents" in spec["paths"]
