"""The signature of a webhook delivery: HMAC-SHA256 over the timestamp and the body.

The receiver recomputes ``hex(HMAC-SHA256(secret, timestamp + "." + body))`` with the secret
it was given when the subscription was made, compares it in constant time with the
``X-Truce-Signature`` header (``sha256=<hex>``), and refuses timestamps too far from its clock
to stop replays. ``docs/alerts.md`` gives the procedure with an example.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Truce-Signature"
TIMESTAMP_HEADER = "X-Truce-Timestamp"
EVENT_HEADER = "X-Truce-Event"
DELIVERY_HEADER = "X-Truce-Delivery"
SIGNATURE_SCHEME = "sha256"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Truce-Signature`` value of ``body`` sent at ``timestamp`` (seconds since 1970)."""
    message = str(timestamp).encode("ascii") + b"." + body
    digest = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_SCHEME}={digest}"


def signature_is_valid(secret: str, timestamp: int, body: bytes, header: str) -> bool:
    return hmac.compare_digest(signature(secret, timestamp, body), header)
