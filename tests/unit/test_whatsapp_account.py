"""resources/whatsapp_account.py: when the API takes updates, the pending-change view, identity and import, and
error codes that mean the account is gone."""

from __future__ import annotations

from typing import Any

import pytest
from tf.gen import tfplugin_pb2 as pb
from tf.iface import CreateContext, ImportContext, ReadContext, UpdateContext
from tf.types import Unknown
from tf.utils import Diagnostics, read_dynamic_value, to_dynamic_value

from provider.resource import PlanContext
from provider.servicer import SinchServicer
from resources.whatsapp_account import WhatsappAccount
from tests.unit.conftest import FakeSinch, project_provider, reply, request_json

NAMES = [a.name for a in WhatsappAccount.attributes]
ACCOUNT_PATH = "/v1/projects/p1/whatsapp"

CONFIG: dict[str, Any] = {
    **dict.fromkeys(NAMES),
    "waba_name": "Acme",
    "client_business_manager_id": "123",
    "display_name": "Acme Shop",
    "business_category": "OTHER",
}
PRIOR: dict[str, Any] = {
    **CONFIG,
    "id": "p1",
    "project_id": "p1",
    "business_manager": "SINCH_UK",
    "region": "EU",
    "state": "REJECTED",
    "waba_id": "999",
    "is_embedded_signup": False,
    "wait_for_state": "ONBOARDED",
    "timeouts": None,
}

#: The API's answer for PRIOR.
BODY: dict[str, Any] = {
    "state": "REJECTED",
    "businessManager": "SINCH_UK",
    "wabaId": "999",
    "isEmbeddedSignup": False,
    "details": {
        "wabaName": "Acme",
        "clientBusinessManagerId": "123",
        "senderDetails": {"displayName": "Acme Shop", "businessCategory": "OTHER", "region": "EU"},
    },
}


def account(fake: FakeSinch | None = None) -> WhatsappAccount:
    return WhatsappAccount(project_provider(fake))


# ----------------------------------------------------------------------------------------------
# refused_update
# ----------------------------------------------------------------------------------------------


def test_a_rejected_account_takes_changes() -> None:
    assert account().refused_update(PRIOR, {**PRIOR, "waba_name": "Acme Two"}) is None


def test_a_new_account_is_not_an_update() -> None:
    assert account().refused_update(None, {**PRIOR, "state": "ONBOARDED"}) is None


@pytest.mark.parametrize("state", ["ONBOARDED", "PENDING_FACEBOOK_VERIFICATION"])
def test_an_account_under_review_or_onboarded_refuses_changes(state: str) -> None:
    current = {**PRIOR, "state": state}
    refused = account().refused_update(current, {**current, "waba_name": "Acme Two", "display_name": "Shop Two"})
    assert refused is not None
    summary, detail = refused
    assert summary == f"sinch_whatsapp_account cannot be updated while it is {state}"
    assert "only while it is REJECTED" in detail
    assert "(changed here: waba_name, display_name)" in detail


def test_an_account_without_a_state_is_under_review() -> None:
    current = {**PRIOR, "state": None}
    refused = account().refused_update(current, {**current, "business_category": "RESTAURANT"})
    assert refused is not None
    assert refused[0] == "sinch_whatsapp_account cannot be updated while it is under review"


@pytest.mark.parametrize(
    "change",
    [
        {"timeouts": {"create": "1h", "update": None}},
        {"wait_for_state": "NONE"},
        {"business_manager": "SINCH_BR"},  # create-only: replaces rather than updates
        {"region": Unknown},
        {},
    ],
)
def test_terraform_side_or_non_updatable_changes_are_not_refused(change: dict[str, Any]) -> None:
    current = {**PRIOR, "state": "ONBOARDED"}
    assert account().refused_update(current, {**current, **change}) is None


def test_plan_warns_and_update_refuses_without_calling_the_api() -> None:
    fake = FakeSinch()
    acc = account(fake)
    current = {**PRIOR, "state": "ONBOARDED"}
    config = {**CONFIG, "waba_name": "Acme Two"}
    ctx = PlanContext(Diagnostics(), "sinch_whatsapp_account", changed_fields=set(), config=config)
    planned = acc.plan(ctx, dict(current), {**current, "waba_name": "Acme Two"})
    assert [(d.severity, d.summary) for d in ctx.diagnostics.diagnostics] == [
        ("warning", "sinch_whatsapp_account cannot be updated while it is ONBOARDED")
    ]
    update_ctx = UpdateContext(Diagnostics(), "sinch_whatsapp_account")
    assert acc.update(update_ctx, current, planned) == current
    assert [(d.severity, d.summary) for d in update_ctx.diagnostics.diagnostics] == [
        ("error", "sinch_whatsapp_account cannot be updated while it is ONBOARDED")
    ]
    assert fake.api_requests == []


