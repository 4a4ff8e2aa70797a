"""Bad input fails at validate/plan, names the attribute and the rule, and sends nothing to the API."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.acceptance.conftest import PROJECT
from tests.harness import KEY_SECRET, Emulator, Workspace

pytestmark = pytest.mark.acceptance

GOOD = {"target": '"https://hooks.example.com/x"', "secret": '"s3cret"', "triggers": '["ALL"]'}

CASES = {
    "unknown trigger": (
        {"triggers": '["ALL", "NOT_A_TRIGGER"]'},
        "triggers",
        "each element of triggers must be one of the 39 values the documentation lists, not 'NOT_A_TRIGGER'",
    ),
    "misspelt trigger": (
        {"triggers": '["WHATSAPP_SENDER_ACTIV"]'},
        "triggers",
        "each element of triggers must be one of the 39 allowed values, not 'WHATSAPP_SENDER_ACTIV'; did you mean "
        "'WHATSAPP_SENDER_ACTIVE'?",
    ),
    "empty trigger set": ({"triggers": "[]"}, "triggers", "triggers must have at least 1 item"),
    "target not a URL": ({"target": '"hooks dot example"'}, "target", "must be a URL"),
    "target without a public host": ({"target": '"http://localhost:8080/x"'}, "target", "fully qualified domain"),
    "target too long": (
        {"target": f'"https://hooks.example.com/{"x" * 720}"'},
        "target",
        "target must be at most 742 characters, not 746",
    ),
    "empty secret": ({"secret": '""'}, "secret", "secret must not be empty"),
    # the secret is sensitive: not even its length is quoted
    "secret of 129 characters": ({"secret": f'"{"s" * 129}"'}, "secret", "secret must be at most 128 characters\n"),
    "project_id with a slash": ({"project_id": '"a/b"'}, "project_id", "must not contain '/'"),
}

NO_LIBRARY_WORDING = ("should have", "Input should", "String should", "after validation", "Value error", "is invalid:")


def refused_at_validate(ws: Workspace, emulator: Emulator) -> str:
    """``terraform validate`` in ``ws``: it must fail without one request to the emulator. Returns what Terraform
    said (``said``), for the test to look for the attribute and the message."""
    emulator.clear_requests()
    validated = ws.validate()
    output = validated.stdout + validated.stderr
    assert validated.returncode == 1, output
    assert emulator.requests() == [], "validate must not call the API"
    return said(output)


def said(output: str) -> str:
    """Terraform's diagnostics as one text: the box drawn around them gone and the lines it wrapped joined, each
    diagnostic's detail ending in a newline."""
    lines = [line.strip().lstrip("│").strip() for line in output.splitlines()]
    text = "\n".join(lines)
    return re.sub(r"(?<=\S)\n(?=\S)", " ", text) + "\n"


