"""Every activities operation (account, sender, template) pages the same way: `pageSize` 1..100 (50 by default),
most recent first, `nextPageToken` / `previousPageToken`, and a token of another list is refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.emulator.conftest import PROJECT, template_body, template_path, whatsapp_path
from tests.emulator.test_webhooks import assert_papi_error

COMMENTS = 55  # more than the default page


@pytest.fixture
def trails(api: httpx.Client, admin: httpx.Client, create_template: Callable[..., dict[str, Any]]) -> dict[str, str]:
    """The three objects, each with COMMENTS comments: kind -> the object's path."""
    create_template(template_body())
    sender = admin.post(f"/projects/{PROJECT}/whatsapp/senders", json={}).json()
    paths = {
        "account": whatsapp_path(),
        "sender": f"{whatsapp_path()}/senders/{sender['id']}",
        "template": template_path("order_update"),
    }
    for path in paths.values():
        for n in range(COMMENTS):
            assert api.post(path + "/comments", json={"comment": f"c{n}"}).status_code == 201
    return paths


def walk(api: httpx.Client, url: str, size: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(every activity, every page body), following nextPageToken."""
    pages: list[dict[str, Any]] = []
    params: dict[str, Any] = {"pageSize": size}
    while True:
        response = api.get(url, params=params)
        assert response.status_code == 200, response.text
        pages.append(response.json())
        if "nextPageToken" not in pages[-1]:
            return [n for p in pages for n in p["notifications"]], pages
        params = {"pageSize": size, "pageToken": pages[-1]["nextPageToken"]}


@pytest.mark.parametrize("kind", ["account", "sender", "template"])
def test_activities_page_most_recent_first(kind: str, api: httpx.Client, trails: dict[str, str]) -> None:
    url = trails[kind] + "/activities"
    first = api.get(url).json()
    assert first["pageSize"] == 50 and len(first["notifications"]) == 50  # the default page
    total = first["totalSize"]
    assert total > COMMENTS

    everything, pages = walk(api, url, 7)
    assert len(everything) == total and len(pages) == -(-total // 7)
    assert all(p["totalSize"] == total and p["pageSize"] == 7 for p in pages)
    assert "previousPageToken" not in pages[0] and all("previousPageToken" in p for p in pages[1:])
    comments = [n["comment"] for n in everything if n["type"] == "COMMENT_ADDED"]
    assert comments == [f"c{n}" for n in reversed(range(COMMENTS))]  # most recent first
    assert everything[-1]["type"] == "CREATED"
    created = [n["created"] for n in everything]
    assert created == sorted(created, reverse=True)
    back = api.get(url, params={"pageSize": 7, "pageToken": pages[2]["previousPageToken"]}).json()
    assert back["notifications"] == pages[1]["notifications"]

    assert len(api.get(url, params={"pageSize": 100}).json()["notifications"]) == min(total, 100)
    for bad in ("0", "101", "1.5", "x"):
        assert_papi_error(api.get(url, params={"pageSize": bad}), 400, "invalid_page_size")
    other = next(path for k, path in trails.items() if k != kind) + "/activities"
    foreign = api.get(other, params={"pageSize": 1}).json()["nextPageToken"]
    assert_papi_error(api.get(url, params={"pageToken": foreign}), 400, "invalid_page_token")
