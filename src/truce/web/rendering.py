"""Rendering pages: the Jinja2 environment, the per-request ``Page``, errors and headers.

Every page response goes through ``Page.render`` or ``Page.redirect``: they write the session
cookie and the security headers (a Content-Security-Policy that lets the page load nothing but
this server's own files — and the tile server, when one is configured). Errors are the one
tree of ``truce.errors`` mapped once by ``truce.api.errors``; ``PageErrors`` draws them for page
requests: the same status, code, message and field the API would return, as HTML, never a
traceback.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

import jinja2
from fastapi import Depends, Request
from fastapi.routing import APIRoute
from sqlalchemy import Connection
from starlette.responses import HTMLResponse, RedirectResponse, Response

from truce.api.errors import ErrorShape
from truce.domain.credentials import token_hash
from truce.domain.policy import ROLE_ACTIONS, Action
from truce.domain.users import User
from truce.errors import NotAuthenticated, TruceError
from truce.settings import Settings
from truce.store.database import Database
from truce.store.users import user_for_token
from truce.web.i18n import Catalogue
from truce.web.session import WebSession, check_csrf, read_session, write_session


@dataclass(frozen=True, slots=True)
class Renderer:
    """What every page needs, built once when the app is made (``truce.web.mount_web``)."""

    environment: jinja2.Environment
    catalogue: Catalogue
    settings: Settings
    database: Database
    session_secret: bytes = field(repr=False)

    @property
    def content_security_policy(self) -> str:
        images = "'self' data:"
        if self.settings.tile_url:
            # Leaflet's {s} picks a subdomain: allow them all (https://*.tile.example.org).
            parts = urlsplit(self.settings.tile_url.replace("{s}", "*"))
            images += f" {parts.scheme}://{parts.netloc}"
        return (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src {images}; connect-src 'self'; font-src 'self'; object-src 'none'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        )


def make_renderer(settings: Settings, database: Database, catalogue: Catalogue) -> Renderer:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("truce.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(t=catalogue.text, label=catalogue.label)
    secret = (
        settings.session_secret.encode() if settings.session_secret else secrets.token_bytes(32)
    )
    return Renderer(environment, catalogue, settings, database, session_secret=secret)


@dataclass(slots=True)
class Page:
    """One page request: its renderer, session and signed-in user (``None`` for the public)."""

    request: Request
    renderer: Renderer
    session: WebSession
    user: User | None

    def render(self, template: str, *, status: int = 200, **context: Any) -> Response:
        catalogue = self.renderer.catalogue
        html = self.renderer.environment.get_template(template).render(
            request=self.request,
            user=self.user,
            csrf_token=self.session.csrf_token,
            may_report=self.user is not None and Action.REPORT in ROLE_ACTIONS[self.user.role],
            language=catalogue.locale,
            direction=catalogue.direction,
            current_path=self.request.url.path,
            now=datetime.now(UTC),
            **context,
        )
        return self._finish(HTMLResponse(html, status_code=status))

    def redirect(self, url: str) -> Response:
        return self._finish(RedirectResponse(url, status_code=303))

    def sign_in(self, user: User, token: str) -> None:
        self.session = self.session.signed_in(token)
        self.user = user

    def sign_out(self) -> None:
        self.session = self.session.signed_out()
        self.user = None

    def require_user(self, purpose: str) -> User:
        """The signed-in user; ``NotAuthenticated`` (a page saying to log in) for the public."""
        if self.user is None:
            raise NotAuthenticated(f"{purpose} needs an account: log in first")
        return self.user

    def check_form(self, form: Mapping[str, Any]) -> None:
        value = form.get("csrf_token")
        check_csrf(self.session, value if isinstance(value, str) else None)

    def _finish(self, response: Response) -> Response:
        if self.session.is_new:
            write_session(
                response,
                self.session,
                self.renderer.session_secret,
                secure=self.request.url.scheme == "https",
            )
            self.session = self.session.written()
        response.headers["Content-Security-Policy"] = self.renderer.content_security_policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cache-Control"] = "no-store"
        return response


def get_page(request: Request) -> Page:
    existing = getattr(request.state, "page", None)
    if isinstance(existing, Page):
        return existing
    renderer: Renderer = request.app.state.web
    session = read_session(request, renderer.session_secret)
    user = _signed_in_user(renderer.database, session)
    if session.token is not None and user is None:
        session = session.signed_out()  # revoked or expired: the cookie is rewritten empty
    page = Page(request, renderer, session, user)
    request.state.page = page
    return page


PageDependency = Annotated[Page, Depends(get_page)]


def page_connection(request: Request) -> Iterator[Connection]:
    """A connection for reading, open for the page's request."""
    renderer: Renderer = request.app.state.web
    with renderer.database.connect() as connection:
        yield connection


PageConnection = Annotated[Connection, Depends(page_connection)]


def _signed_in_user(database: Database, session: WebSession) -> User | None:
    """The user of the session's login token; ``None`` once it is revoked or expired."""
    if session.token is None:
        return None
    with database.connect() as connection:
        try:
            return user_for_token(connection, token_hash(session.token), now=datetime.now(UTC))
        except NotAuthenticated:
            return None


class PageRoute(APIRoute):
    """A route that serves a page: its errors are shown as pages (``PageErrors``)."""


@dataclass(frozen=True, slots=True)
class PageErrors:
    """The HTML side of the one error mapping (``truce.api.errors``): the same status, code,
    message and field the API would return, as a page in the site's layout."""

    def shows(self, request: Request) -> bool:
        """A page route's request, or a request for an unknown path outside ``/api/``."""
        route = request.scope.get("route")
        if route is not None:
            return isinstance(route, PageRoute)
        return not request.url.path.startswith("/api/")

    def render(self, request: Request, error: ErrorShape) -> Response:
        try:
            page = get_page(request)
        except TruceError:  # the database cannot say who is signed in: show the public layout
            renderer: Renderer = request.app.state.web
            page = Page(request, renderer, read_session(request, renderer.session_secret), None)
        response = page.render(
            "error.html",
            status=error.status,
            code=error.code,
            message=error.message,
            field_name=error.field,
        )
        response.headers.update(error.headers or {})
        return response
