"""Evidence files and error pages in a real browser: a file reported with the form and
downloaded from the incident page, none for the public; files too large refused before
sending, with what was typed kept; an unknown address answered by a page of the site."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import update

from truce.domain.verification import VerificationState
from truce.settings import Settings
from truce.store import schema
from truce.store.incidents import IncidentQuery, count_incidents
from truce.web.reporting import evidence_limit

if TYPE_CHECKING:
    from conftest import Browsing

pytestmark = pytest.mark.browser

NOTE = b"Patrol 7, 29 December: four craters east of the checkpoint.\n"


def _fill_report(browsing: Browsing, summary: str) -> None:
    page = browsing.page
    browsing.login("monitor")
    browsing.open_map("/incidents/new", "#report-map")
    page.locator("#type").select_option("shelling")
    page.locator("#date").fill("2020-12-29")
    page.locator("#lat").fill("30.93")
    page.locator("#lon").fill("16.71")
    page.locator("#place").fill("east of the Abu Grein checkpoint")
    page.locator("#summary").fill(summary)


def _publish(browsing: Browsing, incident_id: int, *, published: bool) -> None:
    """Make the incident verified three days ago (past the embargo), or reported again."""
    values = (
        {"state": VerificationState.VERIFIED.value,
         "verified_at": datetime.now(UTC) - timedelta(days=3)}
        if published
        else {"state": VerificationState.REPORTED.value, "verified_at": None}
    )  # fmt: skip
    with browsing.server.database.transaction() as connection:
        connection.execute(
            update(schema.incidents).where(schema.incidents.c.id == incident_id).values(**values)
        )


def test_a_file_reported_with_the_form_is_downloaded_by_a_monitor_and_not_by_the_public(
    browsing: Browsing,
) -> None:
    page = browsing.page
    _fill_report(browsing, "Four craters east of the checkpoint; the patrol's note is attached.")
    page.locator("#evidence").set_input_files(
        {"name": "patrol-7.txt", "mimeType": "text/plain", "buffer": NOTE}
    )
    page.get_by_role("button", name="Store the report").click()
    page.wait_for_url("**/incidents/*?reported=1")
    incident_id = int(page.url.split("/incidents/")[1].split("?")[0])
    link = page.locator(".evidence-files").get_by_role("link", name="patrol-7.txt")
    assert "text/plain" in page.locator(".evidence-files").inner_text()
    with page.expect_download() as started:
        link.click()
    download = started.value
    assert download.suggested_filename == "patrol-7.txt"
    with open(download.path(), "rb") as saved:
        assert saved.read() == NOTE
    file_path = link.get_attribute("href")
    assert file_path is not None

    _publish(browsing, incident_id, published=True)
    try:
        browsing.login("observer")
        browsing.open(f"/incidents/{incident_id}")
        evidence = page.locator("section[aria-labelledby=evidence-heading]")
        assert "Evidence files are not published" in evidence.inner_text()
        assert evidence.get_by_role("link").count() == 0
        assert "patrol-7.txt" not in page.content()
        response = page.goto(browsing.url(file_path))
        assert response is not None and response.status == 403
        assert page.locator(".error-message[data-code=not_permitted]").count() == 1
    finally:
        _publish(browsing, incident_id, published=False)
    assert browsing.foreign_requests() == []


def test_files_too_large_are_refused_before_sending_and_what_was_typed_stays(
    browsing: Browsing,
) -> None:
    page = browsing.page
    summary = "Shelling at dawn; the drone video is too long to attach."
    _fill_report(browsing, summary)
    limit = evidence_limit(Settings())  # the test server keeps the default body limit
    page.locator("#evidence").set_input_files(
        {"name": "drone.mp4", "mimeType": "video/mp4", "buffer": b"\0" * (limit + 1)}
    )
    error = page.locator("#evidence-error")
    assert "the most a report can carry" in error.inner_text()
    assert page.locator("#evidence").get_attribute("aria-invalid") == "true"
    with browsing.server.database.connect() as connection:
        before = count_incidents(connection, IncidentQuery())
    page.get_by_role("button", name="Store the report").click()
    assert page.url == browsing.url("/incidents/new")  # not sent
    assert "the most a report can carry" in error.inner_text()
    assert page.locator("#summary").input_value() == summary
    assert page.locator("#place").input_value() == "east of the Abu Grein checkpoint"
    assert page.locator("#lat").input_value() == "30.93"
    with browsing.server.database.connect() as connection:
        assert count_incidents(connection, IncidentQuery()) == before


def test_an_unknown_address_is_a_page_of_the_site_with_the_way_home(browsing: Browsing) -> None:
    response = browsing.page.goto(browsing.url("/incidents/latest/photos"))
    assert response is not None and response.status == 404
    page = browsing.page
    assert page.get_by_role("heading", level=1).inner_text() == "Not found"
    message = page.locator(".error-message").inner_text()
    assert "there is nothing at /incidents/latest/photos" in message
    page.get_by_role("link", name="Back to the map").click()
    page.wait_for_url(browsing.url("/"))
    assert browsing.foreign_requests() == []
