"""WhatsApp accounts, the WhatsApp data sources, bad input, and the import-existing-senders scenario."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.acceptance.conftest import PROJECT
from tests.harness import Emulator, Workspace, changed_attributes, changes, terraform_binary

pytestmark = pytest.mark.acceptance

ROOT = Path(__file__).resolve().parents[2]
DAY = 24 * 3600

ACCOUNT = """
resource "sinch_whatsapp_account" "main" {{
  waba_name                  = "Example Shoes Ltd"
  client_business_manager_id = "1234567890"
  business_manager           = "SINCH_UK"
  display_name               = "{display_name}"
  business_category          = "SHOPPING_AND_RETAIL"
  region                     = "EU"
  wait_for_state             = "{wait}"
}}
"""


@pytest.fixture(autouse=True)
def quick_emulator(emulator: Emulator) -> Iterator[None]:
    emulator.settings(senderActivationSeconds=1, accountReviewSeconds=1, profileReviewSeconds=30 * DAY)
    yield


def test_account_lifecycle(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.settings(accountReviewSeconds=30 * DAY)  # Meta reviews when the test says so
    ws = workspace()
    ws.write(ACCOUNT.format(display_name="Example Shoes", wait="NONE"))
    ws.apply()
    account = ws.state()["sinch_whatsapp_account.main"]["values"]
    assert account["state"] == "PENDING_FACEBOOK_VERIFICATION"
    assert account["id"] == PROJECT
    assert ws.plan()[0] == 0

    # Meta rejects it: now (and only now) it can be corrected, in place
    emulator.review_account(PROJECT, "reject", "The business name does not match")
    ws.write(ACCOUNT.format(display_name="Example Shoes Official", wait="NONE"))
    _, plan, _ = ws.plan()
    assert changes(plan) == {"sinch_whatsapp_account.main": ["update"]}
    ws.apply()
    stored = emulator.api("GET", f"/v1/projects/{PROJECT}/whatsapp").json()
    assert stored["changes"]["status"] == "IN_PROGRESS"
    assert ws.plan()[0] == 0
    emulator.review_account(PROJECT, "approve")
    assert ws.plan()[0] == 0
    ws.refresh()
    assert ws.state()["sinch_whatsapp_account.main"]["values"]["state"] == "ONBOARDED"

    # import by project into a fresh state: empty plan
    fresh = workspace("imported")
    fresh.write(ACCOUNT.format(display_name="Example Shoes Official", wait="ONBOARDED"))
    fresh.init()
    fresh.run("import", "-input=false", "-no-color", "sinch_whatsapp_account.main", PROJECT)
    assert fresh.plan()[0] == 0
    # Terraform-side settings are not in the API: on import they take their defaults, and another value
    # in the configuration is recorded in place without any request
    fresh.write(ACCOUNT.format(display_name="Example Shoes Official", wait="NONE"))
    _, plan, _ = fresh.plan()
    assert changes(plan) == {"sinch_whatsapp_account.main": ["update"]}
    assert changed_attributes(plan, "sinch_whatsapp_account.main") == {"wait_for_state"}
    mark = len(emulator.api_requests())
    fresh.apply()
    assert [r["method"] for r in emulator.api_requests()[mark:] if r["method"] != "GET"] == []
    assert fresh.plan()[0] == 0

    # deleted behind Terraform's back: the plan re-creates it, with a warning
    assert emulator.api("DELETE", f"/v1/projects/{PROJECT}/whatsapp").status_code == 204
    _, plan, output = ws.plan()
    assert changes(plan) == {"sinch_whatsapp_account.main": ["create"]}
    assert "no longer exists" in output
    ws.apply()
    assert ws.plan()[0] == 0

    # another project is another account: replacement
    ws.write(
        ACCOUNT.format(display_name="Example Shoes Official", wait="NONE").replace(
            "wait_for_state", 'project_id = "acc-project-0009"\n  wait_for_state'
        )
    )
    _, plan, _ = ws.plan()
    assert changes(plan) == {"sinch_whatsapp_account.main": ["delete", "create"]}
    ws.apply()
    assert emulator.api("GET", f"/v1/projects/{PROJECT}/whatsapp").status_code == 404  # account_not_found
    assert emulator.api("GET", "/v1/projects/acc-project-0009/whatsapp").status_code == 200
    ws.write(ACCOUNT.format(display_name="Example Shoes Official", wait="NONE"))
    ws.apply()

    # the API refuses to delete an account that has senders: clear error, state unchanged
    emulator.seed_sender(PROJECT)
    result = ws.destroy(check=False)
    assert result.returncode == 1
    assert "sinch_whatsapp_account.main" in ws.state()
    emulator.admin("POST", "/reset")
    emulator.seed_account(PROJECT)
    ws.destroy()
    assert ws.state() == {}
    assert emulator.api("GET", f"/v1/projects/{PROJECT}/whatsapp").status_code == 404  # account_not_found


def test_whatsapp_data_sources(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.seed_account(PROJECT)
    active = [
        emulator.seed_sender(PROJECT, details={"displayName": f"Shop {n}", "vertical": "SHOPPING_AND_RETAIL"})
        for n in range(2)
    ]
    broken = emulator.seed_sender(PROJECT, state="ERROR")
    emulator.admin("POST", f"/projects/{PROJECT}/whatsapp/flows",
                   json={"id": "1234567890", "name": "signup", "status": "FLOW_STATUS_PUBLISHED",
                         "screens": ["WELCOME", "DETAILS"]})  # fmt: skip
    emulator.admin("POST", f"/projects/{PROJECT}/whatsapp/solutions", json={"details": {"name": "Example MPS"}})
    emulator.clear_requests()
    ws = workspace()
    ws.write(
        f"""
        data "sinch_whatsapp_senders" "all" {{}}
        data "sinch_whatsapp_senders" "broken" {{ states = ["ERROR"] }}
        data "sinch_whatsapp_sender" "one" {{ id = "{active[0]["id"]}" }}
        data "sinch_whatsapp_account" "this" {{}}
        data "sinch_whatsapp_flows" "all" {{}}
        data "sinch_whatsapp_solutions" "all" {{}}
        output "all" {{ value = sort([for s in data.sinch_whatsapp_senders.all.senders : s.id]) }}
        output "broken" {{ value = [for s in data.sinch_whatsapp_senders.broken.senders : s.id] }}
        output "one" {{ value = data.sinch_whatsapp_sender.one.state }}
        output "account" {{ value = data.sinch_whatsapp_account.this.state }}
        output "flows" {{ value = data.sinch_whatsapp_flows.all.flows }}
        output "solutions" {{ value = [for s in data.sinch_whatsapp_solutions.all.solutions : s.name] }}
        """
    )
    ws.apply()
    out = ws.outputs()
    assert out["all"] == sorted(s["id"] for s in [*active, broken])
    assert out["broken"] == [broken["id"]]
    assert out["one"] == "ACTIVE"
    assert out["account"] == "ONBOARDED"
    assert out["flows"] == [
        {"id": "1234567890", "name": "signup", "status": "FLOW_STATUS_PUBLISHED", "screens": ["WELCOME", "DETAILS"]}
    ]
    assert out["solutions"] == ["Example MPS"]
    assert {r["method"] for r in emulator.api_requests()} == {"GET"}


SENDER_OK = {
    "phone_number_provider": '"CUSTOMER"',
    "country_code": '"48"',
    "phone_number": '"500600700"',
    "display_name": '"Example"',
    "vertical": '"SHOPPING_AND_RETAIL"',
}
BAD_SENDERS = {
    "unknown vertical": ({"vertical": '"SHOES"'}, "vertical", "must be one of the 21 values the documentation lists"),
    "misspelt vertical": ({"vertical": '"SHOPPING_AND_RETAL"'}, "vertical", "'SHOPPING_AND_RETAIL'?"),  # did you mean
    "about of 140 characters": ({"about": f'"{"a" * 140}"'}, "about", "at most 139 characters"),
    "invalid email": ({"email": '"sales-at-example"'}, "email", "must be an email address"),
    "invalid website": ({"websites": '["shoes.example.com"]'}, "websites", "must be an absolute http"),
    "three websites": ({"websites": '["https://a.example.com", "https://b.example.com", "https://c.example.com"]'},
                       "websites", "at most 2 items"),
    "region and business manager the table forbids": (
        {"region": '"BR"', "business_manager": '"SINCH_UK"', "phone_number_provider": "null",
         "waba_id": '"1"', "phone_number_id": '"2"'},
        "business_manager", "cannot onboard senders in region BR"),
    "verification code of 5 digits": ({"verification_code": '"12345"'}, "verification_code", "exactly 6 digits"),
    "waba_id without phone_number_id": ({"waba_id": '"1"', "phone_number_provider": "null"}, "phone_number_id",
                                        "required with waba_id"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_SENDERS))
def test_bad_sender_input_fails_before_any_api_call(
    case: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    overrides, attribute, rule = BAD_SENDERS[case]
    fields = {**SENDER_OK, **overrides}
    body = "\n".join(f"  {k} = {v}" for k, v in fields.items())
    ws = workspace()
    ws.write(f'resource "sinch_whatsapp_sender" "bad" {{\n{body}\n}}\n')
    emulator.clear_requests()
    validated = ws.validate()
    output = validated.stdout + validated.stderr
    assert validated.returncode == 1
    assert f"Invalid {attribute}" in output and rule in output
    assert rule in ws.plan_fails()
    assert emulator.requests() == []


@pytest.mark.parametrize(
    ("fields", "attribute", "rule"),
    [
        ({"waba_id": '"1"', "phone_number_id": '"2"'}, "phone_number_provider", "cannot be set for embedded signup"),
        (
            {"phone_number_provider": "null", "phone_number": "null"},
            "phone_number",
            "required to create a sender by phone provisioning",
        ),
        ({"vertical": "null"}, "vertical", "required to create a sender by partner-initiated"),
    ],
)
def test_bad_sender_combination_fails_at_plan(
    fields: dict[str, str], attribute: str, rule: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    body = "\n".join(f"  {k} = {v}" for k, v in {**SENDER_OK, **fields}.items())
    ws = workspace()
    ws.write(f'resource "sinch_whatsapp_sender" "bad" {{\n{body}\n}}\n')
    emulator.clear_requests()
    output = ws.plan_fails()
    assert f"Invalid {attribute}" in output and rule in output
    assert emulator.api_requests() == []


def test_import_existing_senders_scenario(
    tmp_path: Path, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    emulator.seed_account(PROJECT)
    seeded = [
        emulator.seed_sender(PROJECT, details={"displayName": "Example Support", "vertical": "SHOPPING_AND_RETAIL",
                                               "about": "We answer", "websiteOne": "https://shoes.example.com"}),
        emulator.seed_sender(PROJECT, details={"displayName": "Example Sales", "vertical": "NOT_SET"}),
        emulator.seed_sender(PROJECT, state="PENDING_VERIFICATION", numberProvider="SINCH",
                             details={"displayName": "Example Alerts", "vertical": "OTHER"}),
    ]  # fmt: skip
    emulator.clear_requests()
    example = tmp_path / "import-existing-senders"
    shutil.copytree(ROOT / "examples" / "import-existing-senders", example)
    env = workspace().env
    result = subprocess.run(["bash", str(example / "import.sh")], env={**env, "PATH": os.environ["PATH"]},
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "found 3 senders" in result.stdout
    assert "imported: the plan shows no changes" in result.stdout
    generated = (example / "senders.tf").read_text()
    assert generated.count('resource "sinch_whatsapp_sender"') == 3
    shown = subprocess.run([terraform_binary(), "show", "-json"], cwd=example, env=env, capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    assert all(s["id"] in shown for s in seeded)
    # nothing changed in Sinch: only reads (and a token)
    assert {r["method"] for r in emulator.api_requests()} == {"GET"}
    assert {r["path"] for r in emulator.requests() if r["method"] != "GET"} <= {"/oauth2/token"}


SENDER_AND_FLOWS = """
resource "sinch_whatsapp_sender" "alerts" {{
  {project}
  country_code = "1"
  phone_number = "2025550177"
  display_name = "Example Alerts"
}}
"""


def test_account_and_what_needs_it_in_one_apply(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    """A phone-provisioning sender and the flows need the ONBOARDED account: referencing the account's id as
    their project_id orders them after it, in one apply."""
    ws = workspace()
    ws.write(
        ACCOUNT.format(display_name="Example Shoes", wait="ONBOARDED")
        + SENDER_AND_FLOWS.format(project="project_id = sinch_whatsapp_account.main.id")
        + """
        data "sinch_whatsapp_flows" "all" { project_id = sinch_whatsapp_account.main.id }
        output "flows" { value = data.sinch_whatsapp_flows.all.flows }
        """
    )
    ws.apply()
    state = ws.state()
    assert state["sinch_whatsapp_account.main"]["values"]["state"] == "ONBOARDED"
    assert state["sinch_whatsapp_sender.alerts"]["values"]["state"] == "PENDING_VERIFICATION"
    assert state["sinch_whatsapp_sender.alerts"]["values"]["project_id"] == PROJECT
    assert ws.outputs()["flows"] == []
    assert ws.plan()[0] == 0


def test_a_sender_without_the_account_says_how_to_order_them(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    emulator.settings(accountReviewSeconds=30 * DAY)
    ws = workspace()
    ws.write(ACCOUNT.format(display_name="Example Shoes", wait="NONE") + SENDER_AND_FLOWS.format(project=""))
    result = ws.apply(check=False)
    assert result.returncode == 1
    output = " ".join((result.stdout + result.stderr).split())
    assert "Project not initialized for WhatsApp." in output
    assert "set `project_id = sinch_whatsapp_account.<NAME>.id` here" in output
    assert emulator.senders(PROJECT) == []