def test_update_of_a_rejected_account_patches_only_the_changes() -> None:
    answer = {
        **BODY,
        "state": "PENDING_FACEBOOK_VERIFICATION",
        "changes": {
            "status": "IN_PROGRESS",
            "details": {"wabaName": "Acme Two", "senderDetails": {"displayName": "Shop Two"}},
        },
    }
    fake = FakeSinch(api=[reply(200, answer)])
    planned = {**PRIOR, "waba_name": "Acme Two", "display_name": "Shop Two", "state": Unknown, "waba_id": Unknown}
    ctx = UpdateContext(Diagnostics(), "sinch_whatsapp_account")
    state = account(fake).update(ctx, dict(PRIOR), planned)
    assert ctx.diagnostics.diagnostics == []
    (request,) = fake.api_requests
    assert (request.method, request.url.path) == ("PATCH", ACCOUNT_PATH)
    assert request_json(request) == {"wabaName": "Acme Two", "senderDetails": {"displayName": "Shop Two"}}
    assert state["waba_name"] == "Acme Two"
    assert state["display_name"] == "Shop Two"
    assert state["business_category"] == "OTHER"
    assert state["state"] == "PENDING_FACEBOOK_VERIFICATION"
    assert state["id"] == "p1"


# ----------------------------------------------------------------------------------------------
# state_from_api, import, create
# ----------------------------------------------------------------------------------------------


def test_state_from_api_uses_the_project_as_id() -> None:
    state = account().state_from_api({**BODY, "id": "something-else"}, {**PRIOR, "id": None, "project_id": "p7"})
    assert state["id"] == "p7"
    assert state["project_id"] == "p7"
    assert state["waba_name"] == "Acme"
    assert state["business_manager"] == "SINCH_UK"
    assert state["region"] == "EU"
    assert state["waba_id"] == "999"
    assert state["is_embedded_signup"] is False
    assert state["wait_for_state"] == "ONBOARDED"


@pytest.mark.parametrize("status", ["DRAFT", "IN_PROGRESS", "PENDING_FACEBOOK_VERIFICATION"])
def test_state_from_api_overlays_a_pending_change_including_sender_details(status: str) -> None:
    body = {
        **BODY,
        "changes": {
            "status": status,
            "details": {"wabaName": "Acme Two", "senderDetails": {"displayName": "Shop Two", "region": "US"}},
        },
    }
    state = account().state_from_api(body, PRIOR)
    assert state["waba_name"] == "Acme Two"
    assert state["display_name"] == "Shop Two"
    assert state["region"] == "US"
    assert state["business_category"] == "OTHER"  # not in the change: the live value
    assert state["client_business_manager_id"] == "123"
    assert state["pending_change_status"] == status
    assert BODY["details"]["senderDetails"]["displayName"] == "Acme Shop"  # the answer is not modified


def test_state_from_api_of_a_new_account_reads_the_change_alone() -> None:
    body = {
        "state": "PENDING_FACEBOOK_VERIFICATION",
        "changes": {
            "status": "PENDING_FACEBOOK_VERIFICATION",
            "details": {"wabaName": "Acme", "senderDetails": {"displayName": "Shop", "businessCategory": "OTHER"}},
        },
    }
    state = account().state_from_api(body, {**PRIOR, "id": Unknown})
    assert (state["id"], state["waba_name"], state["display_name"], state["business_category"]) == (
        "p1",
        "Acme",
        "Shop",
        "OTHER",
    )
    assert state["region"] is None


def test_state_from_api_ignores_a_rejected_change() -> None:
    body = {**BODY, "changes": {"status": "REJECTED", "details": {"wabaName": "Refused"}}}
    state = account().state_from_api(body, PRIOR)
    assert state["waba_name"] == "Acme"
    assert state["pending_change_status"] == "REJECTED"


def test_import_of_a_project_gives_the_project_as_id() -> None:
    ctx = ImportContext(Diagnostics(), "sinch_whatsapp_account")
    state = account().import_(ctx, "p1")
    assert ctx.diagnostics.diagnostics == []
    assert state == {
        **dict.fromkeys(NAMES),
        "id": "p1",
        "project_id": "p1",
        "wait_for_state": "ONBOARDED",
        "timeouts": None,
    }


@pytest.mark.parametrize("bad", ["p1/x", "", "/"])
def test_import_refuses_anything_but_a_project(bad: str) -> None:
    ctx = ImportContext(Diagnostics(), "sinch_whatsapp_account")
    assert account().import_(ctx, bad) is None
    assert [d.summary for d in ctx.diagnostics.diagnostics] == ["Invalid import ID for sinch_whatsapp_account"]


