"""sinch_whatsapp_sender through real terraform against the emulator: every create variant, the wait,
verification, profile change sets, replacement, import, out-of-band deletion, ERROR and timeout paths."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from tests.acceptance.conftest import PROJECT
from tests.harness import Emulator, Workspace, changed_attributes, changes

pytestmark = pytest.mark.acceptance

ADDRESS = "sinch_whatsapp_sender.s"
DAY = 24 * 3600


@pytest.fixture(autouse=True)
def quick_emulator(emulator: Emulator) -> Iterator[None]:
    """Senders activate after 1 s of real time; reviews wait for the test to approve or reject them."""
    emulator.settings(senderActivationSeconds=1, accountReviewSeconds=1, profileReviewSeconds=30 * DAY)
    yield


def sender(body: str) -> str:
    return (
        f'resource "sinch_whatsapp_sender" "s" {{\n{body}\n}}\noutput "id" {{ value = sinch_whatsapp_sender.s.id }}\n'
    )


@dataclass(frozen=True)
class Variant:
    """One way of creating a sender, as the tests configure it."""

    name: str
    body: Callable[[str], str]  # the configuration for a number suffix
    durable: Callable[[str], str]  # the same without create-only inputs (what a user keeps after an import)
    verifies: bool  # stops at PENDING_VERIFICATION until a code is applied
    rule: Callable[[str], dict[str, str]]  # an emulator sender rule matching this number suffix
    one_shot: frozenset[str]  # inputs the API never returns: after an import, recorded from configuration


VARIANTS = {
    "embedded signup": Variant(
        "embedded signup",
        lambda n: (
            f'waba_id = "102290129340398"\nphone_number_id = "1059545589544{n}"\nregion = "EU"\n'
            'business_manager = "SINCH_UK"'
        ),
        lambda n: 'region = "EU"',
        False,
        lambda n: {"phoneNumberId": f"1059545589544{n}"},
        frozenset({"waba_id", "phone_number_id"}),
    ),
    "partner-initiated": Variant(
        "partner-initiated",
        lambda n: (
            f'phone_number_provider = "CUSTOMER"\ncountry_code = "48"\nphone_number = "5006007{n}"\n'
            'display_name = "Example Sales"\nvertical = "SHOPPING_AND_RETAIL"\nemail = "sales@shoes.example.com"'
        ),
        lambda n: f'country_code = "48"\nphone_number = "5006007{n}"\ndisplay_name = "Example Sales"',
        True,
        lambda n: {"details.phoneNumber": f"5006007{n}"},
        frozenset({"verification_code"}),
    ),
    "phone provisioning": Variant(
        "phone provisioning",
        lambda n: f'country_code = "1"\nphone_number = "20255501{n}"\ndisplay_name = "Example Alerts"',
        lambda n: f'country_code = "1"\nphone_number = "20255501{n}"\ndisplay_name = "Example Alerts"',
        True,
        lambda n: {"details.phoneNumber": f"20255501{n}"},
        frozenset({"verification_code"}),
    ),
}


def writes_since(emulator: Emulator, mark: int) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.api_requests()[mark:] if r["method"] != "GET"]


def create_and_activate(ws: Workspace, emulator: Emulator, variant: Variant, number: str) -> tuple[str, str]:
    """Apply; for a variant that verifies, apply again with the code Sinch sent.
    Returns the sender ID and the configuration line holding the code ("" when none was needed)."""
    ws.write(sender(variant.body(number)))
    result = ws.apply()
    sender_id = str(ws.outputs()["id"])
    code_line = ""
    if variant.verifies:
        assert "waiting for verification: a code was sent by SMS" in result.stdout + result.stderr
        assert ws.state()[ADDRESS]["values"]["state"] == "PENDING_VERIFICATION"
        assert ws.plan()[0] == 0
        code_line = f'verification_code = "{emulator.otp(PROJECT, sender_id)}"'
        ws.write(sender(variant.body(number) + "\n" + code_line))
        _, plan, _ = ws.plan()
        assert changes(plan) == {ADDRESS: ["update"]}
        ws.apply()
    assert ws.state()[ADDRESS]["values"]["state"] == "ACTIVE"
    assert emulator.sender(PROJECT, sender_id)["state"] == "ACTIVE"
    return sender_id, code_line


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_sender_lifecycle(variant: str, workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    way = VARIANTS[variant]
    if way.verifies:
        emulator.seed_account(PROJECT, businessManager="SINCH_UK")
    ws = workspace()

    # create waits until ACTIVE (with verification where the variant needs it); an immediate plan is empty
    sender_id, keep = create_and_activate(ws, emulator, way, "01")
    values = ws.state()[ADDRESS]["values"]
    assert values["bearer_token"]
    assert values["display_name"] and values["country_code"] and values["phone_number"]
    assert ws.plan()[0] == 0

    # the profile changes in place, through a change set submitted for review
    profile = 'about = "Shoes, 9 to 5"\nwebsites = ["https://shoes.example.com"]'
    ws.write(sender(way.body("01") + "\n" + keep + "\n" + profile))
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}
    assert {"about", "websites"} <= changed_attributes(plan, ADDRESS)
    ws.apply()
    live = emulator.sender(PROJECT, sender_id)
    assert live["changes"]["status"] == "IN_PROGRESS"
    assert live["changes"]["details"]["about"] == "Shoes, 9 to 5"
    assert live["changes"]["details"]["websiteOne"] == "https://shoes.example.com"
    assert ws.state()[ADDRESS]["values"]["pending_change_status"] == "IN_PROGRESS"
    assert ws.plan()[0] == 0, "a change under review shows the submitted values: no perpetual diff"
    emulator.review_sender_change(PROJECT, sender_id, "approve")
    assert emulator.sender(PROJECT, sender_id)["details"]["about"] == "Shoes, 9 to 5"
    assert ws.plan()[0] == 0
    ws.refresh()
    assert ws.state()[ADDRESS]["values"]["pending_change_status"] is None
    assert ws.state()[ADDRESS]["values"]["about"] == "Shoes, 9 to 5"

    # import into a fresh state: the durable configuration plans nothing
    fresh = workspace("imported")
    fresh.write(sender(way.durable("01") + "\n" + profile))
    fresh.init()
    fresh.run("import", "-input=false", "-no-color", ADDRESS, f"{PROJECT}/{sender_id}")
    assert fresh.plan()[0] == 0
    # inputs the API never returns (create-only arguments, the verification code) are recorded in place:
    # no replacement, no request
    fresh.write(sender(way.body("01") + "\n" + keep + "\n" + profile))
    _, plan, _ = fresh.plan()
    assert changes(plan) == {ADDRESS: ["update"]}
    assert changed_attributes(plan, ADDRESS) == way.one_shot
    mark = len(emulator.api_requests())
    fresh.apply()
    assert writes_since(emulator, mark) == []
    assert fresh.plan()[0] == 0

    # another number is another sender: replacement
    ws.write(sender(way.body("02") + "\n" + profile))
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["delete", "create"]}
    result = ws.apply()
    assert "scheduled for removal" in result.stdout + result.stderr
    new_id = ws.outputs()["id"]
    assert new_id != sender_id
    if way.verifies:
        assert ws.state()[ADDRESS]["values"]["state"] == "PENDING_VERIFICATION"
    assert ws.plan()[0] == 0

    # deleted behind Terraform's back: Sinch keeps it 30 days, then the plan re-creates it
    assert emulator.api("DELETE", f"/v1/projects/{PROJECT}/whatsapp/senders/{new_id}").status_code == 204
    assert ws.plan()[0] == 0
    emulator.advance(31 * DAY)
    _, plan, output = ws.plan()
    assert changes(plan) == {ADDRESS: ["create"]}
    assert "no longer exists" in output
    ws.apply()
    assert ws.plan()[0] == 0

    result = ws.destroy()
    assert "scheduled for removal" in result.stdout + result.stderr
    assert ws.state() == {}


PARTNER = """
resource "sinch_whatsapp_account" "main" {
  waba_name                  = "Example Shoes Ltd"
  client_business_manager_id = "1234567890"
  business_manager           = "SINCH_UK"
  display_name               = "Example Shoes"
  business_category          = "SHOPPING_AND_RETAIL"
  region                     = "EU"
}
"""

PARTNER_SENDER = """
  phone_number_provider = "CUSTOMER"
  country_code          = "48"
  phone_number          = "500600700"
  display_name          = "Example Shoes Sales"
  vertical              = "SHOPPING_AND_RETAIL"
  email                 = "sales@shoes.example.com"
