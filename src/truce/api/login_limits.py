"""Login attempts, limited per account and per address so that passwords cannot be guessed.

A sliding window of failed attempts: after ``per_account`` failures for one account, or
``per_address`` failures from one address, within ``window_seconds``, further attempts are
refused with ``RateLimited`` (HTTP 429, ``Retry-After``) until the oldest failure leaves the
window. A success clears the account's failures. The failures live in the database
(``truce.store.login_failures``), so every server process and every restart counts the same
ones; the clock (seconds since the epoch) is passed in, so tests need not sleep.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from math import ceil

from truce.errors import RateLimited
from truce.store.database import Database
from truce.store.login_failures import (
    failures_since,
    forget_account,
    prune_failures,
    record_failure,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginLimits:
    per_account: int = 5
    per_address: int = 20
    window_seconds: float = 15 * 60


@dataclass(frozen=True, slots=True)
class LoginThrottle:
    """Failed logins by account and by address within the window, as the database holds them."""

    limits: LoginLimits
    database: Database
    clock: Callable[[], float]

    def check(self, account: str, address: str) -> None:
        """Raise ``RateLimited`` if this account or this address has failed too often."""
        now = self.clock()
        since = now - self.limits.window_seconds
        with self.database.connect() as connection:
            by_account = failures_since(connection, "account", account, since=since)
            by_address = failures_since(connection, "address", address, since=since)
        for (count, oldest), limit, what in (
            (by_account, self.limits.per_account, "account"),
            (by_address, self.limits.per_address, "address"),
        ):
            if count >= limit and oldest is not None:
                wait = max(1, ceil(oldest + self.limits.window_seconds - now))
                raise RateLimited(
                    f"too many failed logins for this {what}: try again in {wait} seconds",
                    retry_after=wait,
                )

    def failed(self, account: str, address: str) -> None:
        now = self.clock()
        with self.database.transaction() as connection:
            prune_failures(connection, before=now - self.limits.window_seconds)
            record_failure(connection, account, address, now)

    def succeeded(self, account: str) -> None:
        with self.database.transaction() as connection:
            forget_account(connection, account)
