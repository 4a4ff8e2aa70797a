"""provider/servicer.py and provider/resource.py through the gRPC servicer methods, with msgpack values."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tf.gen import tfplugin_pb2 as pb
from tf.types import Unknown
from tf.utils import read_dynamic_value, to_dynamic_value

from provider.client import ClientSettings, SinchClient
from provider.provider import SinchProvider
from provider.servicer import SinchServicer
from resources.main import build_provider
from resources.webhook import Webhook
from tests.unit.conftest import API_URL, KEY_ID, KEY_SECRET, FakeSinch, reply

WEBHOOK = "sinch_webhook"
TARGET = "https://hooks.example.com/sinch"

CONFIG: dict[str, Any] = {
    "id": None,
    "project_id": None,
    "target": TARGET,
    "secret": "s3cret",
    "triggers": ["WHATSAPP_TEMPLATE_APPROVED", "ALL"],
}
PRIOR: dict[str, Any] = {**CONFIG, "id": "wh-1", "project_id": "p1"}


@pytest.fixture
def provider() -> SinchProvider:
    p = build_provider()
    p._defaults = {"project_id": "p1"}  # what configure_provider records, without touching the network
    return p


@pytest.fixture
def servicer(provider: SinchProvider) -> SinchServicer:
    return SinchServicer(provider)


def plan(
    servicer: SinchServicer,
    prior: dict[str, Any] | None,
    proposed: dict[str, Any] | None,
    config: dict[str, Any] | None,
) -> Any:
    return servicer.PlanResourceChange(
        pb.PlanResourceChange.Request(
            type_name=WEBHOOK,
            prior_state=to_dynamic_value(prior),
            proposed_new_state=to_dynamic_value(proposed),
            config=to_dynamic_value(config),
        ),
        None,
    )


def errors(response: Any) -> list[Any]:
    return [d for d in response.diagnostics if d.severity == pb.Diagnostic.ERROR]


def paths(response: Any) -> list[list[str]]:
    return [[step.attribute_name for step in path.steps] for path in response.requires_replace]


# ----------------------------------------------------------------------------------------------
# Plans
# ----------------------------------------------------------------------------------------------


def test_create_plan_fills_project_from_provider_and_leaves_id_unknown(servicer: SinchServicer) -> None:
    response = plan(servicer, None, CONFIG, CONFIG)
    assert errors(response) == []
    planned = read_dynamic_value(response.planned_state)
    assert planned["id"] is Unknown
    assert planned["project_id"] == "p1"
    assert planned["target"] == TARGET
    assert planned["secret"] == "s3cret"
    assert sorted(planned["triggers"]) == ["ALL", "WHATSAPP_TEMPLATE_APPROVED"]
    assert list(response.requires_replace) == []


def test_create_plan_keeps_a_configured_project(servicer: SinchServicer) -> None:
    config = {**CONFIG, "project_id": "own-project"}
    planned = read_dynamic_value(plan(servicer, None, config, config).planned_state)
    assert planned["project_id"] == "own-project"


def test_create_plan_with_unknown_provider_project_is_unknown(servicer: SinchServicer, provider: SinchProvider) -> None:
    provider._defaults = {"project_id": Unknown}
    response = plan(servicer, None, CONFIG, CONFIG)
    assert errors(response) == []
    assert read_dynamic_value(response.planned_state)["project_id"] is Unknown


def test_update_plan_replaces_when_the_provider_project_changes(
    servicer: SinchServicer, provider: SinchProvider
) -> None:
    provider._defaults = {"project_id": "p2"}
    response = plan(servicer, PRIOR, PRIOR, CONFIG)  # config leaves project_id null
    assert errors(response) == []
    assert "project_id" in [p[0] for p in paths(response)]
    assert read_dynamic_value(response.planned_state)["project_id"] == "p2"


def test_update_plan_keeps_an_explicit_project_when_the_provider_default_changes(
    servicer: SinchServicer, provider: SinchProvider
) -> None:
    provider._defaults = {"project_id": "p2"}
    config = {**CONFIG, "project_id": "p1"}
    response = plan(servicer, PRIOR, PRIOR, config)
    assert paths(response) == []
    assert read_dynamic_value(response.planned_state)["project_id"] == "p1"


def test_update_plan_of_triggers_only_is_in_place_and_keeps_id(servicer: SinchServicer) -> None:
    config = {**CONFIG, "triggers": ["BUNDLE_DONE"]}
    proposed = {**PRIOR, "triggers": ["BUNDLE_DONE"]}
    response = plan(servicer, PRIOR, proposed, config)
    assert errors(response) == []
    assert list(response.requires_replace) == []
    planned = read_dynamic_value(response.planned_state)
    assert planned["id"] == "wh-1"
    assert planned["project_id"] == "p1"
    assert planned["triggers"] == ["BUNDLE_DONE"]


def test_update_plan_without_changes_is_a_no_op(servicer: SinchServicer) -> None:
    response = plan(servicer, PRIOR, PRIOR, CONFIG)
    assert errors(response) == []
    assert list(response.requires_replace) == []
    assert read_dynamic_value(response.planned_state) == PRIOR


def test_destroy_plan_returns_null_planned_state(servicer: SinchServicer) -> None:
    response = plan(servicer, PRIOR, None, None)
    assert errors(response) == []
    assert read_dynamic_value(response.planned_state) is None


def test_missing_project_everywhere_is_an_error_on_project_id(servicer: SinchServicer, provider: SinchProvider) -> None:
    provider._defaults = {}
    response = plan(servicer, None, CONFIG, CONFIG)
    problems = errors(response)
    assert len(problems) == 1
    assert [step.attribute_name for step in problems[0].attribute.steps] == ["project_id"]
    assert problems[0].summary == "project_id is not set"
    assert "SINCH_PROJECT_ID" in problems[0].detail
    assert not response.HasField("planned_state") or read_dynamic_value(response.planned_state) is None


def test_refined_unknowns_are_decoded_as_unknown(servicer: SinchServicer) -> None:
    # Terraform >= 1.6 sends unknowns with refinements as msgpack extension 12.
    import msgpack

    encoded = msgpack.packb({**CONFIG, "target": msgpack.ExtType(12, b"\x81\x01\xa8https://")})
    request = pb.PlanResourceChange.Request(
        type_name=WEBHOOK,
        prior_state=to_dynamic_value(None),
        proposed_new_state=pb.DynamicValue(msgpack=encoded),
        config=pb.DynamicValue(msgpack=encoded),
    )
    response = servicer.PlanResourceChange(request, None)
    assert errors(response) == []
    planned = read_dynamic_value(response.planned_state)
    assert planned["target"] is Unknown
    assert planned["id"] is Unknown


# ----------------------------------------------------------------------------------------------
# Validation, schema, exceptions
# ----------------------------------------------------------------------------------------------


def test_validate_resource_config_reports_paths(servicer: SinchServicer) -> None:
    config = {**CONFIG, "id": "set-by-user", "target": "http://localhost/x", "triggers": [Unknown, "NOPE"]}
    response = servicer.ValidateResourceConfig(
        pb.ValidateResourceConfig.Request(type_name=WEBHOOK, config=to_dynamic_value(config)), None
    )
    assert [[s.attribute_name for s in d.attribute.steps] for d in errors(response)] == [
        ["id"],
        ["target"],
        ["triggers"],
    ]


def test_get_provider_schema(servicer: SinchServicer) -> None:
    response = servicer.GetProviderSchema(pb.GetProviderSchema.Request(), None)
    assert errors(response) == []
    assert set(response.resource_schemas) == {
        "sinch_webhook",
        "sinch_whatsapp_sender",
        "sinch_whatsapp_account",
        "sinch_whatsapp_template",
        "sinch_whatsapp_solution",
        "sinch_whatsapp_template_analytics",
        "sinch_bundle",
        "sinch_whatsapp_comment",
        "sinch_kakaotalk_sender",
        "sinch_kakaotalk_template",
        "sinch_rcs_sender",
        "sinch_rcs_test_number",
    }
    assert set(response.data_source_schemas) == {
        "sinch_webhooks",
        "sinch_whatsapp_sender",
        "sinch_whatsapp_senders",
        "sinch_whatsapp_account",
        "sinch_whatsapp_flows",
        "sinch_whatsapp_solutions",
        "sinch_whatsapp_template",
        "sinch_whatsapp_templates",
        "sinch_conversation_instagram",
        "sinch_conversation_messenger",
        "sinch_conversation_telegram",
        "sinch_conversation_viber",
        "sinch_whatsapp_account_activities",
        "sinch_whatsapp_sender_activities",
        "sinch_whatsapp_template_activities",
        "sinch_bundles",
        "sinch_kakaotalk_sender_categories",
        "sinch_kakaotalk_template_categories",
        "sinch_kakaotalk_senders",
        "sinch_kakaotalk_templates",
        "sinch_rcs_questionnaire",
        "sinch_rcs_senders",
        "sinch_rcs_sender_activities",
        "sinch_rcs_account_activities",
    }
    # schema version 2: a reviewed resource's create_timeout became the timeouts block
    assert {n: s.version for n, s in response.resource_schemas.items()} == {
        "sinch_webhook": 1,
        "sinch_bundle": 1,
        "sinch_whatsapp_sender": 2,
        "sinch_whatsapp_account": 2,
        "sinch_whatsapp_template": 2,
        "sinch_whatsapp_solution": 1,
        "sinch_whatsapp_template_analytics": 1,
        "sinch_whatsapp_comment": 1,
        "sinch_kakaotalk_sender": 1,
        "sinch_kakaotalk_template": 1,
        "sinch_rcs_sender": 1,
        "sinch_rcs_test_number": 1,
    }
    assert {s.version for s in response.data_source_schemas.values()} == {1}
    webhook = response.resource_schemas["sinch_webhook"]
    attrs = {a.name: a for a in webhook.block.attributes}
    assert set(attrs) == {"id", "project_id", "target", "secret", "triggers"}
    assert attrs["secret"].sensitive
    assert attrs["secret"].required
    assert not attrs["target"].sensitive
    assert attrs["id"].computed and not attrs["id"].optional
    assert attrs["project_id"].optional and attrs["project_id"].computed
    assert attrs["triggers"].type == b'["set","string"]'
    sender = {a.name: a for a in response.resource_schemas["sinch_whatsapp_sender"].block.attributes}
    assert {n for n, a in sender.items() if a.sensitive} == {"authentication_code", "verification_code", "bearer_token"}
    provider_attrs = {a.name: a for a in response.provider.block.attributes}
    assert provider_attrs["key_secret"].sensitive
    assert not provider_attrs["key_id"].sensitive
    assert all(a.optional for a in provider_attrs.values())


def test_exception_in_a_resource_method_becomes_a_diagnostic(
    servicer: SinchServicer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_read(self: Webhook, ctx: Any, current: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("kaboom in read")

    monkeypatch.setattr(Webhook, "read", broken_read)
    response = servicer.ReadResource(
        pb.ReadResource.Request(type_name=WEBHOOK, current_state=to_dynamic_value(PRIOR)), None
    )
    problems = errors(response)
    assert len(problems) == 1
    assert problems[0].summary == "Internal error in the Sinch provider during ReadResource"
    assert "RuntimeError: kaboom in read" in problems[0].detail


def test_read_without_a_configured_provider_is_an_error_and_keeps_state(servicer: SinchServicer) -> None:
    response = servicer.ReadResource(
        pb.ReadResource.Request(type_name=WEBHOOK, current_state=to_dynamic_value(PRIOR)), None
    )
    assert [d.summary for d in errors(response)] == ["The Sinch provider is not configured"]
    assert read_dynamic_value(response.new_state) == PRIOR


# ----------------------------------------------------------------------------------------------
# Import
# ----------------------------------------------------------------------------------------------


def import_state(servicer: SinchServicer, id_: str) -> Any:
    return servicer.ImportResourceState(pb.ImportResourceState.Request(type_name=WEBHOOK, id=id_), None)


def test_import_project_and_id(servicer: SinchServicer) -> None:
    response = import_state(servicer, "p1/abc")
    assert errors(response) == []
    assert len(response.imported_resources) == 1
    imported = response.imported_resources[0]
    assert imported.type_name == WEBHOOK
    assert read_dynamic_value(imported.state) == {
        "id": "abc",
        "project_id": "p1",
        "target": None,
        "secret": None,
        "triggers": None,
    }


@pytest.mark.parametrize("bad_id", ["abc", "p1/", "/abc", "p1/a/b", "", "/"])
def test_import_rejects_malformed_ids(servicer: SinchServicer, bad_id: str) -> None:
    response = import_state(servicer, bad_id)
    assert list(response.imported_resources) == []
    problems = errors(response)
    assert len(problems) == 1
    assert problems[0].summary == "Invalid import ID for sinch_webhook"
    assert "{project_id}/{id}" in problems[0].detail
    assert repr(bad_id) in problems[0].detail


def test_import_directly_returns_no_state_for_a_bad_id(provider: SinchProvider) -> None:
    from tf.iface import ImportContext
    from tf.utils import Diagnostics

    ctx = ImportContext(Diagnostics(), WEBHOOK)
    assert Webhook(provider).import_(ctx, "p1/a/b") is None
    assert ctx.diagnostics.has_errors()
    assert "`{project_id}/{id}`" in ctx.diagnostics.diagnostics[0].detail


# ----------------------------------------------------------------------------------------------
# CRUD against a scripted API (the provider's client wired to httpx.MockTransport)
# ----------------------------------------------------------------------------------------------


@pytest.fixture
def wired(provider: SinchProvider) -> Iterator[tuple[SinchServicer, FakeSinch]]:
    fake = FakeSinch()
    settings = ClientSettings(KEY_ID, KEY_SECRET, provisioning_url=API_URL, auth="basic", retry_backoff=0.01)
    provider.client = SinchClient(settings, transport=fake.transport())
    provider.not_configured_reason = None
    yield SinchServicer(provider), fake
    provider.client.close()


def apply(servicer: SinchServicer, prior: dict[str, Any] | None, planned: dict[str, Any] | None) -> Any:
    return servicer.ApplyResourceChange(
        pb.ApplyResourceChange.Request(
            type_name=WEBHOOK,
            prior_state=to_dynamic_value(prior),
            planned_state=to_dynamic_value(planned),
            config=to_dynamic_value(CONFIG),
        ),
        None,
    )


def test_apply_create_posts_the_body_and_keeps_the_secret(wired: tuple[SinchServicer, FakeSinch]) -> None:
    servicer, fake = wired
    fake.api = [reply(201, {"id": "wh-9", "target": TARGET, "triggers": ["ALL", "WHATSAPP_TEMPLATE_APPROVED"]})]
    planned = {**CONFIG, "id": Unknown, "project_id": "p1"}
    response = apply(servicer, None, planned)
    assert errors(response) == []
    request = fake.api_requests[0]
    assert (request.method, request.url.path) == ("POST", "/v1/projects/p1/webhooks")
    assert httpx.Response(200, content=request.content).json() == {
        "target": TARGET,
        "secret": "s3cret",
        "triggers": ["ALL", "WHATSAPP_TEMPLATE_APPROVED"],
    }
    state = read_dynamic_value(response.new_state)
    assert state["id"] == "wh-9"
    assert state["project_id"] == "p1"
    assert state["secret"] == "s3cret"


def test_apply_create_recovers_a_lost_answer_by_natural_key(wired: tuple[SinchServicer, FakeSinch]) -> None:
    servicer, fake = wired
    fake.api = [
        reply(502, {"message": "bad gateway"}, {"Retry-After": "0"}),
        reply(
            200, {"webhooks": [{"id": "other", "target": "https://x.example.com"}, {"id": "wh-7", "target": TARGET}]}
        ),
    ]
    planned = {**CONFIG, "id": Unknown, "project_id": "p1"}
    response = apply(servicer, None, planned)
    assert errors(response) == []
    assert [r.method for r in fake.api_requests] == ["POST", "GET"]
    assert read_dynamic_value(response.new_state)["id"] == "wh-7"


def test_read_of_a_deleted_webhook_drops_it_with_a_warning(wired: tuple[SinchServicer, FakeSinch]) -> None:
    servicer, fake = wired
    fake.api = [reply(404, {"errorCode": "NOT_FOUND", "message": "no such webhook"})]
    response = servicer.ReadResource(
        pb.ReadResource.Request(type_name=WEBHOOK, current_state=to_dynamic_value(PRIOR)), None
    )
    assert errors(response) == []
    assert [d.severity for d in response.diagnostics] == [pb.Diagnostic.WARNING]
    assert read_dynamic_value(response.new_state) is None
    assert fake.api_requests[0].url.path == "/v1/projects/p1/webhooks/wh-1"


def test_read_data_source_lists_every_page(wired: tuple[SinchServicer, FakeSinch]) -> None:
    servicer, fake = wired
    fake.api = [
        reply(200, {"webhooks": [{"id": "a", "target": TARGET, "triggers": ["ALL"]}], "nextPageToken": "n"}),
        reply(200, {"webhooks": [{"id": "b", "target": TARGET + "2", "triggers": ["BUNDLE_DONE"]}]}),
    ]
    response = servicer.ReadDataSource(
        pb.ReadDataSource.Request(
            type_name="sinch_webhooks", config=to_dynamic_value({"project_id": None, "webhooks": None})
        ),
        None,
    )
    assert errors(response) == []
    state = read_dynamic_value(response.state)
    assert state["project_id"] == "p1"
    assert state["webhooks"] == [
        {"id": "a", "project_id": "p1", "target": TARGET, "triggers": ["ALL"]},
        {"id": "b", "project_id": "p1", "target": TARGET + "2", "triggers": ["BUNDLE_DONE"]},
    ]
