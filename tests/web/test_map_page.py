"""The map page in a real browser: Libya, the Sirte–Jufra geography, the demo incidents."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pytest

from truce.domain.incident import DatePrecision, Incident, Location, LocationPrecision, Origin
from truce.domain.taxonomy import IncidentType, Modality
from truce.domain.visibility import visibility_for
from truce.store.agreements import load_agreement
from truce.store.incidents import IncidentQuery, insert_incident, list_incidents

if TYPE_CHECKING:
    from conftest import Browsing

pytestmark = pytest.mark.browser

TALKS_IN_GENEVA = Incident(
    type=IncidentType.MEETING,
    modality=Modality.OCCURRED,
    occurred_on=date(2020, 11, 20),
    date_precision=DatePrecision.DAY,
    location=Location(46.2266, 6.1404, LocationPrecision.POINT, "Palais des Nations"),
    summary="The military commissions meet again in Geneva.",
    origin=Origin.OPEN_SOURCE,
)

#: Steps of more than 180 degrees of longitude between neighbouring points of the basemap.
BASEMAP_JUMPS = """() => {
  const jumps = [];
  const walk = (latlngs) => {
    if (!Array.isArray(latlngs) || latlngs.length === 0) return;
    if (!Array.isArray(latlngs[0])) {
      for (let i = 1; i < latlngs.length; i++) {
        if (Math.abs(latlngs[i].lng - latlngs[i - 1].lng) > 180) jumps.push(latlngs[i].lat);
      }
    } else latlngs.forEach(walk);
  };
  truce.maps[0].eachLayer((layer) => {
    if (layer.options.pane === "basemap" && layer.getLatLngs) walk(layer.getLatLngs());
  });
  return jumps;
}"""


def test_the_map_opens_on_libya_with_the_zones_and_incidents_and_loads_only_local_files(
    browsing: Browsing,
) -> None:
    browsing.login("monitor")  # a monitor sees every incident, published or not
    # A news proposal placed far from the front (talks in Geneva) leaves the map on the front.
    with browsing.server.database.transaction() as connection:
        insert_incident(connection, TALKS_IN_GENEVA)
    with browsing.server.database.connect() as connection:
        agreement = load_agreement(connection)
        located = [i for i in list_incidents(connection, IncidentQuery()) if i.location]
    browsing.open_map("/")
    page = browsing.page

    center = page.evaluate("() => truce.maps[0].getCenter()")
    assert 19.5 <= center["lat"] <= 33.5 and 9.3 <= center["lng"] <= 25.2  # inside Libya
    assert page.evaluate("() => truce.maps[0].getZoom()") <= 7  # the whole front in view
    assert page.locator("path.agreement-buffer_zone").count() == 1
    assert page.locator("path.agreement-front_line").count() == 1
    assert page.locator(".withdrawal-point").count() == len(agreement.withdrawal_points)
    assert page.locator("#map").get_attribute("data-incidents-shown") == str(len(located))
    drawn = page.locator("path.incident-marker").count()
    in_clusters = sum(int(text) for text in page.locator(".marker-cluster span").all_inner_texts())
    assert drawn + in_clusters == len(located)
    assert page.locator(".map-incidents li[data-incident-id]").count() == len(located)
    # No basemap line jumps across the world: shapes cut at the antimeridian stay whole.
    assert page.evaluate(BASEMAP_JUMPS) == []

    assert browsing.recorded.requests, "the page made no request at all"
    assert browsing.foreign_requests() == []
    assert any(url.endswith("countries-50m.json") for url in browsing.recorded.requests)
    assert browsing.recorded.dialogs == []
    browsing.screenshot("map-page")


def test_a_first_time_visitor_sees_the_published_demo_incidents_on_the_map(
    browsing: Browsing,
) -> None:
    # Nobody logged in: the public view. The demo dates its verifications in 2020, so the
    # incidents it verified are past the embargo and on the map from the first visit.
    with browsing.server.database.connect() as connection:
        public = visibility_for(None, load_agreement(connection), now=datetime.now(UTC))
        published = [
            i for i in list_incidents(connection, IncidentQuery(visibility=public)) if i.location
        ]
    assert len(published) >= 3
    browsing.open_map("/")
    assert browsing.page.locator("#map").get_attribute("data-incidents-shown") == str(
        len(published)
    )
    assert browsing.foreign_requests() == []
    browsing.screenshot("public-map")


def test_choosing_an_incident_opens_its_card_and_the_card_leads_to_the_incident(
    browsing: Browsing,
) -> None:
    browsing.login("monitor")  # a monitor sees every incident, published or not
    browsing.open_map("/")
    page = browsing.page
    page.locator('button.show-on-map[data-incident-id="1"]').click()
    card = page.locator(".leaflet-popup .incident-card")
    card.wait_for()
    assert "Rounds of artillery" in card.inner_text()
    page.keyboard.press("Escape")
    # The marker itself, once zoomed in past the clusters, opens the same card when clicked.
    page.locator(".leaflet-popup-close-button").click()
    page.locator("path.incident-1").click()
    card.wait_for()
    card.get_by_role("link", name="Open the incident").click()
    page.wait_for_url("**/incidents/1")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Shelling")


def test_the_time_slider_hides_incidents_after_the_chosen_day(browsing: Browsing) -> None:
    browsing.login("monitor")  # a monitor sees every incident, published or not
    browsing.open_map("/")
    page = browsing.page
    everything = int(page.locator("#map").get_attribute("data-incidents-shown") or 0)
    slider = page.locator("#time-slider")
    slider.focus()
    page.keyboard.press("Home")  # the keyboard moves it to the first incident's day
    first_day_only = int(page.locator("#map").get_attribute("data-incidents-shown") or 0)
    assert 0 < first_day_only < everything
    assert "2020-11-02" in page.locator("#time-slider-value").inner_text()
    hidden = page.locator(".map-incidents li[data-incident-id][hidden]").count()
    assert hidden == everything - first_day_only
    page.keyboard.press("End")
    assert page.locator("#map").get_attribute("data-incidents-shown") == str(everything)


def test_the_keyboard_reaches_the_content_and_opens_a_card(browsing: Browsing) -> None:
    browsing.login("monitor")  # a monitor sees every incident, published or not
    browsing.open_map("/")
    page = browsing.page
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to the content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.locator('button.show-on-map[data-incident-id="3"]').focus()
    page.keyboard.press("Enter")
    card = page.locator(".leaflet-popup .incident-card")
    card.wait_for()
    assert "Abu Qurain" in card.inner_text()
