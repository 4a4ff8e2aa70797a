"""sinch_rcs_sender and sinch_rcs_test_number through real terraform against the emulator: a sender from DRAFT to
LAUNCHED in two applies (details, then launch) with per-country and per-operator statuses, empty re-plans, import
with an empty plan, an in-place change of only what changed (a removed field deleted), replacement on a new use
case, destroy leaving the sender in Sinch with a warning; a launch with requirements missing failing with the list
and nothing sent; test numbers added, accepted and removed; bad input failing at validate before any request."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.acceptance.conftest import PROJECT
from tests.acceptance.test_bad_input import refused_at_validate, said
from tests.harness import Emulator, Workspace, changes

pytestmark = pytest.mark.acceptance

SENDERS = f"/v1/projects/{PROJECT}/rcs/senders"
ADDRESS = "sinch_rcs_sender.shop"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def ok(response: Any) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def senders(emulator: Emulator) -> list[dict[str, Any]]:
    return ok(emulator.api("GET", SENDERS))["senders"]


def stored(emulator: Emulator, sender_id: str) -> dict[str, Any]:
    return ok(emulator.api("GET", f"{SENDERS}/{sender_id}"))


def api_calls(emulator: Emulator) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in emulator.api_requests()]


BRAND = {
    "name": "Example Shop",
    "description": "Orders and offers",
    "color": "#0A3D62",
    "phones": [{"label": "Support", "number": "+33777777777"}],
    "emails": [{"label": "Support", "address": "support@example.com"}],
    "banner_url": "https://cdn.example.com/rcs/banner.png",
    "logo_url": "https://cdn.example.com/rcs/logo.png",
    "privacy_policy_url": "https://shop.example.com/privacy",
    "terms_of_service_url": "https://shop.example.com/terms",
}
QUESTIONNAIRE = {
    "general": {
        "opt_in_description": "Customers opt in when they create an account.",
        "trigger_description": "Order updates.",
        "interactions_description": "Suggested replies.",
        "opt_out_description": "Reply STOP.",
        "video_uris": ["https://cdn.example.com/rcs/demo.mp4"],
    },
    "verification": {"name": "Ann Example", "email": "ann@example.com", "website": "https://shop.example.com"},
    "fr": {"full_company_address": "1 rue de l'Exemple, 75001 Paris", "siren": "123456789"},
}


class Raw(str):
    """An expression written as it is (a reference to another resource)."""


def hcl(value: Any) -> str:
    """A Terraform expression for a JSON-like value (object keys bare)."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {hcl(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(hcl(v) for v in value) + "]"
    return json.dumps(value)


def config(brand: dict[str, Any] | None = None, use_case: str = "PROMOTIONAL", extra: str = "",
           countries: tuple[str, ...] = ("FR", "SE"), questionnaire: dict[str, Any] | None = None) -> str:  # fmt: skip
    return f"""
        resource "sinch_rcs_sender" "shop" {{
          region           = "EU"
          billing_category = "CONVERSATIONAL"
          use_case         = "{use_case}"
          countries        = {hcl(list(countries))}
          brand            = {hcl(brand or BRAND)}
          questionnaire    = {hcl(questionnaire or QUESTIONNAIRE)}
          {extra}
        }}
    """


