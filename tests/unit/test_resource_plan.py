"""provider/resource.py plan semantics (replacement, what counts as a change, unknowns in update and create
plans), through the WhatsApp sender and account declarations."""

from __future__ import annotations

from typing import Any

import pytest
from tf.types import Unknown
from tf.utils import Diagnostics

from provider.resource import PlanContext
from resources.whatsapp_account import WhatsappAccount
from resources.whatsapp_sender import WhatsappSender
from tests.unit.conftest import project_provider

SENDER_NAMES = [a.name for a in WhatsappSender.attributes]
ACCOUNT_NAMES = [a.name for a in WhatsappAccount.attributes]

#: A sender as state holds it after a create by embedded signup.
SENDER_PRIOR: dict[str, Any] = {
    **dict.fromkeys(SENDER_NAMES),
    "id": "s1",
    "project_id": "p1",
    "waba_id": "111",
    "phone_number_id": "222",
    "phone_number_provider": "CUSTOMER",
    "country_code": "48",
    "phone_number": "500600700",
    "region": "EU",
    "meta_local_storage": "DE",
    "business_manager": "SINCH_UK",
    "display_name": "Acme",
    "vertical": "RETAIL",
    "description": "We sell things",
    "websites": ["https://acme.example.com"],
    "state": "ACTIVE",
    "quality_rating": "GREEN",
    "daily_limit": "TIER_1K",
    "max_tps": 80.0,
    "compatible_regions": ["eu"],
    "bearer_token": "bt",
    "created": "2024-01-01T00:00:00Z",
    "modified": "2024-01-02T00:00:00Z",
    "wait_for_state": "ACTIVE",
    "timeouts": None,
    "verification_method": "SMS",
}

#: What the configuration of that sender says (computed-only values null; profile partly left to the server).
SENDER_CONFIG: dict[str, Any] = {
    **dict.fromkeys(SENDER_NAMES),
    "waba_id": "111",
    "phone_number_id": "222",
    "region": "EU",
    "display_name": "Acme",
    "timeouts": None,
}

ACCOUNT_PRIOR: dict[str, Any] = {
    **dict.fromkeys(ACCOUNT_NAMES),
    "id": "p1",
    "project_id": "p1",
    "waba_name": "Acme",
    "client_business_manager_id": "123",
    "business_manager": "SINCH_UK",
    "display_name": "Acme Shop",
    "business_category": "OTHER",
    "region": "EU",
    "state": "REJECTED",
    "waba_id": "999",
    "is_embedded_signup": False,
    "wait_for_state": "ONBOARDED",
    "timeouts": None,
}
ACCOUNT_CONFIG: dict[str, Any] = {
    **dict.fromkeys(ACCOUNT_NAMES),
    "waba_name": "Acme",
    "client_business_manager_id": "123",
    "display_name": "Acme Shop",
    "business_category": "OTHER",
    "timeouts": None,
}


@pytest.fixture
def sender() -> WhatsappSender:
    return WhatsappSender(project_provider())


@pytest.fixture
def account() -> WhatsappAccount:
    return WhatsappAccount(project_provider())


def context(config: dict[str, Any]) -> PlanContext:
    return PlanContext(Diagnostics(), "sinch_test", changed_fields=set(), config=config)


def errors(ctx: PlanContext) -> list[str]:
    return [d.detail for d in ctx.diagnostics.diagnostics if d.severity == "error"]


