"""The Conversation channel data sources through real terraform: what each reads, a re-plan with no changes, a
channel that changes in Sinch, the API's errors, and bad input at validate with no request."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.acceptance.conftest import PROJECT
from tests.harness import Emulator, Workspace

pytestmark = pytest.mark.acceptance

APP = "01EB37HMH1M6SV18ASNS3G135H"
OTHER_APP = "01EB37HMH1M6SV18ASNS3G135J"

CONFIG = f"""
data "sinch_conversation_instagram" "ig" {{ conversation_app_id = "{APP}" }}
data "sinch_conversation_messenger" "fb" {{ conversation_app_id = "{APP}" }}
data "sinch_conversation_telegram" "tg" {{ conversation_app_id = "{APP}" }}
data "sinch_conversation_viber" "vb" {{
  project_id          = "{PROJECT}"
  conversation_app_id = "{APP}"
}}
output "ig" {{ value = data.sinch_conversation_instagram.ig }}
output "fb" {{ value = data.sinch_conversation_messenger.fb }}
output "tg" {{ value = data.sinch_conversation_telegram.tg }}
output "vb" {{ value = data.sinch_conversation_viber.vb }}
"""


def seed(emulator: Emulator, channel: str, app: str = APP, **fields: object) -> None:
    emulator.admin("PUT", f"/projects/{PROJECT}/conversation/apps/{app}/{channel}", json=fields)


def test_channels_read(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    seed(emulator, "instagram", id="1234567890", username="sinch", followersCount=1, followsCount=3, mediaCount=0)
    seed(emulator, "messenger", id="112233", name="Sinch page", globalBrandPageName="Sinch")
    seed(emulator, "telegram", name="Sinch", username="sinch_bot", canJoinGroups=True,
         canReadAllGroupMessages=False, supportsInlineQueries=False)  # fmt: skip
    seed(emulator, "viber", status="ERROR", statusDescription="Token revoked", id="pa:1", name="Sinch",
         location={"lon": 18.07, "lat": 59.33}, subscribersCount=42)  # fmt: skip
    emulator.clear_requests()
    ws = workspace().write(CONFIG)
    ws.apply()
    out = ws.outputs()
    common = {"project_id": PROJECT, "conversation_app_id": APP, "status_description": None}
    assert out["ig"] == {**common, "status": "ACTIVE", "id": "1234567890", "name": None, "username": "sinch",
                         "biography": None, "followers_count": 1, "follows_count": 3, "media_count": 0,
                         "profile_picture_url": None, "website": None}  # fmt: skip
    assert out["fb"] == {**common, "status": "ACTIVE", "id": "112233", "name": "Sinch page",
                         "global_brand_page_name": "Sinch"}  # fmt: skip
    assert out["tg"] == {**common, "status": "ACTIVE", "name": "Sinch", "username": "sinch_bot",
                         "can_join_groups": True, "can_read_all_group_messages": False,
                         "supports_inline_queries": False}  # fmt: skip
    assert out["vb"] == {**common, "status": "ERROR", "status_description": "Token revoked", "id": "pa:1",
                         "name": "Sinch", "uri": None, "icon": None, "category": None, "subcategory": None,
                         "location_lon": 18.07, "location_lat": 59.33, "country": None,
                         "subscribers_count": 42}  # fmt: skip
    paths = sorted(r["path"] for r in emulator.api_requests())
    assert paths == sorted(f"/v1/projects/{PROJECT}/conversation/apps/{APP}/{c}"
                           for c in ("instagram", "messenger", "telegram", "viber"))  # fmt: skip

    code, _, _ = ws.plan()
    assert code == 0  # nothing changed in Sinch: no changes

    seed(emulator, "telegram", status="FAILING", statusDescription="Webhook unreachable", name="Sinch")
    ws.apply()
    tg = ws.outputs()["tg"]
    assert (tg["status"], tg["status_description"], tg["username"]) == ("FAILING", "Webhook unreachable", None)
    destroyed = ws.destroy()
    assert "Destroy complete! Resources: 0 destroyed." in destroyed.stdout


def test_api_errors_name_the_cause(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    seed(emulator, "telegram", app=OTHER_APP, name="Other bot")
    ws = workspace()
    ws.write(f'data "sinch_conversation_telegram" "tg" {{ conversation_app_id = "{APP}" }}\n')
    output = ws.plan_fails()
    assert "Conversation app not found" in output and "conversation_app_not_found" in output
    assert "the app must belong to the project" in output
    ws.write(f'data "sinch_conversation_instagram" "ig" {{ conversation_app_id = "{OTHER_APP}" }}\n')
    output = ws.plan_fails()
    assert "Conversation app has no initialized Instagram channel" in output
    assert "Add the Instagram channel to the app in the Conversation API first" in output
    assert "conversation_app_no_instagram_channel" in output


@pytest.mark.parametrize("channel", ["instagram", "messenger", "telegram", "viber"])
def test_bad_app_id_fails_at_validate_without_a_request(
    channel: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    ws = workspace()
    ws.write(f'data "sinch_conversation_{channel}" "x" {{ conversation_app_id = "my-app" }}\n')
    emulator.clear_requests()
    validated = ws.validate()
    output = validated.stdout + validated.stderr
    assert validated.returncode == 1
    assert "Invalid conversation_app_id" in output and "must be a Conversation API app ID" in output
    assert f"with data.sinch_conversation_{channel}.x" in output
    assert 'conversation_app_id = "my-app"' in output  # the diagnostic points at the attribute
    assert "must be a Conversation API app ID" in ws.plan_fails()
    assert emulator.requests() == []