def test_a_sender_from_draft_to_launched_in_two_applies(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    emulator.settings(rcsLaunchPreparationSeconds=0.5, rcsLaunchSeconds=0.5)
    ws = workspace()
    ws.write(config())
    ws.init()

    # 1: the details; a draft, nothing to wait for
    emulator.clear_requests()
    ws.apply()
    create_calls = api_calls(emulator)
    print("API calls of a create:", len(create_calls), create_calls)
    assert create_calls == [f"POST {SENDERS}"]
    values = ws.state()[ADDRESS]["values"]
    sender_id = values["id"]
    assert values["state"] == "DRAFT" and values["launch"] is False
    assert values["auth_token"] and values["hosting_region"]
    live = stored(emulator, sender_id)
    assert live["details"]["brand"]["logoUrl"] == BRAND["logo_url"]
    assert live["details"]["questionnaire"]["fr"]["answers"]["siren"] == "123456789"
    emulator.clear_requests()
    assert ws.plan()[0] == 0
    refresh_calls = api_calls(emulator)
    print("API calls of a refresh:", len(refresh_calls), refresh_calls)
    assert refresh_calls == [f"GET {SENDERS}/{sender_id}"]

    # in place: only what changed is sent; the removed emails as null (deleted)
    brand = {**{k: v for k, v in BRAND.items() if k != "emails"}, "description": "Orders, offers"}
    ws.write(config(brand=brand))
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}
    emulator.clear_requests()
    ws.apply()
    assert [c for c in api_calls(emulator) if not c.startswith("GET")] == [f"PATCH {SENDERS}/{sender_id}"]
    live = stored(emulator, sender_id)
    assert "emails" not in live["details"]["brand"] and live["details"]["brand"]["description"] == "Orders, offers"
    assert live["details"]["brand"]["phones"] == BRAND["phones"]  # what was not sent stays (the PATCH merges)
    assert ws.plan()[0] == 0

    # the brand's single values cannot be deleted (the API takes no null for them): removing one keeps Sinch's
    ws.write(config(brand={k: v for k, v in brand.items() if k != "color"}))
    assert ws.plan()[0] == 0

    # import into a fresh state: the plan is empty
    fresh = workspace("imported")
    fresh.write(config(brand=brand))
    fresh.init()
    fresh.run("import", "-input=false", "-no-color", ADDRESS, f"{PROJECT}/{sender_id}")
    status, _, output = fresh.plan()
    assert status == 0, output

    # 2: launch = true launches it and waits for LAUNCHED
    ws.write(config(brand=brand, extra="launch = true"))
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}
    emulator.clear_requests()
    ws.apply()
    launch_calls = api_calls(emulator)
    print("API calls of the apply that launches:", len(launch_calls), launch_calls)
    assert f"POST {SENDERS}/{sender_id}/launch" in launch_calls
    assert not [c for c in launch_calls if c.startswith("PATCH")]
    values = ws.state()[ADDRESS]["values"]
    assert (values["state"], values["launch"]) == ("LAUNCHED", True) and values["launched"]
    statuses = {c["country"]: c for c in values["country_statuses"]}
    assert set(statuses) == {"FR", "SE"}
    assert all(o["status"] == "LAUNCHED" for c in statuses.values() for o in c["operators"])
    assert ws.plan()[0] == 0

    # a new use case replaces it: the old one stays in Sinch (no delete), named in a warning
    ws.write(config(brand=brand, use_case="TRANSACTIONAL"))
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["delete", "create"]}
    result = ws.apply()
    assert "was removed from the Terraform state only" in said(result.stdout)
    assert sender_id in said(result.stdout)
    new_id = ws.state()[ADDRESS]["values"]["id"]
    assert new_id != sender_id and {s["id"] for s in senders(emulator)} == {sender_id, new_id}

    # destroy: no request, the sender stays
    emulator.clear_requests()
    result = ws.destroy()
    assert "no operation that deletes an RCS sender" in said(result.stdout)
    assert not [c for c in api_calls(emulator) if not c.startswith("GET")]
    assert ws.state() == {}
    assert new_id in {s["id"] for s in senders(emulator)}


def test_a_launch_with_requirements_missing_fails_with_the_list_and_sends_nothing(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    # known at plan: terraform validate names each missing requirement
    ws = workspace()
    brand = {k: v for k, v in BRAND.items() if k not in ("logo_url", "phones", "emails")}
    ws.write(config(brand=brand, countries=("FR", "GB"), extra="launch = true"))
    ws.init()
    text = refused_at_validate(ws, emulator)
    for needed in ("brand.logo_url", "a phone (brand.phones) or an email (brand.emails)",
                   "questionnaire.gb to launch in GB"):  # fmt: skip
        assert needed in text, text

    # known only at apply (another resource's output): refused before any request, the sender unchanged
    without_logo = {k: v for k, v in BRAND.items() if k != "logo_url"}
    ws.write(config(brand=without_logo))
    ws.apply()
    sender_id = ws.state()[ADDRESS]["values"]["id"]
    ws.write(
        'resource "terraform_data" "logo" {\n  input = null\n}\n'
        + config(brand={**BRAND, "logo_url": Raw("terraform_data.logo.output")}, extra="launch = true")
    )
    emulator.clear_requests()
    result = ws.apply(check=False)
    assert result.returncode == 1
    text = said(result.stdout + result.stderr)
    assert "launch = true needs brand.logo_url" in text  # Terraform validates again once the value is known
    assert not [c for c in api_calls(emulator) if not c.startswith("GET")]
    assert stored(emulator, sender_id)["state"] == "DRAFT"

    # what only Sinch checks (each answer of a section): its 412 lists it, the sender stays a draft
    partial = {**QUESTIONNAIRE, "general": {"opt_in_description": "At signup."}}
    ws.write(config(brand=BRAND, questionnaire=partial, extra="launch = true"))
    result = ws.apply(check=False)
    assert result.returncode == 1
    text = said(result.stdout + result.stderr)
    assert "launch_precondition_failed" in text
    assert "details.questionnaire.general.answers.triggerDescription" in text
    assert "details.questionnaire.general.answers.optOutDescription" in text
    assert stored(emulator, sender_id)["state"] == "DRAFT"
    values = ws.state()[ADDRESS]["values"]
    assert (values["state"], values["launch"]) == ("DRAFT", False)
    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}  # the launch is still to do


