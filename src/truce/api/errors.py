"""The one mapping from truce's errors to HTTP: statuses and the error shape of every response.

Every error becomes one ``ErrorShape`` (status, code, message, field), here and nowhere else.
A request to the API (``/api/...``, or any route that is not a page) gets it as JSON,
``{"error": {"code": ..., "message": ..., "field": ...}}``; a request for a page (a page route,
or an unknown path outside ``/api/``) gets it as an HTML page in the site's layout, drawn by
the ``ErrorPages`` the web pages register (``use_error_pages``). No response ever carries a
traceback.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from http import HTTPStatus
from typing import Protocol

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from truce.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    NotPermitted,
    RateLimited,
    StoreUnavailable,
    TooLarge,
    TruceError,
)
from truce.schemas.problems import plain_problem

logger = logging.getLogger("truce.api")

STATUS_BY_ERROR: tuple[tuple[type[TruceError], int, str], ...] = (
    (InvalidInput, 422, "invalid_input"),
    (NotFound, 404, "not_found"),
    (Conflict, 409, "conflict"),
    (NotAuthenticated, 401, "not_authenticated"),
    (NotPermitted, 403, "not_permitted"),
    (TooLarge, 413, "too_large"),
    (RateLimited, 429, "rate_limited"),
    (StoreUnavailable, 503, "store_unavailable"),
)

#: The codes of errors that come from HTTP itself (routing, the body parser), not the tree.
CODE_BY_HTTP_STATUS: dict[int, str] = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
}
#: The code of an HTTP error with no code of its own, and of a bug.
HTTP_ERROR, INTERNAL_ERROR = "http_error", "internal_error"


@dataclass(frozen=True, slots=True)
class ErrorShape:
    """One error as every response shows it, as JSON or as a page."""

    status: int
    code: str
    message: str
    field: str | None = None
    headers: dict[str, str] | None = None


class ErrorPages(Protocol):
    """How the web pages show an error as HTML (``truce.web.rendering.PageErrors``)."""

    def shows(self, request: Request) -> bool:
        """Whether ``request`` asked for a page, so that its error is a page too."""

    def render(self, request: Request, error: ErrorShape) -> Response:
        """The page showing ``error``, with its status and headers."""


def use_error_pages(app: FastAPI, pages: ErrorPages) -> None:
    """Show the errors of page requests as ``pages`` draws them (JSON stays for the API)."""
    app.state.error_pages = pages


def status_for(error: TruceError) -> tuple[int, str]:
    for error_type, status, code in STATUS_BY_ERROR:
        if isinstance(error, error_type):
            return status, code
    return 400, "bad_request"


def shape_of(error: TruceError) -> ErrorShape:
    status, code = status_for(error)
    if isinstance(error, InvalidInput):
        return ErrorShape(status, code, error.problem, error.field or None, headers_for(error))
    return ErrorShape(status, code, error.message, None, headers_for(error))


def error_response(
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, object] = {"code": code, "message": message}
    if field:
        body["field"] = field
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def headers_for(error: TruceError) -> dict[str, str] | None:
    """What a client needs besides the body: how to authenticate, when to retry."""
    if isinstance(error, NotAuthenticated):
        return {"WWW-Authenticate": 'Bearer realm="truce"'}
    if isinstance(error, RateLimited):
        return {"Retry-After": str(error.retry_after)}
    return None


def respond(request: Request, error: ErrorShape) -> Response:
    """``error`` as a page for a page request, else as the API's JSON."""
    pages: ErrorPages | None = getattr(request.app.state, "error_pages", None)
    if pages is not None and pages.shows(request):
        try:
            return pages.render(request, error)
        except Exception as failure:  # a page that cannot be drawn: the error still goes out
            logger.exception("the error page could not be drawn", exc_info=failure)
    return error_response(error.status, error.code, error.message, error.field, error.headers)


def invalid_request_shape(error: RequestValidationError) -> ErrorShape:
    first = error.errors()[0] if error.errors() else {"loc": (), "msg": "invalid request"}
    location = [str(part) for part in first.get("loc", ())]
    if location and location[0] in ("body", "query", "path", "header", "cookie"):
        location = location[1:]
    return ErrorShape(422, "invalid_input", plain_problem(first), ".".join(location) or None)


def http_error_shape(request: Request, error: StarletteHTTPException) -> ErrorShape:
    status = error.status_code
    message = str(error.detail)
    if message == HTTPStatus(status).phrase:  # Starlette's bare default: say what to do
        if status == 404:
            message = f"there is nothing at {request.url.path}: check the address"
        elif status == 405:
            message = f"{request.method} is not accepted at {request.url.path}"
    return ErrorShape(
        status,
        CODE_BY_HTTP_STATUS.get(status, HTTP_ERROR),
        message,
        headers=dict(error.headers) if error.headers else None,
    )


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TruceError)
    async def truce_error(request: Request, error: TruceError) -> Response:
        return respond(request, shape_of(error))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        return respond(request, invalid_request_shape(error))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        return respond(request, http_error_shape(request, error))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception) -> Response:
        logger.exception("internal error", exc_info=error)
        shape = ErrorShape(500, INTERNAL_ERROR, "internal error; it has been logged")
        return respond(request, shape)
