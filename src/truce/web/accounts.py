"""Signing in and out of the pages (``/login``, ``/logout``) with the API's accounts.

A page login is the API's login: the same password check (argon2, with the same decoy for an
unknown name), the same throttle per account and address, and the same kind of revocable
session token — kept in the page's signed, HttpOnly cookie instead of an ``Authorization``
header. Logging out revokes the token, so a copied cookie stops working too.
"""

from __future__ import annotations

from datetime import UTC, datetime

from argon2 import PasswordHasher
from fastapi import APIRouter
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from truce.api.accounts import Login, authenticate
from truce.api.login_limits import LoginThrottle
from truce.domain.credentials import SESSION_LIFETIME, TokenKind, issue_token, token_hash
from truce.errors import TruceError
from truce.store.users import add_token, revoke_token
from truce.web.rendering import Page, PageDependency, PageRoute

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/login", name="login_form")
def login_form(page: PageDependency) -> Response:
    return _render(page, name="", next_path=_next(page.request.query_params.get("next")))


@router.post("/login", name="login")
async def login(page: PageDependency) -> Response:
    posted = await page.request.form()
    page.check_form(posted)
    name = str(posted.get("name") or "").strip()
    password = str(posted.get("password") or "")
    next_path = _next(str(posted.get("next") or ""))
    state = page.request.app.state
    throttle: LoginThrottle = state.login_throttle
    address = page.request.client.host if page.request.client else "unknown"
    try:
        credentials = Login(name=name, password=password)
        throttle.check(name, address)
    except ValidationError:
        return _render(page, name, next_path, page.renderer.catalogue.text("login.missing"), 422)
    except TruceError as error:
        return _render(page, name, next_path, error.message, 429)
    hasher: PasswordHasher = state.password_hasher
    database = page.renderer.database
    user = await run_in_threadpool(
        authenticate, database, hasher, state.decoy_password_hash, credentials
    )
    if user is None:
        throttle.failed(name, address)
        return _render(page, name, next_path, page.renderer.catalogue.text("login.wrong"), 401)
    throttle.succeeded(name)
    token = issue_token(TokenKind.SESSION, now=datetime.now(UTC), lifetime=SESSION_LIFETIME)
    with database.transaction() as connection:
        add_token(connection, user.name, token)
    page.sign_in(user, token.secret)
    return page.redirect(next_path)


@router.post("/logout", name="logout")
async def logout(page: PageDependency) -> Response:
    posted = await page.request.form()
    page.check_form(posted)
    token = page.session.token
    if token is not None:
        with page.renderer.database.transaction() as connection:
            revoke_token(connection, token_hash(token))
    page.sign_out()
    return page.redirect("/")


def _next(value: str | None) -> str:
    """Where to go after signing in: a path of this site only (never another site)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


def _render(
    page: Page, name: str, next_path: str, error: str | None = None, status: int = 200
) -> Response:
    return page.render("login.html", status=status, name=name, next_path=next_path, error=error)
