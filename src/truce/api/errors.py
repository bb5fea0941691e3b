"""The one mapping from truce's errors to HTTP: statuses and the error shape of every response.

Every error response is ``{"error": {"code": ..., "message": ..., "field": ...}}``; no
response ever carries a traceback.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

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


def status_for(error: TruceError) -> tuple[int, str]:
    for error_type, status, code in STATUS_BY_ERROR:
        if isinstance(error, error_type):
            return status, code
    return 400, "bad_request"


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


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TruceError)
    async def truce_error(_request: Request, error: TruceError) -> JSONResponse:
        status, code = status_for(error)
        field = error.field if isinstance(error, InvalidInput) else None
        message = error.problem if isinstance(error, InvalidInput) else error.message
        return error_response(status, code, message, field, headers_for(error))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {"loc": (), "msg": "invalid request"}
        location = [str(part) for part in first.get("loc", ())]
        if location and location[0] in ("body", "query", "path", "header", "cookie"):
            location = location[1:]
        message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
        if first.get("type") == "missing":
            message = "is required"
        return error_response(422, "invalid_input", message, ".".join(location) or None)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        codes = {
            400: "bad_request",
            404: "not_found",
            405: "method_not_allowed",
            413: "too_large",
        }
        return error_response(
            error.status_code,
            codes.get(error.status_code, "http_error"),
            str(error.detail),
            headers=dict(error.headers) if error.headers else None,
        )

    @app.exception_handler(Exception)
    async def internal_error(_request: Request, error: Exception) -> JSONResponse:
        logger.exception("internal error", exc_info=error)
        return error_response(500, "internal_error", "internal error; it has been logged")