def test_create_without_waiting_posts_the_arguments() -> None:
    fake = FakeSinch(
        api=[
            reply(
                201,
                {
                    "state": "PENDING_FACEBOOK_VERIFICATION",
                    "changes": {"status": "PENDING_FACEBOOK_VERIFICATION", "details": {"wabaName": "Acme"}},
                },
            )
        ]
    )
    ctx = PlanContext(
        Diagnostics(),
        "sinch_whatsapp_account",
        changed_fields=set(),
        config={**CONFIG, "wait_for_state": "NONE", "region": "EU"},
    )
    acc = account(fake)
    planned = acc.plan(ctx, None, dict(ctx.config))
    create_ctx = CreateContext(Diagnostics(), "sinch_whatsapp_account")
    state = acc.create(create_ctx, planned)
    assert create_ctx.diagnostics.diagnostics == []
    (request,) = fake.api_requests
    assert (request.method, request.url.path) == ("POST", ACCOUNT_PATH)
    assert request_json(request) == {
        "wabaName": "Acme",
        "clientBusinessManagerId": "123",
        "senderDetails": {"displayName": "Acme Shop", "businessCategory": "OTHER", "region": "EU"},
    }
    assert state is not None
    assert state["id"] == "p1"
    assert state["state"] == "PENDING_FACEBOOK_VERIFICATION"


@pytest.mark.parametrize(
    ("body", "planned", "done", "failure"),
    [
        ({"state": "ONBOARDED"}, {"wait_for_state": "ONBOARDED"}, True, None),
        ({"state": "PENDING_FACEBOOK_VERIFICATION"}, {"wait_for_state": "ONBOARDED"}, False, None),
        ({"state": "PENDING_FACEBOOK_VERIFICATION"}, {"wait_for_state": "NONE"}, True, None),
        ({"state": "REJECTED"}, {"wait_for_state": "ONBOARDED"}, False, "Meta rejected the account"),
        ({"state": "ONBOARDED", "changes": {"status": "REJECTED"}}, {"wait_for_state": "ONBOARDED"}, True, None),
        (
            {"state": "PENDING_FACEBOOK_VERIFICATION", "changes": {"status": "REJECTED"}},
            {"wait_for_state": "ONBOARDED"},
            False,
            "Meta rejected the account",
        ),
    ],
)
def test_judge(body: dict[str, Any], planned: dict[str, Any], done: bool, failure: str | None) -> None:
    verdict = account().judge(body, planned, None)  # type: ignore[arg-type]
    assert (verdict.done, verdict.failure) == (done, failure)


# ----------------------------------------------------------------------------------------------
# Gone: 404 and the error codes of a project without an account
# ----------------------------------------------------------------------------------------------


def read_through_servicer(fake: FakeSinch) -> Any:
    servicer = SinchServicer(project_provider(fake))
    return servicer.ReadResource(
        pb.ReadResource.Request(type_name="sinch_whatsapp_account", current_state=to_dynamic_value(PRIOR)), None
    )


@pytest.mark.parametrize(
    ("status", "code"), [(400, "project_not_initialized"), (404, "account_not_found"), (404, "NOT_FOUND")]
)
def test_read_of_a_missing_account_drops_it_with_a_warning(status: int, code: str) -> None:
    fake = FakeSinch(api=[reply(status, {"errorCode": code, "message": "WhatsApp is not set up for this project"})])
    response = read_through_servicer(fake)
    assert [(d.severity, d.summary) for d in response.diagnostics] == [
        (pb.Diagnostic.WARNING, 'sinch_whatsapp_account "p1" no longer exists')
    ]
    assert read_dynamic_value(response.new_state) is None
    (request,) = fake.api_requests
    assert (request.method, request.url.path) == ("GET", ACCOUNT_PATH)


def test_read_of_another_400_is_an_error_and_keeps_the_state() -> None:
    fake = FakeSinch(api=[reply(400, {"errorCode": "invalid_argument", "message": "bad request"})])
    response = read_through_servicer(fake)
    assert [(d.severity, d.summary) for d in response.diagnostics] == [
        (pb.Diagnostic.ERROR, "Sinch API error: bad request")
    ]
    assert read_dynamic_value(response.new_state) == PRIOR


def test_read_directly_maps_the_answer() -> None:
    fake = FakeSinch(api=[reply(200, {**BODY, "state": "ONBOARDED"})])
    ctx = ReadContext(Diagnostics(), "sinch_whatsapp_account")
    state = account(fake).read(ctx, dict(PRIOR))
    assert ctx.diagnostics.diagnostics == []
    assert state == {**PRIOR, "state": "ONBOARDED"}


def test_delete_of_an_account_already_gone_is_fine() -> None:
    from tf.iface import DeleteContext

    fake = FakeSinch(api=[reply(400, {"errorCode": "project_not_initialized", "message": "no account"})])
    ctx = DeleteContext(Diagnostics(), "sinch_whatsapp_account")
    account(fake).delete(ctx, dict(PRIOR))
    assert ctx.diagnostics.diagnostics == []
    assert [(r.method, r.url.path) for r in fake.api_requests] == [("DELETE", ACCOUNT_PATH)]
