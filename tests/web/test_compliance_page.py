"""The compliance board in a real browser: the terms and the timeline charts drawn locally."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from truce.store.incidents import IncidentQuery, list_incidents

if TYPE_CHECKING:
    from conftest import Browsing

pytestmark = pytest.mark.browser


def test_the_board_draws_incidents_per_day_by_type_and_party_from_local_parts_only(
    browsing: Browsing,
) -> None:
    browsing.login("monitor")  # a monitor sees every incident, published or not
    with browsing.server.database.connect() as connection:
        day_dated = [
            incident
            for incident in list_incidents(connection, IncidentQuery())
            if incident.date_precision == "day"
        ]
    browsing.open("/compliance")
    page = browsing.page
    by_type = page.locator("#chart-by-type rect.bar")
    counted = sum(int(bar.get_attribute("data-count") or 0) for bar in by_type.all())
    assert counted == len(day_dated)
    shelling = page.locator('#chart-by-type rect.bar[data-series="shelling"]')
    assert shelling.first.get_attribute("data-day") == "2020-11-02"
    assert page.locator("#chart-by-party rect.bar").count() > 0
    assert page.locator('#chart-by-party rect.bar[data-series="LNA"]').count() > 0
    assert browsing.foreign_requests() == []
    assert browsing.recorded.errors == []
    browsing.screenshot("compliance-board", full_page=True)