"""


def test_partner_initiated_sender_with_verification(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace()
    ws.write(PARTNER + sender(PARTNER_SENDER + "depends_on = [sinch_whatsapp_account.main]"))

    # first apply: the account is ONBOARDED, the sender waits for verification and a code is sent by SMS
    result = ws.apply()
    assert "waiting for verification: a code was sent by SMS" in result.stdout + result.stderr
    sender_id = ws.outputs()["id"]
    values = ws.state()[ADDRESS]["values"]
    assert values["state"] == "PENDING_VERIFICATION"
    assert values["display_name"] == "Example Shoes Sales"
    assert ws.state()["sinch_whatsapp_account.main"]["values"]["state"] == "ONBOARDED"
    assert ws.plan()[0] == 0
    code = emulator.otp(PROJECT, sender_id)

    # a wrong code fails with the API's message and changes nothing
    wrong = "000000" if code != "000000" else "111111"
    ws.write(
        PARTNER + sender(PARTNER_SENDER + f'verification_code = "{wrong}"\ndepends_on = [sinch_whatsapp_account.main]')
    )
    failed = ws.apply(check=False)
    assert failed.returncode == 1
    assert "Sinch API error" in failed.stdout + failed.stderr
    assert emulator.sender(PROJECT, sender_id)["state"] == "PENDING_VERIFICATION"

    # second apply with the code: ACTIVE
    ws.write(
        PARTNER + sender(PARTNER_SENDER + f'verification_code = "{code}"\ndepends_on = [sinch_whatsapp_account.main]')
    )
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}
    ws.apply()
    assert ws.state()[ADDRESS]["values"]["state"] == "ACTIVE"
    assert emulator.sender(PROJECT, sender_id)["state"] == "ACTIVE"
    assert ws.plan()[0] == 0

    # the account cannot change while ONBOARDED: a warning at plan; at apply a clear error naming the state,
    # and no request
    ws.write(
        PARTNER.replace('Example Shoes"', 'Example Shoes Renamed"')
        + sender(PARTNER_SENDER + f'verification_code = "{code}"\ndepends_on = [sinch_whatsapp_account.main]')
    )
    assert "cannot be updated while it is ONBOARDED" in ws.plan()[2]
    mark = len(emulator.api_requests())
    refused = ws.apply(check=False)
    assert refused.returncode == 1
    assert "cannot be updated while it is ONBOARDED" in refused.stdout + refused.stderr
    assert writes_since(emulator, mark) == []

    # import: the sender and the account into a fresh state, with the durable configuration
    fresh = workspace("imported")
    fresh.write(PARTNER + sender(PARTNER_SENDER))
    fresh.init()
    fresh.run("import", "-input=false", "-no-color", ADDRESS, f"{PROJECT}/{sender_id}")
    fresh.run("import", "-input=false", "-no-color", "sinch_whatsapp_account.main", PROJECT)
    assert fresh.plan()[0] == 0
    assert fresh.state()["sinch_whatsapp_account.main"]["values"]["id"] == PROJECT


def tainted(ws: Workspace) -> bool:
    state = json.loads((ws.path / "terraform.tfstate").read_text())
    [resource] = [r for r in state["resources"] if r["type"] == "sinch_whatsapp_sender"]
    return resource["instances"][0].get("status") == "tainted"


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_sender_in_error_fails_the_apply_and_stays_in_state(
    variant: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    way = VARIANTS[variant]
    if way.verifies:
        emulator.seed_account(PROJECT, businessManager="SINCH_UK")
    emulator.sender_rule(
        when=way.rule("09"),
        state="ERROR",
        errorCode="CANNOT_REGISTER_NEW_WHATSAPP_SENDER",
        errorReason="Meta refused to register the number",
    )
    ws = workspace()
    ws.write(sender(way.body("09")))
    result = ws.apply(check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "CANNOT_REGISTER_NEW_WHATSAPP_SENDER" in output
    assert "Meta refused to register the number" in output
    [failed] = emulator.senders(PROJECT)
    assert ws.state()[ADDRESS]["values"]["id"] == failed["id"], "the sender Sinch created is not lost"
    assert tainted(ws)

    # the next apply replaces it: one new sender, the failed one scheduled for removal
    emulator.clear_sender_rules()
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["delete", "create"]}
    ws.apply()
    assert ws.state()[ADDRESS]["values"]["state"] == ("PENDING_VERIFICATION" if way.verifies else "ACTIVE")
    emulator.advance(31 * DAY)
    assert [s["id"] for s in emulator.senders(PROJECT)] == [ws.state()[ADDRESS]["values"]["id"]]


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_sender_timeout_keeps_it_in_state_and_untaint_waits_on(
    variant: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    way = VARIANTS[variant]
    if way.verifies:
        emulator.seed_account(PROJECT, businessManager="SINCH_UK")
    emulator.sender_rule(when=way.rule("08"), hold=True)
    ws = workspace()
    ws.write(sender(way.body("08") + '\ntimeouts {\n  create = "2s"\n}'))
    result = ws.apply(check=False)
    assert result.returncode == 1
    output = " ".join((result.stdout + result.stderr).split())  # Terraform wraps long lines
    assert "Timed out after 2s" in output
    assert "run `terraform untaint` on this resource and apply again" in output
    [held] = emulator.senders(PROJECT)
    assert ws.state()[ADDRESS]["values"]["id"] == held["id"]
    assert tainted(ws)

    # what the message advises works: after untaint, the plan is an update that waits on, not "No changes"
    ws.run("untaint", "-no-color", ADDRESS)
    ws.write(sender(way.body("08") + '\ntimeouts {\n  update = "5m"\n}'))
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    mark = len(emulator.api_requests())
    deadline = time.monotonic() + 60
    while len(emulator.api_requests()) < mark + 2:  # the update is polling the held sender
        assert time.monotonic() < deadline, "the apply never polled"
        time.sleep(0.05)
    target = "PENDING_VERIFICATION" if way.verifies else "ACTIVE"
    emulator.admin("POST", f"/projects/{PROJECT}/whatsapp/senders/{held['id']}/state", json={"state": target})
    output, _ = apply.communicate(timeout=120)
    assert apply.returncode == 0, output
    assert ws.state()[ADDRESS]["values"]["state"] == target
    if way.verifies:
        assert "waiting for verification: a code was sent by SMS" in output
        assert emulator.otp(PROJECT, held["id"])
    assert ws.plan()[0] == 0
    assert [s["id"] for s in emulator.senders(PROJECT)] == [held["id"]]


def test_profile_waits_in_state_until_the_sender_is_active(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    """Phone provisioning carries only display_name at creation: the rest of the configured profile waits in
    state (no perpetual diff) and is submitted as a change set once verification makes the sender ACTIVE."""
    emulator.seed_account(PROJECT, businessManager="SINCH_UK")
    way = VARIANTS["phone provisioning"]
    profile = 'about = "Alerts about your orders"\nemail = "alerts@shoes.example.com"'
    ws = workspace()
    ws.write(sender(way.body("05") + "\n" + profile))
    ws.apply()
    sender_id = ws.outputs()["id"]
    assert emulator.sender(PROJECT, sender_id).get("details", {}).get("about") is None
    assert ws.state()[ADDRESS]["values"]["about"] == "Alerts about your orders"
    assert ws.plan()[0] == 0

    code = emulator.otp(PROJECT, sender_id)
    ws.write(sender(way.body("05") + "\n" + profile + f'\nverification_code = "{code}"'))
    ws.apply()
    live = emulator.sender(PROJECT, sender_id)
    assert live["state"] == "ACTIVE"
    assert live["changes"]["status"] == "IN_PROGRESS"
    assert live["changes"]["details"] == {"about": "Alerts about your orders", "email": "alerts@shoes.example.com"}
    assert ws.plan()[0] == 0
    emulator.review_sender_change(PROJECT, sender_id, "approve")
    assert ws.plan()[0] == 0


def test_lost_create_answer_is_recovered_not_duplicated(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    """Sinch commits the create but the answer is a 500: the provider finds the sender by its number."""
    emulator.seed_account(PROJECT, businessManager="SINCH_UK")
    emulator.add_fault(method="POST", path=r"/whatsapp/senders$", status=500, afterCommit=True, times=1)
    way = VARIANTS["phone provisioning"]
    ws = workspace()
    ws.write(sender(way.body("07")))
    ws.apply()
    [stored] = emulator.senders(PROJECT)
    assert ws.outputs()["id"] == stored["id"]
    assert ws.state()[ADDRESS]["values"]["state"] == "PENDING_VERIFICATION"
    assert [
        r["status"] for r in emulator.api_requests() if r["method"] == "POST" and r["path"].endswith("/senders")
    ] == [500]
    assert ws.plan()[0] == 0
