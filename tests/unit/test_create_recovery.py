"""provider/resource.py send_create: lost answers, proven-absent retries, already-exists and candidates."""

from __future__ import annotations

from typing import Any

import httpx
from tf.iface import CreateContext
from tf.utils import Diagnostics

from resources.kakaotalk_template import KakaotalkTemplate
from resources.webhook import Webhook
from resources.whatsapp_account import WhatsappAccount
from resources.whatsapp_sender import WhatsappSender
from tests.unit.conftest import FakeSinch, project_provider, reply

TARGET = "https://h.example.com/a"
WEBHOOK = {"id": None, "project_id": "p1", "target": TARGET, "secret": "s", "triggers": ["ALL"]}
CREATED = {"id": "w1", "target": TARGET, "triggers": ["ALL"]}
EMPTY_LIST = {"webhooks": [], "totalSize": 0}
LISTED = {"webhooks": [CREATED], "totalSize": 1}
ERROR_500 = {"errorCode": "internal_error", "message": "Internal server error."}


def create_webhook(fake: FakeSinch) -> tuple[dict[str, Any] | None, Diagnostics]:
    diags = Diagnostics()
    state = Webhook(project_provider(fake)).create(CreateContext(diags, "sinch_webhook"), dict(WEBHOOK))
    return state, diags


def methods(fake: FakeSinch) -> list[str]:
    return [r.method for r in fake.api_requests]


def test_a_500_with_nothing_created_is_sent_again(sleeps: list[float]) -> None:
    fake = FakeSinch(api=[reply(500, ERROR_500), reply(200, EMPTY_LIST), reply(201, CREATED)])
    state, diags = create_webhook(fake)
    assert not diags.has_errors()
    assert state is not None and state["id"] == "w1"
    assert methods(fake) == ["POST", "GET", "POST"]
    assert len(sleeps) == 1  # one backoff before the second POST


def test_a_500_after_commit_is_found_not_sent_again() -> None:
    fake = FakeSinch(api=[reply(500, ERROR_500), reply(200, LISTED)])
    state, diags = create_webhook(fake)
    assert not diags.has_errors()
    assert state is not None and state["id"] == "w1"
    assert methods(fake) == ["POST", "GET"]


