"""RCS sender launch: the requirements (412 listing every missing field), PREPARING_LAUNCH -> LAUNCHING ->
LAUNCHED on the emulator clock (`rcsLaunchPreparationSeconds`, `rcsLaunchSeconds`), the stop in PREPARING_LAUNCH
without a video, relaunch of new countries, the admin state and operator controls, and the callbacks."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from tests.emulator.conftest import webhooks_path
from tests.emulator.rcs_helpers import ADMIN_SENDERS, SENDERS, create, launchable_body, minimal_body
from tests.emulator.test_webhook_callbacks import deliveries
from tests.emulator.test_webhooks import assert_papi_error
from tests.webhook_receiver import receiver


@pytest.fixture
def advance(admin: httpx.Client) -> Callable[[float], None]:
    def move(seconds: float) -> None:
        assert admin.post("/clock/advance", json={"seconds": seconds}).status_code == 200

    return move


def test_settings_have_rcs_timings(admin: httpx.Client) -> None:
    settings = admin.get("/settings").json()
    assert settings["rcsLaunchPreparationSeconds"] == 2.0 and settings["rcsLaunchSeconds"] == 3.0


def test_launch_requirements_listed_in_order(api: httpx.Client) -> None:
    sid = create(api, minimal_body())["id"]
    body = assert_papi_error(api.post(f"{SENDERS}/{sid}/launch"), 412, "launch_precondition_failed")
    assert body["message"] == "Launch precondition failed."
    assert body["resolution"] == "Correct the precondition errors and launch again."
    assert body["additionalInformation"]["validationErrors"] == [
        "details.questionnaire.general.answers",
        "details.questionnaire.verification.answers",
        "details.countries",
        "details.brand.phones or details.brand.emails",
        "details.brand.name",
        "details.brand.bannerUrl",
        "details.brand.logoUrl",
        "details.brand.privacyPolicyUrl",
        "details.brand.termsOfServiceUrl",
    ]
    assert api.get(f"{SENDERS}/{sid}").json()["state"] == "DRAFT"


def test_launch_requirements_per_country_and_field(api: httpx.Client) -> None:
    body = launchable_body(("GB", "FR", "US"))
    del body["details"]["brand"]["logoUrl"]
    del body["details"]["questionnaire"]["general"]["answers"]["optOutDescription"]
    del body["details"]["questionnaire"]["fr"]["answers"]["siren"]
    sid = create(api, body)["id"]
    errors = assert_papi_error(api.post(f"{SENDERS}/{sid}/launch"), 412, "launch_precondition_failed")
    assert errors["additionalInformation"]["validationErrors"] == [
        "details.questionnaire.general.answers.optOutDescription",
        "details.questionnaire.verification.answers.phone",
        "details.questionnaire.fr.answers.siren",
        "details.questionnaire.us.answers",
        "details.brand.logoUrl",
    ]


def test_launch_on_the_clock(api: httpx.Client, advance: Callable[[float], None]) -> None:
    sid = create(api, launchable_body(("FR", "SE")))["id"]
    launched = api.post(f"{SENDERS}/{sid}/launch")
    assert launched.status_code == 200, launched.text
    assert launched.json()["state"] == "PREPARING_LAUNCH"
    assert_papi_error(api.post(f"{SENDERS}/{sid}/launch"), 409, "launch_invalid_agent_state")
    advance(2)
    launching = api.get(f"{SENDERS}/{sid}").json()
    assert launching["state"] == "LAUNCHING"
    by_country = {c["country"]: c for c in launching["countryStatus"]}
    assert [o["name"] for o in by_country["SE"]["operators"]] == ["Tele2", "Telenor", "Telia", "Three"]
    assert all(c["status"] == "PENDING" for c in by_country.values())
    assert all(o["status"] == "PENDING" for c in by_country.values() for o in c["operators"])
    assert "launched" not in launching
    advance(3)
    done = api.get(f"{SENDERS}/{sid}").json()
    assert done["state"] == "LAUNCHED" and done["launched"]
    assert all(o["status"] == "LAUNCHED" for c in done["countryStatus"] for o in c["operators"])
    assert_papi_error(api.post(f"{SENDERS}/{sid}/launch"), 409, "launch_invalid_agent_state")
    # A new country launches on its own.
    api.patch(f"{SENDERS}/{sid}", json={"details": {"countries": ["FR", "SE", "GB"]}})
    assert_papi_error(api.post(f"{SENDERS}/{sid}/launch"), 412, "launch_precondition_failed")  # no gb answers


def test_relaunch_new_country(api: httpx.Client, admin: httpx.Client, advance: Callable[[float], None]) -> None:
    sid = create(api, launchable_body(("SE", "DE")))["id"]
    admin.post(f"{ADMIN_SENDERS}/{sid}/state", json={"state": "LAUNCHED"})
    api.patch(f"{SENDERS}/{sid}", json={"details": {"countries": ["SE", "DE", "IT"]}})
    relaunched = api.post(f"{SENDERS}/{sid}/launch").json()
    assert relaunched["state"] == "LAUNCHING"
    assert {c["country"]: c["status"] for c in relaunched["countryStatus"]} == {
        "SE": "LAUNCHED", "DE": "LAUNCHED", "IT": "PENDING",
    }  # fmt: skip
    advance(3)
    assert api.get(f"{SENDERS}/{sid}").json()["state"] == "LAUNCHED"


def test_without_video_stays_preparing(
    api: httpx.Client, admin: httpx.Client, advance: Callable[[float], None]
) -> None:
    sid = create(api, launchable_body(("GB",), video=False))["id"]
    assert api.post(f"{SENDERS}/{sid}/launch").json()["state"] == "PREPARING_LAUNCH"
    advance(3600)
    assert api.get(f"{SENDERS}/{sid}").json()["state"] == "PREPARING_LAUNCH"
    moved = admin.post(f"{ADMIN_SENDERS}/{sid}/state", json={"state": "LAUNCHING"}).json()
    assert moved["state"] == "LAUNCHING"
    assert [o["status"] for o in moved["countryStatus"][0]["operators"]] == ["PENDING"] * 5
    advance(3)
    assert api.get(f"{SENDERS}/{sid}").json()["state"] == "LAUNCHED"


def test_settings_change_the_launch_times(
    api: httpx.Client, admin: httpx.Client, advance: Callable[[float], None]
) -> None:
    assert admin.patch("/settings", json={"rcsLaunchPreparationSeconds": 10, "rcsLaunchSeconds": 20}).status_code == 200
    sid = create(api, launchable_body())["id"]
    api.post(f"{SENDERS}/{sid}/launch")
    advance(9)
    assert api.get(f"{SENDERS}/{sid}").json()["state"] == "PREPARING_LAUNCH"
    advance(1)
    assert api.get(f"{SENDERS}/{sid}").json()["state"] == "LAUNCHING"
    advance(20)
    assert api.get(f"{SENDERS}/{sid}").json()["state"] == "LAUNCHED"


def test_admin_operators_drive_countries(api: httpx.Client, admin: httpx.Client) -> None:
    admin.patch("/settings", json={"rcsLaunchSeconds": 3600})  # the operators, not the clock, launch it here
    sid = create(api, launchable_body(("SE",), video=False))["id"]
    api.post(f"{SENDERS}/{sid}/launch")
    admin.post(f"{ADMIN_SENDERS}/{sid}/state", json={"state": "LAUNCHING"})
    url = f"{ADMIN_SENDERS}/{sid}/operators"
    one = admin.post(url, json={"country": "SE", "operator": "Telia", "status": "REJECTED", "remark": "Bad logo"})
    assert one.status_code == 200, one.text
    entry = one.json()["countryStatus"][0]
    assert entry["status"] == "REJECTED"
    assert next(o for o in entry["operators"] if o["name"] == "Telia")["remark"] == "Bad logo"
    for name in ("Tele2", "Telenor", "Three"):
        admin.post(url, json={"country": "SE", "operator": name, "status": "LAUNCHED"})
    assert api.get(f"{SENDERS}/{sid}").json()["state"] == "LAUNCHING"
    final = admin.post(url, json={"country": "SE", "operator": "Telia", "status": "LAUNCHED"}).json()
    assert final["countryStatus"][0]["status"] == "LAUNCHED"
    assert final["state"] == "LAUNCHED" and final["launched"]
    assert admin.post(url, json={"country": "FR", "operator": "Orange", "status": "LAUNCHED"}).status_code == 400
    assert admin.post(url, json={"country": "SE", "operator": "Orange", "status": "LAUNCHED"}).status_code == 400
    assert admin.post(url, json={"country": "SE", "operator": "Telia", "status": "NOPE"}).status_code == 400


def test_admin_state_control(api: httpx.Client, admin: httpx.Client) -> None:
    sid = create(api, launchable_body(("FR",)))["id"]
    url = f"{ADMIN_SENDERS}/{sid}/state"
    launched = admin.post(url, json={"state": "LAUNCHED"}).json()
    assert launched["state"] == "LAUNCHED"
    assert [o["status"] for o in launched["countryStatus"][0]["operators"]] == ["LAUNCHED"] * 7
    assert admin.post(url, json={"state": "UNLAUNCHED"}).json()["state"] == "UNLAUNCHED"
    assert api.post(f"{SENDERS}/{sid}/launch").json()["state"] == "PREPARING_LAUNCH"
    assert admin.post(url, json={"state": "BOGUS"}).status_code == 400
    missing = f"{ADMIN_SENDERS}/00000000-0000-4000-8000-000000000000/state"
    assert admin.post(missing, json={"state": "LAUNCHED"}).status_code == 400


def test_launch_callbacks(api: httpx.Client, admin: httpx.Client, advance: Callable[[float], None]) -> None:
    with receiver() as hooks:
        api.post(webhooks_path(), json={"target": f"{hooks.url}/hook", "secret": "s", "triggers": ["ALL"]})
        sid = create(api, launchable_body(("SE",)))["id"]
        api.post(f"{SENDERS}/{sid}/launch")
        advance(2)
        advance(3)
        admin.post(
            f"{ADMIN_SENDERS}/{sid}/operators", json={"country": "SE", "operator": "Telia", "status": "SUSPENDED"}
        )
        log = deliveries(admin)
        assert [d["trigger"] for d in log] == [
            "RCS_SENDER_STATUS_UPDATED",
            "RCS_SENDER_STATUS_UPDATED",
            "RCS_SENDER_STATUS_UPDATED",
            "RCS_SENDER_OPERATOR_STATUS_UPDATED",
        ]
        states = [c.json["payload"]["state"] for c in hooks.wait_for(4)]
        assert states == ["PREPARING_LAUNCH", "LAUNCHING", "LAUNCHED", "LAUNCHED"]


def test_launch_unknown_or_malformed(api: httpx.Client) -> None:
    assert_papi_error(api.post(f"{SENDERS}/00000000-0000-4000-8000-000000000000/launch"), 404, "sender_not_found")
    assert_papi_error(api.post(f"{SENDERS}/x/launch"), 400, "invalid_id_format")
