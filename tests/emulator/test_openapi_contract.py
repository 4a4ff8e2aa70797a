"""Routes, success codes and JSON shapes of the Webhooks tag against Sinch's OpenAPI description.

The description lives outside the repository (`../shared/reference`); the project must not need it at run
time, so these tests skip when it is absent. They need PyYAML (a dev dependency).
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from emulator.webhooks.validation import TRIGGERS
from tests.emulator import openapi_conformance
from tests.emulator.conftest import PROJECT, senders_path, webhook_body, webhooks_path

COLLECTION = "/v1/projects/{projectId}/webhooks"
ITEM = "/v1/projects/{projectId}/webhooks/{webhookId}"


def schema(spec: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = spec["components"]["schemas"][name]
    return found


def success_code(spec: dict[str, Any], path: str, method: str) -> int:
    codes = [int(c) for c in spec["paths"][path][method]["responses"] if str(c).startswith("2")]
    assert len(codes) == 1
    return codes[0]


def error_examples(spec: dict[str, Any], path: str, method: str) -> list[dict[str, Any]]:
    examples: list[dict[str, Any]] = []
    for code, response in spec["paths"][path][method]["responses"].items():
        for example in response.get("content", {}).get("application/json", {}).get("examples", {}).values():
            if not str(code).startswith("2"):
                examples.append({"status": int(code), **example["value"]})
    return examples


def assert_matches_schema(spec: dict[str, Any], name: str, value: dict[str, Any]) -> None:
    definition = schema(spec, name)
    assert set(definition["required"]) <= set(value), f"{name} misses required fields"
    assert set(value) <= set(definition["properties"]), f"{name} has fields the description does not list"
    for field, prop in definition["properties"].items():
        if field not in value:
            continue
        kind = prop.get("type")
        if kind == "string":
            assert isinstance(value[field], str)
        elif kind == "number":
            assert isinstance(value[field], int | float)
        elif kind == "array":
            assert isinstance(value[field], list)


def test_webhook_paths_and_methods(spec: dict[str, Any]) -> None:
    webhook_paths = {
        p for p, ops in spec["paths"].items() if any("Webhooks" in op.get("tags", []) for op in ops.values())
    }
    assert webhook_paths == {COLLECTION, ITEM}
    assert set(spec["paths"][COLLECTION]) == {"get", "post"}
    assert set(spec["paths"][ITEM]) == {"get", "put", "patch", "delete"}


def test_trigger_enum_matches(spec: dict[str, Any]) -> None:
    assert list(TRIGGERS) == schema(spec, "WebhookWebhookTriggersEnum")["enum"]


def test_input_constraints_match(spec: dict[str, Any]) -> None:
    from emulator.webhooks import validation as webhooks

    props = schema(spec, "WebhookWebhookInputDto")["properties"]
    assert props["target"]["maxLength"] == webhooks.TARGET_MAX_LENGTH
    assert props["secret"]["maxLength"] == webhooks.SECRET_MAX_LENGTH
    assert props["target"]["minLength"] == props["secret"]["minLength"] == 1
    assert props["triggers"]["minItems"] == 1 and props["triggers"]["uniqueItems"] is True
    assert set(schema(spec, "WebhookWebhookInputDto")["required"]) == {"target", "secret", "triggers"}
    assert "required" not in schema(spec, "WebhookUpdateWebhookInputDto")
    page_size = next(p for p in spec["paths"][COLLECTION]["get"]["parameters"] if p["name"] == "pageSize")
    assert (page_size["schema"]["minimum"], page_size["schema"]["maximum"]) == (1, webhooks.MAX_PAGE_SIZE)


def test_success_codes_and_shapes(spec: dict[str, Any], api: httpx.Client) -> None:
    created = api.post(webhooks_path(), json=webhook_body(1))
    assert created.status_code == success_code(spec, COLLECTION, "post")
    assert_matches_schema(spec, "WebhookWebhookDto", created.json())
    api.post(webhooks_path(), json=webhook_body(2))
    item = f"{webhooks_path()}/{created.json()['id']}"

    listed = api.get(webhooks_path(), params={"pageSize": 1})
    assert listed.status_code == success_code(spec, COLLECTION, "get")
    assert_matches_schema(spec, "WebhookWebhookListDto", listed.json())
    for webhook in listed.json()["webhooks"]:
        assert_matches_schema(spec, "WebhookWebhookDto", webhook)

    got = api.get(item)
    assert got.status_code == success_code(spec, ITEM, "get")
    assert_matches_schema(spec, "WebhookWebhookDto", got.json())

    put = api.put(item, json=webhook_body(3))
    assert put.status_code == success_code(spec, ITEM, "put")
    assert_matches_schema(spec, "WebhookWebhookDto", put.json())

    patched = api.patch(item, json={"triggers": ["ALL"]})
    assert patched.status_code == success_code(spec, ITEM, "patch")
    assert_matches_schema(spec, "WebhookWebhookDto", patched.json())

    deleted = api.delete(item)
    assert deleted.status_code == success_code(spec, ITEM, "delete")
    assert "content" not in spec["paths"][ITEM]["delete"]["responses"]["204"]
    assert deleted.content == b""


def test_request_examples_are_accepted(spec: dict[str, Any], api: httpx.Client) -> None:
    for n, example in enumerate(
        spec["paths"][COLLECTION]["post"]["requestBody"]["content"]["application/json"]["examples"].values()
    ):
        body = {**example["value"], "target": f"https://my.server.com/callback{n}"}
        response = api.post(webhooks_path(), json=body)
        assert response.status_code == 201, response.text
        assert response.json()["triggers"] == body["triggers"]


def test_error_bodies_match_the_documented_examples(
    spec: dict[str, Any], api: httpx.Client, anon: httpx.Client, admin: httpx.Client
) -> None:
    """Every error example of the Webhooks operations is reproduced verbatim."""
    documented: dict[str, dict[str, Any]] = {}
    for path, methods in ((COLLECTION, ("get", "post")), (ITEM, ("get", "put", "patch", "delete"))):
        for method in methods:
            for example in error_examples(spec, path, method):
                documented[example["errorCode"]] = example
    schema_props = set(schema(spec, "WebhookPapiErrorDto")["properties"])

    for n in range(15):
        api.post(webhooks_path(), json=webhook_body(n))
    produced = {
        "invalid_page_size": api.get(webhooks_path(), params={"pageSize": "x"}),
        "invalid_page_token": api.get(webhooks_path(), params={"pageToken": "x"}),
        "invalid_input": api.post(webhooks_path(), json={**webhook_body(99), "target": 5}),
        "invalid_payload": api.post(webhooks_path(), content=b"{", headers={"content-type": "application/json"}),
        "invalid_id_format": api.get(webhooks_path() + "/bad"),
        "unauthorized_error": anon.get(webhooks_path()),
        "webhook_not_found": api.get(webhooks_path() + "/" + "0" * 32),
        "webhook_exists": api.post(webhooks_path(), json=webhook_body(0)),
        "webhook_limit_reached": api.post(webhooks_path(), json=webhook_body(15)),
    }
    admin.post("/faults", json={"path": "/webhooks$", "status": 500})
    produced["internal_error"] = api.get(webhooks_path())
    for code, response in produced.items():
        example = documented[code]
        assert response.status_code == example["status"], code
        body = response.json()
        assert set(body) <= schema_props
        assert {k: body[k] for k in ("errorCode", "message", "resolution")} == {
            k: example[k] for k in ("errorCode", "message", "resolution")
        }, code
    assert (
        produced["invalid_input"].json()["additionalInformation"]
        == documented["invalid_input"]["additionalInformation"]
    )
    assert set(documented) == set(produced)


# === WhatsApp Accounts, Senders, Solutions, Flows =============================================================

WA = "/v1/projects/{projectId}/whatsapp"
SENDER = WA + "/senders/{senderId}"
WA_TAGS = {"WhatsApp Accounts", "WhatsApp Senders", "WhatsApp Solutions", "WhatsApp Flows"}
# (path, method) -> success status, as the emulator serves them.
WA_OPERATIONS: dict[tuple[str, str], int] = {
    (WA, "get"): 200,
    (WA, "post"): 201,
    (WA, "patch"): 200,
    (WA, "delete"): 204,
    (WA + "/activities", "get"): 200,
    (WA + "/comments", "post"): 201,
    (WA + "/flows", "get"): 200,
    (WA + "/flows/{flowId}/screens", "get"): 200,
    (WA + "/senders", "get"): 200,
    (WA + "/senders", "post"): 201,
    (SENDER, "get"): 200,
    (SENDER, "patch"): 200,
    (SENDER, "delete"): 204,
    (SENDER + "/activities", "get"): 200,
    (SENDER + "/changes", "delete"): 204,
    (SENDER + "/comments", "post"): 201,
    (SENDER + "/register", "post"): 200,
    (SENDER + "/suggestedUsernames", "get"): 200,
    (SENDER + "/verify", "post"): 204,
    (WA + "/solutions", "get"): 200,
    (WA + "/solutions", "post"): 201,
    (WA + "/solutions/{solutionId}", "get"): 200,
    (WA + "/solutions/{solutionId}/assign", "post"): 204,
}
# Documented error codes the emulator never answers, and why (anything else documented must be reproduced).
WA_NOT_EMULATED = {
    "account_data_is_corrupt": "a Sinch data fault",
    "invalid_business_manager_for_environment": "staging environments only",
    "invalid_business_manager": "the emulator accepts every business manager the DTO allows",
    "invalid_facebook_token": "the deprecated Facebook-token body is rejected as deprecated",
    "template_could_not_delete_drafts": "a Sinch-side failure to delete the account's templates",
    "too_many_waba_id": "a project has at most one account, so one WABA",
    "provisioned_phone_number_id": "no Meta inventory to check",
    "all_phone_number_id_provisioned": "no Meta inventory to check",
    "invalid_waba_id_or_phone_number_id_for_region": "no Meta inventory to check",
    "file_invalid_mime_type": "photo URLs are not fetched",
    "file_not_found": "photo URLs are not fetched",
    "file_size_too_large": "photo URLs are not fetched",
    "file_has_wrong_dimensions": "photo URLs are not fetched",
    "file_unexpected_error": "photo URLs are not fetched",
    "facebook_Request_limit_reached": "no Meta calls",
    "log_in_facebook_required": "no Meta calls",
    "sender_phone_number_not_registered_with_meta_cloud_api": "every emulated sender is on Cloud API",
    "sender_request_code_failed": "OTPs are always sent",
    "sender-number-not-approved-for-enterprise": "no enterprise approvals",
    "sender-register-too-many-requests": "no register rate limit",
    "sender-already-registered": "register can be repeated (a new code each time)",
    "too_many_invalid_verification_codes": "no limit on wrong codes",
}

# ... and per operation.
_EVERY_PROJECT_EXISTS = "every well-formed project id exists; a malformed one is 400 invalid_id_format here"
WA_NOT_EMULATED_FOR = {
    ((WA + "/senders", "get"), "sender_not_found"): "a list has no sender to miss",
    ((WA, "post"), "project_not_found"): _EVERY_PROJECT_EXISTS,
    ((WA + "/senders", "post"), "project_not_found"): _EVERY_PROJECT_EXISTS,
    ((WA + "/flows", "get"), "project_not_found"): _EVERY_PROJECT_EXISTS,
    ((WA + "/flows/{flowId}/screens", "get"), "project_not_found"): _EVERY_PROJECT_EXISTS,
}


def check_schema(spec: dict[str, Any], node: dict[str, Any], value: Any, where: str = "$") -> None:
    """`value` validates against the description's schema `node` (a `$ref`) as in the conformance check
    (`openapi_conformance`: jsonschema, no undocumented fields, the documented exceptions only)."""
    checker = openapi_conformance.load()
    assert checker is not None
    name = node["$ref"].rsplit("/", 1)[1]
    problems = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in checker.validator(name).iter_errors(value)
    ]
    assert not problems, f"{where}: {problems}"


def response_schema(spec: dict[str, Any], path: str, method: str, code: int) -> dict[str, Any] | None:
    content = spec["paths"][path][method]["responses"][str(code)].get("content")
    if not content:
        return None
    found: dict[str, Any] = content["application/json"]["schema"]
    return found


def test_whatsapp_paths_methods_and_success_codes(spec: dict[str, Any]) -> None:
    documented = {
        (path, method): success_code(spec, path, method)
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if WA_TAGS & set(op.get("tags", []))
    }
    assert documented == WA_OPERATIONS


def test_whatsapp_enums_and_dto_fields_match(spec: dict[str, Any]) -> None:
    from emulator.whatsapp import common as whatsapp_common
    from emulator.whatsapp import solutions as whatsapp_solutions
    from emulator.whatsapp.accounts import lifecycle as whatsapp_accounts
    from emulator.whatsapp.senders import lifecycle as whatsapp_senders

    def enum(name: str) -> list[str]:
        values: list[str] = schema(spec, name)["enum"]
        return values

    c = whatsapp_common
    assert list(c.REGIONS) == enum("WhatsappSenderInputRegionEnum") == enum("WhatsappSenderInputBotRegionEnum")
    assert list(c.META_LOCAL_STORAGES) == enum("WhatsappSenderInputMetaLocalStoragesEnum")
    assert list(c.BUSINESS_MANAGERS) == enum("WhatsappInputBusinessManagersEnum")
    assert list(c.PUBLIC_BUSINESS_MANAGERS) == enum("WhatsappInputBusinessManagersPublicDocumentationEnum")
    assert list(c.SENDER_INPUT_VERTICALS) == enum("WhatsappSenderInputWhatsAppVerticalEnum")
    assert list(c.ACCOUNT_INPUT_VERTICALS) == enum("WhatsappInputAccountWhatsAppVerticalsEnum")
    assert list(c.SENDER_STATES) == enum("WhatsappSenderStatesEnum")
    assert list(c.SENDER_STATUSES) == enum("WhatsappSenderStatusesEnum")
    assert list(c.SENDER_ERROR_CODES) == enum("WhatsappSenderErrorCodeEnum")
    assert list(c.ACTIONS) == enum("WhatsappActionsEnum")
    assert list(whatsapp_accounts.ACCOUNT_STATES) == enum("WhatsappAccountStateEnum")
    assert list(whatsapp_senders.SENDER_FIELDS) == list(schema(spec, "WhatsappSenderDto")["properties"])
    assert list(whatsapp_accounts.ACCOUNT_FIELDS) == list(schema(spec, "WhatsappAccountDto")["properties"])
    assert list(whatsapp_solutions.SOLUTION_FIELDS) == list(schema(spec, "WhatsappSolutionDto")["properties"])
    assert whatsapp_senders.RULE_STATES and set(whatsapp_senders.RULE_STATES) <= set(c.SENDER_STATES)
    statuses = enum("WhatsappWhatsAppFlowStatusesEnum")
    from emulator.whatsapp.flows import FLOW_STATUSES

    assert list(FLOW_STATUSES) == [s for s in statuses if s != "UNRECOGNIZED"]
    for path in (WA + "/senders", SENDER + "/activities", WA + "/activities", WA + "/flows"):
        size = next(p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == "pageSize")
        assert (size["schema"]["minimum"], size["schema"]["maximum"]) == (1, 100)


def _wa_world(api: httpx.Client, admin: httpx.Client) -> dict[str, Any]:
    """One project with an ES account and an ACTIVE sender, flows and a solution; ids for the calls."""
    from tests.emulator.conftest import ES_BODY

    admin.patch("/settings", json={"senderActivationSeconds": 60})
    sender = api.post(f"{WA_BASE}/senders", json=ES_BODY).json()
    admin.post("/clock/advance", json={"seconds": 60})
    admin.post(f"/projects/{PROJECT}/whatsapp/flows", json={"id": "12345678765432", "name": "flow1", "screens": ["A"]})
    solution = api.post(
        f"{WA_BASE}/solutions", json={"accessToken": "t", "businessManager": "SINCH_UK", "details": {"name": "S"}}
    ).json()["solutions"][0]
    return {"senderId": sender["id"], "flowId": "12345678765432", "solutionId": solution["id"]}


WA_BASE = f"/v1/projects/{PROJECT}/whatsapp"


def test_whatsapp_success_codes_and_shapes(spec: dict[str, Any], api: httpx.Client, admin: httpx.Client) -> None:
    """Every operation once, successfully: the documented status and a body that fits the response schema."""
    from tests.emulator.conftest import PI_ACCOUNT_BODY, pi_sender_body

    ids = _wa_world(api, admin)
    checked: set[tuple[str, str]] = set()

    def call(path: str, method: str, body: Any = None, **params: Any) -> httpx.Response:
        url = path.replace("{projectId}", PROJECT)
        for key, value in ids.items():
            url = url.replace("{" + key + "}", value)
        response = api.request(method.upper(), url, json=body, params=params or None)
        code = WA_OPERATIONS[(path, method)]
        assert response.status_code == code, (path, method, response.text)
        node = response_schema(spec, path, method, code)
        if node is None:
            assert response.content == b""
        else:
            check_schema(spec, node, response.json(), f"{method.upper()} {path}")
        checked.add((path, method))
        return response

    call(WA, "get")
    call(WA + "/activities", "get")
    call(WA + "/comments", "post", {"comment": "Example comment."})
    call(WA + "/flows", "get")
    call(WA + "/flows/{flowId}/screens", "get")
    call(WA + "/senders", "get", filterStates=["ACTIVE"])
    call(SENDER, "get")
    call(SENDER + "/comments", "post", {"comment": "Example comment."})
    call(SENDER, "patch", {"details": {"username": "Username", "about": "x", "email": None}})
    call(SENDER + "/activities", "get")
    call(SENDER + "/suggestedUsernames", "get")
    call(SENDER + "/changes", "delete")
    call(WA + "/solutions", "get")
    call(WA + "/solutions", "post", {"accessToken": "t", "businessManager": "SINCH_BR", "details": {"name": "T"}})
    call(WA + "/solutions/{solutionId}", "get")
    call(WA + "/solutions/{solutionId}/assign", "post")
    call(SENDER, "delete")

    # A partner-initiated project for the account lifecycle, the other create bodies, register and verify.
    other = "contract-partner"
    created = api.post(f"/v1/projects/{other}/whatsapp", json=PI_ACCOUNT_BODY)
    assert created.status_code == 201
    check_schema(spec, response_schema(spec, WA, "post", 201) or {}, created.json())
    checked.add((WA, "post"))
    admin.post(f"/projects/{other}/whatsapp/account/review", json={"outcome": "reject"})
    patched = api.patch(f"/v1/projects/{other}/whatsapp", json={"wabaName": "Updated"})
    assert patched.status_code == 200
    check_schema(spec, response_schema(spec, WA, "patch", 200) or {}, patched.json())
    checked.add((WA, "patch"))
    admin.post(f"/projects/{other}/whatsapp/account/review", json={"outcome": "approve"})
    for body in (
        pi_sender_body(),
        {"details": {"countryCode": "49", "phoneNumber": "1701234567", "displayName": "Demo sender"}},
    ):
        response = api.post(f"/v1/projects/{other}/whatsapp/senders", json=body)
        assert response.status_code == 201, response.text
        check_schema(spec, response_schema(spec, WA + "/senders", "post", 201) or {}, response.json())
    checked.add((WA + "/senders", "post"))
    pending = response.json()["id"]
    admin.post(f"/projects/{other}/whatsapp/senders/{pending}/state", json={"state": "PENDING_VERIFICATION"})
    registered = api.post(f"/v1/projects/{other}/whatsapp/senders/{pending}/register", json={"method": "SMS"})
    assert registered.status_code == 200
    check_schema(spec, response_schema(spec, SENDER + "/register", "post", 200) or {}, registered.json())
    checked.add((SENDER + "/register", "post"))
    code = admin.get(f"/projects/{other}/whatsapp/senders/{pending}/otp").json()["code"]
    verified = api.post(f"/v1/projects/{other}/whatsapp/senders/{pending}/verify", json={"code": code})
    assert verified.status_code == 204 and verified.content == b""
    checked.add((SENDER + "/verify", "post"))
    listed = api.get(f"/v1/projects/{other}/whatsapp/senders").json()
    check_schema(spec, response_schema(spec, WA + "/senders", "get", 200) or {}, listed)

    # DELETE account: a project without senders.
    admin.post("/projects/contract-empty/whatsapp/account", json={})
    assert api.delete("/v1/projects/contract-empty/whatsapp").status_code == 204
    checked.add((WA, "delete"))
    assert checked == set(WA_OPERATIONS)


def test_whatsapp_request_examples_are_accepted(spec: dict[str, Any], api: httpx.Client, admin: httpx.Client) -> None:
    """The request examples of the description (except the deprecated OBO / Facebook-token ones) pass."""

    def examples(path: str, method: str) -> dict[str, Any]:
        found: dict[str, Any] = spec["paths"][path][method]["requestBody"]["content"]["application/json"]["examples"]
        return {name: example["value"] for name, example in found.items()}

    account = examples(WA, "post")
    assert api.post(f"{WA_BASE}", json=account["partnerInitiated"]).status_code == 201
    assert api.post("/v1/projects/obo/whatsapp", json=account["input"]).json()["errorCode"] == "invalid_input"
    # The PATCH example moves the sender region to BR, which the region table allows with SINCH_BR/SINCH_MX only.
    admin.post("/projects/patch/whatsapp/account", json={"state": "REJECTED", "businessManager": "SINCH_BR"})
    for name, body in examples(WA, "patch").items():
        response = api.patch("/v1/projects/patch/whatsapp", json=body)
        assert response.status_code == 200, (name, response.text)
        admin.post("/projects/patch/whatsapp/account/review", json={"outcome": "reject"})

    senders = examples(WA + "/senders", "post")
    assert api.post("/v1/projects/es/whatsapp/senders", json=senders["es"]).status_code == 201
    admin.post("/projects/pi/whatsapp/account", json={})
    assert api.post("/v1/projects/pi/whatsapp/senders", json=senders["partnerInitiated"]).status_code == 201
    assert api.post("/v1/projects/pi/whatsapp/senders", json=senders["phoneProvisioning"]).status_code == 201
    for deprecated in ("esWithFacebookToken", "esWithFacebookCode"):
        response = api.post("/v1/projects/es2/whatsapp/senders", json=senders[deprecated])
        assert response.json()["errorCode"] == "invalid_input"

    seeded = admin.post("/projects/pi/whatsapp/senders", json={}).json()
    item = f"/v1/projects/pi/whatsapp/senders/{seeded['id']}"
    for name, body in examples(SENDER, "patch").items():
        response = api.patch(item, json=body)
        assert response.status_code == 200, (name, response.text)
        api.delete(item + "/changes")
    assert api.post(item + "/comments", json=examples(SENDER + "/comments", "post")["input"]).status_code == 201
    admin.post(f"/projects/pi/whatsapp/senders/{seeded['id']}/state", json={"state": "PENDING_VERIFICATION"})
    assert api.post(item + "/register", json=examples(SENDER + "/register", "post")["input"]).status_code == 200
    verify = api.post(item + "/verify", json=examples(SENDER + "/verify", "post")["input"])
    assert verify.status_code in (204, 409)  # the example code is right one time in a million
    solution = examples(WA + "/solutions", "post")["input"]
    assert api.post(f"{WA_BASE}/solutions", json=solution).status_code == 201


def test_whatsapp_error_bodies_match_the_documented_examples(
    spec: dict[str, Any], api: httpx.Client, anon: httpx.Client, admin: httpx.Client
) -> None:
    """Every documented error example of the WhatsApp operations is reproduced (errorCode, status, message,
    resolution), except the codes listed in WA_NOT_EMULATED; some `additionalInformation` too."""
    from tests.emulator.conftest import ES_BODY, PI_ACCOUNT_BODY, es_body, pi_sender_body

    produced: dict[tuple[str, str], dict[str, httpx.Response]] = {op: {} for op in WA_OPERATIONS}
    unknown = "cf11794a-6a5e-4a12-b103-da79bd378bf1"
    p = PROJECT

    def url(path: str, project: str = p, sender: str = unknown, flow: str = "1", solution: str = "1") -> str:
        return (
            path.replace("{projectId}", project)
            .replace("{senderId}", sender)
            .replace("{flowId}", flow)
            .replace("{solutionId}", solution)
        )

    valid_bodies: dict[tuple[str, str], Any] = {
        (WA, "post"): PI_ACCOUNT_BODY,
        (WA, "patch"): {"wabaName": "x"},
        (WA + "/comments", "post"): {"comment": "x"},
        (WA + "/senders", "post"): pi_sender_body(),
        (SENDER, "patch"): {"details": {"about": "x"}},
        (SENDER + "/comments", "post"): {"comment": "x"},
        (SENDER + "/register", "post"): {"method": "SMS"},
        (SENDER + "/verify", "post"): {"code": "123456"},
        (WA + "/solutions", "post"): {"accessToken": "t", "businessManager": "SINCH_UK", "details": {"name": "S"}},
    }

    def record(op: tuple[str, str], code: str, response: httpx.Response) -> None:
        produced[op].setdefault(code, response)

    def send(op: tuple[str, str], client: httpx.Client | None = None, body: Any = None, **kw: Any) -> httpx.Response:
        path, method = op
        target = kw.pop("target", None) or url(path, **kw)
        if body is None:
            body = valid_bodies.get(op)
        return (client or api).request(method.upper(), target, json=body)

    # 1. Nothing in the project yet; no credentials; bad bodies.
    admin.patch(
        "/settings", json={"senderActivationSeconds": 60, "profileReviewSeconds": 60, "accountReviewSeconds": 60}
    )
    for op in WA_OPERATIONS:
        record(op, "unauthorized_error", send(op, anon))
        if op != (WA, "post"):  # the account is created in step 3
            response = send(op)
            if response.status_code >= 400:
                record(op, response.json()["errorCode"], response)
        if op in valid_bodies:
            path, method = op
            broken = api.request(method.upper(), url(path), content=b"{", headers={"content-type": "application/json"})
            record(op, "invalid_payload", broken)

    # 2. Validation messages (exact additionalInformation where the description gives one).
    exact: dict[tuple[str, str], tuple[Any, list[str]]] = {
        (WA, "patch"): ({"wabaName": 1}, ["wabaName must be a string"]),
        (WA + "/comments", "post"): ({"comment": ""}, ["comment must be longer than or equal to 1 characters"]),
        (WA + "/senders", "post"): ({}, ["details should not be null or undefined"]),
        (SENDER, "patch"): (
            {"details": {"displayName": None}},
            [
                "details.displayName must be a string",
                "details.displayName must be longer than or equal to 1 characters",
                "details.displayName must be shorter than or equal to 128 characters",
                "details.displayName should not be equal to null",
            ],
        ),
        (SENDER + "/comments", "post"): ({"comment": ""}, ["comment must be longer than or equal to 1 characters"]),
        (SENDER + "/register", "post"): (
            {"method": "EMAIL"},
            ["method must be one of the following values: SMS, VOICE"],
        ),
        (SENDER + "/verify", "post"): (
            {"code": 123456},
            ["code must be a string", "code must be exactly 6 characters"],
        ),
    }
    for op, (body, messages) in exact.items():
        response = send(op, body=body)
        assert response.json()["additionalInformation"] == {"validationErrors": messages}, op
        record(op, "invalid_input", response)
    record((WA, "post"), "invalid_input", send((WA, "post"), body={**PI_ACCOUNT_BODY, "wabaName": 5}))
    for op in ((WA, "patch"), (SENDER, "patch")):
        record(op, "no_fields_to_update", send(op, body={}))

    # 3. A partner-initiated account in review, then ONBOARDED with senders in every state we need.
    assert send((WA, "post")).status_code == 201
    record((WA, "post"), "account_exists", send((WA, "post")))
    record((WA, "patch"), "account_not_updatable", send((WA, "patch")))
    record((WA + "/activities", "get"), "invalid_page_size", api.get(url(WA + "/activities"), params={"pageSize": 0}))
    record(
        (WA + "/activities", "get"), "invalid_page_token", api.get(url(WA + "/activities"), params={"pageToken": "x"})
    )
    admin.post(f"/projects/{p}/whatsapp/account/review", json={"outcome": "approve"})
    senders = url(WA + "/senders")
    record((WA + "/senders", "get"), "invalid_page_size", api.get(senders, params={"pageSize": 101}))
    record((WA + "/senders", "get"), "invalid_page_token", api.get(senders, params={"pageToken": "x"}))
    record((WA + "/senders", "get"), "invalid_filter_states", api.get(senders, params={"filterStates": "X"}))
    record((WA + "/senders", "get"), "invalid_filter_statuses", api.get(senders, params={"filterStatuses": "X"}))
    for op in WA_OPERATIONS:
        if "{senderId}" in op[0]:
            record(op, "sender_not_found", send(op))
    pending = api.post(senders, json=pi_sender_body()).json()["id"]
    admin.post(f"/projects/{p}/whatsapp/senders/{pending}/state", json={"state": "PENDING_VERIFICATION"})
    record((SENDER, "patch"), "sender_not_updatable", send((SENDER, "patch"), sender=pending))
    record((SENDER + "/verify", "post"), "wrong_otp", send((SENDER + "/verify", "post"), sender=pending))
    active = admin.post(f"/projects/{p}/whatsapp/senders", json={}).json()["id"]
    activities = url(SENDER + "/activities", sender=active)
    record((SENDER + "/activities", "get"), "invalid_page_size", api.get(activities, params={"pageSize": "1.5"}))
    record((SENDER + "/activities", "get"), "invalid_page_token", api.get(activities, params={"pageToken": "x"}))
    record((SENDER + "/register", "post"), "not_allowed_register", send((SENDER + "/register", "post"), sender=active))
    record((SENDER + "/verify", "post"), "not_allowed_verify", send((SENDER + "/verify", "post"), sender=active))
    record(
        (SENDER + "/changes", "delete"),
        "sender_changes_not_found",
        send((SENDER + "/changes", "delete"), sender=active),
    )
    api.patch(url(SENDER, sender=active), json={"status": "SUBMIT", "details": {"displayName": "New", "about": "x"}})
    record((SENDER, "patch"), "sender_changes_not_updatable", send((SENDER, "patch"), sender=active))
    record(
        (SENDER + "/changes", "delete"),
        "sender_changes_not_deletable",
        send((SENDER + "/changes", "delete"), sender=active),
    )
    draft = api.post(
        senders, json=pi_sender_body(status="DRAFT", details={**pi_sender_body()["details"], "phoneNumber": "9"})
    )
    draft_id = draft.json()["id"]
    record(
        (SENDER, "patch"),
        "sender_username_update_not_available",
        send((SENDER, "patch"), body={"details": {"username": "u"}}, sender=draft_id),
    )
    named = admin.post(
        f"/projects/{p}/whatsapp/senders",
        json={"details": {"displayName": "n", "vertical": "OTHER", "username": "taken"}},
    ).json()["id"]
    other = admin.post(f"/projects/{p}/whatsapp/senders", json={}).json()["id"]
    record(
        (SENDER, "patch"),
        "sender_username_not_available",
        send((SENDER, "patch"), body={"details": {"username": "taken"}}, sender=other),
    )
    api.patch(url(SENDER, sender=other), json={"status": "SUBMIT", "details": {"displayName": "Reviewed"}})
    record(
        (SENDER, "patch"),
        "sender_display_name_update_not_allowed",
        send((SENDER, "patch"), body={"details": {"displayName": "Again"}}, sender=other),
    )
    record((WA, "delete"), "account_has_senders", send((WA, "delete")))
    assert named
    api.delete(url(SENDER, sender=named))
    record((SENDER, "delete"), "sender_already_deleted", send((SENDER, "delete"), sender=named))

    # account_has_sender_changes: only a sender marked for removal with changes in review is left.
    admin.post("/projects/changes/whatsapp/senders", json={"id": unknown})
    api.patch(url(SENDER, project="changes"), json={"status": "SUBMIT", "details": {"about": "x"}})
    api.delete(url(SENDER, project="changes"))
    record((WA, "delete"), "account_has_sender_changes", send((WA, "delete"), project="changes"))

    # 4. Embedded Signup conflicts.
    es = (WA + "/senders", "post")
    record(es, "not_found_waba_id", send(es, project="es", body=es_body(1, wabaId="")))
    api.post(url(WA + "/senders", project="es"), json=ES_BODY)
    record(es, "used_phone_number_id", send(es, project="es2", body=ES_BODY | {"wabaId": "2"}))
    record(es, "wrong_waba_id", send(es, project="es", body=es_body(2, wabaId="3")))
    record(
        es, "wrong_business_manager", send(es, project="es", body=es_body(3, businessManager="SINCH_BR", region="US"))
    )
    record(es, "waba_id_used", send(es, project="es4", body=es_body(4)))

    # 5. Flows and solutions (which document no 400: a malformed projectId is their 404 project_not_found).
    for op in WA_OPERATIONS:
        if "/solutions" in op[0]:
            record(op, "project_not_found", send(op, project="-malformed"))
    admin.post(f"/projects/{p}/whatsapp/flows", json={"id": "2", "screens": []})
    record((WA + "/flows/{flowId}/screens", "get"), "flow_not_found", send((WA + "/flows/{flowId}/screens", "get")))
    record(
        (WA + "/flows/{flowId}/screens", "get"),
        "flow_screens_not_found",
        send((WA + "/flows/{flowId}/screens", "get"), flow="2"),
    )
    first = api.post(url(WA + "/solutions"), json=valid_bodies[(WA + "/solutions", "post")]).json()["solutions"][0]
    second = admin.post(f"/projects/{p}/whatsapp/solutions", json={}).json()
    api.post(url(WA + "/solutions/{solutionId}/assign", solution=first["id"]))
    record(
        (WA + "/solutions/{solutionId}/assign", "post"),
        "solution_cannot_be_reassigned",
        send((WA + "/solutions/{solutionId}/assign", "post"), solution=second["id"]),
    )

    # 6. internal_error through a fault, for every operation.
    admin.post("/faults", json={"path": "/whatsapp", "status": 500, "times": None})
    for op in WA_OPERATIONS:
        record(op, "internal_error", send(op))
    admin.delete("/faults")

    # Compare with the description.
    schema_props = set(schema(spec, "WhatsappPapiErrorDto")["properties"])
    for op in WA_OPERATIONS:
        documented = {example["errorCode"]: example for example in error_examples(spec, *op)}
        for code, example in documented.items():
            if code in WA_NOT_EMULATED or (op, code) in WA_NOT_EMULATED_FOR:
                continue
            assert code in produced[op], f"{op}: documented {code} not reproduced"
            response = produced[op][code]
            assert response.status_code == example["status"], (op, code, response.text)
            body = response.json()
            assert set(body) <= schema_props
            assert {k: body[k] for k in ("errorCode", "message", "resolution")} == {
                k: example[k] for k in ("errorCode", "message", "resolution")
            }, (op, code)
            # These examples show strings where the schema wants string lists: the emulator follows the schema.
            if code in ("invalid_filter_states", "invalid_filter_statuses"):
                codes = body["additionalInformation"]["supportedCodes"]
                assert ", ".join(codes) == example["additionalInformation"]["supportedCodes"]
            if code in ("account_has_senders", "account_has_sender_changes"):
                assert set(body["additionalInformation"]) == set(example["additionalInformation"])
                assert body["additionalInformation"]["projectId"] == [p if code == "account_has_senders" else "changes"]
    assert set(WA_NOT_EMULATED) <= {
        example["errorCode"] for op in WA_OPERATIONS for example in error_examples(spec, *op)
    }


# The answer to "this project has no WhatsApp account", per operation: what that operation documents.
NO_ACCOUNT: dict[tuple[str, str], tuple[int, str]] = {
    (WA, "get"): (404, "account_not_found"),
    (WA, "patch"): (404, "account_not_found"),
    (WA, "delete"): (400, "project_not_initialized"),
    (WA + "/activities", "get"): (404, "account_not_found"),
    (WA + "/comments", "post"): (404, "account_not_found"),
    (WA + "/flows", "get"): (400, "project_not_initialized"),
    (WA + "/flows/{flowId}/screens", "get"): (400, "project_not_initialized"),
    **{
        op: (400, "project_not_initialized")
        for op in WA_OPERATIONS
        if op[0].startswith(WA + "/senders") and op != (WA + "/senders", "post")
    },
}


def test_no_account_answers_what_each_operation_documents(spec: dict[str, Any], api: httpx.Client) -> None:
    """Every operation that needs the account: the documented status and code for "no account". The create
    operations and the Solutions (which need no account) are not in the table."""
    from tests.emulator.conftest import pi_sender_body

    bodies: dict[tuple[str, str], Any] = {
        (WA, "patch"): {"wabaName": "x"},
        (WA + "/comments", "post"): {"comment": "x"},
        (SENDER, "patch"): {"details": {"about": "x"}},
        (SENDER + "/comments", "post"): {"comment": "x"},
        (SENDER + "/register", "post"): {"method": "SMS"},
        (SENDER + "/verify", "post"): {"code": "123456"},
    }
    assert set(NO_ACCOUNT) | {(WA, "post"), (WA + "/senders", "post")} == {
        op for op in WA_OPERATIONS if "/solutions" not in op[0]
    }
    for (path, method), (status, code) in NO_ACCOUNT.items():
        documented = {e["errorCode"]: e["status"] for e in error_examples(spec, path, method)}
        assert documented.get(code) == status, (path, method, "the description documents another answer")
        url = path.replace("{projectId}", "no-account").replace("{senderId}", str(uuid.uuid4()))
        response = api.request(method.upper(), url.replace("{flowId}", "1"), json=bodies.get((path, method)))
        assert (response.status_code, response.json()["errorCode"]) == (status, code), (path, method)
    # The partner-initiated and phone-provisioning creates need an account too (the ES create makes one).
    response = api.post(senders_path("no-account"), json=pi_sender_body())
    assert (response.status_code, response.json()["errorCode"]) == (400, "project_not_initialized")


def test_a_malformed_project_id_gets_a_documented_status(spec: dict[str, Any], api: httpx.Client) -> None:
    """400 invalid_id_format where the operation documents a 400; elsewhere (GET account, the Solutions) the
    operation's documented 404."""
    for (path, method), _ in WA_OPERATIONS.items():
        url = path.replace("{projectId}", "-bad").replace("{senderId}", str(uuid.uuid4()))
        response = api.request(method.upper(), url.replace("{flowId}", "1").replace("{solutionId}", "1"), json={})
        documented = spec["paths"][path][method]["responses"]
        if "400" in documented:
            expected = (400, "invalid_id_format")
        elif path.startswith(WA + "/solutions"):
            expected = (404, "project_not_found")
        else:
            expected = (404, "account_not_found")
        assert (response.status_code, response.json()["errorCode"]) == expected, (path, method)
        assert str(response.status_code) in documented
    for path in (COLLECTION, ITEM):
        response = api.get(path.replace("{projectId}", "-bad").replace("{webhookId}", "0" * 32))
        assert (response.status_code, response.json()["errorCode"]) == (400, "invalid_id_format")


