"""Evidence files on the pages, over HTTP: the report form's files checked by size before they
are read, with what was typed kept; downloads refused to the public as pages, not JSON."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from truce.api.app import create_app
from truce.demo import build_demo
from truce.settings import Settings
from truce.store.database import Database
from truce.store.incidents import IncidentQuery, count_incidents
from truce.web.reporting import FORM_FIELDS_ROOM

#: The form's files may come to 20,000 bytes in this app: small files show every case.
FILES_LIMIT = 20_000
REPORT_FIELDS = {
    "type": "shelling",
    "date": "2020-12-30",
    "lat": "30.9",
    "lon": "16.6",
    "place": "Abu Grein <checkpoint>",
    "summary": "Mortar rounds fell near the checkpoint; a patrol photographed the craters.",
    "actors.0.id": "LNA",
}


@dataclass
class Demo:
    client: TestClient
    database: Database
    password: str


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    path = str(tmp_path_factory.mktemp("evidence") / "demo.db")
    database = Database(path)
    password = build_demo(database).password
    assert password is not None
    settings = Settings(
        database=path, session_secret="e" * 32, max_body_bytes=FORM_FIELDS_ROOM + FILES_LIMIT
    )
    with TestClient(create_app(settings, database=database)) as client:
        yield Demo(client, database, password)
    database.dispose()


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has a form with its session token"
    return found.group(1)


def _login(demo: Demo, name: str) -> str:
    """Sign the client in as ``name``; returns the session's form token."""
    demo.client.cookies.clear()
    token = _csrf(demo.client.get("/login").text)
    form = {"name": name, "password": demo.password, "csrf_token": token}
    assert demo.client.post("/login", data=form, follow_redirects=False).status_code == 303
    return _csrf(demo.client.get("/incidents/new").text)


def _count(demo: Demo) -> int:
    with demo.database.connect() as connection:
        return count_incidents(connection, IncidentQuery())


def test_files_over_the_limit_are_refused_before_reading_and_the_form_comes_back(
    demo: Demo,
) -> None:
    token = _login(demo, "monitor")
    before = _count(demo)
    too_large = [("evidence", ("craters.jpg", b"\xff" * (FILES_LIMIT + 1), "image/jpeg"))]
    response = demo.client.post(
        "/incidents/new", data=REPORT_FIELDS | {"csrf_token": token}, files=too_large
    )
    assert response.status_code == 422
    error = re.search(r'<p class="field-error" id="evidence-error">([^<]+)</p>', response.text)
    assert error and "more than 20 kB, the most a report can carry" in error.group(1)
    assert 'aria-invalid="true"' in response.text.split('id="evidence"')[1].split(">")[0]
    for value in ("Mortar rounds fell near the checkpoint", "Abu Grein &lt;checkpoint&gt;"):
        assert value in response.text  # what was typed, escaped, in its field
    assert 'value="30.9"' in response.text and '<option value="LNA" selected>' in response.text
    assert _count(demo) == before  # the valid incident waits for a file that fits


def test_a_wrong_report_names_the_files_it_did_not_store(demo: Demo) -> None:
    token = _login(demo, "monitor")
    before = _count(demo)
    photo = [("evidence", ("crater.jpg", b"\xff\xd8 crater", "image/jpeg"))]
    wrong = REPORT_FIELDS | {"lat": "95", "csrf_token": token}
    response = demo.client.post("/incidents/new", data=wrong, files=photo)
    assert response.status_code == 422 and 'id="lat-error"' in response.text
    assert "Not stored yet, because the report has errors: crater.jpg" in response.text
    assert _count(demo) == before


def test_a_report_with_a_file_stores_it_and_only_reading_accounts_download_it(
    demo: Demo,
) -> None:
    token = _login(demo, "monitor")
    photo = [("evidence", ("crater.jpg", b"\xff\xd8 crater", "image/jpeg"))]
    empty_picker = [("evidence", ("", b"", "application/octet-stream"))]
    response = demo.client.post(
        "/incidents/new",
        data=REPORT_FIELDS | {"csrf_token": token},
        files=photo + empty_picker,
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    incident_page = response.headers["location"].split("?")[0]
    link = re.search(r'<a href="(/incidents/\d+/evidence/[0-9a-f]{64})" download>crater.jpg</a>',
                     demo.client.get(incident_page).text)  # fmt: skip
    assert link, "the monitor is offered the file, and only the one chosen"
    download = demo.client.get(link.group(1))
    assert download.status_code == 200 and download.content == b"\xff\xd8 crater"
    assert download.headers["content-disposition"].startswith('attachment; filename="crater.jpg"')
    assert download.headers["x-content-type-options"] == "nosniff"

    demo.client.cookies.clear()
    anonymous = demo.client.get(link.group(1))
    assert anonymous.status_code == 401 and 'data-code="not_authenticated"' in anonymous.text
    assert 'href="/login?next=' in anonymous.text
    _login(demo, "observer")
    refused = demo.client.get(link.group(1))
    assert refused.status_code == 403 and refused.headers["content-type"].startswith("text/html")
    assert "an observer cannot download evidence files" in refused.text
