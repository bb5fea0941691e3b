"""The pages' session: a signed cookie holding the CSRF token and, once logged in, the
session token of the API's login (``truce.api.accounts``), which the store can revoke.

The cookie is ``HttpOnly`` (scripts cannot read it), ``SameSite=Lax`` (other sites' forms do
not carry it) and signed with HMAC-SHA256 under the server's session secret, so it cannot be
forged or altered; it expires after ``SESSION_HOURS``. Every form carries the session's CSRF
token in a hidden field and every POST is refused unless the field matches the cookie's token.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, replace

from starlette.requests import Request
from starlette.responses import Response

from truce.errors import NotPermitted

COOKIE_NAME = "truce_session"
SESSION_HOURS = 12
CSRF_FIELD = "csrf_token"


@dataclass(frozen=True, slots=True)
class WebSession:
    """What the cookie holds; ``is_new`` sessions (and changed ones) are written back."""

    csrf_token: str
    #: The secret of the login's session token (``api_tokens``); ``None`` for the public.
    token: str | None = None
    issued_at: float = 0.0
    is_new: bool = False

    def signed_in(self, token: str) -> WebSession:
        """A fresh session for a user who just logged in: a new CSRF token, a new expiry."""
        return new_session(token)

    def signed_out(self) -> WebSession:
        return new_session(None)

    def written(self) -> WebSession:
        return replace(self, is_new=False)


def new_session(token: str | None = None) -> WebSession:
    return WebSession(
        csrf_token=secrets.token_urlsafe(32),
        token=token,
        issued_at=time.time(),
        is_new=True,
    )


def read_session(request: Request, secret: bytes) -> WebSession:
    """The request's session, or a new anonymous one if the cookie is absent, forged or old."""
    raw = request.cookies.get(COOKIE_NAME)
    if raw:
        session = _decode(raw, secret)
        if session is not None and time.time() - session.issued_at < SESSION_HOURS * 3600:
            return session
    return new_session()


def write_session(response: Response, session: WebSession, secret: bytes, *, secure: bool) -> None:
    payload = json.dumps(
        {"csrf": session.csrf_token, "token": session.token, "issued": session.issued_at},
        separators=(",", ":"),
    ).encode()
    body = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    response.set_cookie(
        COOKIE_NAME,
        f"{body}.{_signature(body, secret)}",
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )


def check_csrf(session: WebSession, submitted: str | None) -> None:
    """Refuse a form whose CSRF token is missing or is not this session's."""
    if not submitted or not hmac.compare_digest(submitted, session.csrf_token):
        raise NotPermitted(
            "the form's security token does not match your session (it may have expired): "
            "reload the page and submit it again"
        )


def _signature(body: str, secret: bytes) -> str:
    return hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()


def _decode(raw: str, secret: bytes) -> WebSession | None:
    body, _, signature = raw.rpartition(".")
    if not body or not hmac.compare_digest(signature, _signature(body, secret)):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        return WebSession(
            csrf_token=str(data["csrf"]),
            token=data["token"] if isinstance(data["token"], str) else None,
            issued_at=float(data["issued"]),
        )
    except (binascii.Error, ValueError, KeyError, TypeError):
        return None
