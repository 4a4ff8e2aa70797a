"""WhatsApp admin controls: seeding, sender state and rules, OTPs, timing settings, reset, the raw view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from emulator.main import _parser
from emulator.main import main as emulator_main
from emulator.server import EmulatorServer
from tests.emulator.conftest import PROJECT, WA_TIMING, es_body, pi_sender_body, senders_path, whatsapp_path
from tests.emulator.test_webhooks import assert_papi_error

Advance = Callable[[float], None]
CreateSender = Callable[..., dict[str, Any]]
ACTIVATION = WA_TIMING["senderActivationSeconds"]
SEED = f"/projects/{PROJECT}/whatsapp/senders"
RULES = "/whatsapp/sender-rules"


def _types(value: Any) -> Any:
    """The JSON shape of a value: its keys (recursively) and the types of its leaves."""
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__


# --- seeding -------------------------------------------------------------------------------------------------


def test_seeded_sender_is_indistinguishable_from_an_api_created_one(
    api: httpx.Client, admin: httpx.Client, create_sender: CreateSender, advance: Advance
) -> None:
    created = create_sender(es_body())
    advance(ACTIVATION)
    from_api = api.get(f"{senders_path()}/{created['id']}").json()

    seeded = admin.post("/projects/other-project/whatsapp/senders", json={})
    assert seeded.status_code == 201
    from_seed = api.get(f"{senders_path('other-project')}/{seeded.json()['id']}").json()
    assert from_seed == seeded.json()
    assert list(from_seed) == list(from_api)  # same fields, same order
    assert _types(from_seed) == _types(from_api) | {"details": _types(from_seed["details"])}
    assert set(from_seed["details"]) == set(from_api["details"])
    assert from_seed["state"] == "ACTIVE" and from_seed["region"] == "EU" and from_seed["businessManager"] == "SINCH_UK"
    assert from_seed["conversationApiAppDetails"]["projectId"] == "other-project"
    # It took an Embedded Signup account along, as the ES create did.
    account = api.get(whatsapp_path("other-project")).json()
    assert (account["isEmbeddedSignup"], account["state"]) == (True, "ONBOARDED")

    # ... and every operation treats it like any other.
    url = f"{senders_path('other-project')}/{from_seed['id']}"
    assert api.patch(url, json={"status": "SUBMIT", "details": {"about": "x"}}).status_code == 200
    assert api.post(url + "/comments", json={"comment": "hi"}).status_code == 201
    assert [n["type"] for n in api.get(url + "/activities").json()["notifications"]] == [
        "COMMENT_ADDED",
        "IN_PROGRESS",
        "EDITED",
        "ACTIVE",
        "CREATED",
    ]
    assert api.delete(url).status_code == 204


def test_seed_sender_fields_and_errors(
    api: httpx.Client, admin: httpx.Client, advance: Advance, wa_timing: Any
) -> None:
    sender_id = "437f8791-69ec-42af-9271-59b86b80178d"
    seeded = admin.post(
        SEED,
        json={
            "id": sender_id,
            "state": "PENDING_VERIFICATION",
            "details": {"displayName": "Mine", "vertical": "RESTAURANT"},
            "region": "BR",
            "businessManager": "SINCH_MX",
            "countryCode": "55",
            "phoneNumber": "11999990000",
        },
    ).json()
    assert seeded["id"] == sender_id
    assert seeded["state"] == "PENDING_VERIFICATION" and "bearerToken" not in seeded
    assert (seeded["region"], seeded["metaLocalStorage"], seeded["compatibleRegions"]) == ("BR", "BR", ["br", "us"])
    assert api.post(f"{senders_path()}/{sender_id}/register", json={"method": "SMS"}).status_code == 200

    for bad in ({"bogus": 1}, {"state": "LIVE"}, {"id": "nope"}, {"id": sender_id}, []):
        response = admin.post(SEED, json=bad)
        assert response.status_code == 400, bad
        assert response.json()["errorCode"] == "invalid_admin_request"

    # A brand-new sender in review: no state or details, and it goes through activation like a created one.
    new = admin.post(
        SEED,
        json={
            "state": None,
            "details": None,
            "changes": {"status": "IN_PROGRESS", "details": {"displayName": "N", "vertical": "OTHER"}},
        },
    ).json()
    assert "state" not in new and "details" not in new
    advance(ACTIVATION)
    active = api.get(f"{senders_path()}/{new['id']}").json()
    assert active["state"] == "ACTIVE" and active["details"] == {"displayName": "N", "vertical": "OTHER"}


def test_seed_account(api: httpx.Client, admin: httpx.Client, advance: Advance, wa_timing: Any) -> None:
    seeded = admin.post(f"/projects/{PROJECT}/whatsapp/account", json={})
    assert seeded.status_code == 201
    account = seeded.json()
    assert account["state"] == "ONBOARDED" and account["isEmbeddedSignup"] is False
    assert account["businessManager"] == "SINCH_UK" and account["compatibleRegions"] == ["eu", "us"]
    assert account["details"]["senderDetails"]["region"] == "EU"
    assert api.get(whatsapp_path()).json() == account

    replaced = admin.post(
        f"/projects/{PROJECT}/whatsapp/account",
        json={"state": "PENDING_FACEBOOK_VERIFICATION", "changes": {"status": "IN_PROGRESS"}, "isEmbeddedSignup": True},
    ).json()
    assert replaced["isEmbeddedSignup"] is True and replaced["state"] == "PENDING_FACEBOOK_VERIFICATION"
    advance(WA_TIMING["accountReviewSeconds"])
    assert api.get(whatsapp_path()).json()["state"] == "ONBOARDED"
    for bad in ({"nope": 1}, {"state": "ACTIVE"}, "x"):
        assert admin.post(f"/projects/{PROJECT}/whatsapp/account", json=bad).status_code == 400


# --- sender state, review, OTP -------------------------------------------------------------------------------


def test_admin_sender_state(api: httpx.Client, admin: httpx.Client) -> None:
    sender = admin.post(SEED, json={}).json()
    state_url = f"{SEED}/{sender['id']}/state"
    failed = admin.post(
        state_url, json={"state": "ERROR", "errorCode": "CANNOT_REGISTER_TO_CLOUD_API", "errorReason": "Meta says no"}
    )
    assert failed.status_code == 200
    body = api.get(f"{senders_path()}/{sender['id']}").json()
    assert body["state"] == "ERROR"
    assert body["changes"] == {
        "status": "ERROR",
        "errorCode": "CANNOT_REGISTER_TO_CLOUD_API",
        "errorReason": "Meta says no",
    }
    latest = api.get(f"{senders_path()}/{sender['id']}/activities").json()["notifications"][0]
    assert (latest["type"], latest["comment"]) == ("ERROR", "Meta says no")

    for target in ("SUSPENDED", "INACTIVE", "ACTIVE"):
        moved = admin.post(state_url, json={"state": target}).json()
        assert moved["state"] == target and "changes" not in moved
    assert admin.post(state_url, json={"state": "GONE"}).status_code == 400
    assert admin.post(state_url, json={"state": "ERROR", "errorCode": "NOPE"}).status_code == 400
    missing = admin.post(f"{SEED}/cf11794a-6a5e-4a12-b103-da79bd378bf1/state", json={"state": "ACTIVE"})
    assert missing.status_code == 404


def test_admin_state_on_a_new_sender_cancels_its_activation(
    api: httpx.Client, admin: httpx.Client, pi_account: Any, create_sender: CreateSender, advance: Advance
) -> None:
    sender = create_sender(pi_sender_body())
    moved = admin.post(f"{SEED}/{sender['id']}/state", json={"state": "PENDING_VERIFICATION"}).json()
    assert moved["state"] == "PENDING_VERIFICATION" and moved["details"]["displayName"] == "Test name"
    admin.post(f"{SEED}/{sender['id']}/state", json={"state": "SUSPENDED"})
    advance(ACTIVATION)
    assert api.get(f"{senders_path()}/{sender['id']}").json()["state"] == "SUSPENDED"


def test_admin_review_of_a_new_sender(
    api: httpx.Client, admin: httpx.Client, pi_account: Any, create_sender: CreateSender
) -> None:
    approved = create_sender(pi_sender_body())
    response = admin.post(f"{SEED}/{approved['id']}/changes/review", json={"outcome": "approve"})
    assert response.json()["state"] == "PENDING_VERIFICATION"
    rejected = create_sender(pi_sender_body(details={**pi_sender_body()["details"], "phoneNumber": "1"}))
    body = admin.post(f"{SEED}/{rejected['id']}/changes/review", json={"outcome": "reject", "reason": "No"}).json()
    assert "state" not in body and body["changes"]["status"] == "REJECTED" and body["changes"]["errorReason"] == "No"
    assert_papi_error(api.delete(f"{senders_path()}/{rejected['id']}/changes"), 409, "sender_changes_not_deletable")
    assert (
        api.patch(f"{senders_path()}/{rejected['id']}", json={"status": "SUBMIT"}).json()["changes"]["status"]
        == "IN_PROGRESS"
    )


# --- sender rules --------------------------------------------------------------------------------------------


def test_sender_rule_error(
    api: httpx.Client, admin: httpx.Client, create_sender: CreateSender, advance: Advance
) -> None:
    rule = admin.post(
        RULES,
        json={
            "when": {"phoneNumberId": "222222222220007"},
            "state": "ERROR",
            "errorCode": "CANNOT_REGISTER_NEW_WHATSAPP_SENDER",
            "errorReason": "Phone number is already registered",
        },
    )
    assert rule.status_code == 201
    assert rule.json() == {
        "id": 1,
        "when": {"phoneNumberId": "222222222220007"},
        "state": "ERROR",
        "errorCode": "CANNOT_REGISTER_NEW_WHATSAPP_SENDER",
        "errorReason": "Phone number is already registered",
        "hold": False,
        "times": None,
        "hits": 0,
    }
    other = create_sender(es_body(1))
    failing = create_sender(es_body(7))
    assert failing["changes"]["status"] == "IN_PROGRESS"  # the rule acts when the activation is due
    advance(ACTIVATION)
    assert api.get(f"{senders_path()}/{other['id']}").json()["state"] == "ACTIVE"
    failed = api.get(f"{senders_path()}/{failing['id']}").json()
    assert failed["state"] == "ERROR"
    assert failed["changes"] == {
        "status": "ERROR",
        "details": failing["changes"]["details"],
        "errorCode": "CANNOT_REGISTER_NEW_WHATSAPP_SENDER",
        "errorReason": "Phone number is already registered",
    }
    assert admin.get(RULES).json()["rules"][0]["hits"] == 1
    assert api.get(senders_path(), params={"filterStatuses": "ERROR"}).json()["totalSize"] == 1
    assert admin.delete(RULES).status_code == 204
    assert admin.get(RULES).json() == {"rules": []}


def test_sender_rule_hold_times_and_nested_paths(
    api: httpx.Client, admin: httpx.Client, pi_account: Any, create_sender: CreateSender, advance: Advance
) -> None:
    admin.post(RULES, json={"when": {"details.displayName": "Slow"}, "hold": True, "times": 1})
    held = create_sender(pi_sender_body(details={**pi_sender_body()["details"], "displayName": "Slow"}))
    second = create_sender(
        pi_sender_body(details={**pi_sender_body()["details"], "displayName": "Slow", "phoneNumber": "2"})
    )
    advance(ACTIVATION * 100)
    assert api.get(f"{senders_path()}/{held['id']}").json()["changes"]["status"] == "IN_PROGRESS"
    assert api.get(f"{senders_path()}/{second['id']}").json()["state"] == "PENDING_VERIFICATION"  # used up
    # an admin call still moves a held sender
    assert admin.post(f"{SEED}/{held['id']}/state", json={"state": "ACTIVE"}).json()["state"] == "ACTIVE"


def test_sender_rule_with_save_draft_on_failure(
    api: httpx.Client, admin: httpx.Client, pi_account: Any, create_sender: CreateSender, advance: Advance
) -> None:
    admin.post(RULES, json={"when": {}, "state": "ERROR", "errorCode": "NO_VERIFIED_PHONE_NUMBER"})
    sender = create_sender(pi_sender_body(saveDraftOnFailure=True))
    advance(ACTIVATION)
    body = api.get(f"{senders_path()}/{sender['id']}").json()
    assert "state" not in body
    assert body["changes"]["status"] == "DRAFT" and body["changes"]["errorCode"] == "NO_VERIFIED_PHONE_NUMBER"


@pytest.mark.parametrize(
    "rule",
    [
        {"when": {}, "state": "DELETED"},
        {"when": {}},
        {"when": [], "state": "ERROR"},
        {"state": "ERROR", "errorCode": "BAD"},
        {"state": "ERROR", "times": 0},
        {"state": "ERROR", "hold": "yes"},
        {"state": "ERROR", "extra": 1},
        "x",
    ],
)
def test_invalid_sender_rules(admin: httpx.Client, rule: Any) -> None:
    response = admin.post(RULES, json=rule)
    assert response.status_code == 400
    assert response.json()["errorCode"] == "invalid_admin_request"


def test_otp_admin_endpoint(admin: httpx.Client, active_pi_sender: dict[str, Any]) -> None:
    assert set(admin.get(f"{SEED}/{active_pi_sender['id']}/otp").json()) == {"code", "method"}
    other = admin.post(SEED, json={}).json()
    assert admin.get(f"{SEED}/{other['id']}/otp").status_code == 404


# --- settings, reset, raw view -------------------------------------------------------------------------------


def test_settings_endpoint(admin: httpx.Client) -> None:
    defaults = {
        "senderActivationSeconds": 2.0,
        "profileReviewSeconds": 3.0,
        "accountReviewSeconds": 2.0,
        "deletionRetentionDays": 30.0,
        "templateReviewSeconds": 3.0,
        "bundleCompletionSeconds": 2.0,
        "rcsLaunchPreparationSeconds": 2.0,
        "rcsLaunchSeconds": 3.0,
    }
    assert admin.get("/settings").json() == defaults
    changed = admin.patch("/settings", json={"senderActivationSeconds": 0, "deletionRetentionDays": 0.5})
    assert changed.status_code == 200
    assert changed.json() == {**defaults, "senderActivationSeconds": 0, "deletionRetentionDays": 0.5}
    assert admin.get("/settings").json() == changed.json()
    for bad in (
        {"senderActivationSeconds": -1},
        {"senderActivationSeconds": "2"},
        {"other": 1},
        {"profileReviewSeconds": True},
        [],
    ):
        response = admin.patch("/settings", json=bad)
        assert response.status_code == 400 and response.json()["errorCode"] == "invalid_admin_request"
    assert admin.post("/reset").status_code == 204
    assert admin.get("/settings").json() == defaults  # reset restores the start-up values


def test_reset_clears_whatsapp_state_and_cancels_transitions(
    api: httpx.Client, admin: httpx.Client, create_sender: CreateSender, advance: Advance
) -> None:
    create_sender(es_body())
    admin.post(RULES, json={"state": "ERROR"})
    admin.post(f"/projects/{PROJECT}/whatsapp/flows", json={"id": "1", "screens": ["A"]})
    admin.post(f"/projects/{PROJECT}/whatsapp/solutions", json={})
    assert admin.post("/reset").status_code == 204
    assert admin.get(RULES).json() == {"rules": []}
    assert admin.get("/projects").json() == {"projects": []}
    assert_papi_error(api.get(whatsapp_path()), 404, "account_not_found")
    assert admin.get("/clock").json()["offsetSeconds"] == 0
    advance(3600)  # nothing scheduled before the reset runs
    assert admin.get("/projects").json() == {"projects": []}


def test_raw_view_of_whatsapp_collections(admin: httpx.Client, create_sender: CreateSender, advance: Advance) -> None:
    sender = create_sender(es_body())
    raw = admin.get(f"/projects/{PROJECT}/whatsapp_senders").json()["whatsapp_senders"]
    assert [r["id"] for r in raw] == [sender["id"]]
    assert raw[0]["emulator"]["phoneNumberId"] == es_body()["phoneNumberId"]
    assert raw[0]["projectId"] == PROJECT
    accounts = admin.get(f"/projects/{PROJECT}/whatsapp_accounts").json()["whatsapp_accounts"]
    assert accounts[0]["isEmbeddedSignup"] is True
    for name in ("whatsapp_solutions", "whatsapp_flows"):
        assert admin.get(f"/projects/{PROJECT}/{name}").json() == {name: []}
    # The raw view runs due transitions too.
    admin.patch("/settings", json={"senderActivationSeconds": 0})
    quick = create_sender(es_body(1))
    raw = admin.get(f"/projects/{PROJECT}/whatsapp_senders").json()["whatsapp_senders"]
    assert next(r for r in raw if r["id"] == quick["id"])["state"] == "ACTIVE"


def test_timing_from_server_arguments_and_cli_flags() -> None:
    server = EmulatorServer(
        sender_activation_seconds=5,
        profile_review_seconds=6,
        account_review_seconds=7,
        deletion_retention_days=1,
        template_review_seconds=8,
        bundle_completion_seconds=9,
        rcs_launch_preparation_seconds=10,
        rcs_launch_seconds=11,
    )
    assert server.state.timing.to_json() == {
        "senderActivationSeconds": 5,
        "profileReviewSeconds": 6,
        "accountReviewSeconds": 7,
        "deletionRetentionDays": 1,
        "templateReviewSeconds": 8,
        "bundleCompletionSeconds": 9,
        "rcsLaunchPreparationSeconds": 10,
        "rcsLaunchSeconds": 11,
    }
    args = _parser().parse_args(
        [
            "--sender-activation-seconds",
            "0.5",
            "--profile-review-seconds",
            "1",
            "--account-review-seconds",
            "2",
            "--deletion-retention-days",
            "3",
            "--template-review-seconds",
            "4",
            "--bundle-completion-seconds",
            "5",
            "--rcs-launch-preparation-seconds",
            "6",
            "--rcs-launch-seconds",
            "7",
        ]
    )
    assert (
        args.sender_activation_seconds,
        args.profile_review_seconds,
        args.account_review_seconds,
        args.deletion_retention_days,
        args.template_review_seconds,
        args.bundle_completion_seconds,
        args.rcs_launch_preparation_seconds,
        args.rcs_launch_seconds,
    ) == (0.5, 1, 2, 3, 4, 5, 6, 7)
    assert emulator_main(["--sender-activation-seconds", "-1"]) == 2
