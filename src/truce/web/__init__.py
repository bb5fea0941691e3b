"""The pages: server-rendered HTML (Jinja2) with a map, mounted on the API's app.

    map.py          /                   the map: zones, lines, withdrawal points, incidents
    incidents.py    /incidents, /incidents/N   the filterable list, one incident
    reporting.py    /incidents/new      the report form
    queue.py        /queue              the verification queue: moves, sign-offs, replies
    compliance.py   /compliance         the board and the timeline chart
    accounts.py     /login, /logout     session sign-in
    rendering.py    Page: templates, session cookie, security headers; PageErrors: errors as pages
    readers.py      the one door to incidents, with the API's visibility rule

Pages call the same domain and store functions as the API; errors are the one tree of
``truce.errors`` with the API's one mapping (``truce.api.errors``), which shows them as pages
for page requests and unknown paths outside ``/api/``. All assets are served from ``static/``.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from truce.api.errors import use_error_pages
from truce.settings import Settings
from truce.store.database import Database
from truce.web import accounts, compliance, incidents, map, queue, reporting
from truce.web.i18n import load_catalogue
from truce.web.rendering import PageErrors, make_renderer


def mount_web(app: FastAPI, settings: Settings, database: Database) -> None:
    """Add the pages and their static files to ``app``."""
    app.state.web = make_renderer(settings, database, load_catalogue(settings.language))
    use_error_pages(app, PageErrors())
    app.mount("/static", StaticFiles(packages=[("truce.web", "static")]), name="static")
    app.include_router(accounts.router)
    app.include_router(map.router)
    app.include_router(reporting.router)
    app.include_router(incidents.router)
    app.include_router(compliance.router)
    app.include_router(queue.router)
