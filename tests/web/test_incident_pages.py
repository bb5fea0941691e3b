"""The incident list and the incident page in a real browser: filters, a drawn area, details."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from truce.domain.incident import DatePrecision, Incident, Origin
from truce.domain.source import Source, SourceKind
from truce.domain.taxonomy import IncidentType, Modality
from truce.store.incidents import IncidentQuery, insert_incident, list_incidents
from truce.store.sources import save_source

if TYPE_CHECKING:
    from conftest import Browsing

pytestmark = pytest.mark.browser


def _listed_ids(browsing: Browsing) -> list[int]:
    rows = browsing.page.locator("tbody tr[data-incident-id]")
    return [int(row.get_attribute("data-incident-id") or 0) for row in rows.all()]


def test_the_list_filters_by_type_and_by_an_area_drawn_on_the_map(browsing: Browsing) -> None:
    browsing.login("monitor")  # a monitor sees every incident, published or not
    page = browsing.page
    with browsing.server.database.connect() as connection:
        everything = list_incidents(connection, IncidentQuery())
    browsing.open_map("/incidents", "#area-map")
    assert _listed_ids(browsing) == [incident.id for incident in everything]

    page.locator("#type").select_option(["foreign_fighters"])
    page.get_by_role("button", name="Apply the filters").click()
    page.wait_for_url("**/incidents?*")
    expected = [i.id for i in everything if i.type == "foreign_fighters"]
    assert _listed_ids(browsing) == expected and len(expected) == 2

    # Draw an area around Sirte only (two clicks, opposite corners): Jufra's sighting drops out.
    browsing.page.wait_for_selector('#area-map[data-basemap="loaded"]', state="attached")
    page.evaluate("() => { truce.maps[0].setView([31.2, 16.6], 7); }")  # zoom in on Sirte
    page.get_by_role("button", name="Draw an area on the map").click()
    corner = page.evaluate(
        """() => {
          const map = truce.maps[0];
          const a = map.latLngToContainerPoint([31.6, 16.2]);
          const b = map.latLngToContainerPoint([30.8, 17.0]);
          return [a.x, a.y, b.x, b.y];
        }"""
    )
    area = page.locator("#area-map")
    area.click(position={"x": corner[0], "y": corner[1]})
    area.click(position={"x": corner[2], "y": corner[3]})
    bbox = [float(value) for value in page.locator("#bbox").input_value().split(",")]
    assert bbox[0] < 16.5887 < bbox[2] and bbox[1] < 31.2089 < bbox[3]  # Sirte is inside
    page.get_by_role("button", name="Apply the filters").click()
    page.wait_for_url("**bbox=*")
    sirte = [
        i.id
        for i in everything
        if i.type == "foreign_fighters" and i.location and i.location.place == "Sirte"
    ]
    assert _listed_ids(browsing) == sirte
    assert page.locator("#type").evaluate("select => [...select.selectedOptions].length") == 1
    browsing.screenshot("incidents", full_page=True)


def test_a_wrong_filter_is_named_next_to_its_field_and_what_was_typed_stays(
    browsing: Browsing,
) -> None:
    browsing.login("monitor")  # a monitor sees every incident, published or not
    page = browsing.page
    browsing.open("/incidents?since=2020-13-40&until=2020-11-30&type=shelling")
    assert page.locator("#since").input_value() == "2020-13-40"
    assert page.locator("#since").get_attribute("aria-invalid") == "true"
    error = page.locator("#since-error")
    assert "is not a date: use YYYY-MM-DD" in error.inner_text()
    assert page.locator("#until").input_value() == "2020-11-30"
    assert page.locator("#type option:checked").inner_text() == "Shelling"
    assert _listed_ids(browsing) == []


def test_the_incident_page_shows_what_was_reported_and_where(browsing: Browsing) -> None:
    browsing.login("monitor")  # a monitor sees every incident, published or not
    page = browsing.page
    browsing.open_map("/incidents/6", "#incident-map")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Heavy weapons observed")
    facts = page.locator(".incident-facts").inner_text()
    assert "Hun, al-Jufra" in facts and "Tanks: 4" in facts
    assert "Multiple rocket launchers: 2" in facts
    assert page.locator("path.incident-6").count() == 1
    assert browsing.foreign_requests() == []
    browsing.screenshot("incident", full_page=True)


def test_the_evidence_sentence_is_marked_in_the_source_text(browsing: Browsing) -> None:
    browsing.login("monitor")  # a monitor sees every incident, published or not
    article = (
        "SIRTE, 3 December (Agency) - Residents described a quiet night.\n"
        "Drones   struck a GNA position near\nal-Washka on Thursday, a commander said.\n"
        "The UN mission urged restraint."
    )
    source = Source(content=article.encode(), kind=SourceKind.NEWS_ARTICLE, title="Drones hit")
    proposal = Incident(
        type=IncidentType.AIR_OR_DRONE_STRIKE,
        modality=Modality.OCCURRED,
        occurred_on=date(2020, 12, 3),
        date_precision=DatePrecision.DAY,
        location=None,
        summary="Drones struck a GNA position near al-Washka on Thursday, a commander said.",
        source_hashes=(source.sha256,),
        origin=Origin.OPEN_SOURCE,
    )
    with browsing.server.database.transaction() as connection:
        save_source(connection, source)
        stored = insert_incident(connection, proposal)
    browsing.open(f"/incidents/{stored.id}")
    marked = browsing.page.locator("pre.source-text mark.evidence")
    assert marked.count() == 1
    assert marked.inner_text().split() == proposal.summary.split()
    assert "quiet night" in browsing.page.locator("pre.source-text").inner_text()