# === WhatsApp Templates ==========================================================================================

TEMPLATES = WA + "/templates"
TEMPLATE = TEMPLATES + "/{templateName}/languages/{languageCode}"
TEMPLATE_OPERATIONS: dict[tuple[str, str], int] = {
    (TEMPLATES, "get"): 200,
    (TEMPLATES, "post"): 201,
    (TEMPLATES + "/sync", "post"): 200,
    (TEMPLATES + "/{templateName}", "get"): 200,
    (TEMPLATES + "/{templateName}", "delete"): 204,
    (TEMPLATE, "get"): 200,
    (TEMPLATE, "patch"): 200,
    (TEMPLATE, "delete"): 204,
    (TEMPLATE + "/activities", "get"): 200,
    (TEMPLATE + "/comments", "post"): 201,
    (TEMPLATE + "/compare", "post"): 200,
}
# Documented error codes the emulator never answers for templates, and why.
TEMPLATE_NOT_EMULATED = {"resource_locked": "operations are atomic here: none is ever in progress for another"}
TEMPLATE_NOT_EMULATED_FOR = {
    ((TEMPLATES + "/{templateName}", "delete"), "template_invalid_language_code"): "the operation has no language",
    ((TEMPLATES + "/{templateName}", "delete"), "whatsapp_business_api_request_limit_exceeded"): "no Meta rate limits",
}
# Documented examples whose text names the example's values: the emulator names the request's.
TEMPLATE_PARAMETRIZED = {"templates_compare_not_found": "Verify that the parameters are correct. No templates found"}


