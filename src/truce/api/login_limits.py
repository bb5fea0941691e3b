"""Login attempts, limited per account and per address so that passwords cannot be guessed.

A sliding window of failed attempts: after ``per_account`` failures for one account, or
``per_address`` failures from one address, within ``window_seconds``, further attempts are
refused with ``RateLimited`` (HTTP 429, ``Retry-After``) until the oldest failure leaves the
window. A success clears the account's failures. The state lives in one object made at
start-up (``create_app``); the clock is passed in, so tests need not sleep.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from math import ceil

from truce.errors import RateLimited


@dataclass(frozen=True, slots=True, kw_only=True)
class LoginLimits:
    per_account: int = 5
    per_address: int = 20
    window_seconds: float = 15 * 60


@dataclass
class LoginThrottle:
    """Failed logins by account and by address within the window."""

    limits: LoginLimits
    clock: Callable[[], float]
    _by_account: dict[str, deque[float]] = field(default_factory=dict)
    _by_address: dict[str, deque[float]] = field(default_factory=dict)

    def check(self, account: str, address: str) -> None:
        """Raise ``RateLimited`` if this account or this address has failed too often."""
        now = self.clock()
        for failures, limit, what in (
            (self._recent(self._by_account, account, now), self.limits.per_account, "account"),
            (self._recent(self._by_address, address, now), self.limits.per_address, "address"),
        ):
            if len(failures) >= limit:
                wait = max(1, ceil(failures[0] + self.limits.window_seconds - now))
                raise RateLimited(
                    f"too many failed logins for this {what}: try again in {wait} seconds",
                    retry_after=wait,
                )

    def failed(self, account: str, address: str) -> None:
        now = self.clock()
        self._by_account.setdefault(account, deque()).append(now)
        self._by_address.setdefault(address, deque()).append(now)

    def succeeded(self, account: str) -> None:
        self._by_account.pop(account, None)

    def _recent(self, table: dict[str, deque[float]], key: str, now: float) -> deque[float]:
        failures = table.get(key)
        if failures is None:
            return deque()
        while failures and failures[0] <= now - self.limits.window_seconds:
            failures.popleft()
        if not failures:
            del table[key]
        return failures
