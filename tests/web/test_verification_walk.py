"""One incident walked through the chamber in a real browser, each step by the role it takes:
a monitor reports it, an analyst triages it, a monitor puts it under verification, the accused
party's delegate can only reply, and both co-chairs sign it off with their keys — and the
compliance board turns from complying to violation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Locator

    from conftest import Browsing

pytestmark = pytest.mark.browser


def _board_status(browsing: Browsing, term: str, party: str) -> str:
    browsing.open("/compliance")
    row = browsing.page.locator(f'tr[data-term="{term}"][data-party="{party}"]')
    return row.get_attribute("data-status") or ""


def _queue_item(browsing: Browsing, incident_id: int) -> Locator:
    browsing.open("/queue")
    return browsing.page.locator(f'article.queue-item[data-incident-id="{incident_id}"]')


def _move(browsing: Browsing, incident_id: int, state_label: str, reason: str) -> None:
    item = _queue_item(browsing, incident_id)
    item.get_by_label(f"to {state_label}").check()
    item.get_by_label("Why (kept in the history)").fill(reason)
    item.get_by_role("button", name="Move", exact=True).click()
    notice = browsing.page.locator("[role=status]")
    assert f"incident {incident_id} is now {state_label}" in notice.inner_text()


def _sign(browsing: Browsing, incident_id: int, co_chair: str) -> str:
    item = _queue_item(browsing, incident_id)
    item.get_by_label("verify: it happened as reported").check()
    item.get_by_label("Your position").fill(f"{co_chair} saw the craters")
    item.get_by_label("Your signing key file").set_input_files(
        str(browsing.server.keys_dir / f"{co_chair}.key")
    )
    item.get_by_role("button", name="Sign", exact=True).click()
    return browsing.page.locator("[role=status]").inner_text()


def test_a_report_is_triaged_verified_by_both_co_chairs_and_changes_the_board(
    browsing: Browsing,
) -> None:
    page = browsing.page
    assert _board_status(browsing, "T1", "GNA") == "complying"

    browsing.login("monitor")
    browsing.open_map("/incidents/new", "#report-map")
    page.locator("#type").select_option("shelling")
    page.locator("#date").fill("2020-12-21")
    page.locator("#lat").fill("30.4")
    page.locator("#lon").fill("16.2")
    page.locator("#place").fill("inside the buffer zone, west of the front line")
    page.locator("#actors\\.0\\.id").select_option("GNA")
    page.locator("#summary").fill("Mortar rounds land east of the GNA positions.")
    page.get_by_role("button", name="Store the report").click()
    page.wait_for_url("**/incidents/*?reported=1")
    incident_id = int(page.url.split("/incidents/")[1].split("?")[0])

    browsing.login("analyst")
    _move(browsing, incident_id, "Triaged", "a monitor's own report, with a place and a time")
    browsing.login("monitor")
    _move(browsing, incident_id, "Under verification", "patrol to the site tomorrow")

    # The accused side is offered its reply, and nothing else.
    browsing.login("gna.delegate")
    item = _queue_item(browsing, incident_id)
    assert item.locator("form").count() == 1
    assert item.locator("form.reply-form").count() == 1
    item.get_by_label("Your party's answer").fill("Our units were not there that day.")
    item.get_by_role("button", name="Send the reply").click()

    browsing.login("tur.chair")
    _queue_item(browsing, incident_id).scroll_into_view_if_needed()
    browsing.screenshot("queue")
    assert "is now Under verification" in _sign(browsing, incident_id, "tur.chair")
    assert _board_status(browsing, "T1", "GNA") == "complying"  # one key is not enough
    browsing.login("rus.chair")
    assert "is now Verified" in _sign(browsing, incident_id, "rus.chair")

    status = _board_status(browsing, "T1", "GNA")
    assert status == "violation"
    row = page.locator('tr[data-term="T1"][data-party="GNA"]')
    assert row.get_by_role("link", name=f"#{incident_id}").count() == 1
    browsing.screenshot("compliance-board-after", full_page=True)

    browsing.open(f"/incidents/{incident_id}")
    assert page.locator("table.signoffs tbody tr").count() == 2
    assert page.locator("ol.history li").count() >= 3
    assert "Our units were not there that day." in page.locator("blockquote.reply").inner_text()
    assert browsing.foreign_requests() == []
    assert browsing.recorded.errors == []
