"""Credential columns: the chain records a digest of what they hold, never the value.

A password hash, a token's hash or a webhook secret in the chain would reach everyone who reads
the record (``truce audit export`` is meant to be handed out). The chain still has to prove that
a credential changed — a password reset, a token swapped behind the application's back — so it
records, for each of these columns, the SHA-256 of the stored text, labelled::

    "password_hash": {"credential_sha256": "9f86d0…"}

``null`` stays ``null`` (no credential). The digest reveals nothing an attacker can use: a
password hash is an argon2id PHC string whose salt is inside it, a token's hash is the SHA-256
of 32 random bytes; a webhook secret is chosen by whoever subscribes (at least 16 characters),
so a weak one could be guessed from its digest offline — ``docs/audit.md`` says to use a random
one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

#: Per audited table, its credential columns and what they hold.
CREDENTIAL_COLUMNS: dict[str, dict[str, str]] = {
    "users": {"password_hash": "the argon2id hash of the user's password"},
    "api_tokens": {"sha256": "the SHA-256 of an API or session token"},
    "alert_subscriptions": {"secret": "the secret that signs a subscription's webhooks"},
}

DIGEST_LABEL = "credential_sha256"


def credential_digest(value: str) -> dict[str, str]:
    """What the chain records for a credential: the labelled SHA-256 of its stored text."""
    return {DIGEST_LABEL: hashlib.sha256(value.encode("utf-8")).hexdigest()}


def is_credential_digest(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {DIGEST_LABEL}


def credentials_digested(table_name: str, image: Mapping[str, Any]) -> dict[str, Any]:
    """``image`` (a row as JSON values) with every credential it holds in clear as a digest."""
    columns = CREDENTIAL_COLUMNS.get(table_name, {})
    return {
        name: credential_digest(value) if name in columns and isinstance(value, str) else value
        for name, value in image.items()
    }


def holds_credentials_in_clear(table_name: str, image: Mapping[str, Any]) -> bool:
    columns = CREDENTIAL_COLUMNS.get(table_name, {})
    return any(isinstance(image.get(name), str) for name in columns)
