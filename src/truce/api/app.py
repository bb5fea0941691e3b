"""The application factory: one ``FastAPI`` app per settings and database, routers mounted."""

from __future__ import annotations

from fastapi import FastAPI

from truce import __version__
from truce.api import agreement, incidents, reports
from truce.api.errors import install_error_handlers
from truce.settings import Settings
from truce.store.database import Database
from truce.web import mount_web


def create_app(settings: Settings, *, database: Database | None = None) -> FastAPI:
    """Build the app; authentication and the web pages plug in here."""
    app = FastAPI(
        title="truce",
        version=__version__,
        summary="Ceasefire monitoring: agreement, incidents, verification, compliance.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.database = database or Database(settings.database)
    install_error_handlers(app)
    app.include_router(incidents.router, prefix="/api/v1")
    app.include_router(agreement.router, prefix="/api/v1")
    app.include_router(reports.router)
    mount_web(app, settings, app.state.database)
    return app
