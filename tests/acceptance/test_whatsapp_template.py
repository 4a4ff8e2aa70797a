"""sinch_whatsapp_template through real terraform against the emulator: text, media, authentication and carousel
templates through apply, re-plan, Meta's review, in-place update, import, replacement, out-of-band delete and
destroy; the wait for APPROVED, rejections, time-outs; bad input; adopting existing templates."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.acceptance.conftest import PROJECT
from tests.harness import Emulator, Workspace, changed_attributes, changes, terraform_binary

pytestmark = pytest.mark.acceptance

ROOT = Path(__file__).resolve().parents[2]
DAY = 24 * 3600


@pytest.fixture(autouse=True)
def reviewed_by_the_test(emulator: Emulator) -> Iterator[None]:
    """Meta's review waits for the test to approve or reject (30 days on the emulator clock)."""
    emulator.seed_account(PROJECT)
    emulator.settings(templateReviewSeconds=30 * DAY)
    yield


def template(name: str, body: str, language: str = "EN_US", extra: str = "") -> str:
    """A template named ``name``; its texts name it too (Meta refuses two templates with the same content)."""
    body = body.replace("ships today.", f"ships today ({name}).").replace("on its way.", f"on its way ({name}).")
    return f"""
        resource "sinch_whatsapp_template" "t" {{
          name     = "{name}"
          language = "{language}"
          {body}
          {extra}
        }}
    """


@dataclass(frozen=True)
class Kind:
    """One kind of template: its configuration, and an in-place change of it."""

    body: str
    changed: str


KINDS = {
    "text": Kind(
        """
        category = "UTILITY"
        header   = { format = "TEXT", text = "Order {{1}}", example = "12345" }
        body     = { text = "Hi {{1}}, your order {{2}} ships today.", examples = ["John", "12345"] }
        footer   = { text = "Example Shoes" }
        buttons  = [
          { type = "URL", text = "Track", url = "https://shop.example.com/t?id={{1}}",
            example = "https://shop.example.com/t?id=1" },
          { type = "PHONE_NUMBER", text = "Call us", phone_number = "+48 777 777777" },
        ]
        """,
        """
        category = "UTILITY"
        header   = { format = "TEXT", text = "Order {{1}}", example = "12345" }
        body     = { text = "Hello {{1}}, order {{2}} is on its way.", examples = ["John", "12345"] }
        footer   = { text = "Example Shoes" }
        buttons  = [
          { type = "URL", text = "Track it", url = "https://shop.example.com/t?id={{1}}",
            example = "https://shop.example.com/t?id=1" },
          { type = "PHONE_NUMBER", text = "Call us", phone_number = "+48 777 777777" },
        ]
        """,
    ),
    "media": Kind(
        """
        category           = "MARKETING"
        header             = { format = "IMAGE", example_url = "https://cdn.example.com/sale.jpg" }
        limited_time_offer = { text = "Summer sale" }
        body               = { text = "Save {{1}}% until Sunday.", examples = ["20"] }
        buttons = [
          { type = "QUICK_REPLY", text = "Interested" },
          { type = "COPY_CODE", example = "SUMMER20" },
        ]
        message_send_ttl_seconds = 86400
        """,
        """
        category           = "MARKETING"
        header             = { format = "VIDEO", example_url = "https://cdn.example.com/sale.mp4" }
        limited_time_offer = { text = "Summer sale", has_expiration = true }
        body               = { text = "Save {{1}}% until Sunday.", examples = ["20"] }
        buttons = [
          { type = "QUICK_REPLY", text = "Interested" },
          { type = "COPY_CODE", example = "SUMMER20" },
        ]
        message_send_ttl_seconds = 172800
        """,
    ),
    "authentication": Kind(
        """
        category = "AUTHENTICATION"
        body     = { add_security_recommendation = true }
        footer   = { code_expiration_minutes = 10 }
        buttons  = [{ type = "OTP", otp_type = "COPY_CODE", text = "Copy code" }]
        message_send_ttl_seconds = 600
        """,
        """
        category = "AUTHENTICATION"
        body     = { add_security_recommendation = false }
        footer   = { code_expiration_minutes = 5 }
        buttons  = [{ type = "OTP", otp_type = "COPY_CODE", text = "Copy the code" }]
        message_send_ttl_seconds = 300
        """,
    ),
    "carousel": Kind(
        """
        category = "MARKETING"
        body     = { text = "Our summer collection, {{1}}!", examples = ["Anna"] }
        carousel = [for item in ["sandals", "sneakers"] : {
          header  = { format = "IMAGE", example_url = "https://cdn.example.com/${item}.jpg" }
          body    = { text = "${item}: {{1}} off", examples = ["20%"] }
          buttons = [
            { type = "URL", text = "Buy", url = "https://shop.example.com/p/{{1}}",
              example = "https://shop.example.com/p/${item}" },
            { type = "QUICK_REPLY", text = "More like this" },
          ]
        }]
        """,
        """
        category = "MARKETING"
        body     = { text = "Our summer collection, {{1}}!", examples = ["Anna"] }
        carousel = [for item in ["sandals", "sneakers", "boots"] : {
          header  = { format = "IMAGE", example_url = "https://cdn.example.com/${item}.jpg" }
          body    = { text = "${item}: {{1}} off", examples = ["30%"] }
          buttons = [
            { type = "URL", text = "Buy", url = "https://shop.example.com/p/{{1}}",
              example = "https://shop.example.com/p/${item}" },
            { type = "QUICK_REPLY", text = "More like this" },
          ]
        }]
        """,
    ),
}