def proposed(prior: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """What Terraform proposes: configured values, and the prior value of computed ones left null."""
    return {k: (config[k] if config.get(k) is not None else prior.get(k)) for k in config}


# ----------------------------------------------------------------------------------------------
# requires_replace
# ----------------------------------------------------------------------------------------------


def test_a_changed_waba_id_replaces_the_sender(sender: WhatsappSender) -> None:
    planned = {**SENDER_PRIOR, "waba_id": "333"}
    assert sender.requires_replace(SENDER_PRIOR, planned) == ["waba_id"]


def test_a_waba_id_adopted_after_an_import_does_not_replace(sender: WhatsappSender) -> None:
    imported = {**SENDER_PRIOR, "waba_id": None, "phone_number_id": None}  # never returned by the API
    planned = {**imported, "waba_id": "111", "phone_number_id": "222"}
    assert sender.requires_replace(imported, planned) == []


def test_a_changed_region_replaces_the_sender(sender: WhatsappSender) -> None:
    planned = {**SENDER_PRIOR, "region": "US"}
    assert sender.requires_replace(SENDER_PRIOR, planned) == ["region"]


def test_a_returned_force_new_value_replaces_even_when_prior_was_null(sender: WhatsappSender) -> None:
    # Unlike waba_id, region is returned by the API: null in state and set in the plan is a real change.
    prior = {**SENDER_PRIOR, "region": None}
    assert sender.requires_replace(prior, {**prior, "region": "EU"}) == ["region"]


def test_a_changed_project_replaces_the_sender(sender: WhatsappSender) -> None:
    assert sender.requires_replace(SENDER_PRIOR, {**SENDER_PRIOR, "project_id": "p2"}) == ["project_id"]


def test_profile_changes_do_not_replace(sender: WhatsappSender) -> None:
    planned = {**SENDER_PRIOR, "display_name": "New", "websites": ["https://b.example.com"], "about": "x"}
    assert sender.requires_replace(SENDER_PRIOR, planned) == []


def test_account_business_manager_change_replaces(account: WhatsappAccount) -> None:
    planned = {**ACCOUNT_PRIOR, "business_manager": "SINCH_BR", "waba_name": "Other"}
    assert account.requires_replace(ACCOUNT_PRIOR, planned) == ["business_manager"]


# ----------------------------------------------------------------------------------------------
# changed()
# ----------------------------------------------------------------------------------------------


def test_changed_lists_api_values_that_differ(sender: WhatsappSender) -> None:
    planned = {**SENDER_PRIOR, "display_name": "New", "about": "Hello"}
    assert sender.changed(SENDER_PRIOR, planned) == ["display_name", "about"]


def test_changed_ignores_unknown_planned_values(sender: WhatsappSender) -> None:
    planned = {**SENDER_PRIOR, "description": Unknown, "state": Unknown, "websites": Unknown}
    assert sender.changed(SENDER_PRIOR, planned) == []


def test_changed_ignores_create_only_values(sender: WhatsappSender) -> None:
    planned = {**SENDER_PRIOR, "waba_id": "999", "phone_number_id": "888", "authentication_code": "new-code"}
    assert sender.changed(SENDER_PRIOR, planned) == []


def test_changed_ignores_terraform_only_settings(sender: WhatsappSender) -> None:
    planned = {**SENDER_PRIOR, "timeouts": {"create": "1h", "update": None}, "wait_for_state": "NONE"}
    assert sender.changed(SENDER_PRIOR, planned) == []


@pytest.mark.parametrize("state", ["ACTIVE", "IN_PROGRESS", "SUSPENDED", None])
def test_sender_ignores_verification_changes_unless_pending_verification(sender: WhatsappSender, state: Any) -> None:
    prior = {**SENDER_PRIOR, "state": state}
    planned = {**prior, "verification_code": "123456", "verification_method": "VOICE"}
    assert sender.changed(prior, planned) == []


def test_sender_pending_verification_takes_verification_changes(sender: WhatsappSender) -> None:
    prior = {**SENDER_PRIOR, "state": "PENDING_VERIFICATION"}
    assert sender.changed(prior, {**prior, "verification_code": "123456"}) == ["verification_code"]
    assert sender.changed(prior, {**prior, "verification_method": "VOICE"}) == ["verification_method"]


def test_account_changed_ignores_create_only_business_manager(account: WhatsappAccount) -> None:
    planned = {**ACCOUNT_PRIOR, "business_manager": "SINCH_BR", "waba_name": "Other"}
    assert account.changed(ACCOUNT_PRIOR, planned) == ["waba_name"]


# ----------------------------------------------------------------------------------------------
# Update plans
# ----------------------------------------------------------------------------------------------


def test_update_plan_without_changes_keeps_every_value(sender: WhatsappSender) -> None:
    ctx = context(SENDER_CONFIG)
    planned = sender.plan(ctx, dict(SENDER_PRIOR), proposed(SENDER_PRIOR, SENDER_CONFIG))
    assert errors(ctx) == []
    assert planned == SENDER_PRIOR


def test_update_plan_of_a_profile_change_marks_server_values_unknown(sender: WhatsappSender) -> None:
    config = {**SENDER_CONFIG, "display_name": "Acme Two"}
    ctx = context(config)
    planned = sender.plan(ctx, dict(SENDER_PRIOR), proposed(SENDER_PRIOR, config))
    assert errors(ctx) == []
    assert planned["display_name"] == "Acme Two"  # configured: kept
    # Computed by the server and not stable: unknown until the update answers.
    for name in ("state", "modified", "bearer_token", "quality_rating", "max_tps", "description", "websites"):
        assert planned[name] is Unknown, name
    # Stable server values keep theirs.
    for name in ("id", "created", "country_code", "phone_number", "region", "compatible_regions"):
        assert planned[name] == SENDER_PRIOR[name], name
    # Terraform-side settings are not the server's to change.
    assert planned["wait_for_state"] == "ACTIVE"
    assert planned["timeouts"] is None
    assert planned["verification_method"] == "SMS"
    assert planned["project_id"] == "p1"
    assert sender.requires_replace(SENDER_PRIOR, planned) == []


def test_update_plan_of_settings_only_changes_no_server_value(sender: WhatsappSender) -> None:
    timeouts = {"create": "45m", "update": None}
    config = {**SENDER_CONFIG, "timeouts": timeouts, "wait_for_state": "NONE", "verification_method": "VOICE"}
    ctx = context(config)
    planned = sender.plan(ctx, dict(SENDER_PRIOR), proposed(SENDER_PRIOR, config))
    assert planned == {
        **SENDER_PRIOR,
        "timeouts": timeouts,
        "wait_for_state": "NONE",
        "verification_method": "VOICE",
    }


def test_update_plan_fills_setting_defaults_when_config_drops_them(sender: WhatsappSender) -> None:
    prior = {**SENDER_PRIOR, "timeouts": {"create": "45m", "update": None}, "wait_for_state": "NONE"}
    ctx = context(SENDER_CONFIG)
    # Terraform proposes a block as the configuration has it (not computed): here, none
    planned = sender.plan(ctx, dict(prior), {**proposed(prior, SENDER_CONFIG), "timeouts": None})
    assert planned["timeouts"] is None  # what the configuration says: no block
    assert planned["wait_for_state"] == "ACTIVE"
    assert planned["state"] == "ACTIVE"  # nothing the API holds changed


def test_update_plan_of_a_verification_code_on_a_pending_sender_is_a_change(sender: WhatsappSender) -> None:
    prior = {**SENDER_PRIOR, "state": "PENDING_VERIFICATION", "bearer_token": None}
    config = {**SENDER_CONFIG, "verification_code": "123456"}
    planned = sender.plan(context(config), dict(prior), proposed(prior, config))
    assert planned["state"] is Unknown
    assert planned["verification_code"] == "123456"
    assert planned["id"] == "s1"


def test_update_plan_of_a_verification_code_on_an_active_sender_is_no_change(sender: WhatsappSender) -> None:
    config = {**SENDER_CONFIG, "verification_code": "123456"}
    planned = sender.plan(context(config), dict(SENDER_PRIOR), proposed(SENDER_PRIOR, config))
    assert planned == {**SENDER_PRIOR, "verification_code": "123456"}


def test_account_update_plan_keeps_id_and_marks_reported_values_unknown(account: WhatsappAccount) -> None:
    config = {**ACCOUNT_CONFIG, "waba_name": "Acme Two"}
    ctx = context(config)
    planned = account.plan(ctx, dict(ACCOUNT_PRIOR), proposed(ACCOUNT_PRIOR, config))
    assert ctx.diagnostics.diagnostics == []  # REJECTED: the API takes the change
    assert planned["waba_name"] == "Acme Two"
    assert planned["state"] is Unknown
    assert planned["waba_id"] is Unknown
    assert planned["region"] is Unknown  # optional + computed, left to the server
    assert planned["id"] == "p1"
    assert planned["is_embedded_signup"] is False  # stable
    assert planned["business_manager"] == "SINCH_UK"  # stable
    assert planned["wait_for_state"] == "ONBOARDED"


# ----------------------------------------------------------------------------------------------
# Create plans
# ----------------------------------------------------------------------------------------------


def test_create_plan_fills_defaults_and_leaves_server_values_unknown(sender: WhatsappSender) -> None:
    ctx = context(SENDER_CONFIG)
    planned = sender.plan(ctx, None, dict(SENDER_CONFIG))
    assert errors(ctx) == []
    assert planned["wait_for_state"] == "ACTIVE"
    assert planned["timeouts"] is None
    assert planned["verification_method"] == "SMS"
    assert planned["project_id"] == "p1"
    assert planned["region"] == "EU"
    assert planned["display_name"] == "Acme"
    for name in ("id", "state", "created", "country_code", "description", "websites", "business_manager"):
        assert planned[name] is Unknown, name
    # Optional, not computed: null stays null.
    assert planned["authentication_code"] is None
    assert planned["verification_code"] is None


def test_create_plan_keeps_configured_settings(sender: WhatsappSender) -> None:
    config = {
        **SENDER_CONFIG,
        "wait_for_state": "NONE",
        "timeouts": {"create": "5m", "update": None},
        "verification_method": "VOICE",
        "project_id": "own",
    }
    planned = sender.plan(context(config), None, dict(config))
    assert (planned["wait_for_state"], planned["timeouts"]["create"], planned["verification_method"]) == (
        "NONE",
        "5m",
        "VOICE",
    )
    assert planned["project_id"] == "own"


def test_create_plan_reports_invalid_combinations_with_paths(sender: WhatsappSender) -> None:
    config = {**SENDER_CONFIG, "phone_number_id": None, "country_code": "48"}
    ctx = context(config)
    sender.plan(ctx, None, dict(config))
    problems = [(d.severity, d.summary, d.path) for d in ctx.diagnostics.diagnostics]
    assert problems == [
        ("error", "Invalid phone_number_id", ["phone_number_id"]),
        ("error", "Invalid country_code", ["country_code"]),
    ]


def test_account_create_plan_defaults(account: WhatsappAccount) -> None:
    ctx = context(ACCOUNT_CONFIG)
    planned = account.plan(ctx, None, dict(ACCOUNT_CONFIG))
    assert ctx.diagnostics.diagnostics == []
    assert planned["wait_for_state"] == "ONBOARDED"
    assert planned["timeouts"] is None
    assert planned["project_id"] == "p1"
    assert planned["id"] is Unknown
    assert planned["business_manager"] is Unknown


# ----------------------------------------------------------------------------------------------
# Declarations: what keeps update plans from replacing by accident
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", [WhatsappSender, WhatsappAccount], ids=lambda r: r.name)
def test_server_reported_force_new_values_are_stable(resource: Any) -> None:
    # A force_new value that an update plan turned unknown would replace the object on every profile change.
    unstable = [
        a.name
        for a in resource.attributes
        if a.force_new and a.computed and (a.api is not None or a.read_api is not None) and not a.stable
    ]
    assert unstable == []


def test_every_force_new_sender_value_survives_an_update_plan(sender: WhatsappSender) -> None:
    config = {**SENDER_CONFIG, "about": "New about"}
    planned = sender.plan(context(config), dict(SENDER_PRIOR), proposed(SENDER_PRIOR, config))
    assert planned["state"] is Unknown  # the plan does mark server values unknown
    assert sender.requires_replace(SENDER_PRIOR, planned) == []
