"""The public view in a real browser: an observer (or anyone not logged in) sees published
incidents only — verified, past the embargo — on the map, in the list, on the board and on an
incident's page, and never an unverified one, by link or by guess."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import update

from truce.domain.verification import VerificationState
from truce.store import schema
from truce.store.incidents import IncidentQuery, list_incidents

if TYPE_CHECKING:
    from conftest import Browsing

pytestmark = pytest.mark.browser


def _published_and_hidden(browsing: Browsing) -> tuple[set[int], set[int]]:
    """Put one verified incident back under the embargo (verified an hour ago); return the
    published incidents of the database (the demo's others, verified in 2020) and the hidden
    ones (that one, and every incident not verified)."""
    with browsing.server.database.transaction() as connection:
        verified = list_incidents(connection, IncidentQuery(states=(VerificationState.VERIFIED,)))
        assert len(verified) >= 2, "the demo has verified incidents"
        embargoed = verified[0].id
        connection.execute(
            update(schema.incidents)
            .where(schema.incidents.c.id == embargoed)
            .values(verified_at=datetime.now(UTC) - timedelta(hours=1))
        )
        everything = list_incidents(connection, IncidentQuery())
    published = {i.id for i in verified if i.id != embargoed}
    hidden = {i.id for i in everything if i.id not in published}
    return {i for i in published if i is not None}, {i for i in hidden if i is not None}


def _ids_on_page(browsing: Browsing) -> set[int]:
    found = browsing.page.eval_on_selector_all(
        "[data-incident-id], a[href^='/incidents/']",
        """elements => elements.map(e => e.dataset.incidentId
             || (e.getAttribute('href').match(/^\\/incidents\\/(\\d+)/) || [])[1])""",
    )
    return {int(value) for value in found if value}


def test_an_observer_never_sees_an_unverified_incident_anywhere(browsing: Browsing) -> None:
    published, hidden = _published_and_hidden(browsing)
    browsing.login("observer")
    # An observer reports nothing and acts on nothing: the pages do not offer it.
    assert browsing.page.get_by_role("link", name="Report an incident").count() == 0
    seen: set[int] = set()
    for path in ("/", "/incidents", "/compliance"):
        browsing.open_map(path) if path == "/" else browsing.open(path)
        on_page = _ids_on_page(browsing)
        assert not on_page & hidden, f"{path} shows unverified incidents {on_page & hidden}"
        seen |= on_page
    assert published <= seen  # the published incidents are there for the public
    browsing.open_map("/")
    assert browsing.page.locator("#map").get_attribute("data-incidents-shown") == str(
        len(published)
    )
    for incident_id in sorted(hidden)[:3]:
        browsing.open(f"/incidents/{incident_id}")
        assert browsing.page.locator(".error-message[data-code=not_found]").count() == 1
    browsing.open(f"/incidents/{min(published)}")
    assert "reported by" not in browsing.page.locator(".incident-facts").inner_text()
    assert browsing.foreign_requests() == []
