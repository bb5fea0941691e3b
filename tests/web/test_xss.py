"""Script and markup in every text field are shown as text: no dialog, no injected element.

The payloads go where users' words go — an incident's summary and place, a source's title,
outlet, address and text, and the filters typed into the list — and each page that shows them
is opened in the browser with every dialog recorded.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest

from truce.domain.source import Source, SourceKind
from truce.schemas.incident import incident_from_submission, parse_submission
from truce.store.incidents import insert_incident
from truce.store.sources import save_source

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from conftest import Browsing, Server

pytestmark = pytest.mark.browser

SCRIPT = '<script>alert("xss-script")</script>'
IMAGE = '<img src=x onerror=alert("xss-img")>'
BREAKOUT = '"><svg onload=alert("xss-attr")>'
ISLAND = '</script><script>alert("xss-island")</script>'
LINK = 'javascript:alert("xss-link")'


@pytest.fixture(scope="module")
def hostile_incident(server: Server) -> int:
    """An incident (and its source) whose every text field carries a payload."""
    source = Source(
        content=f"Report text {SCRIPT} and {IMAGE}".encode(),
        kind=SourceKind.NEWS_ARTICLE,
        url=LINK,
        title=f"Title {IMAGE}",
        outlet=f"Outlet {BREAKOUT}",
    )
    submission = parse_submission(
        {
            "type": "shelling",
            "date": "2020-12-20",
            "lat": 30.9,
            "lon": 16.1,
            "place": f"Place {BREAKOUT} {IMAGE}",
            "summary": f"Summary {SCRIPT} {IMAGE} {ISLAND}",
            "actors": [{"id": "LNA", "role": "alleged_perpetrator"}],
        }
    )
    with server.database.transaction() as connection:
        save_source(connection, source)
        incident = replace(incident_from_submission(submission), source_hashes=(source.sha256,))
        stored = insert_incident(connection, incident)
    assert stored.id is not None
    return stored.id


def assert_inert(browsing: Browsing) -> None:
    page: Page = browsing.page
    assert browsing.recorded.dialogs == []
    assert page.locator("img[onerror], svg[onload]").count() == 0
    assert page.locator('a[href^="javascript:" i]').count() == 0


def test_payloads_in_an_incident_and_its_source_show_as_text_on_every_page(
    browsing: Browsing, hostile_incident: int
) -> None:
    browsing.login("monitor")  # a monitor sees every incident, published or not
    page = browsing.page
    browsing.open(f"/incidents/{hostile_incident}")
    page.locator(".source details summary").click()
    body = page.locator("main").inner_text()
    for payload in (SCRIPT, IMAGE, BREAKOUT, ISLAND):
        assert payload in body
    assert LINK in body  # the address is shown as text, never as a link
    assert_inert(browsing)

    browsing.open("/incidents")
    row = page.locator(f'tr[data-incident-id="{hostile_incident}"]')
    assert SCRIPT in row.inner_text() and BREAKOUT in row.inner_text()
    assert_inert(browsing)

    browsing.open_map("/")
    page.locator(f'button.show-on-map[data-incident-id="{hostile_incident}"]').click()
    card = page.locator(".leaflet-popup .incident-card")
    card.wait_for()
    assert ISLAND in card.inner_text() and BREAKOUT in card.inner_text()
    assert_inert(browsing)

    browsing.open("/compliance")
    assert_inert(browsing)
    assert browsing.recorded.errors == []


def test_payloads_typed_into_the_filters_come_back_as_text(browsing: Browsing) -> None:
    browsing.login("monitor")  # a monitor sees every incident, published or not
    page = browsing.page
    browsing.open(f"/incidents?since={quote(SCRIPT)}&bbox={quote(BREAKOUT)}&party={quote(IMAGE)}")
    assert page.locator("#since").input_value() == SCRIPT
    assert page.locator("#bbox").input_value() == BREAKOUT
    assert SCRIPT in page.locator("#since-error").inner_text()
    assert IMAGE in page.locator("#party-error").inner_text()
    assert_inert(browsing)


def test_payloads_typed_into_the_forms_are_stored_and_shown_as_text(browsing: Browsing) -> None:
    page = browsing.page
    browsing.login("monitor")
    browsing.open_map("/incidents/new", "#report-map")
    page.locator("#type").select_option("armed_clash")
    page.locator("#date").fill("2020-12-22")
    page.locator("#lat").fill("30.7")
    page.locator("#lon").fill("16.4")
    page.locator("#place").fill(f"Place {BREAKOUT}")
    page.locator("#actors\\.0\\.id").select_option("LNA")
    page.locator("#summary").fill(f"Summary {SCRIPT} {IMAGE} {LINK}")
    page.get_by_role("button", name="Store the report").click()
    page.wait_for_url("**/incidents/*?reported=1")
    incident_id = int(page.url.split("/incidents/")[1].split("?")[0])
    assert SCRIPT in page.locator(".incident-summary").inner_text()
    assert_inert(browsing)

    browsing.login("analyst")
    browsing.open("/queue")
    item = page.locator(f'article.queue-item[data-incident-id="{incident_id}"]')
    item.get_by_label("to Triaged").check()
    item.get_by_label("Why (kept in the history)").fill(f"Reason {IMAGE}")
    item.get_by_role("button", name="Move", exact=True).click()
    assert_inert(browsing)

    browsing.login("lna.delegate")
    browsing.open("/queue")
    item = page.locator(f'article.queue-item[data-incident-id="{incident_id}"]')
    item.get_by_label("Your party's answer").fill(f"Reply {SCRIPT} {BREAKOUT}")
    item.get_by_role("button", name="Send the reply").click()

    browsing.open(f"/incidents/{incident_id}")
    assert f"Reply {SCRIPT} {BREAKOUT}" in page.locator("blockquote.reply").inner_text()
    assert f"Reason {IMAGE}" in page.locator("ol.history").inner_text()
    assert BREAKOUT in page.locator(".incident-facts").inner_text()
    assert_inert(browsing)
    browsing.open_map("/")
    page.locator(f'button.show-on-map[data-incident-id="{incident_id}"]').click()
    page.locator(".leaflet-popup .incident-card").wait_for()
    assert_inert(browsing)