def test_a_dropped_answer_is_found() -> None:
    def drop(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("peer closed connection", request=request)

    fake = FakeSinch(api=[drop, reply(200, LISTED)])
    state, diags = create_webhook(fake)
    assert state is not None and state["id"] == "w1" and not diags.has_errors()


def test_retries_of_the_post_stay_within_max_retries(sleeps: list[float]) -> None:
    fake = FakeSinch(api=[reply(500, ERROR_500), reply(200, EMPTY_LIST)] * 7 + [reply(201, CREATED)])
    state, diags = create_webhook(fake)  # max_retries 6 (the default): seven POSTs in all, then give up
    assert state is None and diags.has_errors()
    assert methods(fake).count("POST") == 7
    assert "Internal server error." in diags.diagnostics[0].summary


def test_already_exists_names_the_object_and_how_to_import_it() -> None:
    exists = {
        "errorCode": "webhook_exists",
        "message": "Webhook with the provided target already exists.",
        "resolution": "Webhooks must have a unique target. Change the target and submit again.",
    }
    fake = FakeSinch(api=[reply(409, exists), reply(200, LISTED)])
    state, diags = create_webhook(fake)
    assert state is None
    [error] = diags.diagnostics
    assert "webhook_exists" in error.summary
    assert "sinch_webhook w1 already exists in project p1" in error.detail
    assert "terraform import sinch_webhook.<NAME> p1/w1" in error.detail
    assert 'id = "p1/w1"' in error.detail
    assert "Change the target" not in error.detail


def test_a_lost_account_create_is_read_back() -> None:
    account = {"state": "PENDING_FACEBOOK_VERIFICATION", "changes": {"status": "IN_PROGRESS"}}
    fake = FakeSinch(api=[reply(502, ERROR_500), reply(200, account)])
    planned: dict[str, Any] = {a.name: None for a in WhatsappAccount.attributes}
    planned.update(project_id="p1", waba_name="Acme", client_business_manager_id="1", display_name="Acme",
                   business_category="OTHER", wait_for_state="NONE")  # fmt: skip
    diags = Diagnostics()
    state = WhatsappAccount(project_provider(fake)).create(CreateContext(diags, "sinch_whatsapp_account"), planned)
    assert not diags.has_errors()
    assert state is not None and state["id"] == "p1" and state["state"] == "PENDING_FACEBOOK_VERIFICATION"
    assert methods(fake) == ["POST", "GET"]


def test_a_lost_account_create_that_did_not_happen_is_sent_again(sleeps: list[float]) -> None:
    missing = {"errorCode": "account_not_found", "message": "Account not found."}
    account = {"state": "PENDING_FACEBOOK_VERIFICATION"}
    fake = FakeSinch(api=[reply(500, ERROR_500), reply(404, missing), reply(201, account)])
    planned: dict[str, Any] = {a.name: None for a in WhatsappAccount.attributes}
    planned.update(project_id="p1", wait_for_state="NONE")
    diags = Diagnostics()
    state = WhatsappAccount(project_provider(fake)).create(CreateContext(diags, "sinch_whatsapp_account"), planned)
    assert not diags.has_errors() and state is not None
    assert methods(fake) == ["POST", "GET", "POST"]


def test_a_lost_embedded_signup_create_names_the_candidates() -> None:
    """No key to find it by: not sent again; the senders created since the request are named, with the import."""
    new = {"id": "0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e", "created": "2999-01-01T00:00:00.000Z",
           "changes": {"status": "IN_PROGRESS"}}  # fmt: skip
    old = {"id": "11111111-2222-4333-8444-555555555555", "created": "2020-01-01T00:00:00.000Z", "state": "ACTIVE"}
    fake = FakeSinch(api=[reply(500, ERROR_500), reply(200, {"senders": [old, new]})])
    planned: dict[str, Any] = {a.name: None for a in WhatsappSender.attributes}
    planned.update(project_id="p1", waba_id="1", phone_number_id="2", wait_for_state="ACTIVE")
    diags = Diagnostics()
    state = WhatsappSender(project_provider(fake)).create(CreateContext(diags, "sinch_whatsapp_sender"), planned)
    assert state is None
    [error] = diags.diagnostics
    assert "was lost" in error.summary
    assert new["id"] in error.detail and old["id"] not in error.detail
    assert f"terraform import sinch_whatsapp_sender.<NAME> p1/{new['id']}" in error.detail
    assert methods(fake) == ["POST", "GET"]


def test_a_lost_create_of_an_object_under_review_is_found_by_its_pending_details() -> None:
    """A template never approved has no `details` yet, only its pending `changes.details`: its natural key (the
    name) is read there, as state reads it, else the create would be sent again and refused as existing."""
    other = {"code": "C0", "state": "APPROVED", "details": {"name": "other", "language": "KO", "content": "Hi"}}
    pending = {"code": "C1", "changes": {"status": "IN_PROGRESS",
                                        "details": {"name": "t", "language": "KO", "content": "Hi"}}}  # fmt: skip
    fake = FakeSinch(api=[reply(500, ERROR_500), reply(200, {"templates": [other, pending], "totalSize": 2})])
    planned: dict[str, Any] = {a.name: None for a in KakaotalkTemplate.attributes}
    planned.update(project_id="p1", plus_friend_id="@shop", name="t", language="KO", content="Hi",
                   wait_for_state="NONE", timeouts=None)  # fmt: skip
    diags = Diagnostics()
    state = KakaotalkTemplate(project_provider(fake)).create(CreateContext(diags, "sinch_kakaotalk_template"), planned)
    assert not diags.has_errors(), diags.diagnostics
    assert state is not None and state["id"] == "C1" and state["pending_change_status"] == "IN_PROGRESS"
    assert methods(fake) == ["POST", "GET"]


def test_the_import_named_for_an_existing_object_is_not_url_encoded() -> None:
    """`terraform import` takes the IDs as they are: the sender `@shop` is `%40shop` in a URL, not in an import ID
    (an import of `p1/%40shop/C1` would address the sender `%40shop`)."""
    exists = {"errorCode": "template_exists", "message": "Template already exists."}
    pending = {"code": "C1", "changes": {"status": "IN_PROGRESS", "details": {"name": "t"}}}
    fake = FakeSinch(api=[reply(409, exists), reply(200, {"templates": [pending], "totalSize": 1})])
    planned: dict[str, Any] = {a.name: None for a in KakaotalkTemplate.attributes}
    planned.update(project_id="p1", plus_friend_id="@shop", name="t", language="KO", content="Hi")
    diags = Diagnostics()
    state = KakaotalkTemplate(project_provider(fake)).create(CreateContext(diags, "sinch_kakaotalk_template"), planned)
    assert state is None
    [error] = diags.diagnostics
    assert "sinch_kakaotalk_template C1 already exists" in error.detail
    assert "terraform import sinch_kakaotalk_template.<NAME> p1/@shop/C1" in error.detail
    assert 'id = "p1/@shop/C1"' in error.detail
    assert methods(fake) == ["POST", "GET"]
    assert fake.api_requests[0].url.raw_path == b"/v1/projects/p1/kakaotalk/senders/%40shop/templates"
