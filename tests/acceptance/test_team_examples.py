"""The examples for teams (see README.md, "Examples for teams"), run as a team would run them: each copied out of
the repository into a temporary folder, applied against the emulator (and, for AWS, moto), re-planned, destroyed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib.util
import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.acceptance.conftest import PROJECT
from tests.harness import AWS_MIRROR, Emulator, Workspace, aws_env, changes, moto_server

pytestmark = pytest.mark.acceptance

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DAY = 24 * 3600


def copy_example(tmp_path: Path, *folders: str) -> Path:
    """The example folders, laid out as in the repository (relative module sources resolve); returns the first."""
    for folder in folders:
        shutil.copytree(EXAMPLES / folder, tmp_path / "examples" / folder)
    return tmp_path / "examples" / folders[0]


def example_workspace(path: Path, env: dict[str, str]) -> Workspace:
    ws = Workspace(path, env)
    (path / "providers.tf").unlink()  # the examples declare their own required_providers
    return ws


# --- with-aws: a webhook into an API Gateway HTTP API and a Lambda function, AWS played by moto ---------------

SECRET = "with-aws-secret-0123456789abcdef"


@pytest.fixture(scope="module")
def moto(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """AWS for the hashicorp/aws provider: moto in server mode on a free loopback port, stopped after."""
    if not AWS_MIRROR.is_dir():
        pytest.fail(f"the with-aws example needs the hashicorp/aws provider in the filesystem mirror {AWS_MIRROR}")
    with moto_server(tmp_path_factory.mktemp("moto") / "moto.log") as url:
        yield url


def aws_client(service: str, endpoint: str) -> Any:
    import boto3  # moto's dependency

    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name="eu-west-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def test_webhook_into_api_gateway_and_lambda(
    tmp_path: Path, workspace: Callable[..., Workspace], emulator: Emulator, moto: str
) -> None:
    env = aws_env({**workspace().env, "TF_VAR_webhook_secret": SECRET}, moto)
    ws = example_workspace(copy_example(tmp_path, "with-aws"), env)
    ws.apply()

    # the webhook's target is the URL AWS gave the API, and the function knows the webhook's secret
    outputs = ws.outputs()
    url = outputs["callback_url"]
    [api] = aws_client("apigatewayv2", moto).get_apis()["Items"]
    assert url == f"{api['ApiEndpoint']}/sinch/events"
    assert url.startswith("https://") and ".execute-api.eu-west-1.amazonaws.com/" in url
    [hook] = emulator.webhooks(PROJECT)
    assert (hook["id"], hook["target"], hook["secret"]) == (outputs["webhook_id"], url, SECRET)
    assert "WHATSAPP_TEMPLATE_REJECTED" in hook["triggers"]
    routes = aws_client("apigatewayv2", moto).get_routes(ApiId=api["ApiId"])["Items"]
    assert [r["RouteKey"] for r in routes] == ["POST /sinch/events"]
    function = aws_client("lambda", moto).get_function(FunctionName=outputs["function_name"])
    assert function["Configuration"]["Environment"]["Variables"] == {"SINCH_WEBHOOK_SECRET": SECRET}

    assert ws.plan()[0] == 0

    ws.destroy()
    assert emulator.webhooks(PROJECT) == []
    assert aws_client("apigatewayv2", moto).get_apis()["Items"] == []
    assert aws_client("lambda", moto).list_functions()["Functions"] == []


def test_the_lambda_zip_holds_the_handler_and_the_handler_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """lambda/handler.zip is lambda/handler.py (rebuilt by lambda/build.py); the handler takes a callback as API
    Gateway hands it over (payload format 2.0), signed as the handler expects, and answers 200."""
    folder = EXAMPLES / "with-aws" / "lambda"
    with zipfile.ZipFile(folder / "handler.zip") as zipped:
        assert zipped.namelist() == ["handler.py"]
        assert zipped.read("handler.py") == (folder / "handler.py").read_bytes(), (
            "run examples/with-aws/lambda/build.py"
        )

    spec = importlib.util.spec_from_file_location("sinch_callback_handler", folder / "handler.py")
    assert spec and spec.loader
    handler = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(handler)
    body = json.dumps({"type": "WHATSAPP_TEMPLATE_APPROVED", "payload": {"name": "order_update", "state": "APPROVED"}})
    signed = f"{body}.01EAW2BNWCG9DC13RS582V0ZQ3.1592227387".encode()
    headers = {
        "X-Sinch-Webhook-Signature": base64.b64encode(
            hmac.new(SECRET.encode(), signed, hashlib.sha256).digest()
        ).decode(),
        "X-Sinch-Webhook-Signature-Algorithm": "HmacSHA256",
        "X-Sinch-Webhook-Signature-Nonce": "01EAW2BNWCG9DC13RS582V0ZQ3",
        "X-Sinch-Webhook-Signature-Timestamp": "1592227387",
    }
    monkeypatch.setenv("SINCH_WEBHOOK_SECRET", SECRET)
    lower = {k.lower(): v for k, v in headers.items()}
    assert handler.signature_ok(body, lower)
    assert not handler.signature_ok(body + " ", lower)
    event = {"body": base64.b64encode(body.encode()).decode(), "isBase64Encoded": True, "headers": headers}
    assert handler.handler(event, None) == {"statusCode": 200, "body": ""}
    assert handler.handler({"body": "not json"}, None)["statusCode"] == 400


# --- multi-project: one module in two Sinch projects, through a provider alias and a project_id input --------

EMEA = "acc-project-emea"
AMERICAS = "acc-project-americas"


def inventory(emulator: Emulator, project: str) -> dict[str, Any]:
    """What the project holds: webhook targets, (template, language) pairs, live senders as (phone number ID,
    region, business manager)."""
    return {
        "webhooks": sorted(w["target"] for w in emulator.webhooks(project)),
        "templates": sorted((t["name"], t["language"]) for t in emulator.templates(project)),
        "senders": sorted(
            (s["emulator"]["phoneNumberId"], s["region"], s["businessManager"])
            for s in emulator.senders(project)
            if not s["emulator"].get("deletedAt")
        ),
    }


EMPTY: dict[str, Any] = {"webhooks": [], "templates": [], "senders": []}


def test_one_module_in_two_projects(tmp_path: Path, workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.settings(senderActivationSeconds=1)
    env = {
        **workspace().env,  # SINCH_PROJECT_ID is PROJECT: the default configuration's project, which stays empty
        "TF_VAR_emea_project_id": EMEA,
        "TF_VAR_americas_project_id": AMERICAS,
        "TF_VAR_webhook_secret": "multi-project-secret-0123456789",
    }
    ws = example_workspace(copy_example(tmp_path, "multi-project", "modules/whatsapp-channel"), env)
    ws.apply()

    assert inventory(emulator, EMEA) == {
        "webhooks": ["https://hooks.example.eu/sinch/whatsapp"],
        "templates": [("login_code", "EN_GB"), ("order_update", "EN_GB")],
        "senders": [("105954558954427", "EU", "SINCH_UK")],
    }
    assert inventory(emulator, AMERICAS) == {
        "webhooks": ["https://hooks.example.com/sinch/whatsapp"],
        "templates": [("login_code", "EN_US"), ("order_update", "EN_US")],
        "senders": [("205954558954427", "US", "SINCH_MX")],
    }
    assert inventory(emulator, PROJECT) == EMPTY
    channels = ws.outputs()["channels"]
    assert {name: c["project_id"] for name, c in channels.items()} == {"emea": EMEA, "americas": AMERICAS}
    for project, channel in ((EMEA, channels["emea"]), (AMERICAS, channels["americas"])):
        assert [w["id"] for w in emulator.webhooks(project)] == [channel["webhook_id"]]
        assert emulator.sender(project, channel["sender_id"])["state"] == "ACTIVE"

    # nothing to do right after the apply, nor once Meta has reviewed the templates and the sender profiles
    assert ws.plan()[0] == 0
    emulator.advance(DAY)
    assert {t["state"] for p in (EMEA, AMERICAS) for t in emulator.templates(p)} == {"APPROVED"}
    assert ws.plan()[0] == 0

    ws.destroy()
    for project in (EMEA, AMERICAS, PROJECT):
        assert inventory(emulator, project) == EMPTY
    # destroyed senders are scheduled for removal (Sinch keeps them 30 days)
    assert len([s for p in (EMEA, AMERICAS) for s in emulator.senders(p) if s["emulator"].get("deletedAt")]) == 2


def test_the_module_refuses_bad_inputs_before_any_request(
    tmp_path: Path, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    module = copy_example(tmp_path, "modules/whatsapp-channel")
    ws = workspace()
    ws.write(f"""
        module "channel" {{
          source         = "{module}"
          brand          = "Example Shoes"
          sender         = {{ waba_id = "1022901", phone_number_id = "1059545", region = "EU",
                             business_manager = "SINCH_MX", about = "" }}
          tracking_url   = "https://wa.me/track?id="
          callback_url   = "https://localhost/sinch"
          webhook_secret = "short"
          language       = "en-us"
        }}
    """)
    emulator.clear_requests()
    output = " ".join(ws.plan_fails().split())
    for message in (
        "sender.business_manager must onboard Embedded Signup senders in sender.region",
        "sender.about is 1 to 139 characters.",
        "An https URL on your own domain (not wa.me or whatsapp.com).",
        "An https URL with a public host name",
        "16 to 128 characters",
        "A Sinch template language such as EN_US",
    ):
        assert message in output, output
    assert emulator.api_requests() == []


# --- adopt-project: a whole live project under Terraform, generated configuration or for_each ---------------

WEBHOOKS = [
    {"target": "https://hooks.example.com/sinch/templates", "triggers": ["WHATSAPP_TEMPLATE_APPROVED"]},
    {"target": "https://ops.example.org/alerts?team=messaging", "triggers": ["ALL"]},
]
SENDERS = [
    {"details": {"displayName": "Example Support", "vertical": "SHOPPING_AND_RETAIL", "about": "We answer",
                 "websiteOne": "https://shoes.example.com"}},
    {"details": {"displayName": "Example Sales", "vertical": "NOT_SET"}},
    {"state": "PENDING_VERIFICATION", "numberProvider": "SINCH",
     "details": {"displayName": "9 to 5 Alerts", "vertical": "OTHER"}},
]  # fmt: skip
TEMPLATES = [
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
    {"name": "2024_collection", "category": "MARKETING", "details": {"components": [
        {"type": "BODY", "text": "Our collection, {{1}}!", "examples": ["Anna"]},
        {"type": "CAROUSEL", "cards": [{"components": [
            {"type": "HEADER", "format": "IMAGE", "example": {"url": f"https://cdn.example.com/{item}.jpg"}},
            {"type": "BODY", "text": f"{item} {{{{1}}}}", "examples": ["-20%"]},
            {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "More"}]}]} for item in ("a", "b")]}]}},
]  # fmt: skip
LANGUAGES = ("EN_US", "DE")
FOUND = f"{len(WEBHOOKS)} webhooks, {len(SENDERS)} senders, {len(TEMPLATES) * len(LANGUAGES)} templates"
ADOPTED = len(WEBHOOKS) + len(SENDERS) + len(TEMPLATES) * len(LANGUAGES)


def only_reads(emulator: Emulator) -> None:
    """Nothing changed in Sinch: the API saw GETs only (and the token endpoint its POSTs)."""
    assert {r["method"] for r in emulator.api_requests()} == {"GET"}
    assert {r["path"] for r in emulator.requests() if r["method"] != "GET"} <= {"/oauth2/token"}


@pytest.fixture
def live_project(emulator: Emulator) -> dict[str, list[str]]:
    """A project made in the dashboard: webhooks, senders (and so the WhatsApp account) and templates in two
    languages. Returns the IDs of its webhooks and senders; the request log starts empty."""
    webhooks = []
    for fields in WEBHOOKS:
        created = emulator.api("POST", f"/v1/projects/{PROJECT}/webhooks", json={**fields, "secret": "from-dashboard"})
        created.raise_for_status()
        webhooks.append(created.json()["id"])
    senders = [emulator.seed_sender(PROJECT, **fields)["id"] for fields in SENDERS]
    for fields in TEMPLATES:
        for language in LANGUAGES:
            emulator.seed_template(PROJECT, language=language, **fields)
    emulator.clear_requests()
    return {"webhooks": webhooks, "senders": senders}


def test_adopt_a_project_with_generated_configuration(
    tmp_path: Path, workspace: Callable[..., Workspace], emulator: Emulator, live_project: dict[str, list[str]]
) -> None:
    example = copy_example(tmp_path, "adopt-project")
    env = workspace().env
    result = subprocess.run(["bash", str(example / "adopt.sh")], env={**env, "PATH": os.environ["PATH"]},
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"found {FOUND}" in result.stdout
    assert "adopted: the plan shows no changes" in result.stdout

    generated = (example / "generated.tf").read_text()
    for kind, count in (("webhook", 2), ("whatsapp_sender", 3), ("whatsapp_template", 8)):
        assert generated.count(f'resource "sinch_{kind}"') == count, generated
    # readable names, and valid ones where a display name or a template name starts with a digit
    assert 'resource "sinch_webhook" "ops_example_org_alerts_team_messaging_' in generated
    assert 'resource "sinch_whatsapp_sender" "_9_to_5_alerts_' in generated
    assert 'resource "sinch_whatsapp_template" "_2024_collection_de"' in generated
    state = {a: r for a, r in example_workspace(example, env).state().items() if r["mode"] == "managed"}
    assert len(state) == ADOPTED
    ids = {r["values"]["id"] for r in state.values() if r["type"] in ("sinch_webhook", "sinch_whatsapp_sender")}
    assert ids == {*live_project["webhooks"], *live_project["senders"]}
    only_reads(emulator)

    # taking a webhook's secret over (the README's advice) is one in-place update: one PUT, nothing else
    [address] = [a for a in state if a.startswith("sinch_webhook.hooks_example_com_sinch_templates_")]
    block = generated.split(f'resource "sinch_webhook" "{address.split(".")[1]}" {{')[1].split("}")[0]
    taken_over = re.sub(r"secret( *)= null # sensitive", r"secret\1= var.hooks_secret", block)
    assert taken_over != block, block
    (example / "generated.tf").write_text(generated.replace(block, taken_over))
    (example / "secrets.tf").write_text('variable "hooks_secret" {\n  sensitive = true\n}\n')
    ws = example_workspace(example, {**env, "TF_VAR_hooks_secret": "taken-over-secret-0123456789"})
    _, plan, _ = ws.plan()
    assert changes(plan) == {address: ["update"]}
    emulator.clear_requests()
    ws.apply()
    assert [f"{r['method']} {r['path']}" for r in emulator.api_requests() if r["method"] != "GET"] == [
        f"PUT /v1/projects/{PROJECT}/webhooks/{state[address]['values']['id']}"
    ]
    secrets = {w["target"]: w["secret"] for w in emulator.webhooks(PROJECT)}
    assert secrets == {WEBHOOKS[0]["target"]: "taken-over-secret-0123456789", WEBHOOKS[1]["target"]: "from-dashboard"}
    assert ws.plan()[0] == 0


def test_adopt_a_project_with_for_each(
    tmp_path: Path, workspace: Callable[..., Workspace], emulator: Emulator, live_project: dict[str, list[str]]
) -> None:
    ws = example_workspace(copy_example(tmp_path, "adopt-project/for-each"), workspace().env)
    result = ws.apply()
    assert f"{ADOPTED} imported, 0 added, 0 changed, 0 destroyed" in result.stdout
    assert ws.plan()[0] == 0
    state = ws.state()
    assert sorted(r["type"] for r in state.values() if r["mode"] == "managed") == sorted(
        ["sinch_webhook"] * 2 + ["sinch_whatsapp_sender"] * 3 + ["sinch_whatsapp_template"] * 8
    )
    assert {state[f'sinch_webhook.all["{w["target"]}"]']["values"]["id"] for w in WEBHOOKS} == set(
        live_project["webhooks"]
    )
    only_reads(emulator)
