"""provider/auth.py: the shared OAuth2 token cache, with an injected clock."""

from __future__ import annotations

import threading
import time

import pytest

from provider.auth import EXPIRY_MARGIN, TokenCache


class FakeTokens:
    """A token endpoint stand-in: numbered tokens, a fixed lifetime, and a clock the test moves."""

    def __init__(self, lifetime: float = 3600.0):
        self.now = 1000.0
        self.lifetime = lifetime
        self.issued = 0

    def clock(self) -> float:
        return self.now

    def fetch(self) -> tuple[str, float]:
        self.issued += 1
        return f"tok-{self.issued}", self.lifetime


def test_token_is_cached_until_expiry_minus_margin() -> None:
    fake = FakeTokens(lifetime=3600)
    cache = TokenCache(fake.fetch, clock=fake.clock)
    assert cache.get() == "tok-1"
    fake.now += 3600 - EXPIRY_MARGIN - 0.001
    assert cache.get() == "tok-1"
    assert cache.fetches == 1
    fake.now += 0.001  # the margin starts: refresh before the token dies in flight
    assert cache.get() == "tok-2"
    assert cache.fetches == 2
    assert cache.get() == "tok-2"
    assert cache.fetches == 2


def test_short_lived_token_uses_half_its_lifetime_as_margin() -> None:
    fake = FakeTokens(lifetime=10)
    cache = TokenCache(fake.fetch, clock=fake.clock)
    assert cache.get() == "tok-1"
    fake.now += 4.9
    assert cache.get() == "tok-1"
    fake.now += 0.1
    assert cache.get() == "tok-2"


def test_zero_lifetime_token_is_fetched_every_time() -> None:
    fake = FakeTokens(lifetime=0)
    cache = TokenCache(fake.fetch, clock=fake.clock)
    assert [cache.get() for _ in range(3)] == ["tok-1", "tok-2", "tok-3"]


def test_invalidate_current_token_forces_a_fetch() -> None:
    fake = FakeTokens()
    cache = TokenCache(fake.fetch, clock=fake.clock)
    assert cache.get() == "tok-1"
    cache.invalidate("tok-1")
    assert cache.get() == "tok-2"
    assert cache.fetches == 2


def test_invalidate_of_a_stale_token_keeps_the_newer_one() -> None:
    fake = FakeTokens(lifetime=100)
    cache = TokenCache(fake.fetch, clock=fake.clock)
    stale = cache.get()
    fake.now += 100  # expired: the next caller refreshes
    fresh = cache.get()
    assert (stale, fresh) == ("tok-1", "tok-2")
    cache.invalidate(stale)  # a request that failed with the old token reports it late
    assert cache.get() == "tok-2"
    assert cache.fetches == 2


def test_fetch_failure_leaves_the_cache_empty_and_is_raised() -> None:
    fake = FakeTokens()
    calls = {"n": 0}

    def flaky() -> tuple[str, float]:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("token endpoint down")
        return fake.fetch()

    cache = TokenCache(flaky, clock=fake.clock)
    with pytest.raises(RuntimeError, match="token endpoint down"):
        cache.get()
    assert cache.fetches == 0
    assert cache.get() == "tok-1"
    assert cache.fetches == 1


def test_threads_share_one_fetch() -> None:
    fake = FakeTokens()

    def slow_fetch() -> tuple[str, float]:
        time.sleep(0.02)  # the other threads arrive while this fetch is in flight
        return fake.fetch()

    cache = TokenCache(slow_fetch, clock=fake.clock)
    barrier = threading.Barrier(8)
    seen: list[str] = []

    def worker() -> None:
        barrier.wait()
        seen.append(cache.get())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=5)
    assert seen == ["tok-1"] * 8
    assert cache.fetches == 1