def test_template_paths_methods_and_success_codes(spec: dict[str, Any]) -> None:
    documented = {
        (path, method): success_code(spec, path, method)
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if "WhatsApp Templates" in op.get("tags", [])
    }
    assert documented == TEMPLATE_OPERATIONS


def test_template_enums_fields_and_limits_match(spec: dict[str, Any]) -> None:
    from emulator.whatsapp.templates import dto, lifecycle, routes, validation

    def enum(name: str) -> list[str]:
        node = schema(spec, name)
        values: list[str] = node["enum"] if "enum" in node else [node["const"]]
        return values

    assert list(validation.LANGUAGES) == enum("WhatsappInputTemplateLanguagesEnum")
    assert list(validation.RESPONSE_LANGUAGES) == enum("WhatsappTemplateLanguagesEnum")
    assert list(validation.CATEGORIES) == enum("WhatsappTemplateInputCategoryEnum")
    assert list(validation.OTP_TYPES) == enum("WhatsappInputOtpTypeEnum")
    assert list(validation.FLOW_ACTIONS) == enum("WhatsappInputFlowActionEnum")
    assert list(validation.MEDIA_MIME_TYPES) == enum("WhatsappInputMediaHeaderExampleSupportedMimeTypesEnum")
    assert list(validation.CARD_MIME_TYPES) == enum("WhatsappInputCardMediaHeaderExampleSupportedMimeTypesEnum")
    assert list(validation.CARD_HEADER_FORMATS) == enum("WhatsappCardHeaderComponentFormatsEnum")
    assert enum("WhatsappInputBidStrategiesEnum") == [validation.INPUT_BID_STRATEGY]
    assert list(validation.COMPARE_TIMEFRAMES) == enum("WhatsappInputTemplateCompareTimeframesEnum")
    assert dto.RESPONSE_BID_STRATEGY in enum("WhatsappBidStrategiesEnum")
    assert list(lifecycle.TEMPLATE_STATES) == enum("WhatsappTemplateStatesEnum")
    assert list(lifecycle.TEMPLATE_STATUSES) == enum("WhatsappTemplateStatusesEnum")
    assert [*lifecycle.REJECTION_CODES, "UNRECOGNIZED"] == enum("WhatsappTemplateRejectionCodeEnum")
    assert [*lifecycle.QUALITY_SCORES, "UNRECOGNIZED"] == enum("WhatsappTemplateQualityScoreEnum")
    assert list(dto.FIELD_MASK_PATHS) == enum("WhatsappTemplateDtoFieldMaskPathsEnum")
    assert sorted(dto.DATE_RANGES) == enum("WhatsappTemplateAnalyticsDateRangesEnum")
    assert list(dto.TEMPLATE_FIELDS) == list(schema(spec, "WhatsappTemplateDto")["properties"])
    header_formats = [
        *enum("WhatsappMediaHeaderComponentFormatEnum"),
        *enum("WhatsappLocationHeaderComponentFormatEnum"),
        *enum("WhatsappTextHeaderComponentFormatEnum"),
    ]
    assert sorted(validation.HEADER_FORMATS) == sorted(header_formats)
    component_types = [enum(f"WhatsappComponentType{t}Enum")[0] for t in ("Body", "Buttons", "Carousel", "Footer")]
    component_types += [
        enum("WhatsappComponentTypeHeaderEnum")[0],
        enum("WhatsappComponentTypeLimitedTimeOfferEnum")[0],
    ]
    assert sorted(validation.COMPONENT_TYPES) == sorted(component_types)
    button_enums = ("CopyCode", "Flow", "OrderDetails", "Otp", "PhoneNumber", "QuickReply", "RequestContactInfo", "Url")
    assert sorted(validation.BUTTON_TYPES) == sorted(enum(f"WhatsappButtonType{b}Enum")[0] for b in button_enums)
    create = schema(spec, "WhatsappTemplateInputDto")["properties"]
    assert (create["name"]["pattern"], create["name"]["maxLength"]) == (
        validation.NAME_PATTERN,
        validation.NAME_MAX_LENGTH,
    )
    lengths = {
        "WhatsappTextHeaderComponentInputDto": validation.TEXT_MAX["HEADER"],
        "WhatsappBodyComponentInputDto": validation.TEXT_MAX["BODY"],
        "WhatsappFooterComponentInputDto": validation.TEXT_MAX["FOOTER"],
        "WhatsappInputCardBodyComponentDto": validation.TEXT_MAX["CARD_BODY"],
        "WhatsappLimitedTimeOfferComponentInputDto": validation.TEXT_MAX["LIMITED_TIME_OFFER"],
        "WhatsappQuickReplyButtonInputDto": validation.TEXT_MAX["BUTTON"],
    }
    for name, maximum in lengths.items():
        assert schema(spec, name)["properties"]["text"]["maxLength"] == maximum, name
    carousel = schema(spec, "WhatsappInputCarouselComponentDto")["properties"]["cards"]
    assert (carousel["minItems"], carousel["maxItems"]) == (1, validation.MAX_CARDS)
    card_buttons = schema(spec, "WhatsappInputCardButtonsComponentDto")["properties"]["buttons"]
    assert card_buttons["maxItems"] == validation.CARD_MAX_BUTTONS
    for path in (TEMPLATES, TEMPLATES + "/{templateName}"):
        size = next(p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == "pageSize")
        assert (size["schema"]["minimum"], size["schema"]["maximum"]) == (1, routes.MAX_PAGE_SIZE)
    size = next(p for p in spec["paths"][TEMPLATE + "/activities"]["get"]["parameters"] if p["name"] == "pageSize")
    assert size["schema"]["maximum"] == 100


