"""Credential columns: the chain records a digest of what they hold, never the value.

A password hash, a token's hash or a webhook secret in the chain would reach everyone who reads
the record (``truce audit export`` is meant to be handed out). The chain still has to prove that
a credential changed — a password reset, a token swapped behind the application's back — so it
records, for each of these columns, a labelled digest of the stored text::

    "password_hash": {"credential_sha256": "9f86d0…"}
    "secret": {"credential_hmac_sha256": "51c2e8…"}

``null`` stays ``null`` (no credential). A password hash is an argon2id PHC string whose salt is
inside it and a token's hash is the SHA-256 of 32 random bytes, so their plain SHA-256 gives a
reader nothing to guess from. A webhook secret is chosen by whoever subscribes (at least 16
characters): from its plain SHA-256 a weak one could be guessed offline, and then used to forge
webhooks to the subscriber. So the columns of ``KEYED_COLUMNS`` are recorded keyed: the
HMAC-SHA-256, under the database's credential key (``truce.store.audit_keys``, never on the
chain nor in an export), of the hex SHA-256 of the text. Keying the plain digest rather than the
text lets migration 0010 turn the digests recorded before it into keyed ones without knowing
the secrets, and still lets ``truce audit verify``, which holds the key, see a secret change.

A database before migration 0010 has no key: its webhook secrets are recorded as the plain
SHA-256 (``key=None`` below), as truce recorded them then.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

#: Per audited table, its credential columns and what they hold.
CREDENTIAL_COLUMNS: dict[str, dict[str, str]] = {
    "users": {"password_hash": "the argon2id hash of the user's password"},
    "api_tokens": {"sha256": "the SHA-256 of an API or session token"},
    "alert_subscriptions": {"secret": "the secret that signs a subscription's webhooks"},
}

#: The credential columns whose text a subscriber chooses, recorded keyed (migration 0010 on).
KEYED_COLUMNS: dict[str, frozenset[str]] = {"alert_subscriptions": frozenset({"secret"})}

DIGEST_LABEL = "credential_sha256"
KEYED_DIGEST_LABEL = "credential_hmac_sha256"


def credential_digest(value: str) -> dict[str, str]:
    """The labelled SHA-256 of a credential's stored text."""
    return {DIGEST_LABEL: hashlib.sha256(value.encode("utf-8")).hexdigest()}


def keyed_digest(plain: Mapping[str, str], key: bytes) -> dict[str, str]:
    """The keyed digest of a credential from its plain one (``credential_digest``): the
    HMAC-SHA-256 under ``key`` of the hex SHA-256."""
    mac = hmac.new(key, plain[DIGEST_LABEL].encode("ascii"), hashlib.sha256)
    return {KEYED_DIGEST_LABEL: mac.hexdigest()}


def is_credential_digest(value: Any) -> bool:
    return isinstance(value, dict) and set(value) in ({DIGEST_LABEL}, {KEYED_DIGEST_LABEL})


def credentials_digested(
    table_name: str, image: Mapping[str, Any], *, key: bytes | None
) -> dict[str, Any]:
    """``image`` (a row as JSON values) with every credential it holds in clear as a digest —
    keyed for ``KEYED_COLUMNS`` when the database has a credential key (``key``)."""
    columns = CREDENTIAL_COLUMNS.get(table_name, {})
    keyed = KEYED_COLUMNS.get(table_name, frozenset()) if key is not None else frozenset()
    digested = {}
    for name, value in image.items():
        if name in columns and isinstance(value, str):
            value = credential_digest(value)
            if name in keyed and key is not None:
                value = keyed_digest(value, key)
        digested[name] = value
    return digested


def plain_digests_keyed(table_name: str, image: Mapping[str, Any], key: bytes) -> dict[str, Any]:
    """``image`` (a row an entry recorded) with the plain digests of its ``KEYED_COLUMNS``
    replaced by keyed ones; what migration 0010 does to the entries before it."""
    keyed = KEYED_COLUMNS.get(table_name, frozenset())
    return {
        name: keyed_digest(value, key)
        if name in keyed and isinstance(value, dict) and set(value) == {DIGEST_LABEL}
        else value
        for name, value in image.items()
    }


def holds_credentials_in_clear(table_name: str, image: Mapping[str, Any]) -> bool:
    columns = CREDENTIAL_COLUMNS.get(table_name, {})
    return any(isinstance(image.get(name), str) for name in columns)


def holds_plain_keyed_digests(table_name: str, image: Mapping[str, Any]) -> bool:
    """Whether a recorded row holds the plain digest of a column recorded keyed from 0010 on."""
    return any(
        isinstance(image.get(name), dict) and set(image[name]) == {DIGEST_LABEL}
        for name in KEYED_COLUMNS.get(table_name, frozenset())
    )
