"""provider/listing.py: a refresh of many objects reads one listing, not one GET each; writes forget it."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
from tf.iface import ReadContext
from tf.utils import Diagnostics

from provider.listing import DIRECT_READS, Listings
from resources.webhook import Webhook
from tests.unit.conftest import FakeSinch, project_provider


def by_id(item: Any) -> Any:
    return item["id"]


ITEMS = [{"id": f"w{n}", "target": f"https://h.example.com/{n}", "triggers": ["ALL"]} for n in range(20)]


def test_the_first_reads_are_direct_then_one_listing_serves_the_rest() -> None:
    listings = Listings()
    calls: list[int] = []

    def list_all() -> list[dict[str, Any]]:
        calls.append(1)
        return ITEMS

    found = [listings.find("/c", list_all, by_id, f"w{n}") for n in range(20)]
    assert found[:DIRECT_READS] == [None] * DIRECT_READS
    assert found[DIRECT_READS:] == ITEMS[DIRECT_READS:]
    assert len(calls) == 1


def test_concurrent_reads_share_one_listing() -> None:
    listings = Listings(direct_reads=0)
    calls: list[int] = []
    gate = threading.Event()

    def list_all() -> list[dict[str, Any]]:
        calls.append(1)
        gate.wait(5)
        return ITEMS

    with ThreadPoolExecutor(10) as pool:
        futures = [pool.submit(listings.find, "/c", list_all, by_id, f"w{n}") for n in range(10)]
        gate.set()
        assert [f.result() for f in futures] == ITEMS[:10]
    assert len(calls) == 1


def test_a_write_forgets_the_listing_of_its_collection_only() -> None:
    listings = Listings(direct_reads=0)
    calls: list[str] = []

    def lister(name: str) -> Any:
        return lambda: calls.append(name) or ITEMS

    listings.find("/p/webhooks", lister("webhooks"), by_id, "w1")
    listings.find("/p/senders", lister("senders"), by_id, "w1")
    listings.forget("/p/webhooks/w1")
    listings.find("/p/webhooks", lister("webhooks"), by_id, "w1")
    listings.find("/p/senders", lister("senders"), by_id, "w1")
    assert calls == ["webhooks", "senders", "webhooks"]


def test_a_failed_listing_falls_back_to_gets() -> None:
    listings = Listings(direct_reads=0)

    def broken() -> list[dict[str, Any]]:
        raise RuntimeError("listing failed")

    assert listings.find("/c", broken, by_id, "w3") is None
    assert listings.find("/c", lambda: ITEMS, by_id, "w3") == ITEMS[3]


def refresh(fake: FakeSinch, ids: list[str]) -> list[dict[str, Any] | None]:
    webhook = Webhook(project_provider(fake))
    states = [{"id": i, "project_id": "p1", "target": None, "secret": "s", "triggers": None} for i in ids]
    return [webhook.read(ReadContext(Diagnostics(), "sinch_webhook"), state) for state in states]


def test_a_refresh_of_twenty_webhooks_costs_five_gets_and_one_listing() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/projects/p1/webhooks":
            return httpx.Response(200, json={"webhooks": ITEMS, "totalSize": 20, "pageSize": 20})
        item = next(i for i in ITEMS if request.url.path.endswith("/" + i["id"]))
        return httpx.Response(200, json=item)

    fake = FakeSinch(api=[answer])
    states = refresh(fake, [i["id"] for i in ITEMS])
    assert [s["target"] for s in states if s] == [i["target"] for i in ITEMS]
    paths = [r.url.path for r in fake.api_requests]
    assert len(paths) == DIRECT_READS + 1
    assert paths.count("/v1/projects/p1/webhooks") == 1


def test_an_object_missing_from_the_listing_is_read_with_its_own_get() -> None:
    gone = {"errorCode": "webhook_not_found", "message": "Webhook not found."}

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/projects/p1/webhooks":
            return httpx.Response(200, json={"webhooks": ITEMS[:10]})
        item = next((i for i in ITEMS if request.url.path.endswith("/" + i["id"])), None)
        return httpx.Response(200, json=item) if item and item in ITEMS[:10] else httpx.Response(404, json=gone)

    fake = FakeSinch(api=[answer])
    states = refresh(fake, [i["id"] for i in ITEMS[:10]] + ["w15"])
    assert states[-1] is None  # confirmed gone by its own GET
    assert fake.api_requests[-1].url.path == "/v1/projects/p1/webhooks/w15"
