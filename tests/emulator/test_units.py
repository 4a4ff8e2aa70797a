"""In-process pieces of the emulator: URL checks, the clock, page tokens, the store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emulator import errors
from emulator.clock import Clock, isoformat
from emulator.pagination import decode_token, encode_token
from emulator.store import Store
from emulator.validation import is_url


@pytest.mark.parametrize(
    "url",
    [
        "https://my.server.com/callback",
        "http://example.com",
        "example.com",
        "ftp://files.example.org/x",
        "http://127.0.0.1:8080/cb",
        "127.0.0.1",
        "https://user:pw@example.com/x?y=1#frag",
        "http://[::1]:8080/cb",
        "https://xn--bcher-kva.example/",
        "https://sub-domain.example.co.uk:443/a/b",
    ],
)
def test_is_url_accepts(url: str) -> None:
    assert is_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "localhost",
        "http://localhost:8080/cb",
        "https://my server.com",
        "gopher://example.com",
        "//example.com/x",
        "https://example.com:0",
        "https://example.com:65536",
        "https://example.com:port",
        "https://exa_mple.com",
        "https://example.com.",
        "https://-example.com",
        "https://example.123",
        "mailto:someone@example.com",
        "https://@example.com",
        "http://[not-ipv6]/x",
        "https://256.1.1.1",
        "https://example.com/<script>",
        "https://" + "a" * 64 + ".com",
    ],
)
def test_is_url_rejects(url: str) -> None:
    assert not is_url(url)


@given(st.integers(min_value=0, max_value=10**6))
def test_page_tokens_round_trip(offset: int) -> None:
    assert decode_token("webhooks", encode_token("webhooks", offset)) == offset


def test_page_token_of_another_list_is_rejected() -> None:
    with pytest.raises(errors.PapiError) as info:
        decode_token("webhooks", encode_token("senders", 0))
    assert info.value.error_code == "invalid_page_token"


@given(st.text(max_size=40))
def test_arbitrary_page_tokens_never_crash(token: str) -> None:
    try:
        decode_token("webhooks", token)
    except errors.PapiError as exc:
        assert exc.error_code == "invalid_page_token"


def test_clock_advances_and_runs_due_actions_in_order() -> None:
    base = datetime(2025, 1, 1, tzinfo=UTC)
    clock = Clock(source=lambda: base)
    ran: list[str] = []
    clock.schedule_in(20, lambda: ran.append("b"))
    clock.schedule_in(10, lambda: ran.append("a"))
    cancelled = clock.schedule_in(5, lambda: ran.append("never"))
    cancelled.cancel()
    assert clock.now() == base
    clock.advance(15)
    assert ran == ["a"]
    assert clock.now() == base + timedelta(seconds=15)
    clock.advance(5)
    assert ran == ["a", "b"]
    with pytest.raises(ValueError):
        clock.advance(-1)
    clock.schedule_in(1, lambda: ran.append("dropped"))
    clock.reset()
    assert clock.offset_seconds == 0
    clock.advance(10)
    assert ran == ["a", "b"]


def test_isoformat_is_javascript_style() -> None:
    assert isoformat(datetime(2025, 3, 4, 5, 6, 7, 891234, tzinfo=UTC)) == "2025-03-04T05:06:07.891Z"


def test_store_creates_projects_lazily_and_copies_snapshots() -> None:
    store = Store()
    assert store.get_project("p") is None
    assert store.records("p", "webhooks") == []
    assert store.project_ids() == []
    store.project("p").collection("webhooks")["1"] = {"id": "1", "triggers": ["ALL"]}
    snapshot = store.records("p", "webhooks")
    snapshot[0]["triggers"].append("BUNDLE_DONE")
    assert store.records("p", "webhooks") == [{"id": "1", "triggers": ["ALL"]}]
    store.reset()
    assert store.project_ids() == []
