"""sinch_whatsapp_comment: which object the arguments name (the POST's path), the body, the state a create answer
makes, a refresh from the object's activities (found, not listed any more, the object gone), rules across
arguments at validate, a refused import and a destroy that sends nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from tf.iface import CreateContext, DeleteContext, ImportContext, ReadContext
from tf.types import Unknown
from tf.utils import Diagnostics

from resources.whatsapp_comment import WhatsappComment
from tests.unit.conftest import FakeSinch, project_provider, reply

TYPE = "sinch_whatsapp_comment"
WHATSAPP = "/v1/projects/p1/whatsapp"
CREATED = "2026-01-02T03:04:05.000Z"
PLANNED: dict[str, Any] = {"id": Unknown, "project_id": "p1", "sender_id": None, "template_name": None,
                           "template_language": None, "text": "Hello Sinch", "created": Unknown}  # fmt: skip


def calls(fake: FakeSinch) -> list[str]:
    return [f"{r.method} {r.url.raw_path.decode()}" for r in fake.api_requests]


@pytest.mark.parametrize(
    ("arguments", "path", "object_name"),
    [
        ({}, WHATSAPP, "account"),
        ({"sender_id": "s 1"}, f"{WHATSAPP}/senders/s%201", "sender/s 1"),
        ({"template_name": "t_1", "template_language": "EN_US"}, f"{WHATSAPP}/templates/t_1/languages/EN_US",
         "template/t_1/EN_US"),
    ],
)  # fmt: skip
def test_create_posts_the_comment_on_the_object_named(arguments: dict[str, Any], path: str, object_name: str) -> None:
    fake = FakeSinch(api=[reply(201, {"type": "CREATED", "comment": "Hello Sinch", "created": CREATED})])
    diags = Diagnostics()
    state = WhatsappComment(project_provider(fake)).create(CreateContext(diags, TYPE), {**PLANNED, **arguments})
    assert diags.diagnostics == []
    assert calls(fake) == [f"POST {path}/comments"]
    assert json.loads(fake.api_requests[0].read()) == {"comment": "Hello Sinch"}
    assert state == {**PLANNED, **arguments, "created": CREATED, "id": f"{object_name}/{CREATED}"}


def post(fake: FakeSinch) -> tuple[dict[str, Any] | None, Diagnostics]:
    diags = Diagnostics()
    return WhatsappComment(project_provider(fake)).create(CreateContext(diags, TYPE), dict(PLANNED)), diags


LOST = reply(503, {"error": {"code": 503, "message": "down", "status": "UNAVAILABLE"}})
ACTIVITIES = f"GET {WHATSAPP}/activities?pageSize=100"


def page(*activities: dict[str, Any]) -> Any:
    return reply(200, {"notifications": list(activities), "totalSize": len(activities), "pageSize": 100})


def test_a_refused_create_keeps_nothing_and_looks_nothing_up() -> None:
    fake = FakeSinch(api=[reply(400, {"error": {"code": 400, "message": "bad", "status": "INVALID_ARGUMENT"}})])
    state, diags = post(fake)
    assert state is None and diags.has_errors() and len(diags.diagnostics) == 1
    assert calls(fake) == [f"POST {WHATSAPP}/comments"]


def test_a_lost_answer_is_found_in_the_activities() -> None:
    now = datetime.now(UTC).isoformat()
    older = {"type": "COMMENT_ADDED", "comment": "Hello Sinch", "created": "2020-01-01T00:00:00Z"}
    posted = {"type": "COMMENT_ADDED", "comment": "Hello Sinch", "created": now, "author": "Provisioning API user"}
    fake = FakeSinch(api=[LOST, page({"type": "EDITED", "created": now}, posted, older)])
    state, diags = post(fake)
    assert not diags.has_errors() and state is not None and state["created"] == now
    assert calls(fake) == [f"POST {WHATSAPP}/comments", ACTIVITIES]


def test_a_lost_answer_not_in_the_activities_is_sent_again() -> None:
    old = {"type": "COMMENT_ADDED", "comment": "Hello Sinch", "created": "2020-01-01T00:00:00Z"}  # an earlier one
    fake = FakeSinch(
        api=[LOST, page(old), reply(201, {"type": "CREATED", "comment": "Hello Sinch", "created": CREATED})]
    )
    state, diags = post(fake)
    assert not diags.has_errors() and state is not None and state["created"] == CREATED
    assert calls(fake) == [f"POST {WHATSAPP}/comments", ACTIVITIES, f"POST {WHATSAPP}/comments"]


def test_a_lost_answer_with_unreadable_activities_is_not_sent_again() -> None:
    forbidden = reply(403, {"error": {"code": 403, "message": "no", "status": "PERMISSION_DENIED"}})
    fake = FakeSinch(api=[LOST, forbidden])
    state, diags = post(fake)
    assert state is None and diags.has_errors()
    assert calls(fake) == [f"POST {WHATSAPP}/comments", ACTIVITIES]
    assert any(d.summary == "The comment may have been posted" for d in diags.diagnostics)


STATE = {**PLANNED, "sender_id": "s1", "created": CREATED, "id": f"sender/s1/{CREATED}"}


def read(fake: FakeSinch) -> tuple[dict[str, Any] | None, Diagnostics]:
    diags = Diagnostics()
    return WhatsappComment(project_provider(fake)).read(ReadContext(diags, TYPE), dict(STATE)), diags


def test_refresh_finds_the_comment_in_the_activities() -> None:
    found = {"type": "COMMENT_ADDED", "comment": "Hello Sinch", "created": CREATED, "author": "Provisioning API user"}
    fake = FakeSinch(api=[reply(200, {"notifications": [found], "totalSize": 1, "pageSize": 100})])
    state, diags = read(fake)
    assert state == STATE and diags.diagnostics == []
    assert calls(fake) == [f"GET {WHATSAPP}/senders/s1/activities?pageSize=100"]


def test_refresh_keeps_a_comment_the_activities_no_longer_list() -> None:
    fake = FakeSinch(api=[reply(200, {"notifications": [], "totalSize": 0, "pageSize": 100})])
    state, diags = read(fake)
    assert state == STATE and diags.diagnostics == []


def test_refresh_forgets_a_comment_whose_object_is_gone() -> None:
    error = {"error": {"code": 404, "message": "Sender not found", "status": "NOT_FOUND"}}
    state, diags = read(FakeSinch(api=[reply(404, error)]))
    (warning,) = diags.diagnostics
    assert state is None and not diags.has_errors()
    assert "no longer exists" in warning.summary and "The sender it was posted on is gone" in warning.detail


@pytest.mark.parametrize(
    ("config", "path"),
    [
        ({"sender_id": "s1", "template_name": "tt", "template_language": "EN_US"}, "template_name"),
        ({"template_name": "tt"}, "template_language"),
        ({"template_language": "EN_US"}, "template_name"),
        ({"sender_id": "a/b"}, "sender_id"),
        ({"template_name": "tt", "template_language": "KLINGON"}, "template_language"),
        ({"text": ""}, "text"),
        ({"text": "x" * 65536}, "text"),
    ],
)
def test_validation_names_the_attribute(config: dict[str, Any], path: str) -> None:
    diags = Diagnostics()
    WhatsappComment(project_provider(FakeSinch())).check(diags, {"text": "hi", **config})
    assert [d.summary for d in diags.diagnostics] == [f"Invalid {path}"]


def test_valid_configurations_pass() -> None:
    for config in ({}, {"sender_id": "s1"}, {"template_name": "tt", "template_language": "EN_US"},
                   {"sender_id": Unknown, "template_name": None}):  # fmt: skip
        diags = Diagnostics()
        WhatsappComment(project_provider(FakeSinch())).check(diags, {"text": "hi", **config})
        assert diags.diagnostics == [], config


def test_import_is_refused_and_destroy_sends_nothing() -> None:
    fake = FakeSinch()
    resource = WhatsappComment(project_provider(fake))
    diags = Diagnostics()
    assert resource.import_(ImportContext(diags, TYPE), "p1/s1") is None
    (error,) = diags.diagnostics
    assert error.summary == "sinch_whatsapp_comment cannot be imported" and "no ID" in error.detail
    diags = Diagnostics()
    resource.delete(DeleteContext(diags, TYPE), dict(STATE))
    (warning,) = diags.diagnostics
    assert not diags.has_errors() and fake.api_requests == []
    assert warning.summary == f"{TYPE} on sender/s1 of project p1 ({CREATED}) was removed from the Terraform state only"
    assert "cannot delete a comment" in warning.detail


def test_every_argument_forces_replacement() -> None:
    arguments = [a for a in WhatsappComment.attributes if not a.computed or a.optional]
    assert all(a.force_new for a in arguments), [a.name for a in arguments if not a.force_new]


def test_an_answer_without_created_is_kept_and_found_by_its_text() -> None:
    """`created` is optional in `WhatsappCommentDto`: without it the comment is told apart by its text alone."""
    fake = FakeSinch(api=[reply(201, {"type": "CREATED", "comment": "Hello Sinch"})])
    diags = Diagnostics()
    state = WhatsappComment(project_provider(fake)).create(CreateContext(diags, TYPE), dict(PLANNED))
    assert state is not None and state["created"] is None and state["id"] == "account"
    fake = FakeSinch(api=[page({"type": "COMMENT_ADDED", "comment": "Hello Sinch", "created": CREATED})])
    diags = Diagnostics()
    assert WhatsappComment(project_provider(fake)).read(ReadContext(diags, TYPE), dict(state)) == state
    assert calls(fake) == [ACTIVITIES] and diags.diagnostics == []
