"""The examples for teams (see README.md, "Examples for teams"), run as a team would run them: each copied out of
the repository into a temporary folder, applied against the emulator (and, for AWS, moto), re-planned, destroyed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib.util
import json
import os
import shutil
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.acceptance.conftest import PROJECT
from tests.harness import AWS_MIRROR, Emulator, Workspace, aws_env, moto_server

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


def test_the_lambda_zip_holds_the_handler_and_the_handler_answers() -> None:
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
    saved = os.environ.get("SINCH_WEBHOOK_SECRET")
    os.environ["SINCH_WEBHOOK_SECRET"] = SECRET
    try:
        lower = {k.lower(): v for k, v in headers.items()}
        assert handler.signature_ok(body, lower)
        assert not handler.signature_ok(body + " ", lower)
        event = {"body": base64.b64encode(body.encode()).decode(), "isBase64Encoded": True, "headers": headers}
        assert handler.handler(event, None) == {"statusCode": 200, "body": ""}
        assert handler.handler({"body": "not json"}, None)["statusCode"] == 400
    finally:
        if saved is None:
            os.environ.pop("SINCH_WEBHOOK_SECRET")
        else:
            os.environ["SINCH_WEBHOOK_SECRET"] = saved


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