def test_template_error_bodies_match_the_documented_examples(
    spec: dict[str, Any],
    api: httpx.Client,
    anon: httpx.Client,
    admin: httpx.Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every documented error example of the WhatsApp Templates operations is reproduced (code, message, resolution),
    but for TEMPLATE_NOT_EMULATED."""
    from emulator.errors import TEMPLATE_SUBMIT_ERRORS
    from emulator.whatsapp.templates import lifecycle
    from tests.emulator.conftest import template_body

    produced: dict[tuple[str, str], dict[str, httpx.Response]] = {op: {} for op in TEMPLATE_OPERATIONS}
    p = PROJECT

    def url(path: str, project: str = p, name: str = "order_update", language: str = "EN_US") -> str:
        return path.replace("{projectId}", project).replace("{templateName}", name).replace("{languageCode}", language)

    def send(op: tuple[str, str], body: Any = None, client: httpx.Client | None = None, **kw: Any) -> httpx.Response:
        path, method = op
        params = kw.pop("params", None)
        response = (client or api).request(method.upper(), url(path, **kw), json=body, params=params)
        if response.status_code >= 400:
            produced[op].setdefault(response.json()["errorCode"], response)
        return response

    create, patch = (TEMPLATES, "post"), (TEMPLATE, "patch")
    get_list, by_name, drop_name = (
        (TEMPLATES, "get"),
        (TEMPLATES + "/{templateName}", "get"),
        (TEMPLATES + "/{templateName}", "delete"),
    )
    get_one, drop_one = (TEMPLATE, "get"), (TEMPLATE, "delete")
    comments, compare, sync = (
        (TEMPLATE + "/comments", "post"),
        (TEMPLATE + "/compare", "post"),
        (TEMPLATES + "/sync", "post"),
    )
    activities = (TEMPLATE + "/activities", "get")
    compare_body = {"templates": [{"templateName": "second_one", "templateLanguage": "EN_US"}]}
    bodies = {create: template_body(), patch: {"status": "SUBMIT"}, comments: {"comment": "x"}, compare: compare_body}
    admin.patch("/settings", json={"templateReviewSeconds": 60})

    # Without credentials, without an account, broken bodies, unknown languages, malformed projects.
    for op in TEMPLATE_OPERATIONS:
        send(op, bodies.get(op), client=anon)
        send(op, bodies.get(op), project="no-account")
        if op in bodies:
            path, method = op
            broken = api.request(method.upper(), url(path), content=b"{", headers={"content-type": "application/json"})
            produced[op].setdefault("invalid_payload", broken)
        if "{languageCode}" in op[0]:
            send(op, bodies.get(op), language="XX")

    admin.post(f"/projects/{p}/whatsapp/account", json={})
    # Query and body validation.
    for op in (get_list, by_name, activities):
        send(op, params={"pageSize": 0})
        send(op, params={"pageToken": "x"})
    for op in (get_list, by_name, get_one):
        send(op, params={"fieldMask": "secret"})
    send(get_list, params={"filterStates": "DRAFT"})
    send(get_list, params={"filterStatuses": "ERROR"})
    send(create, template_body(category="TRANSACTIONAL"))
    send(comments, {"comment": ""})
    send(compare, {})
    # Unknown templates.
    for op in (by_name, drop_name, get_one, drop_one, patch, activities, comments, compare):
        send(op, bodies.get(op), name="missing")

    # Content checks with their own codes.
    static_url = {"type": "URL", "text": "Go", "url": "https://example.com", "example": "https://example.com"}
    restricted = {"type": "URL", "text": "Go", "url": "https://wa.me/{{1}}", "example": "https://wa.me/1"}
    body_only = {"type": "BODY", "text": "Hello"}
    for button, name in ((static_url, "static_url"), (restricted, "restricted")):
        details = {"components": [body_only, {"type": "BUTTONS", "buttons": [button]}]}
        send(create, template_body(name=name, details=details))
        assert api.post(url(TEMPLATES), json=template_body(name=name, status="DRAFT")).status_code == 201
        send(patch, {"details": details}, name=name)
    send(create, template_body(category="AUTHENTICATION", details={"components": [{"type": "BODY"}]}))
    optimization = {"bidAmount": 1, "bidStrategy": "LOWEST_COST_WITH_BID_CAP"}
    send(create, template_body(category="MARKETING", details={"components": [body_only], "optimization": optimization}))

    # The life of a template: pending, approved, edited, rejected; Meta's template.
    assert api.post(url(TEMPLATES), json=template_body()).status_code == 201
    send(patch, {"status": "SUBMIT"})
    send(drop_one)  # in review: not deletable without deleteSubmitted
    send(create, template_body())
    send(create, template_body(language="DE", category="MARKETING"))
    admin.post(f"/projects/{p}/whatsapp/templates/order_update/languages/EN_US/review", json={"outcome": "approve"})
    send(drop_one)  # approved, no draft
    send(patch, {"category": "MARKETING"})
    send(patch, {"allowCategoryChange": True})
    send(create, template_body(name="twin"))
    assert api.post(url(TEMPLATES), json=template_body(name="twin", status="DRAFT")).status_code == 201
    send(patch, {"status": "SUBMIT"}, name="twin")
    api.patch(url(TEMPLATE), json={"status": "SUBMIT", "details": {"components": [body_only]}})
    send(patch, {"status": "SUBMIT"})  # an edit in review
    admin.post(f"/projects/{p}/whatsapp/templates", json={"name": "from_meta", "isMetaGenerated": True})
    send(patch, {"status": "SUBMIT"}, name="from_meta")

    # Deletions that block a name, or a name and language, for 30 days.
    for name, language, whole in (("name_used", "EN", True), ("language_used", "EN", False)):
        admin.post(f"/projects/{p}/whatsapp/templates", json={"name": name, "language": language})
        if whole:
            assert api.delete(url(TEMPLATES + "/{templateName}", name=name)).status_code == 204
        else:
            gone = api.delete(url(TEMPLATE, name=name, language=language), params={"deleteSubmitted": "true"})
            assert gone.status_code == 204
        body = template_body(name=name, language=language, details={"components": [{"type": "BODY", "text": name}]})
        send(create, body)
        assert api.post(url(TEMPLATES), json={**body, "status": "DRAFT"}).status_code == 201
        send(patch, {"status": "SUBMIT"}, name=name, language=language)

    # Meta's failures of a submission, injected by rules; the template limit.
    for n, code in enumerate(TEMPLATE_SUBMIT_ERRORS):
        name = f"failing_{n}"
        admin.post("/whatsapp/template-rules", json={"when": {"name": name}, "submitError": code})
        body = template_body(name=name, details={"components": [{"type": "BODY", "text": name}]})
        send(create, body)
        assert api.post(url(TEMPLATES), json={**body, "status": "DRAFT"}).status_code == 201
        send(patch, {"status": "SUBMIT"}, name=name)
    monkeypatch.setattr(lifecycle, "TEMPLATE_LIMIT", 1)
    limited = template_body(name="over_limit", details={"components": [{"type": "BODY", "text": "Over"}]})
    send(create, limited)
    assert api.post(url(TEMPLATES), json={**limited, "status": "DRAFT"}).status_code == 201
    send(patch, {"status": "SUBMIT"}, name="over_limit")
    monkeypatch.undo()

    # An account without a WABA.
    admin.post("/projects/no-waba/whatsapp/account", json={"state": "PENDING_FACEBOOK_VERIFICATION", "wabaId": None})
    send(create, template_body(), project="no-waba")
    assert api.post(url(TEMPLATES, project="no-waba"), json=template_body(status="DRAFT")).status_code == 201
    send(patch, {"status": "SUBMIT"}, project="no-waba")

    # Compare, sync.
    send(compare, {"templates": [{"templateName": "order_update", "templateLanguage": "EN_US"}]})
    send(compare, compare_body)
    admin.post(f"/projects/{p}/whatsapp/templates", json={"name": "second_one"})
    send(compare, compare_body)
    send(sync)
    send(sync)

    # internal_error through a fault, for every operation.
    admin.post("/faults", json={"path": "/templates", "status": 500, "times": None})
    for op in TEMPLATE_OPERATIONS:
        send(op, bodies.get(op))
    admin.delete("/faults")

    schema_props = set(schema(spec, "WhatsappPapiErrorDto")["properties"])
    for op in TEMPLATE_OPERATIONS:
        for example in error_examples(spec, *op):
            code = example["errorCode"]
            if code in TEMPLATE_NOT_EMULATED or (op, code) in TEMPLATE_NOT_EMULATED_FOR:
                continue
            assert code in produced[op], f"{op}: documented {code} not reproduced"
            response = produced[op][code]
            assert response.status_code == example["status"], (op, code, response.text)
            body = response.json()
            assert set(body) <= schema_props
            assert body["message"] == example["message"], (op, code)
            if code in TEMPLATE_PARAMETRIZED:
                assert body["resolution"].startswith(TEMPLATE_PARAMETRIZED[code]), (op, code)
            elif code != "internal_error":  # two documented variants; faults answer the plain one
                assert body["resolution"] == example["resolution"], (op, code)
            documented_codes = (example.get("additionalInformation") or {}).get("supportedCodes")
            if documented_codes is not None and code != "template_exists":
                # The examples show one string; the schema wants a list: the emulator answers the list.
                assert ", ".join(body["additionalInformation"]["supportedCodes"]) == documented_codes, (op, code)


def test_a_malformed_project_id_is_400_for_every_template_operation(api: httpx.Client) -> None:
    for path, method in TEMPLATE_OPERATIONS:
        url = path.replace("{projectId}", "-bad").replace("{templateName}", "a_b").replace("{languageCode}", "EN")
        response = api.request(method.upper(), url, json={})
        assert (response.status_code, response.json()["errorCode"]) == (400, "invalid_id_format"), (path, method)
