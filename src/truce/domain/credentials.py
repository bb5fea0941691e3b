"""Credentials: argon2 password hashes and bearer tokens that are shown once and stored hashed.

A password is kept only as an argon2id hash (a PHC string carrying its own salt and cost).
A token is 32 random bytes (URL-safe base64 with a ``truce_`` prefix, so it can be recognised
in a leaked file); the store keeps only its SHA-256, which is enough to look it up and useless
to an attacker who reads the database. Tokens are random, so a fast hash is safe for them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from truce.errors import InvalidInput

TOKEN_PREFIX = "truce_"
#: How long a session from ``POST /api/v1/login`` lasts.
SESSION_LIFETIME = timedelta(hours=12)
#: The longest lifetime ``truce tokens new --expires`` accepts, in days.
MAX_TOKEN_DAYS = 3650
MIN_PASSWORD_LENGTH = 12


class TokenKind(StrEnum):
    API = "api"  # made by `truce tokens new`, for scripts
    SESSION = "session"  # made by logging in


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A token just made: ``secret`` is shown to its owner once; ``sha256`` is what is stored."""

    secret: str
    sha256: str
    kind: TokenKind
    expires_at: datetime | None


def password_hasher() -> PasswordHasher:
    """argon2id with OWASP's recommended minimum cost (19 MiB, 2 passes, 1 lane)."""
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def new_password() -> str:
    """A random password of 24 URL-safe characters (144 bits), for a first login."""
    return secrets.token_urlsafe(18)


def hash_password(hasher: PasswordHasher, password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password", f"must have at least {MIN_PASSWORD_LENGTH} characters")
    return hasher.hash(password)


def password_matches(hasher: PasswordHasher, password_hash: str | None, password: str) -> bool:
    """Whether ``password`` is the one ``password_hash`` was made from (no hash: never)."""
    if password_hash is None:
        return False
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def issue_token(kind: TokenKind, *, now: datetime, lifetime: timedelta | None) -> IssuedToken:
    """A new random token; ``lifetime`` ``None`` means it lasts until revoked."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = now + lifetime if lifetime is not None else None
    return IssuedToken(secret=secret, sha256=token_hash(secret), kind=kind, expires_at=expires_at)


def token_lifetime(days: int | None) -> timedelta | None:
    """The lifetime of ``--expires DAYS``: ``None`` (until revoked) or 1..MAX_TOKEN_DAYS days."""
    if days is None:
        return None
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise InvalidInput("expires", f"give a number of days from 1 to {MAX_TOKEN_DAYS}")
    return timedelta(days=days)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
