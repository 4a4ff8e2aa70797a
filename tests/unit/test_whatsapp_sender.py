"""resources/whatsapp_sender.py: create rules per way of onboarding, request bodies, the pending-change view,
state mapping, the judgement of each sender state, and the senders data source."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

import msgpack
import pytest
from tf.gen import tfplugin_pb2 as pb
from tf.iface import CreateContext
from tf.types import Unknown
from tf.utils import Diagnostics, read_dynamic_value, to_dynamic_value

from provider.resource import PlanContext
from provider.servicer import SinchServicer
from provider.waiting import PENDING
from resources.whatsapp_sender import WhatsappSender, live_view
from tests.unit.conftest import FakeSinch, project_provider, reply, request_json

NAMES = [a.name for a in WhatsappSender.attributes]
SITE_1 = "https://acme.example.com"
SITE_2 = "https://shop.example.com"
SENDERS = "/v1/projects/p1/whatsapp/senders"


def config(**values: Any) -> dict[str, Any]:
    result: dict[str, Any] = dict.fromkeys(NAMES)
    result.update(values)
    return result


def sender(fake: FakeSinch | None = None) -> WhatsappSender:
    return WhatsappSender(project_provider(fake))


def create_plan(values: dict[str, Any]) -> dict[str, Any]:
    """The planned state of a create, as PlanResourceChange makes it (unknowns for server values)."""
    cfg = config(**values)
    ctx = PlanContext(Diagnostics(), "sinch_whatsapp_sender", changed_fields=set(), config=cfg)
    planned = sender().plan(ctx, None, dict(cfg))
    assert not ctx.diagnostics.has_errors(), [str(d) for d in ctx.diagnostics.diagnostics]
    return planned


def problems(values: dict[str, Any]) -> list[tuple[list[Any], str]]:
    cfg = config(**values)
    return sender().check_create(cfg)


ES = {"waba_id": "111", "phone_number_id": "222"}
PARTNER = {"phone_number_provider": "SINCH", "display_name": "Acme", "vertical": "RETAIL", "country_code": "48"}
PHONE = {"country_code": "48", "phone_number": "500600700", "display_name": "Acme"}


# ----------------------------------------------------------------------------------------------
# check_create: which arguments go together
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        ES,
        {**ES, "authentication_code": "c0de", "business_manager": "SINCH_UK"},
        PARTNER,
        {**PARTNER, "phone_number": "500600700"},
        PHONE,
    ],
)
def test_check_create_accepts_each_complete_way(values: dict[str, Any]) -> None:
    assert problems(values) == []


def test_embedded_signup_requires_both_ids() -> None:
    assert problems({"waba_id": "111"}) == [
        (["phone_number_id"], "phone_number_id is required to create a sender by embedded signup")
    ]
    assert problems({"authentication_code": "c0de"}) == [
        (["waba_id"], "waba_id is required to create a sender by embedded signup"),
        (["phone_number_id"], "phone_number_id is required to create a sender by embedded signup"),
    ]


def test_embedded_signup_forbids_partner_and_phone_arguments() -> None:
    found = problems({**ES, "phone_number_provider": "SINCH", "country_code": "48", "phone_number": "5"})
    assert found == [
        (
            ["phone_number_provider"],
            "phone_number_provider cannot be set for embedded signup: it is a partner-initiated argument",
        ),
        (["country_code"], "country_code cannot be set for embedded signup: the number comes from Meta"),
        (["phone_number"], "phone_number cannot be set for embedded signup: the number comes from Meta"),
    ]


@pytest.mark.parametrize("manager", ["SINCH_AMERICA", "SINCH_SEP"])
def test_embedded_signup_rejects_business_managers_it_cannot_use(manager: str) -> None:
    assert problems({**ES, "business_manager": manager}) == [
        (["business_manager"], "embedded signup takes SINCH_BR, SINCH_MX or SINCH_UK")
    ]


@pytest.mark.parametrize("manager", ["SINCH_BR", "SINCH_MX", "SINCH_UK"])
def test_embedded_signup_takes_sinch_business_managers(manager: str) -> None:
    assert problems({**ES, "business_manager": manager}) == []


def test_partner_initiated_requires_the_profile_and_country() -> None:
    assert problems({"phone_number_provider": "CUSTOMER"}) == [
        (["display_name"], "display_name is required to create a sender by partner-initiated"),
        (["vertical"], "vertical is required to create a sender by partner-initiated"),
        (["country_code"], "country_code is required to create a sender by partner-initiated"),
    ]


def test_partner_initiated_forbids_a_business_manager() -> None:
    assert problems({**PARTNER, "business_manager": "SINCH_UK"}) == [
        (
            ["business_manager"],
            "business_manager cannot be set for partner-initiated: partner-initiated senders take them from the "
            "WhatsApp account",
        )
    ]


def test_partner_initiated_with_a_waba_id_is_refused() -> None:
    # A waba_id makes it an embedded signup, which then refuses the partner-initiated arguments.
    found = problems({**PARTNER, "waba_id": "111"})
    assert (["phone_number_id"], "phone_number_id is required to create a sender by embedded signup") in found
    assert [p[0] for p in found] == [["phone_number_id"], ["phone_number_provider"], ["country_code"]]


def test_phone_provisioning_requires_number_and_name() -> None:
    assert problems({}) == [
        (["country_code"], "country_code is required to create a sender by phone provisioning"),
        (["phone_number"], "phone_number is required to create a sender by phone provisioning"),
        (["display_name"], "display_name is required to create a sender by phone provisioning"),
    ]


def test_phone_provisioning_forbids_a_business_manager() -> None:
    assert problems({**PHONE, "business_manager": "SINCH_BR"}) == [
        (
            ["business_manager"],
            "business_manager cannot be set for phone provisioning: it is an embedded signup argument",
        )
    ]


# ----------------------------------------------------------------------------------------------
# check_config: region x business manager, embedded-signup IDs
# ----------------------------------------------------------------------------------------------

REJECTED_PAIRS = {("BR", "SINCH_UK"), ("EU", "SINCH_BR"), ("EU", "SINCH_MX")}


@pytest.mark.parametrize("region", ["BR", "EU", "US"])
@pytest.mark.parametrize("manager", ["SINCH_AMERICA", "SINCH_BR", "SINCH_MX", "SINCH_SEP", "SINCH_UK"])
def test_region_and_business_manager_table(region: str, manager: str) -> None:
    found = sender().check_config(config(**ES, region=region, business_manager=manager))
    if (region, manager) in REJECTED_PAIRS:
        assert len(found) == 1
        assert found[0][0] == ["business_manager"]
        assert found[0][1].startswith(f"business_manager {manager} cannot onboard senders in region {region}: use ")
    else:
        assert found == []


def test_region_table_messages_name_the_supported_managers() -> None:
    assert sender().check_config(config(**ES, region="BR", business_manager="SINCH_UK")) == [
        (
            ["business_manager"],
            "business_manager SINCH_UK cannot onboard senders in region BR: use SINCH_BR or SINCH_MX",
        )
    ]
    assert sender().check_config(config(**ES, region="EU", business_manager="SINCH_MX")) == [
        (["business_manager"], "business_manager SINCH_MX cannot onboard senders in region EU: use SINCH_UK")
    ]


@pytest.mark.parametrize(("region", "manager"), [(Unknown, "SINCH_UK"), ("BR", Unknown), (None, "SINCH_UK")])
def test_region_table_skips_unknown_or_unset_values(region: Any, manager: Any) -> None:
    assert sender().check_config(config(**ES, region=region, business_manager=manager)) == []


def test_waba_id_and_phone_number_id_need_each_other() -> None:
    assert sender().check_config(config(waba_id="111")) == [
        (["phone_number_id"], "phone_number_id is required with waba_id (embedded signup)")
    ]
    assert sender().check_config(config(phone_number_id="222")) == [
        (["waba_id"], "waba_id is required with phone_number_id (embedded signup)")
    ]
    assert sender().check_config(config(**ES)) == []


def test_validate_reports_invalid_values_and_rules_with_paths() -> None:
    diags = Diagnostics()
    sender().validate(diags, "sinch_whatsapp_sender", config(waba_id="12a", verification_code="12345"))
    assert [(d.summary, d.path) for d in diags.diagnostics] == [
        ("Invalid waba_id", ["waba_id"]),
        ("Invalid verification_code", ["verification_code"]),
        ("Invalid phone_number_id", ["phone_number_id"]),
    ]


# ----------------------------------------------------------------------------------------------
# create_body / update_body
# ----------------------------------------------------------------------------------------------


def test_create_body_for_embedded_signup_has_no_details() -> None:
    planned = create_plan(
        {
            **ES,
            "authentication_code": "c0de",
            "region": "EU",
            "business_manager": "SINCH_UK",
            "display_name": "Acme",
            "about": "Hi",
        }
    )
    assert sender().create_body(planned) == {
        "wabaId": "111",
        "phoneNumberId": "222",
        "authenticationCode": "c0de",
        "region": "EU",
        "businessManager": "SINCH_UK",
    }


def test_create_body_for_partner_initiated_submits_the_whole_profile() -> None:
    planned = create_plan(
        {
            **PARTNER,
            "phone_number": "500600700",
            "region": "EU",
            "meta_local_storage": "DE",
            "description": "We sell things",
            "email": "hello@acme.example.com",
            "address": "1 Main St",
            "websites": [SITE_1, SITE_2],
            "about": "Hi",
            "photo_url": "https://acme.example.com/logo.png",
        }
    )
    body = sender().create_body(planned)
    assert body == {
        "status": "SUBMIT",
        "phoneNumberProvider": "SINCH",
        "region": "EU",
        "metaLocalStorage": "DE",
        "details": {
            "countryCode": "48",
            "phoneNumber": "500600700",
            "displayName": "Acme",
            "vertical": "RETAIL",
            "description": "We sell things",
            "email": "hello@acme.example.com",
            "address": "1 Main St",
            "websiteOne": SITE_1,
            "websiteTwo": SITE_2,
            "about": "Hi",
            "photoUrl": "https://acme.example.com/logo.png",
        },
    }


def test_create_body_for_partner_initiated_leaves_out_what_was_not_configured() -> None:
    planned = create_plan(PARTNER)
    assert sender().create_body(planned) == {
        "status": "SUBMIT",
        "phoneNumberProvider": "SINCH",
        "details": {"countryCode": "48", "displayName": "Acme", "vertical": "RETAIL"},
    }


def test_create_body_for_phone_provisioning_carries_only_number_and_name() -> None:
    planned = create_plan({**PHONE, "about": "Hi", "vertical": "RETAIL", "websites": [SITE_1]})
    assert sender().create_body(planned) == {
        "details": {"countryCode": "48", "phoneNumber": "500600700", "displayName": "Acme"}
    }


def test_create_body_does_not_take_unknown_values_as_configured() -> None:
    planned = create_plan(PHONE)
    # Left to the server: unknown in the plan, which must not make it a partner-initiated create.
    assert planned["phone_number_provider"] is Unknown
    assert planned["region"] is Unknown
    body = sender().create_body(planned)
    assert "status" not in body
    assert "phoneNumberProvider" not in body
    json.dumps(body)  # nothing unknown leaks into the request


def test_create_body_with_unknown_embedded_signup_ids_is_not_embedded_signup() -> None:
    planned = {**create_plan(PHONE), "waba_id": Unknown, "authentication_code": Unknown}
    assert sender().create_body(planned) == {
        "details": {"countryCode": "48", "phoneNumber": "500600700", "displayName": "Acme"}
    }


def test_update_body_submits_only_the_changed_profile() -> None:
    current = config(
        id="s1",
        project_id="p1",
        state="ACTIVE",
        display_name="Acme",
        about="Hi",
        websites=[SITE_1, SITE_2],
        region="EU",
        verification_method="SMS",
    )
    planned = {
        **current,
        "display_name": "Acme Two",
        "websites": [SITE_1],
        "region": "US",
        "timeouts": {"create": "1h", "update": None},
    }
    s = sender()
    changed = s.changed(current, planned)
    assert changed == ["region", "display_name", "websites"]
    assert s.update_body(current, planned, changed) == {
        "status": "SUBMIT",
        "details": {"displayName": "Acme Two", "websiteOne": SITE_1, "websiteTwo": None},
    }


def test_update_body_without_profile_changes_is_a_bare_submit() -> None:
    current = config(id="s1", project_id="p1", state="PENDING_VERIFICATION")
    planned = {**current, "verification_code": "123456"}
    assert sender().update_body(current, planned, ["verification_code"]) == {"status": "SUBMIT"}


# ----------------------------------------------------------------------------------------------
# live_view and state_from_api
# ----------------------------------------------------------------------------------------------

LIVE = {"displayName": "Acme", "about": "Live about", "websiteOne": SITE_1}


@pytest.mark.parametrize("status", ["DRAFT", "IN_PROGRESS"])
def test_live_view_overlays_a_pending_change_set(status: str) -> None:
    body = {"id": "s1", "details": dict(LIVE), "changes": {"status": status, "details": {"displayName": "Acme Two"}}}
    view = live_view(body)
    assert view["details"] == {"displayName": "Acme Two", "about": "Live about", "websiteOne": SITE_1}
    assert view["changes"] == body["changes"]
    assert body["details"] == LIVE  # the answer itself is not modified


@pytest.mark.parametrize("status", ["REJECTED", "ERROR", "MULTIPLE_WABA_ERROR", None])
def test_live_view_ignores_a_settled_change_set(status: Any) -> None:
    body = {"details": dict(LIVE), "changes": {"status": status, "details": {"displayName": "Refused"}}}
    assert live_view(body)["details"] == LIVE


def test_live_view_of_a_new_sender_has_only_the_change_set() -> None:
    body = {"id": "s1", "changes": {"status": "IN_PROGRESS", "details": {"displayName": "New", "vertical": "OTHER"}}}
    assert live_view(body)["details"] == {"displayName": "New", "vertical": "OTHER"}


def test_live_view_overlays_a_pending_display_name_review() -> None:
    body = {"details": dict(LIVE), "metadata": {"displayName": {"status": "PENDING", "value": "Acme Renamed"}}}
    assert live_view(body)["details"]["displayName"] == "Acme Renamed"


def test_live_view_ignores_a_rejected_display_name_review() -> None:
    body = {
        "details": dict(LIVE),
        "metadata": {"displayName": {"status": "REJECTED", "value": "Bad Name", "rejectionReason": "policy"}},
    }
    assert live_view(body)["details"]["displayName"] == "Acme"


def test_state_from_api_keeps_the_configured_profile_until_active() -> None:
    prior = config(project_id="p1", display_name="Configured", about=None, websites=[SITE_2], description=Unknown)
    body = {"id": "s1", "state": "PENDING_VERIFICATION", "details": {**LIVE, "description": "Live description"}}
    state = sender().state_from_api(body, prior)
    assert state["id"] == "s1"
    assert state["project_id"] == "p1"
    assert state["state"] == "PENDING_VERIFICATION"
    assert state["display_name"] == "Configured"
    assert state["websites"] == [SITE_2]
    assert state["about"] == "Live about"  # not configured: the live value
    assert state["description"] == "Live description"  # unknown in the plan: the live value


def test_state_from_api_shows_the_live_profile_once_active() -> None:
    prior = config(project_id="p1", display_name="Configured", websites=[SITE_2])
    body = {"id": "s1", "state": "ACTIVE", "details": LIVE, "numberProvider": "SINCH", "countryCode": "48"}
    state = sender().state_from_api(body, prior)
    assert state["display_name"] == "Acme"
    assert state["websites"] == [SITE_1]
    assert state["phone_number_provider"] == "SINCH"
    assert state["country_code"] == "48"


def test_state_from_api_maps_reported_values() -> None:
    body = {
        "id": "s1",
        "state": "ACTIVE",
        "details": {"vertical": "NOT_SET"},
        "changes": {"status": "REJECTED", "errorCode": "E42", "errorReason": "policy"},
        "conversationApiAppDetails": {"id": "app-1", "region": "eu", "channelStatus": "ACTIVE"},
        "maxTps": "80",
        "compatibleRegions": ["eu", "us"],
        "bearerToken": "bt",
    }
    state = sender().state_from_api(
        body, config(project_id="p1", waba_id="111", timeouts={"create": "5m", "update": None})
    )
    assert state["vertical"] is None
    assert (state["pending_change_status"], state["error_code"], state["error_reason"]) == ("REJECTED", "E42", "policy")
    assert state["conversation_api_app_id"] == "app-1"
    assert state["conversation_api_channel_status"] == "ACTIVE"
    assert state["max_tps"] == 80
    assert state["compatible_regions"] == ["eu", "us"]
    assert state["bearer_token"] == "bt"
    assert state["waba_id"] == "111"  # never returned: kept from prior
    assert state["timeouts"] == {"create": "5m", "update": None}


# ----------------------------------------------------------------------------------------------
# judge
# ----------------------------------------------------------------------------------------------

PLANNED = config(project_id="p1", wait_for_state="ACTIVE", verification_method="SMS")


def test_judge_error_names_the_error_code() -> None:
    fake = FakeSinch()
    s = sender(fake)
    body = {
        "id": "s1",
        "state": "IN_PROGRESS",
        "changes": {"status": "ERROR", "errorCode": "WABA_BLOCKED", "errorReason": "Meta blocked the account"},
    }
    verdict = s.judge(body, PLANNED, s.provider.client)
    assert verdict.failure == "Sinch reports WABA_BLOCKED"
    assert verdict.detail == "Meta blocked the account"
    assert not verdict.done
    assert fake.api_requests == []


@pytest.mark.parametrize(
    ("body", "failure", "detail"),
    [
        ({"state": "ERROR"}, "Sinch reports ERROR", "No reason was given."),
        (
            {"state": "IN_PROGRESS", "changes": {"status": "MULTIPLE_WABA_ERROR"}},
            "Sinch reports MULTIPLE_WABA_ERROR",
            "No reason was given.",
        ),
        ({"state": "SUSPENDED", "changes": {"errorReason": "quality"}}, "the sender is SUSPENDED", "quality"),
        ({"state": "INACTIVE"}, "the sender is INACTIVE", ""),
    ],
)
def test_judge_failures(body: dict[str, Any], failure: str, detail: str) -> None:
    verdict = sender().judge({"id": "s1", **body}, PLANNED, None)  # type: ignore[arg-type]
    assert (verdict.done, verdict.failure, verdict.detail) == (False, failure, detail)


def test_judge_error_wins_over_wait_for_state_none() -> None:
    verdict = sender().judge({"state": "ERROR"}, {**PLANNED, "wait_for_state": "NONE"}, None)  # type: ignore[arg-type]
    assert verdict.failure == "Sinch reports ERROR"


def test_judge_active_is_done() -> None:
    verdict = sender().judge({"id": "s1", "state": "ACTIVE"}, PLANNED, None)  # type: ignore[arg-type]
    assert verdict.done and verdict.failure is None and verdict.warning is None


@pytest.mark.parametrize("state", ["IN_PROGRESS", "PENDING_VERIFICATION", None])
def test_judge_wait_for_none_is_done_at_once(state: Any) -> None:
    fake = FakeSinch()
    s = sender(fake)
    verdict = s.judge({"id": "s1", "state": state}, {**PLANNED, "wait_for_state": "NONE"}, s.provider.client)
    assert verdict.done
    assert fake.api_requests == []  # no verification code requested


@pytest.mark.parametrize("state", ["IN_PROGRESS", None])
def test_judge_sender_being_set_up_is_pending(state: Any) -> None:
    assert sender().judge({"id": "s1", "state": state}, PLANNED, None) == PENDING  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("method", "target"), [("SMS", "ACTIVE"), ("VOICE", "ACTIVE"), ("SMS", "PENDING_VERIFICATION")]
)
def test_judge_pending_verification_requests_a_code(method: str, target: str) -> None:
    fake = FakeSinch(api=[reply(200, {"expiresIn": 600})])
    s = sender(fake)
    client = s.provider.client
    planned = {**PLANNED, "verification_method": method, "wait_for_state": target}
    verdict = s.judge({"id": "s 1", "state": "PENDING_VERIFICATION"}, planned, client)
    assert verdict.done
    assert verdict.failure is None
    assert verdict.warning == f"waiting for verification: a code was sent by {method}"
    assert "verification_code" in verdict.detail
    assert len(fake.api_requests) == 1
    request = fake.api_requests[0]
    assert request.method == "POST"
    assert request.url.raw_path == b"/v1/projects/p1/whatsapp/senders/s%201/register"
    assert request_json(request) == {"method": method}


def test_judge_after_a_verify_waits_for_active_without_a_new_code() -> None:
    fake = FakeSinch(api=[reply(204), reply(200, {"id": "s1", "state": "ACTIVE"})])
    s = sender(fake)
    client = s.provider.client
    current = {"project_id": PLANNED["project_id"], "id": "s1", "state": "PENDING_VERIFICATION"}
    body = s.verify(Diagnostics(), client, current, {**PLANNED, "verification_code": "123456"}, ["verification_code"])
    assert body["state"] == "ACTIVE"
    assert [(r.method, r.url.path) for r in fake.api_requests] == [
        ("POST", f"{SENDERS}/s1/verify"),
        ("GET", f"{SENDERS}/s1"),
    ]
    assert request_json(fake.api_requests[0]) == {"code": "123456"}
    assert s.judge({"id": "s1", "state": "PENDING_VERIFICATION"}, PLANNED, client) == PENDING
    assert len(fake.api_requests) == 2
    assert s.judge({"id": "s1", "state": "ACTIVE"}, PLANNED, client).done


def test_create_by_phone_provisioning_stops_at_pending_verification_with_a_warning() -> None:
    fake = FakeSinch(
        api=[
            reply(201, {"id": "s1", "state": "PENDING_VERIFICATION", "details": {"displayName": "Acme"}}),
            reply(200, {}),
        ]
    )
    planned = create_plan({**PHONE, "about": "Hi"})
    ctx = CreateContext(Diagnostics(), "sinch_whatsapp_sender")
    state = sender(fake).create(ctx, planned)
    assert [(r.method, r.url.path) for r in fake.api_requests] == [
        ("POST", SENDERS),
        ("POST", f"{SENDERS}/s1/register"),
    ]
    assert request_json(fake.api_requests[0]) == {
        "details": {"countryCode": "48", "phoneNumber": "500600700", "displayName": "Acme"}
    }
    assert [(d.severity, d.summary) for d in ctx.diagnostics.diagnostics] == [
        ("warning", 'sinch_whatsapp_sender "p1/s1": waiting for verification: a code was sent by SMS')
    ]
    assert state is not None
    assert state["id"] == "s1"
    assert state["state"] == "PENDING_VERIFICATION"
    assert state["about"] == "Hi"  # waits in state until the sender is ACTIVE
    assert state["wait_for_state"] == "ACTIVE"


# ----------------------------------------------------------------------------------------------
# The senders data source
# ----------------------------------------------------------------------------------------------


def test_senders_data_source_filters_and_maps_every_page() -> None:
    fake = FakeSinch(
        api=[
            reply(
                200,
                {
                    "senders": [
                        {
                            "id": "s1",
                            "state": "ACTIVE",
                            "numberProvider": "SINCH",
                            "countryCode": "48",
                            "details": {
                                "displayName": "Live",
                                "vertical": "NOT_SET",
                                "websiteOne": SITE_1,
                                "websiteTwo": SITE_2,
                            },
                            "changes": {"status": "DRAFT", "details": {"displayName": "Draft"}},
                        }
                    ],
                    "nextPageToken": "page-2",
                },
            ),
            reply(200, {"senders": [{"id": "s2", "state": "PENDING_VERIFICATION", "maxTps": 20}]}),
        ]
    )
    servicer = SinchServicer(project_provider(fake))
    cfg = {"project_id": None, "states": ["PENDING_VERIFICATION", "ACTIVE"], "change_statuses": None, "senders": None}
    response = servicer.ReadDataSource(
        pb.ReadDataSource.Request(type_name="sinch_whatsapp_senders", config=to_dynamic_value(cfg)), None
    )
    assert [d.summary for d in response.diagnostics] == []
    first, second = fake.api_requests
    assert first.url.path == second.url.path == SENDERS
    assert parse_qs(first.url.query.decode()) == {
        "filterStates": ["ACTIVE", "PENDING_VERIFICATION"],
        "pageSize": ["100"],
    }
    assert parse_qs(second.url.query.decode()) == {
        "filterStates": ["ACTIVE", "PENDING_VERIFICATION"],
        "pageSize": ["100"],
        "pageToken": ["page-2"],
    }
    state = read_dynamic_value(response.state)
    assert state["project_id"] == "p1"
    assert sorted(state["states"]) == ["ACTIVE", "PENDING_VERIFICATION"]
    s1, s2 = state["senders"]
    assert s1["id"] == "s1"
    assert s1["project_id"] == "p1"
    assert s1["display_name"] == "Draft"  # the pending change set
    assert s1["vertical"] is None
    assert s1["websites"] == [SITE_1, SITE_2]
    assert s1["phone_number_provider"] == "SINCH"
    assert s1["country_code"] == "48"
    assert s2 == {**dict.fromkeys(s1), "id": "s2", "project_id": "p1", "state": "PENDING_VERIFICATION", "max_tps": "20"}
    assert "waba_id" not in s1 and "verification_code" not in s1


def test_senders_data_source_sends_change_status_filters() -> None:
    fake = FakeSinch(api=[reply(200, {"senders": []})])
    servicer = SinchServicer(project_provider(fake))
    cfg = {"project_id": "other", "states": None, "change_statuses": ["REJECTED", "DRAFT"], "senders": None}
    response = servicer.ReadDataSource(
        pb.ReadDataSource.Request(type_name="sinch_whatsapp_senders", config=to_dynamic_value(cfg)), None
    )
    assert list(response.diagnostics) == []
    (request,) = fake.api_requests
    assert request.url.path == "/v1/projects/other/whatsapp/senders"
    assert parse_qs(request.url.query.decode()) == {"filterStatuses": ["DRAFT", "REJECTED"], "pageSize": ["100"]}
    assert read_dynamic_value(response.state)["senders"] == []


# ----------------------------------------------------------------------------------------------
# Refresh
# ----------------------------------------------------------------------------------------------


def test_read_warns_about_rejected_changes_and_shows_the_live_profile() -> None:
    from tf.iface import ReadContext

    body = {
        "id": "s1",
        "state": "ACTIVE",
        "details": {"displayName": "Acme", "about": "Live"},
        "changes": {"status": "REJECTED", "errorReason": "Policy violation", "details": {"about": "Refused"}},
        "metadata": {"displayName": {"status": "REJECTED", "value": "Bad", "rejectionReason": "Misleading name"}},
    }
    fake = FakeSinch(api=[reply(200, body)])
    ctx = ReadContext(Diagnostics(), "sinch_whatsapp_sender")
    current = config(id="s1", project_id="p1", state="ACTIVE", display_name="Bad", about="Refused")
    state = sender(fake).read(ctx, current)
    assert [(d.severity, d.summary) for d in ctx.diagnostics.diagnostics] == [
        ("warning", "sinch_whatsapp_sender s1: the last profile change was rejected"),
        ("warning", "sinch_whatsapp_sender s1: the last profile change was rejected"),
    ]
    assert ctx.diagnostics.diagnostics[0].detail.startswith("Policy violation ")
    assert ctx.diagnostics.diagnostics[1].detail.startswith("Misleading name ")
    assert state is not None
    assert (state["display_name"], state["about"]) == ("Acme", "Live")
    assert fake.api_requests[0].url.path == f"{SENDERS}/s1"


def test_read_of_a_deleted_sender_drops_it() -> None:
    from tf.iface import ReadContext

    fake = FakeSinch(api=[reply(404, {"errorCode": "sender_not_found", "message": "Sender not found"})])
    ctx = ReadContext(Diagnostics(), "sinch_whatsapp_sender")
    assert sender(fake).read(ctx, config(id="s1", project_id="p1")) is None
    assert [d.severity for d in ctx.diagnostics.diagnostics] == ["warning"]


def test_read_resource_answers_numbers_as_text_whatever_terraform_sent() -> None:
    """Terraform decodes a msgpack string number like the state's JSON (512-bit); an integer from the provider
    would decode to a 64-bit big.Float, which Terraform <= 1.14's refresh-only check takes for a change."""
    body = {"id": "s1", "state": "ACTIVE", "maxTps": 80, "details": {"displayName": "Acme"}}
    servicer = SinchServicer(project_provider(FakeSinch(api=[reply(200, body)])))
    current = config(id="s1", project_id="p1", state="ACTIVE", display_name="Acme", max_tps=80)
    response = servicer.ReadResource(
        pb.ReadResource.Request(type_name="sinch_whatsapp_sender", current_state=to_dynamic_value(current)), None
    )
    assert list(response.diagnostics) == []
    raw = msgpack.unpackb(response.new_state.msgpack)
    assert raw["max_tps"] == "80"
    assert read_dynamic_value(response.new_state)["display_name"] == "Acme"


def test_sender_ids_made_of_dots_stay_in_their_path_segment() -> None:
    # left as "..", httpx resolves it away: GET .../senders/.. would read (and DELETE delete) the WhatsApp account
    fake = FakeSinch(api=[reply(404, {"errorCode": "sender_not_found", "message": "Sender not found"})])
    from tf.iface import ReadContext

    sender(fake).read(ReadContext(Diagnostics(), "sinch_whatsapp_sender"), config(id="..", project_id="p1"))
    assert fake.api_requests[0].url.raw_path == f"{SENDERS}/%2E%2E".encode()