def test_test_numbers_are_added_accepted_and_removed(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace()
    numbers = ["+48777777777", "+33612345678"]

    def with_numbers(numbers: list[str]) -> str:
        return (
            config()
            + f"""
            resource "sinch_rcs_test_number" "t" {{
              for_each  = toset({hcl(numbers)})
              sender_id = sinch_rcs_sender.shop.id
              number    = each.value
            }}
        """
        )

    ws.write(with_numbers(numbers))
    ws.init()
    ws.apply()
    sender_id = ws.state()[ADDRESS]["values"]["id"]
    state = ws.state()
    invited = {state[f'sinch_rcs_test_number.t["{n}"]']["values"]["state"] for n in numbers}
    assert invited <= {"PENDING", "UNVERIFIED"}, invited
    assert ws.plan()[0] == 0

    # the tester accepts: the next refresh shows it VERIFIED, with no change planned
    emulator.admin("POST", f"/projects/{PROJECT}/rcs/senders/{sender_id}/testNumbers/%2B48777777777/invitation",
                   json={"outcome": "accept"})  # fmt: skip
    assert ws.plan()[0] == 0
    ws.refresh()
    assert ws.state()['sinch_rcs_test_number.t["+48777777777"]']["values"]["state"] == "VERIFIED"
    sender = ws.state()[ADDRESS]["values"]
    assert {t["number"]: t["state"] for t in sender["test_number_states"]}["+48777777777"] == "VERIFIED"

    # import one into a fresh state: the plan is empty
    fresh = workspace("imported")
    fresh.write(f"""
        resource "sinch_rcs_test_number" "t" {{
          sender_id = "{sender_id}"
          number    = "+48777777777"
        }}
    """)
    fresh.init()
    fresh.run("import", "-input=false", "-no-color", "sinch_rcs_test_number.t", f"{PROJECT}/{sender_id}/+48777777777")
    status, _, output = fresh.plan()
    assert status == 0, output

    # removed from the configuration: deleted
    emulator.clear_requests()
    ws.write(with_numbers(numbers[:1]))
    ws.apply()
    assert [c for c in api_calls(emulator) if c.startswith("DELETE")] == [
        f"DELETE {SENDERS}/{sender_id}/testNumbers/+33612345678"
    ]
    assert [t["number"] for t in stored(emulator, sender_id).get("testNumberStates") or []] == ["+48777777777"]


def test_the_questionnaire_and_senders_data_sources(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace()
    ws.write(
        config()
        + """
        data "sinch_rcs_questionnaire" "q" {
          use_case  = "PROMOTIONAL"
          countries = ["FR"]
        }
        data "sinch_rcs_senders" "drafts" {
          states     = ["DRAFT"]
          depends_on = [sinch_rcs_sender.shop]
        }
        data "sinch_rcs_sender_activities" "shop" {
          sender_id = sinch_rcs_sender.shop.id
        }
        data "sinch_rcs_senders" "by_name" {
          sort_by        = "NAME"
          sort_direction = "DESC"
          depends_on     = [sinch_rcs_sender.shop]
        }
        output "by_name" { value = [for s in data.sinch_rcs_senders.by_name.senders : s.brand_name] }
        output "sections" { value = distinct([for q in data.sinch_rcs_questionnaire.q.questions : q.section]) }
        output "fields" { value = [for q in data.sinch_rcs_questionnaire.q.questions : "${q.section}.${q.field}"] }
        output "drafts" { value = [for s in data.sinch_rcs_senders.drafts.senders : s.id] }
        output "activities" { value = [for a in data.sinch_rcs_sender_activities.shop.activities : a.type] }
    """
    )
    ws.init()
    another = {"region": "EU", "billingCategory": "CONVERSATIONAL", "useCase": "OTP",
               "details": {"brand": {"name": "Another Shop"}}}  # fmt: skip
    other = ok(emulator.api("POST", SENDERS, json=another))
    ws.apply()
    outputs = ws.outputs()
    assert outputs["by_name"] == ["Example Shop", "Another Shop"]
    assert outputs["sections"] == ["general", "verification", "fr"]
    assert "general.opt_in_description" in outputs["fields"] and "fr.siren" in outputs["fields"]
    assert "verification.partner.company_name" in outputs["fields"]
    assert sorted(outputs["drafts"]) == sorted([ws.state()[ADDRESS]["values"]["id"], other["id"]])
    assert "CREATED" in outputs["activities"]


BAD = {
    "colour": ('brand = { name = "Shop", color = "blue" }', "brand.color"),
    "url": ('brand = { name = "Shop", logo_url = "not a url" }', "brand.logo_url"),
    "gif logo": (
        'brand = { name = "Shop", logo_url = "https://cdn.example.com/logo.gif" }',
        "brand.logo_url must be a JPEG or PNG image",
    ),
    "country": ('countries = ["XX"]', "countries"),
    "brand phone": ('brand = { name = "Shop", phones = [{ label = "A", number = "call us" }] }', "number"),
    "siren": ('questionnaire = { fr = { siren = "12345678" } }', "siren"),
    "us sample message": (
        'questionnaire = { us = { ownership_type = "PRIVATE", company_legal_name = "A", company_phone_number = "1", '
        'company_email_address = "a@example.com", brand_name = "A", brand_industry = "RETAIL", '
        'legal_form = "PARTNERSHIP", tax_id_country = "DE", tax_id = "1", address_line = "A", address_city = "A", '
        'address_country = "DE", address_postal_code = "1", website_url = "https://a.example.com", '
        'contact_first_name = "A", contact_surname = "B", sample_messages = ["too short"], messages_volume = 1, '
        "embedded_link = false, embedded_phone = false, age_gated_content = false, direct_lending = false, "
        'opt_in_confirmation_message = "You are now subscribed.", help_message = "Reply STOP to opt out now.", '
        'call_to_action_message = "Sign up at the counter to get order updates by RCS." } }',
        "sample_messages",
    ),
    "launch false": ("launch = false", "launch can only be set to true"),
    "use case": ('use_case = "SPAM"', "use_case"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_at_validate(case: str, workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    fields, expected = BAD[case]
    lines = {"region": '"EU"', "billing_category": '"CONVERSATIONAL"', "use_case": '"PROMOTIONAL"'}
    name, value = fields.split(" = ", 1)
    lines[name] = value
    body = "\n".join(f"  {k} = {v}" for k, v in lines.items())
    ws = workspace()
    ws.write(f'resource "sinch_rcs_sender" "shop" {{\n{body}\n}}\n')
    text = refused_at_validate(ws, emulator)
    assert expected in text and ADDRESS in text, text


def test_a_test_number_must_be_e164(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace()
    ws.write('resource "sinch_rcs_test_number" "t" {\n  sender_id = "s1"\n  number = "0048 777 777 777"\n}\n')
    assert "E.164" in refused_at_validate(ws, emulator)


def test_the_rcs_launch_example(tmp_path: Path, workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    """examples/rcs-launch as a team runs it: a draft and its testers, then the launch."""
    emulator.settings(rcsLaunchPreparationSeconds=0.5, rcsLaunchSeconds=0.5)
    shutil.copytree(EXAMPLES / "rcs-launch", tmp_path / "rcs-launch")
    ws = Workspace(tmp_path / "rcs-launch", workspace().env)
    (ws.path / "providers.tf").unlink()  # the example declares its own required_providers
    ws.apply()
    outputs = ws.outputs()
    assert outputs["state"] == "DRAFT"
    assert set(outputs["testers"]) == {"+48777777777", "+33612345678"}
    assert "gb.company_registration_number" in outputs["questions"]
    # no change to make; the refresh sees the sender IN_TEST now that it has testers (only an output changes)
    _, plan, _ = ws.plan()
    assert changes(plan) == {}
    assert ws.state()["sinch_rcs_sender.this"]["values"]["state"] == "DRAFT"

    ws.apply("-var", "launch=true")
    outputs = ws.outputs()
    assert outputs["state"] == "LAUNCHED"
    assert set(outputs["launch_by_country"]) == {"FR", "GB"}
    assert {s for c in outputs["launch_by_country"].values() for s in c["operators"].values()} == {"LAUNCHED"}
    assert ws.plan("-var", "launch=true")[0] == 0

    result = ws.destroy()
    assert "was removed from the Terraform state only" in said(result.stdout)
    assert [s["state"] for s in senders(emulator)] == ["LAUNCHED"]
    assert not stored(emulator, outputs["sender_id"]).get("testNumberStates")


def test_the_auth_token_stays_out_of_trace_logs_and_plans(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    ws = workspace(TF_LOG="TRACE")
    ws.write(config())
    applied = ws.apply()
    planned = ws.plan()
    token = ws.state()[ADDRESS]["values"]["auth_token"]
    assert token
    trace = "\n".join([applied.stdout, applied.stderr, planned[2]])
    assert "answer body" in trace and "tf_type=sinch_rcs_sender" in trace and "REDACTED" in trace
    assert token not in trace
    shown = ws.run("show", "-no-color").stdout
    assert token not in shown and "auth_token" in shown


def test_a_test_number_deleted_out_of_band_is_added_again_and_a_new_number_replaces_it(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    def with_number(number: str) -> str:
        return (
            config()
            + f"""
            resource "sinch_rcs_test_number" "t" {{
              sender_id = sinch_rcs_sender.shop.id
              number    = "{number}"
            }}
        """
        )

    ws = workspace()
    ws.write(with_number("+48777777777"))
    ws.init()
    ws.apply()
    sender_id = ws.state()[ADDRESS]["values"]["id"]
    assert emulator.api("DELETE", f"{SENDERS}/{sender_id}/testNumbers/%2B48777777777").status_code == 204
    _, plan, output = ws.plan()
    assert changes(plan) == {"sinch_rcs_test_number.t": ["create"]}, output
    assert "no longer exists" in said(output)
    ws.apply()
    numbers = lambda: [t["number"] for t in stored(emulator, sender_id).get("testNumberStates") or []]  # noqa: E731
    assert numbers() == ["+48777777777"]

    ws.write(with_number("+48777777778"))
    _, plan, _ = ws.plan()
    assert changes(plan) == {"sinch_rcs_test_number.t": ["delete", "create"]}
    ws.apply()
    assert numbers() == ["+48777777778"]
    assert ws.plan()[0] == 0


def test_ctrl_c_during_the_launch_wait_keeps_it_and_the_next_apply_waits_on(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    """Without a video the launch waits in PREPARING_LAUNCH (Sinch adds one): a Ctrl-C ends the wait, the sender
    stays in state launched and untainted, and the next apply waits on until it is LAUNCHED."""
    no_video = {**QUESTIONNAIRE, "general": {k: v for k, v in QUESTIONNAIRE["general"].items() if k != "video_uris"}}
    ws = workspace()
    ws.write(config(questionnaire=no_video))
    ws.init()
    ws.apply()
    sender_id = ws.state()[ADDRESS]["values"]["id"]
    ws.write(config(questionnaire=no_video, extra="launch = true"))
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    deadline = time.monotonic() + 60
    while stored(emulator, sender_id)["state"] != "PREPARING_LAUNCH":
        assert time.monotonic() < deadline, "the apply never launched the sender"
        time.sleep(0.05)
    polls = len(emulator.api_requests())
    while len(emulator.api_requests()) <= polls:  # a poll of the wait
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.killpg(apply.pid, signal.SIGINT)
    output, _ = apply.communicate(timeout=60)
    assert "Stopped waiting for sinch_rcs_sender" in said(output), output
    state = ws.state()[ADDRESS]
    assert not state.get("tainted")
    assert (state["values"]["state"], state["values"]["launch"]) == ("PREPARING_LAUNCH", True)

    _, plan, _ = ws.plan()
    assert changes(plan) == {ADDRESS: ["update"]}, "the next apply must wait on"
    emulator.clear_requests()
    apply = ws.start("apply", "-auto-approve", "-input=false", "-no-color")
    mark = 0
    while len(emulator.api_requests()) <= mark + 1:
        assert time.monotonic() < deadline + 60
        time.sleep(0.05)
    emulator.admin("POST", f"/projects/{PROJECT}/rcs/senders/{sender_id}/state", json={"state": "LAUNCHED"})
    output, _ = apply.communicate(timeout=120)
    assert apply.returncode == 0, output
    assert ws.state()[ADDRESS]["values"]["state"] == "LAUNCHED"
    assert [c for c in api_calls(emulator) if c.endswith("/launch")] == []  # launched once, by the first apply
    assert ws.plan()[0] == 0
