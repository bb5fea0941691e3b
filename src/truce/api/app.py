"""The application factory: one ``FastAPI`` app per settings and database, routers mounted.

Requests pass the body size limit and get the security headers before any route; CORS is
off (no ``Access-Control-*`` headers): browsers may call the API only from its own origin.
"""

from __future__ import annotations

import time

from fastapi import FastAPI

from truce import __version__
from truce.api import (
    accounts,
    agreement,
    compliance,
    incidents,
    reporting,
    reports,
    sources,
    verification,
)
from truce.api.dependencies import AgreementCache
from truce.api.errors import install_error_handlers
from truce.api.limits import BodySizeLimit, SecurityHeaders
from truce.api.login_limits import LoginLimits, LoginThrottle
from truce.domain.credentials import password_hasher
from truce.settings import Settings
from truce.store.database import Database
from truce.web import mount_web


def create_app(
    settings: Settings,
    *,
    database: Database | None = None,
    login_limits: LoginLimits | None = None,
) -> FastAPI:
    """Build the app; the web pages plug in here."""
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
    app.state.agreement_cache = AgreementCache()
    app.state.ingest_resources = sources.IngestResources()
    app.state.login_throttle = LoginThrottle(
        login_limits or LoginLimits(), app.state.database, clock=time.time
    )
    hasher = password_hasher()
    app.state.password_hasher = hasher
    app.state.decoy_password_hash = hasher.hash("a password no account has")
    install_error_handlers(app)
    for router in (
        accounts.router,
        incidents.router,
        reporting.router,
        agreement.router,
        compliance.router,
        sources.router,
        verification.router,
    ):
        app.include_router(router, prefix="/api/v1")
    app.include_router(reports.router)
    mount_web(app, settings, app.state.database)
    app.add_middleware(BodySizeLimit, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app
