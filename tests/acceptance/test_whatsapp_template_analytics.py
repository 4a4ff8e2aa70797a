"""sinch_whatsapp_template_analytics through real terraform: enable, empty re-plan, disabled in Sinch and enabled
again, import with an empty plan, destroy that leaves them enabled, the API's refusals, the account and the
analytics in one apply, and bad input at validate without a request."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.acceptance.conftest import PROJECT
from tests.harness import Emulator, Workspace, changes

pytestmark = pytest.mark.acceptance

ACCOUNT_PATH = f"/v1/projects/{PROJECT}/whatsapp"
CONFIG = 'resource "sinch_whatsapp_template_analytics" "this" {}\n'


def enabled(emulator: Emulator) -> bool:
    return bool(emulator.api("GET", ACCOUNT_PATH).json()["wabaEnabledForInsights"])


def calls(emulator: Emulator, since: int = 0) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.api_requests()[since:]]


def test_analytics_lifecycle(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    account = emulator.seed_account(PROJECT)
    emulator.clear_requests()
    ws = workspace().write(CONFIG)
    ws.apply()
    assert calls(emulator) == [f"PUT {ACCOUNT_PATH}/enableTemplateAnalytics", f"GET {ACCOUNT_PATH}"]
    values = ws.state()["sinch_whatsapp_template_analytics.this"]["values"]
    assert values == {"id": PROJECT, "project_id": PROJECT, "waba_id": account["wabaId"]}
    assert enabled(emulator)
    mark = len(emulator.api_requests())
    assert ws.plan()[0] == 0
    assert calls(emulator, mark) == [f"GET {ACCOUNT_PATH}"]  # a refresh is one read

    # disabled outside Terraform: the refresh says so, and the next apply enables them again
    emulator.seed_account(PROJECT, wabaId=account["wabaId"], wabaEnabledForInsights=False)
    code, plan, shown = ws.plan()
    assert code == 2 and changes(plan) == {"sinch_whatsapp_template_analytics.this": ["create"]}
    assert "Sinch reports `wabaEnabledForInsights` as False, not True" in shown
    ws.apply()
    assert enabled(emulator)
    assert ws.plan()[0] == 0

    # import by project into a fresh state: empty plan
    fresh = workspace("imported").write(CONFIG)
    fresh.init()
    fresh.run("import", "-input=false", "-no-color", "sinch_whatsapp_template_analytics.this", PROJECT)
    assert fresh.plan()[0] == 0

    # destroy: the API cannot disable them; nothing is sent and the warning says what stays
    mark = len(emulator.api_requests())
    destroyed = ws.destroy()
    output = destroyed.stdout + destroyed.stderr
    assert "was removed from the Terraform state only" in output
    assert "cannot disable Meta template analytics: they stay enabled" in output
    assert [c for c in calls(emulator, mark) if not c.startswith("GET")] == []
    assert enabled(emulator)


def test_refusals_say_what_to_do(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace().write(CONFIG)
    failed = ws.apply(check=False)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1 and "Project not initialized for WhatsApp" in output
    assert "no ONBOARDED WhatsApp account yet" in output

    emulator.seed_account(PROJECT, state="PENDING_FACEBOOK_VERIFICATION")
    failed = ws.apply(check=False)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1 and "Template Insights unavailable" in output
    assert "template_insights_not_yet_available" in output and "once the project's WhatsApp account" in output
    assert ws.state() == {}


def test_account_and_analytics_in_one_apply(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.settings(accountReviewSeconds=1)
    ws = workspace().write("""
        resource "sinch_whatsapp_account" "main" {
          waba_name                  = "Example Shoes Ltd"
          client_business_manager_id = "1234567890"
          display_name               = "Example Shoes"
          business_category          = "SHOPPING_AND_RETAIL"
        }
        resource "sinch_whatsapp_template_analytics" "this" {
          project_id = sinch_whatsapp_account.main.id
        }
        """)
    ws.apply()
    assert enabled(emulator)
    assert ws.plan()[0] == 0


def test_bad_project_fails_at_validate_without_a_request(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    ws = workspace().write('resource "sinch_whatsapp_template_analytics" "x" {\n  project_id = "a/b"\n}\n')
    emulator.clear_requests()
    validated = ws.validate()
    output = validated.stdout + validated.stderr
    assert validated.returncode == 1 and "Invalid project_id" in output and "must not contain '/'" in output
    assert 'project_id = "a/b"' in output
    assert emulator.requests() == []
