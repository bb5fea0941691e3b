"""Reporting an incident in a real browser: a click on the map, then the map and the list."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Browsing

pytestmark = pytest.mark.browser


def _click_map_at(browsing: Browsing, lat: float, lon: float) -> None:
    point = browsing.page.evaluate(
        "([lat, lon]) => truce.maps[0].latLngToContainerPoint([lat, lon])", [lat, lon]
    )
    browsing.page.locator("#report-map").click(position={"x": point["x"], "y": point["y"]})


def test_an_incident_reported_by_clicking_the_map_appears_on_the_map_and_in_the_list(
    browsing: Browsing,
) -> None:
    page = browsing.page
    browsing.login("monitor")
    browsing.open_map("/incidents/new", "#report-map")
    page.locator("#type").select_option("troop_movement")
    page.locator("#date").fill("2020-12-28")
    _click_map_at(browsing, 30.95, 16.62)
    lat = float(page.locator("#lat").input_value())
    lon = float(page.locator("#lon").input_value())
    assert abs(lat - 30.95) < 0.1 and abs(lon - 16.62) < 0.1
    page.locator("#place").fill("south of Sirte, on the road to al-Jufra")
    page.locator("#actors\\.0\\.id").select_option("LNA")
    page.locator("#summary").fill("A column of trucks with mounted guns drives south.")
    browsing.screenshot("report", full_page=True)
    page.get_by_role("button", name="Store the report").click()
    page.wait_for_url("**/incidents/*?reported=1")
    incident_id = int(page.url.split("/incidents/")[1].split("?")[0])
    assert f"stored as incident {incident_id}" in page.locator("[role=status]").inner_text()

    browsing.open_map("/")
    assert page.locator(f'.map-incidents li[data-incident-id="{incident_id}"]').count() == 1
    page.locator(f'button.show-on-map[data-incident-id="{incident_id}"]').click()
    card = page.locator(".leaflet-popup .incident-card")
    card.wait_for()
    assert "A column of trucks" in card.inner_text()

    browsing.open("/incidents?type=troop_movement&since=2020-12-28&until=2020-12-28")
    rows = page.locator("tbody tr[data-incident-id]")
    assert [row.get_attribute("data-incident-id") for row in rows.all()] == [str(incident_id)]
    assert browsing.foreign_requests() == []


def test_a_wrong_report_names_each_field_and_keeps_what_was_typed(browsing: Browsing) -> None:
    page = browsing.page
    browsing.login("monitor")
    browsing.open_map("/incidents/new", "#report-map")
    page.locator("#summary").fill("Shots heard; <b>not bold</b> stays as typed.")
    page.locator("#lat").fill("95")
    page.locator("#lon").fill("16.5")
    page.locator("#fatalities").fill("-3")
    page.get_by_role("button", name="Store the report").click()
    page.wait_for_selector("#report-errors")
    assert (
        "is required" in page.locator("#type-error").inner_text()
        or page.locator("#type-error").count() == 1
    )
    assert "90" in page.locator("#lat-error").inner_text()
    assert page.locator("#fatalities-error").count() == 1
    assert page.locator("#summary").input_value() == "Shots heard; <b>not bold</b> stays as typed."
    assert page.locator("#lat").input_value() == "95"
    assert page.locator("#lat").get_attribute("aria-invalid") == "true"
