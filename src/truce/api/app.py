"""The application factory: one ``FastAPI`` app per settings and database, routers mounted.

Requests pass the body size limit and get the security headers before any route; CORS is
off (no ``Access-Control-*`` headers): browsers may call the API only from its own origin.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import CapacityLimiter
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
from truce.api import docs as api_docs
from truce.api.dependencies import AgreementCache, TokenCache
from truce.api.errors import install_error_handlers
from truce.api.limits import BodySizeLimit, SecurityHeaders
from truce.api.login_limits import LoginLimits, LoginThrottle
from truce.domain.credentials import password_hasher
from truce.settings import Settings, settings_from_environment
from truce.store.database import Database
from truce.store.incident_pages import IncidentPages
from truce.web import mount_web

#: How many slow incident lists (``IncidentPages``) a process reads at once in threads.
INCIDENT_READERS = 4


def create_app(
    settings: Settings,
    *,
    database: Database | None = None,
    login_limits: LoginLimits | None = None,
    token_cache: TokenCache | None = None,
) -> FastAPI:
    """Build the app; the web pages plug in here."""
    app = FastAPI(
        lifespan=_closing_incident_pages,
        title="truce",
        version=__version__,
        summary="Ceasefire monitoring: agreement, incidents, verification, compliance.",
        openapi_url=api_docs.OPENAPI_URL,
        docs_url=None,  # served by api_docs, from this server's own files
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.database = database or Database(settings.database)
    app.state.agreement_cache = AgreementCache()
    app.state.token_cache = token_cache or TokenCache(seconds=settings.token_cache_seconds)
    # Incident lists read in worker threads, at most this many at once in a process: enough to
    # keep the database and the event loop busy together, few enough for the connection pool
    # (no connection opened and closed per request) and the interpreter lock.
    app.state.incident_pages = IncidentPages(
        app.state.database, slow_readers=CapacityLimiter(INCIDENT_READERS)
    )
    app.state.ingest_resources = sources.IngestResources()
    app.state.login_throttle = LoginThrottle(
        login_limits or LoginLimits(), app.state.database, clock=time.time
    )
    hasher = password_hasher()
    app.state.password_hasher = hasher
    app.state.decoy_password_hash = hasher.hash("a password no account has")
    install_error_handlers(app)
    # The incident router first: its list is the busiest route, and routes are matched in
    # the order they were added.
    for router in (
        incidents.router,
        accounts.router,
        reporting.router,
        agreement.router,
        compliance.router,
        sources.router,
        verification.router,
    ):
        app.include_router(router, prefix="/api/v1")
    app.include_router(reports.router)
    app.include_router(api_docs.router)
    mount_web(app, settings, app.state.database)
    app.add_middleware(BodySizeLimit, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


@asynccontextmanager
async def _closing_incident_pages(app: FastAPI) -> AsyncIterator[None]:
    """Close the incident list's own connection when the server stops."""
    yield
    await app.state.incident_pages.close()


def app_from_environment() -> FastAPI:
    """The app of the settings in the environment: what each process of `truce serve
    --workers N` runs (the command puts its settings there first)."""
    return create_app(settings_from_environment())
