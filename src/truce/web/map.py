"""The map page (``/``): the agreement's geography and the incidents, with a time slider."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from truce.domain.agreement import Agreement
from truce.store.agreements import load_agreement
from truce.store.incidents import IncidentQuery
from truce.web.mapdata import agreement_features, incident_features, map_style
from truce.web.readers import readable_count, readable_incidents, visibility_of
from truce.web.rendering import Page, PageConnection, PageDependency, PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)

#: The map shows at most this many incidents; past it, the page says so and the list filters.
MAP_LIMIT = 5000

BASEMAP_URL = "/static/vendor/world-atlas/countries-50m.json"


def map_context(page: Page, agreement: Agreement) -> dict[str, Any]:
    """What every page with a map needs: configuration, strings, styles, geography."""
    catalogue = page.renderer.catalogue
    settings = page.renderer.settings
    strings = catalogue.for_script("map") | catalogue.for_script("type")
    strings |= catalogue.for_script("state")
    return {
        "map_config": {
            "basemap_url": BASEMAP_URL,
            "tile_url": settings.tile_url or None,
            "tile_attribution": settings.tile_attribution,
            "strings": strings,
            "style": map_style(),
        },
        "geography": agreement_features(agreement),
        "style": map_style(),
    }


@router.get("/", name="map_page")
def map_page(page: PageDependency, connection: PageConnection) -> Response:
    agreement = load_agreement(connection)
    query = IncidentQuery(limit=MAP_LIMIT)
    visibility = visibility_of(page.user, agreement)
    incidents = readable_incidents(connection, visibility, query)
    full = len(incidents) >= MAP_LIMIT
    total = readable_count(connection, visibility, IncidentQuery()) if full else None
    features = incident_features(agreement, incidents)
    types_shown = sorted({feature["properties"]["type"] for feature in features["features"]})
    return page.render(
        "map.html",
        agreement=agreement,
        incidents=features,
        legend_types=types_shown,
        incident_count=len(incidents),
        total_count=total,
        truncated=total is not None and total > len(incidents),
        **map_context(page, agreement),
    )
