"""Protections every request passes through: the body size limit and the security headers.

Both are plain ASGI middleware so that they act before FastAPI reads anything: a body over
``Settings.max_body_bytes`` is refused from its ``Content-Length`` without reading a byte, or,
when the length is not announced (chunked uploads), as soon as the bytes received pass the
limit — never after reading it whole.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from truce.api.errors import error_response

#: Sent with every response: no sniffing, no framing, no referrer leaks, no caching of data
#: that may be confidential, and a content policy that allows only this server's own files.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        b"script-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
    ),
)


def too_large_message(limit: int) -> str:
    return (
        f"the request body is larger than the limit of {limit} bytes "
        "(TRUCE_MAX_BODY_BYTES): send a smaller file or ask the operator to raise the limit"
    )


class BodySizeLimit:
    """Refuse request bodies over ``max_body_bytes`` with 413, reading at most that much."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await error_response(413, "too_large", too_large_message(limit))(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, too_large_message(limit))
            return message

        await self.app(scope, counting_receive, send)


class SecurityHeaders:
    """Add ``SECURITY_HEADERS`` to every response (the API docs page needs its CDN-free CSP)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                headers += [(n, v) for n, v in SECURITY_HEADERS if n not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
