"""The users of bearer tokens, remembered for a few seconds: never past the token's expiry,
never when the cache is off, and never more than ``max_entries`` of them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from truce.api.dependencies import TokenCache
from truce.domain.users import Role, User
from truce.store.users import TokenHolder

MONA = User(name="mona", role=Role.MONITOR)


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_a_user_is_remembered_for_the_cache_seconds_and_no_longer() -> None:
    clock = Clock()
    cache = TokenCache(seconds=2, clock=clock)
    cache.remember("a" * 64, TokenHolder(MONA, expires_at=None), now=datetime.now(UTC))
    clock.now += 1.99
    assert cache.user_of("a" * 64) == MONA
    clock.now += 0.01
    assert cache.user_of("a" * 64) is None
    assert cache.user_of("b" * 64) is None


def test_an_entry_never_outlives_its_token_nor_a_logout() -> None:
    clock, now = Clock(), datetime.now(UTC)
    cache = TokenCache(seconds=2, clock=clock)
    cache.remember("a" * 64, TokenHolder(MONA, expires_at=now + timedelta(seconds=0.5)), now=now)
    cache.remember("b" * 64, TokenHolder(MONA, expires_at=now - timedelta(seconds=1)), now=now)
    cache.remember("c" * 64, TokenHolder(MONA, expires_at=None), now=now)
    assert cache.user_of("a" * 64) == MONA and cache.user_of("b" * 64) is None
    clock.now += 0.5
    assert cache.user_of("a" * 64) is None
    cache.forget("c" * 64)
    assert cache.user_of("c" * 64) is None


def test_the_cache_off_remembers_nothing_and_a_full_cache_drops_the_stale_first() -> None:
    clock, now = Clock(), datetime.now(UTC)
    off = TokenCache(seconds=0, clock=clock)
    off.remember("a" * 64, TokenHolder(MONA, expires_at=None), now=now)
    assert off.user_of("a" * 64) is None
    full = TokenCache(seconds=2, clock=clock, max_entries=2)
    full.remember("old", TokenHolder(MONA, expires_at=None), now=now)
    clock.now += 1.5
    full.remember("recent", TokenHolder(MONA, expires_at=None), now=now)
    clock.now += 1.0  # "old" is stale now, "recent" is not
    full.remember("new", TokenHolder(MONA, expires_at=None), now=now)
    assert full.user_of("recent") == MONA and full.user_of("new") == MONA
    assert full.user_of("old") is None