ADDRESS = "sinch_whatsapp_template.t"


def live(emulator: Emulator, name: str, language: str = "EN_US") -> dict:  # type: ignore[type-arg]
    return emulator.template(PROJECT, name, language)


@pytest.mark.parametrize("kind", list(KINDS))
def test_template_lifecycle(kind: str, workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    name = f"acc_{kind}"
    config = template(name, KINDS[kind].body)
    ws = workspace()
    ws.write(config)

    # apply: submitted to Meta, in review
    ws.apply()
    stored = live(emulator, name)
    assert (stored["state"], stored["changes"]["status"]) == ("PENDING", "IN_PROGRESS")
    values = ws.state()[ADDRESS]["values"]
    assert (values["state"], values["pending_change_status"]) == ("PENDING", "IN_PROGRESS")
    assert ws.plan()[0] == 0

    # Meta approves: the refresh shows it, and there is nothing to change
    emulator.review_template(PROJECT, name, "EN_US", "approve")
    assert ws.plan()[0] == 0
    ws.refresh()
    assert ws.state()[ADDRESS]["values"]["state"] == "APPROVED"
    assert ws.state()[ADDRESS]["values"]["whatsapp_id"]

    # an in-place change: submitted while the approved template stays live
    ws.write(template(name, KINDS[kind].changed))
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}
    ws.apply()
    stored = live(emulator, name)
    assert (stored["state"], stored["changes"]["status"]) == ("APPROVED", "IN_PROGRESS")
    assert ws.plan()[0] == 0, "a change under review is shown as submitted: no diff"
    emulator.review_template(PROJECT, name, "EN_US", "approve")
    assert "changes" not in live(emulator, name)
    assert ws.plan()[0] == 0

    # import into a fresh state: the plan is empty
    fresh = workspace("imported")
    fresh.write(template(name, KINDS[kind].changed))
    fresh.init()
    fresh.run("import", "-input=false", "-no-color", ADDRESS, f"{PROJECT}/{name}/EN_US")
    code, plan, output = fresh.plan()
    assert code == 0, output

    # out of band delete: the plan creates it again, with a warning
    assert (
        emulator.api(
            "DELETE",
            f"/v1/projects/{PROJECT}/whatsapp/templates/{name}/languages/EN_US",
            params={"deleteSubmitted": "true"},
        ).status_code
        == 204
    )
    code, plan, output = ws.plan()
    assert changes(plan) == {ADDRESS: ["create"]} and "no longer exists" in output

    # the language is immutable: a new one replaces the template (a fresh (name, language) pair)
    ws.write(template(name, KINDS[kind].changed, language="EN_GB"))
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["create"]}
    ws.apply()
    assert live(emulator, name, "EN_GB")["state"] == "PENDING"
    ws.write(template(name, KINDS[kind].changed, language="DE"))
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["delete", "create"]}
    ws.apply()
    assert [(t["name"], t["language"]) for t in emulator.templates(PROJECT)] == [(name, "DE")]

    # destroy: deleted in Sinch
    emulator.review_template(PROJECT, name, "DE", "approve")
    destroyed = ws.destroy()
    assert "blocks the name and language of a deleted approved template for 30 days" in " ".join(
        destroyed.stdout.split()
    )
    assert emulator.templates(PROJECT) == []
    assert ws.state() == {}


