"""The Conversation tag (channel information, seeded through the admin API) and the WhatsApp tag's
enableTemplateAnalytics. Every answer is checked against the OpenAPI description by the conftest."""

from __future__ import annotations

import httpx
import pytest

from tests.emulator.conftest import PROJECT, whatsapp_path
from tests.emulator.test_webhooks import assert_papi_error

APP = "01EB37HMH1M6SV18ASNS3G135H"
APPS = f"/v1/projects/{PROJECT}/conversation/apps"
ADMIN_APPS = f"/projects/{PROJECT}/conversation/apps"

SEEDS = {
    "instagram": {
        "id": "1234567890", "name": "Sinch", "username": "sinch", "biography": "Hi", "followersCount": 1,
        "followsCount": 3, "mediaCount": 0, "profilePictureUrl": "https://example.com/p.png",
        "website": "https://example.com",
    },
    "messenger": {"id": "112233", "name": "Sinch page", "globalBrandPageName": "Sinch"},
    "telegram": {
        "name": "Sinch", "username": "sinch_bot", "canJoinGroups": True, "canReadAllGroupMessages": False,
        "supportsInlineQueries": False,
    },
    "viber": {
        "id": "pa:123", "name": "Sinch", "uri": "sinch", "icon": "https://example.com/i.png", "category": "Tech",
        "subcategory": "Software", "location": {"lon": 18.07, "lat": 59.33}, "country": "Sweden",
        "subscribersCount": 42,
    },
}  # fmt: skip


@pytest.mark.parametrize("channel", sorted(SEEDS))
def test_channel_seeded_read_and_removed(channel: str, api: httpx.Client, admin: httpx.Client) -> None:
    url = f"{APPS}/{APP}/{channel}"
    assert_papi_error(api.get(url), 404, "conversation_app_not_found")
    seeded = admin.put(f"{ADMIN_APPS}/{APP}/{channel}", json=SEEDS[channel])
    assert seeded.status_code == 200
    assert seeded.json() == {"status": "ACTIVE", **SEEDS[channel]}
    assert api.get(url).json() == {"status": "ACTIVE", **SEEDS[channel]}

    other = next(c for c in SEEDS if c != channel)
    body = assert_papi_error(api.get(f"{APPS}/{APP}/{other}"), 404, f"conversation_app_no_{other}_channel")
    assert body["message"].startswith("Conversation app has no initialized ")

    failing = {"status": "ERROR", "statusDescription": "Token expired"}
    assert admin.put(f"{ADMIN_APPS}/{APP}/{channel}", json=failing).status_code == 200
    assert api.get(url).json() == failing

    assert admin.delete(f"{ADMIN_APPS}/{APP}/{channel}").status_code == 204
    assert_papi_error(api.get(url), 404, f"conversation_app_no_{channel}_channel")
    assert admin.delete(f"{ADMIN_APPS}/{APP}").status_code == 204
    assert_papi_error(api.get(url), 404, "conversation_app_not_found")


def test_malformed_ids(api: httpx.Client, anon: httpx.Client) -> None:
    for channel in ("instagram", "messenger", "telegram"):
        body = assert_papi_error(api.get(f"{APPS}/not-a-ulid/{channel}"), 400, "conversation_app_id_invalid")
        assert body == {
            "errorCode": "conversation_app_id_invalid",
            "message": "Conversation app id not valid.",
            "resolution": "Verify the id is correct.",
        }
        assert_papi_error(api.get(f"{APPS}/{APP.lower()}/{channel}"), 400, "conversation_app_id_invalid")
    # viber documents no 400: a malformed id is an app that does not exist
    assert_papi_error(api.get(f"{APPS}/not-a-ulid/viber"), 404, "conversation_app_not_found")
    malformed_project = f"/v1/projects/b%40d/conversation/apps/{APP}/telegram"
    assert_papi_error(api.get(malformed_project), 404, "conversation_app_not_found")
    assert_papi_error(anon.get(f"{APPS}/{APP}/telegram"), 401, "unauthorized_error")
    assert api.post(f"{APPS}/{APP}/telegram").status_code == 405


def test_admin_rejects_bad_seeds(admin: httpx.Client) -> None:
    assert admin.put(f"{ADMIN_APPS}/{APP}/whatsapp", json={}).status_code == 400
    assert admin.put(f"{ADMIN_APPS}/bad/telegram", json={}).status_code == 400
    assert admin.put(f"{ADMIN_APPS}/{APP}/telegram", json={"followersCount": 1}).status_code == 400
    assert admin.put(f"{ADMIN_APPS}/{APP}/telegram", json={"status": "BROKEN"}).status_code == 400
    assert admin.put(f"{ADMIN_APPS}/{APP}/telegram", json={"canJoinGroups": "yes"}).status_code == 400
    assert admin.put(f"{ADMIN_APPS}/{APP}/viber", json={"location": {"lon": 1}}).status_code == 400
    assert admin.put(f"{ADMIN_APPS}/{APP}/viber", json={"subscribersCount": True}).status_code == 400


def test_enable_template_analytics(api: httpx.Client, admin: httpx.Client) -> None:
    url = whatsapp_path() + "/enableTemplateAnalytics"
    assert_papi_error(api.put(url), 400, "project_not_initialized")
    admin.post(f"/projects/{PROJECT}/whatsapp/account", json={"state": "PENDING_FACEBOOK_VERIFICATION"})
    body = assert_papi_error(api.put(url), 424, "template_insights_not_yet_available")
    assert body["message"] == "Template Insights unavailable."
    admin.post(f"/projects/{PROJECT}/whatsapp/account", json={})
    assert api.get(whatsapp_path()).json()["wabaEnabledForInsights"] is False
    for _ in range(2):  # enabling is idempotent
        enabled = api.put(url)
        assert enabled.status_code == 200 and enabled.content == b""
    assert api.get(whatsapp_path()).json()["wabaEnabledForInsights"] is True