def config_with(overrides: dict[str, str]) -> str:
    fields = {**GOOD, **overrides}
    body = "\n".join(f"  {k} = {v}" for k, v in fields.items())
    return f'resource "sinch_webhook" "bad" {{\n{body}\n}}\n'


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_fails_before_any_api_call(
    case: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    overrides, attribute, rule = CASES[case]
    ws = workspace()
    ws.write(config_with(overrides))
    emulator.clear_requests()

    validated = ws.validate()
    assert validated.returncode == 1
    output = validated.stdout + validated.stderr
    assert f"Invalid {attribute}" in output
    assert rule in said(output), output
    assert not any(words in output for words in NO_LIBRARY_WORDING), output
    assert f"{attribute} = " in output, "the diagnostic must point at the attribute in the configuration"

    assert rule in said(ws.plan_fails())
    assert emulator.requests() == [], "bad input must not reach the API"


def test_malformed_import_id(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace()
    ws.write(config_with({}))
    ws.init()
    emulator.clear_requests()
    for bad_id in ("only-one-part", f"{PROJECT}/", f"{PROJECT}/a/b"):
        result = ws.run("import", "-input=false", "-no-color", "sinch_webhook.bad", bad_id, check=False)
        assert result.returncode == 1
        output = result.stdout + result.stderr
        assert "Invalid import ID for sinch_webhook" in output
        assert "{project_id}/{id}" in output
    assert emulator.api_requests() == []


@pytest.mark.parametrize("auth", ["oauth2", "basic"])
def test_wrong_credentials_fail_at_configure(
    auth: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    ws = workspace(SINCH_KEY_SECRET="wrong-secret", SINCH_AUTH=auth)
    ws.write(config_with({}))
    output = ws.plan_fails()
    if auth == "oauth2":
        assert "Sinch authentication failed: Client authentication failed" in output
    else:
        assert "Sinch API error: Unauthorized error." in output
        assert "Verify that projectId is correct." in output
    assert "wrong-secret" not in output and KEY_SECRET not in output
    assert not [r for r in emulator.api_requests() if r["method"] != "GET"]


def test_missing_project_id_is_a_plan_error(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace(project_id=None)
    ws.write(config_with({}))
    output = ws.plan_fails()
    assert "project_id is not set" in output
    assert "SINCH_PROJECT_ID" in output
    assert emulator.api_requests() == []


# ----------------------------------------------------------------------------------------------
# The provider's own settings, in its block and in SINCH_* variables
# ----------------------------------------------------------------------------------------------

PROVIDER_CASES = {
    "provisioning_url port 70000": ("provisioning_url", '"http://127.0.0.1:70000"', "port '70000' is not a number"),
    "provisioning_url port 99999": ("provisioning_url", '"http://127.0.0.1:99999"', "port '99999' is not a number"),
    "provisioning_url port 0": ("provisioning_url", '"http://127.0.0.1:0"', "port '0' is not a number"),
    "provisioning_url port abc": ("provisioning_url", '"http://127.0.0.1:abc"', "port 'abc' is not a number"),
    "auth_url port 70000": ("auth_url", '"http://127.0.0.1:70000/oauth2/token"', "port '70000' is not a number"),
    "auth_url port 0": ("auth_url", '"https://auth.sinch.com:0/oauth2/token"', "port '0' is not a number"),
    "empty key_secret": ("key_secret", '""', "key_secret must not be empty"),
    "empty key_id": ("key_id", '""', "key_id must not be empty"),
    "project_id ..": ("project_id", '".."', "must not be '..'"),
    "auth token": ("auth", '"token"', "auth must be 'oauth2' or 'basic', not 'token'"),
    "max_retries 11": ("max_retries", "11", "max_retries must be at most 10, not 11"),
    "max_retries 2.5": ("max_retries", "2.5", "max_retries must be a whole number, not 2.5"),
    "request_timeout 0": ("request_timeout", "0", "request_timeout must be greater than 0, not 0"),
}


@pytest.mark.parametrize("case", list(PROVIDER_CASES))
def test_bad_provider_setting_fails_at_validate(
    case: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    attribute, value, rule = PROVIDER_CASES[case]
    ws = workspace()
    ws.write(f'provider "sinch" {{\n  {attribute} = {value}\n}}\n' + config_with({}))
    emulator.clear_requests()
    validated = ws.validate()
    output = validated.stdout + validated.stderr
    assert validated.returncode == 1, output
    assert f"Invalid provider {attribute}" in output and rule in said(output), output
    assert not any(words in output for words in NO_LIBRARY_WORDING), output
    assert f"{attribute} = " in output, "the diagnostic must point at the argument in the provider block"
    assert emulator.requests() == [], "bad input must not reach the API (nor the token endpoint)"


ENVIRONMENT_CASES = {
    "SINCH_PROVISIONING_URL port 70000": ("SINCH_PROVISIONING_URL", "http://127.0.0.1:70000", "provisioning_url"),
    "SINCH_PROVISIONING_URL port 99999": ("SINCH_PROVISIONING_URL", "http://127.0.0.1:99999", "provisioning_url"),
    "SINCH_PROVISIONING_URL port 0": ("SINCH_PROVISIONING_URL", "http://127.0.0.1:0", "provisioning_url"),
    "SINCH_AUTH_URL port x": ("SINCH_AUTH_URL", "http://127.0.0.1:x/oauth2/token", "auth_url"),
    "SINCH_AUTH_URL port 65536": ("SINCH_AUTH_URL", "http://127.0.0.1:65536/oauth2/token", "auth_url"),
    "SINCH_PROJECT_ID with a slash": ("SINCH_PROJECT_ID", "a/b", "project_id"),
    "SINCH_MAX_RETRIES not a number": ("SINCH_MAX_RETRIES", "lots", "max_retries"),
    "SINCH_REQUEST_TIMEOUT out of range": ("SINCH_REQUEST_TIMEOUT", "601", "request_timeout"),
    "SINCH_AUTH unknown": ("SINCH_AUTH", "token", "auth"),
    "SINCH_MAX_RETRIES too many": ("SINCH_MAX_RETRIES", "11", "max_retries"),
    "SINCH_KEY_ID ..": ("SINCH_KEY_ID", "..", "key_id"),
}

#: What each variable's diagnostic says, in full.
ENVIRONMENT_MESSAGES = {
    "SINCH_PROVISIONING_URL port 70000": "SINCH_PROVISIONING_URL: provisioning_url must be a valid URL: port '70000' "
    "is not a number from 1 to 65535",
    "SINCH_PROJECT_ID with a slash": "SINCH_PROJECT_ID: project_id must not contain '/'",
    "SINCH_MAX_RETRIES not a number": "SINCH_MAX_RETRIES must be a number, got 'lots' (it sets the provider's "
    "max_retries)",
    "SINCH_REQUEST_TIMEOUT out of range": "SINCH_REQUEST_TIMEOUT: request_timeout must be at most 600, not 601",
    "SINCH_AUTH unknown": "SINCH_AUTH: auth must be 'oauth2' or 'basic', not 'token'",
    "SINCH_MAX_RETRIES too many": "SINCH_MAX_RETRIES: max_retries must be at most 10, not 11",
    "SINCH_KEY_ID ..": "SINCH_KEY_ID: key_id must not be '..'",
}


@pytest.mark.parametrize("block", ["no provider block", "provider block"])
@pytest.mark.parametrize("case", list(ENVIRONMENT_CASES))
def test_bad_environment_setting_fails_at_validate(
    case: str, block: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    """terraform validate skips an empty or absent provider block: the resources check the variables then."""
    name, value, attribute = ENVIRONMENT_CASES[case]
    ws = workspace(**{name: value})
    provider = 'provider "sinch" {\n  max_retries = 2\n}\n' if block == "provider block" else ""
    if name == "SINCH_MAX_RETRIES" and provider:
        provider = 'provider "sinch" {\n  auth = "basic"\n}\n'
    ws.write(provider + config_with({}))
    emulator.clear_requests()
    validated = ws.validate()
    output = validated.stdout + validated.stderr
    assert validated.returncode == 1, output
    assert f"Invalid {name}" in output and attribute in output
    if case in ENVIRONMENT_MESSAGES:
        assert ENVIRONMENT_MESSAGES[case] in said(output), output
    assert not any(words in output for words in NO_LIBRARY_WORDING), output
    assert emulator.requests() == []


def test_a_configured_argument_wins_over_a_bad_variable(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    ws = workspace(SINCH_PROVISIONING_URL="http://127.0.0.1:70000")
    ws.write(f'provider "sinch" {{\n  provisioning_url = "{emulator.url}"\n}}\n' + config_with({}))
    assert ws.validate().returncode == 0
    assert ws.plan()[0] == 2


def test_numbers_terraform_sends_as_text_are_valid(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    """request_timeout = 2.2 is not exactly a float64: Terraform sends it as the text "2.2"."""
    ws = workspace()
    ws.write('provider "sinch" {\n  request_timeout = 2.2\n}\n' + config_with({}))
    validated = ws.validate()
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert ws.plan()[0] == 2


# ----------------------------------------------------------------------------------------------
# Resources and data sources
# ----------------------------------------------------------------------------------------------

TEMPLATE = """
resource "sinch_whatsapp_template" "t" {
  name     = "order_update"
  language = "EN_US"
  category = "UTILITY"
  header   = { format = "TEXT", text = "Order {{1}}", example = "12345" }
  body     = { text = "Your order {{1}} ships today.", examples = ["12345"] }
  buttons  = [{ type = "URL", text = "Track", url = "https://shop.example.com/t" }]
}
"""

INSIDE_OBJECTS = {"template header text too long", "template button label empty"}

RESOURCE_CASES = {
    "webhook project_id ..": (config_with({"project_id": '".."'}), "project_id", "must not be '..'"),
    "sender data source id ..": (
        'data "sinch_whatsapp_sender" "s" {\n  id = ".."\n}\n',
        "id",
        "must not be '..'",
    ),
    "three websites, some unknown": (
        'variable "site" {\n  type = string\n}\n'
        'resource "sinch_whatsapp_sender" "s" {\n  country_code = "1"\n  phone_number = "2025550199"\n'
        '  display_name = "Alerts"\n  websites = ["https://a.example.com", var.site, var.site]\n}\n',
        "websites",
        "websites must have at most 2 items, not 3",
    ),
    "sender region outside its three": (
        'resource "sinch_whatsapp_sender" "s" {\n  country_code = "1"\n  phone_number = "2025550199"\n'
        '  display_name = "Alerts"\n  region = "APAC"\n}\n',
        "region",
        "region must be 'BR', 'EU' or 'US', not 'APAC'",
    ),
    "country code with a plus": (
        'resource "sinch_whatsapp_sender" "s" {\n  country_code = "+1"\n  phone_number = "2025550199"\n'
        '  display_name = "Alerts"\n}\n',
        "country_code",
        "country_code must contain only digits (0-9)",
    ),
    "template language misspelt": (
        TEMPLATE.replace('"EN_US"', '"EN_UX"'),
        "language",
        "language must be one of the 72 allowed values, not 'EN_UX'; did you mean 'EN_US'?",
    ),
    "template header text too long": (
        TEMPLATE.replace('text = "Order {{1}}"', f'text = "{"x" * 61}"'),
        "header",
        "header.text must be at most 60 characters, not 61",
    ),
    "template button label empty": (
        TEMPLATE.replace('text = "Track"', 'text = ""'),
        "buttons",
        "buttons[0].text must not be empty",
    ),
    "template category misspelt": (
        TEMPLATE.replace('"UTILITY"', '"UTILITIES"'),
        "category",
        "category must be 'AUTHENTICATION', 'MARKETING' or 'UTILITY', not 'UTILITIES'",
    ),
}


@pytest.mark.parametrize("case", list(RESOURCE_CASES))
def test_bad_resource_input_fails_at_validate(
    case: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    config, attribute, rule = RESOURCE_CASES[case]
    ws = workspace()
    ws.write(config)
    emulator.clear_requests()
    validated = ws.validate()
    output = validated.stdout + validated.stderr
    assert validated.returncode == 1, output
    assert f"Invalid {attribute}" in output and rule in said(output), output
    assert not any(words in output for words in NO_LIBRARY_WORDING), output
    # Terraform (1.11) shows the resource's first line for a path inside an object ("header.text")
    pointer = rf"{attribute} +=" if case not in INSIDE_OBJECTS else r'\d+: resource "sinch_whatsapp_template" "t" \{'
    assert re.search(pointer, output), "the diagnostic must point at the attribute in the configuration"
    assert emulator.requests() == []


@pytest.mark.parametrize(
    ("value", "rule"), [("20 minutes", "must be a duration"), ("0s", "must be longer than 0s")], ids=["words", "zero"]
)
def test_bad_timeout_fails_at_validate(
    value: str, rule: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    ws = workspace()
    ws.write(
        'resource "sinch_whatsapp_sender" "s" {\n  country_code = "1"\n  phone_number = "2025550199"\n'
        f'  display_name = "Alerts"\n  timeouts {{\n    create = "{value}"\n  }}\n}}\n'
    )
    emulator.clear_requests()
    validated = ws.validate()
    output = validated.stdout + validated.stderr
    assert validated.returncode == 1, output
    assert "Invalid timeouts" in output and f"timeouts.create {rule}" in output
    assert f'create = "{value}"' in output, "the diagnostic points at the line in the block"
    assert emulator.requests() == []


def test_import_id_with_dots_is_refused(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    ws = workspace()
    ws.write('resource "sinch_whatsapp_sender" "s" {\n  region = "EU"\n}\n')
    ws.init()
    emulator.clear_requests()
    for bad_id in (f"{PROJECT}/..", f"{PROJECT}/.", "../x"):
        result = ws.run("import", "-input=false", "-no-color", "sinch_whatsapp_sender.s", bad_id, check=False)
        assert result.returncode == 1
        assert "Invalid import ID for sinch_whatsapp_sender" in result.stdout + result.stderr
    assert emulator.api_requests() == []


# ----------------------------------------------------------------------------------------------
# Unknown values are not mistaken for configured ones
# ----------------------------------------------------------------------------------------------

SELECTED_BY_VARIABLE = """
variable "embedded" {
  type    = bool
  default = false
}

resource "sinch_whatsapp_sender" "s" {
  waba_id         = var.embedded ? "102290129340398" : null
  phone_number_id = var.embedded ? "105954558954431" : null
  country_code    = var.embedded ? null : "1"
  phone_number    = var.embedded ? null : "2025550131"
  display_name    = var.embedded ? null : "Example Alerts"
  region          = "US"
}
"""

SELECTED_BY_ANOTHER_RESOURCE = """
resource "terraform_data" "signup" {
  input = "phone provisioning"
}

resource "sinch_whatsapp_sender" "s" {
  # unknown until terraform_data exists, and then null: a phone provisioning after all
  waba_id      = terraform_data.signup.id == "embedded" ? "102290129340398" : null
  country_code = "1"
  phone_number = "2025550132"
  display_name = "Example Alerts"
}
"""


@pytest.fixture
def quick_senders(emulator: Emulator) -> None:
    emulator.settings(senderActivationSeconds=1, accountReviewSeconds=1, profileReviewSeconds=30 * 24 * 3600)


@pytest.mark.parametrize("embedded", [False, True])
def test_selector_from_a_variable_validates_plans_and_applies(
    embedded: bool, quick_senders: None, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    """terraform validate sees every variable as unknown: waba_id may be null, so no false error there; plan
    and apply then judge the known values."""
    if not embedded:  # phone provisioning needs the project's (partner-initiated) account; embedded signup refuses it
        emulator.seed_account(PROJECT, businessManager="SINCH_UK")
    ws = workspace()
    ws.write(SELECTED_BY_VARIABLE)
    validated = ws.validate()
    assert validated.returncode == 0, validated.stdout + validated.stderr
    var = f"embedded={str(embedded).lower()}"
    code, _, output = ws.plan("-var", var)
    assert code == 2, output
    ws.apply("-var", var)
    [sender] = emulator.senders(PROJECT)
    live = emulator.sender(PROJECT, sender["id"])
    assert live["state"] == ("ACTIVE" if embedded else "PENDING_VERIFICATION")
    assert ws.plan("-var", var)[0] == 0


def test_one_selector_from_a_variable_with_its_partner_left_out(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    """At validate var.waba_id is unknown and may be null (its default): then this is a phone provisioning, and
    "phone_number_id is required with waba_id" would be a false error."""
    ws = workspace()
    ws.write(
        'variable "waba_id" {\n  type    = string\n  default = null\n}\n'
        'resource "sinch_whatsapp_sender" "s" {\n  waba_id      = var.waba_id\n  country_code = "1"\n'
        '  phone_number = "2025550133"\n  display_name = "Example Alerts"\n}\n'
    )
    emulator.clear_requests()
    validated = ws.validate()
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert ws.plan()[0] == 2
    # with a value, the rule holds in every world, and plan (variables known) reports it
    assert "phone_number_id is required with waba_id" in ws.plan_fails("-var", "waba_id=102290129340398")
    assert emulator.api_requests() == []


def test_selector_unknown_at_plan_that_turns_out_null(
    quick_senders: None, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    emulator.seed_account(PROJECT, businessManager="SINCH_UK")
    ws = workspace()
    ws.write(SELECTED_BY_ANOTHER_RESOURCE)
    assert ws.validate().returncode == 0
    code, plan, output = ws.plan()
    assert code == 2, output
    assert "Invalid" not in output
    after = next(rc for rc in plan["resource_changes"] if rc["address"] == "sinch_whatsapp_sender.s")["change"]
    assert after["after_unknown"].get("waba_id") is True, "the test needs waba_id unknown at plan"
    emulator.clear_requests()
    ws.apply()
    posts = [r for r in emulator.api_requests() if r["method"] == "POST" and r["path"].endswith("/senders")]
    assert len(posts) == 1
    values = ws.state()["sinch_whatsapp_sender.s"]["values"]
    assert values["waba_id"] is None and values["phone_number"] == "2025550132"
    assert values["state"] == "PENDING_VERIFICATION"
    assert ws.plan()[0] == 0