def test_wait_for_approval_and_a_rejection(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.settings(templateReviewSeconds=0.5)
    emulator.template_rule(when={"name": "acc_rejected"}, state="REJECTED", rejectionCode="INVALID_FORMAT")
    ws = workspace()
    ws.write(template("acc_approved", KINDS["text"].body, extra='wait_for_state = "APPROVED"'))
    ws.apply()
    assert ws.state()[ADDRESS]["values"]["state"] == "APPROVED"
    assert ws.plan()[0] == 0

    other = workspace("rejected")
    other.write(template("acc_rejected", KINDS["text"].body, extra='wait_for_state = "APPROVED"'))
    result = other.apply(check=False)
    assert result.returncode == 1
    output = " ".join((result.stdout + result.stderr).split())
    assert "Meta rejected the template (INVALID_FORMAT)" in output
    state = other.state()[ADDRESS]
    assert state.get("tainted") or state["values"]["state"] == "REJECTED"
    assert state["values"]["rejection_code"] == "INVALID_FORMAT"
    assert [t["name"] for t in emulator.templates(PROJECT)] == ["acc_approved", "acc_rejected"]


def test_a_rejected_change_fails_the_wait_and_keeps_the_live_template(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    emulator.settings(templateReviewSeconds=0.5)
    ws = workspace()
    ws.write(template("acc_edit", KINDS["text"].body, extra='wait_for_state = "APPROVED"'))
    ws.apply()
    emulator.template_rule(when={"name": "acc_edit"}, state="REJECTED", rejectionCode="ABUSIVE_CONTENT")
    ws.write(template("acc_edit", KINDS["text"].changed, extra='wait_for_state = "APPROVED"'))
    result = ws.apply(check=False)
    assert result.returncode == 1
    assert "Meta rejected the change (ABUSIVE_CONTENT)" in " ".join((result.stdout + result.stderr).split())
    stored = live(emulator, "acc_edit")
    assert (stored["state"], stored["changes"]["status"]) == ("APPROVED", "REJECTED")
    # the refresh warns, and shows the live (approved) content: the next apply submits the change again
    _, plan, output = ws.plan()
    assert "the last change was rejected" in output
    assert changes(plan) == {ADDRESS: ["update"]}


def test_review_timeout_then_untaint_waits_on(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.template_rule(when={"name": "acc_slow"}, hold=True)
    ws = workspace()
    waits = 'wait_for_state = "APPROVED"\ntimeouts {\n  %s\n}'
    ws.write(template("acc_slow", KINDS["text"].body, extra=waits % 'create = "2s"'))
    result = ws.apply(check=False)
    assert result.returncode == 1
    assert "Timed out after 2s" in result.stdout + result.stderr
    assert ws.state()[ADDRESS].get("tainted")

    ws.run("untaint", "-no-color", ADDRESS)
    ws.write(template("acc_slow", KINDS["text"].body, extra=waits % 'update = "5m"'))
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    mark = len(emulator.api_requests())
    deadline = time.monotonic() + 60
    while len(emulator.api_requests()) < mark + 2:
        assert time.monotonic() < deadline, "the apply never polled"
        time.sleep(0.05)
    emulator.review_template(PROJECT, "acc_slow", "EN_US", "approve")
    output, _ = apply.communicate(timeout=120)
    assert apply.returncode == 0, output
    assert ws.state()[ADDRESS]["values"]["state"] == "APPROVED"
    assert len(emulator.templates(PROJECT)) == 1


def test_category_changes_in_place_only_after_an_incorrect_category_rejection(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    ws = workspace()
    ws.write(template("acc_category", KINDS["text"].body))
    ws.apply()
    marketing = KINDS["text"].body.replace('"UTILITY"', '"MARKETING"')

    # an approved template cannot change category: the plan replaces it, and says why
    emulator.review_template(PROJECT, "acc_category", "EN_US", "approve")
    ws.write(template("acc_category", marketing))
    _, plan, output = ws.plan()
    assert changes(plan) == {ADDRESS: ["delete", "create"]}
    assert "a new category replaces the template" in output

    # rejected for INCORRECT_CATEGORY: the category changes in place, and the change is submitted again
    other = workspace("other")
    other.write(template("acc_category_two", KINDS["text"].body))
    other.apply()
    emulator.review_template(PROJECT, "acc_category_two", "EN_US", "reject", rejection_code="INCORRECT_CATEGORY")
    other.write(template("acc_category_two", marketing))
    _, plan, _ = other.plan()
    assert changes(plan) == {ADDRESS: ["update"]}
    assert "category" in changed_attributes(plan, ADDRESS)
    other.apply()
    stored = live(emulator, "acc_category_two")
    assert stored["category"] == "MARKETING" and stored["changes"]["status"] == "IN_PROGRESS"
    assert other.plan()[0] == 0


BAD = {
    "a name with capitals": ('name = "Order_Update"', "name", "lower-case letters"),
    "a variable without an example": (
        'body = { text = "Hi {{1}}" }',
        "body.examples",
        "one sample value for each",
    ),
    "too many buttons": (
        'buttons = [for i in range(11) : { type = "QUICK_REPLY", text = "Q${i}" }]',
        "buttons",
        "at most 10",
    ),
    "a TTL outside its category's range": (
        "message_send_ttl_seconds = 50000",
        "message_send_ttl_seconds",
        "from 30 to 43200",
    ),
    "an OTP button outside AUTHENTICATION": (
        'buttons = [{ type = "OTP", otp_type = "COPY_CODE", text = "Copy" }]',
        "buttons[0]",
        "OTP buttons are for AUTHENTICATION",
    ),
}


def bad_config(override: str) -> str:
    fields = {
        "name": 'name = "order_update"',
        "category": 'category = "UTILITY"',
        "body": 'body = { text = "Hi {{1}}", examples = ["John"] }',
    }
    key = override.split("=", 1)[0].strip()
    fields[key] = override
    lines = "\n  ".join(fields.values())
    return f'resource "sinch_whatsapp_template" "bad" {{\n  language = "EN_US"\n  {lines}\n}}\n'


@pytest.mark.parametrize("case", list(BAD))
def test_bad_template_input_fails_at_validate(
    case: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    override, path, rule = BAD[case]
    ws = workspace()
    ws.write(bad_config(override))
    ws.init()
    emulator.clear_requests()
    validated = ws.validate()
    output = " ".join((validated.stdout + validated.stderr).split())
    assert validated.returncode == 1, output
    assert path in output and rule in output
    assert emulator.requests() == [], "bad input must not reach the API"


def test_two_bodies_are_refused_before_any_request(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    """A template has one body: the schema says so, and Terraform refuses a second when it reads the
    configuration, before any request."""
    ws = workspace()
    ws.write(bad_config('body = { text = "Hi" }\n  body = { text = "Hello" }'))
    emulator.clear_requests()
    refused = ws.run("init", "-input=false", "-no-color", check=False)
    assert refused.returncode == 1
    assert 'The argument "body" was already set' in refused.stdout + refused.stderr
    assert emulator.requests() == []


SEEDED = [
    {"name": "order_update", "category": "UTILITY", "details": {"components": [
        {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}", "example": "12345"},
        {"type": "BODY", "text": "Hi {{1}}, your order ships today.", "examples": ["John"]},
        {"type": "FOOTER", "text": "Example Shoes"},
        {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Track", "url": "https://shop.example.com/t?id={{1}}",
                                         "example": "https://shop.example.com/t?id=1"}]}]}},
    {"name": "summer_sale", "category": "MARKETING", "details": {"components": [
        {"type": "HEADER", "format": "IMAGE", "example": {"url": "https://cdn.example.com/sale.jpg"}},
        {"type": "BODY", "text": "Save {{1}}%", "examples": ["20"]},
        {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Interested"}]}],
        "messageSendTtlSeconds": 86400}},
    {"name": "login_code", "category": "AUTHENTICATION", "details": {"components": [
        {"type": "BODY", "text": "*{{1}}* is your verification code.", "addSecurityRecommendation": True},
        {"type": "FOOTER", "text": "This code expires in 10 minutes.", "codeExpirationMinutes": 10},
        {"type": "BUTTONS", "buttons": [{"type": "OTP", "otpType": "COPY_CODE", "text": "Copy code"}]}],
        "messageSendTtlSeconds": 600}},
    {"name": "collection", "category": "MARKETING", "details": {"components": [
        {"type": "BODY", "text": "Our collection, {{1}}!", "examples": ["Anna"]},
        {"type": "CAROUSEL", "cards": [{"components": [
            {"type": "HEADER", "format": "IMAGE", "example": {"url": f"https://cdn.example.com/{item}.jpg"}},
            {"type": "BODY", "text": f"{item} {{{{1}}}}", "examples": ["-20%"]},
            {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "More"}]}]} for item in ("a", "b")]}]}},
]  # fmt: skip


def seed_existing(emulator: Emulator) -> None:
    for fields in SEEDED:
        for language in ("EN_US", "DE"):
            emulator.seed_template(PROJECT, language=language, **fields)
    emulator.clear_requests()


def only_reads(emulator: Emulator) -> None:
    assert {r["method"] for r in emulator.api_requests()} == {"GET"}
    assert {r["path"] for r in emulator.requests() if r["method"] != "GET"} <= {"/oauth2/token"}


def test_import_existing_templates_with_generated_configuration(
    tmp_path: Path, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    seed_existing(emulator)
    example = tmp_path / "import-existing-templates"
    shutil.copytree(ROOT / "examples" / "import-existing-templates", example)
    env = workspace().env
    result = subprocess.run(["bash", str(example / "import.sh")], env={**env, "PATH": os.environ["PATH"]},
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "found 8 templates" in result.stdout
    assert "imported: the plan shows no changes" in result.stdout
    generated = (example / "templates.tf").read_text()
    assert generated.count('resource "sinch_whatsapp_template"') == 8
    assert "carousel" in generated and "buttons" in generated and "IMAGE" in generated, generated
    shown = subprocess.run([terraform_binary(), "show", "-json"], cwd=example, env=env, capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    assert all(f'"{fields["name"]}"' in shown for fields in SEEDED)
    only_reads(emulator)


def test_import_existing_templates_with_for_each(
    tmp_path: Path, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    seed_existing(emulator)
    example = tmp_path / "for-each"
    shutil.copytree(ROOT / "examples" / "import-existing-templates" / "for-each", example)
    ws = Workspace(example, workspace().env)
    (example / "providers.tf").unlink()  # the example declares its own required_providers
    result = ws.apply()
    assert "8 imported, 0 added, 0 changed, 0 destroyed" in result.stdout
    assert ws.plan()[0] == 0
    assert len([r for r in ws.state().values() if r["mode"] == "managed"]) == 8
    only_reads(emulator)
