"""The Bundles tag against the reference contract: create (201 IN_PROGRESS, then DONE or FAILED on the emulator
clock), get, list (pagination, filters), the field rules, and the provisioning webhooks a bundle creates.
Every answer is also checked against the OpenAPI schemas (tests/emulator/conftest.py)."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx

from tests.emulator.conftest import PROJECT, webhooks_path
from tests.emulator.test_webhooks import assert_papi_error, validation_errors
from tests.webhook_receiver import receiver, verify

BUNDLES = f"/v1/projects/{PROJECT}/bundles"
FULL: dict[str, Any] = {
    "name": "Full bundle example",
    "region": "US",
    "subproject": {"name": "Subproject Example", "labels": {"env": "testing", "team": "QA-team"}},
    "smsApp": {"name": "Sms App Example"},
    "convApp": {
        "name": "Conversation App Example",
        "webhooks": [{"target": "https://conv.example.com/hook", "secret": "secret", "triggers": ["MESSAGE_DELIVERY"]}],
        "processingMode": "DISPATCH",
        "retentionPolicy": {"retentionPolicyType": "MESSAGE_EXPIRE_POLICY", "ttl": 7},
        "consentManagerSettings": {"mode": "PRIMARY"},
    },
    "webhooks": [{"target": "https://hooks.example.com/bundles", "secret": "s3cret", "triggers": ["BUNDLE_DONE"]}],
}


def create(api: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post(BUNDLES, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def test_create_is_in_progress_then_done_on_the_clock(api: httpx.Client, admin: httpx.Client) -> None:
    created = create(api, FULL)
    assert re.fullmatch(r"[0-9a-f]{24}", created["id"])
    assert created["state"] == "IN_PROGRESS"
    assert created["subproject"]["status"] == "PENDING"
    assert created["subproject"]["parentProjectId"] == PROJECT
    assert created["subproject"]["labels"] == {"env": "testing", "team": "QA-team"}
    assert created["projectId"] == created["subproject"]["id"] != PROJECT
    assert created["smsApp"]["status"] == "PENDING_ADD"
    assert created["smsApp"]["regions"] == ["US"]
    assert created["convApp"]["retentionPolicy"] == {"retentionPolicyType": "MESSAGE_EXPIRE_POLICY", "ttl": 7}
    assert [w["target"] for w in created["webhooks"]] == ["https://hooks.example.com/bundles"]
    assert admin.post("/clock/advance", json={"seconds": 2}).status_code == 200
    done = api.get(f"{BUNDLES}/{created['id']}").json()
    assert done["state"] == "DONE"
    assert (done["subproject"]["status"], done["smsApp"]["status"]) == ("READY", "ACTIVE")
    assert done["convApp"]["smsChannelStatus"] == "ACTIVE"
    assert done["webhooks"] == created["webhooks"]


def test_provisioning_webhooks_exist_in_the_webhooks_tag(api: httpx.Client) -> None:
    created = create(api, FULL)
    listed = api.get(webhooks_path(created["projectId"])).json()["webhooks"]
    assert listed == created["webhooks"]
    again = api.post(BUNDLES, json={**FULL, "subproject": False})
    assert again.status_code == 201  # the parent project has no webhook with that target
    clash = api.post(BUNDLES, json={**FULL, "subproject": False})
    assert_papi_error(clash, 409, "webhook_exists")


def test_webhook_limit_counts_the_project_webhooks(api: httpx.Client) -> None:
    for n in range(14):
        assert api.post(webhooks_path(), json={"target": f"https://h.example.com/{n}", "secret": "s",
                                               "triggers": ["ALL"]}).status_code == 201  # fmt: skip
    hooks = [{"target": f"https://b.example.com/{n}", "secret": "s", "triggers": ["ALL"]} for n in range(2)]
    assert_papi_error(api.post(BUNDLES, json={"name": "b", "region": "EU", "smsApp": True, "webhooks": hooks}),
                      424, "webhook_limit_reached")  # fmt: skip
    assert len(api.get(webhooks_path()).json()["webhooks"]) == 14  # nothing created


def test_retention_defaults_follow_the_processing_mode(api: httpx.Client) -> None:
    conv = create(api, {"name": "c", "region": "EU", "convApp": {"processingMode": "CONVERSATION"}})
    assert conv["convApp"]["retentionPolicy"] == {"retentionPolicyType": "MESSAGE_EXPIRE_POLICY", "ttl": 180}
    assert "subproject" not in conv and conv["projectId"] == PROJECT
    dispatch = create(api, {"name": "d", "region": "EU", "convApp": True})
    assert dispatch["convApp"]["processingMode"] == "DISPATCH"
    assert dispatch["convApp"]["retentionPolicy"]["ttl"] == 7


def test_field_rules(api: httpx.Client) -> None:
    errors = validation_errors(api.post(BUNDLES, json={
        "region": "XX", "subproject": "yes", "smsApp": {"nome": "x"},
        "convApp": {"processingMode": "DISPATCH",
                    "retentionPolicy": {"retentionPolicyType": "PERSIST_RETENTION_POLICY", "ttl": 30},
                    "webhooks": [{"target": "https://conversation-api.eu.sinch.com/x", "triggers": ["NOPE"]}]},
        "webhooks": [{"target": "https://a.example.com", "secret": "s", "triggers": ["ALL"]},
                     {"target": "https://a.example.com", "secret": "", "triggers": []}],
        "extra": 1,
    }))  # fmt: skip
    assert errors[0] == "property extra should not exist"
    for expected in (
        "region must be one of the following values: BR, EU, US",
        "subproject must be boolean or object",
        "property smsApp.nome should not exist",
        "convApp.webhooks.0.target must not be a conversation-api.*.sinch.com address",
        "convApp.retentionPolicy.retentionPolicyType must be one of the following values: MESSAGE_EXPIRE_POLICY",
        "convApp.retentionPolicy.ttl must not be greater than 7",
        "webhooks.1.secret must be longer than or equal to 1 characters",
        "webhooks.1.triggers must contain at least 1 elements",
        "webhooks must have unique targets",
    ):
        assert expected in errors, errors
    conversation = {"processingMode": "CONVERSATION", "retentionPolicy": {"ttl": 3651}}
    errors = validation_errors(api.post(BUNDLES, json={"name": "n", "region": "US", "convApp": conversation}))
    assert errors == ["convApp.retentionPolicy.ttl must not be greater than 3650"]
    too_many = [{"target": f"https://x.example.com/{n}", "secret": "s", "triggers": ["ALL"]} for n in range(16)]
    errors = validation_errors(
        api.post(BUNDLES, json={"name": "n", "region": "US", "smsApp": True, "webhooks": too_many})
    )
    assert errors == ["webhooks must contain no more than 15 elements"]


def test_no_services_and_missing_name(api: httpx.Client) -> None:
    assert_papi_error(
        api.post(BUNDLES, json={"name": "n", "region": "US", "smsApp": False}), 400, "no_services_to_create"
    )
    assert_papi_error(api.post(BUNDLES, json={"region": "US", "smsApp": True}), 400, "missing_name")
    create(api, {"region": "US", "smsApp": {"name": "named"}})


def test_failed_by_admin_control_and_by_rule(api: httpx.Client, admin: httpx.Client) -> None:
    created = create(api, FULL)
    outcome = {"state": "FAILED", "service": "smsApp", "status": "PROVISIONING_ADD_FAILED"}
    response = admin.post(f"/projects/{PROJECT}/bundles/{created['id']}/outcome", json=outcome)
    assert response.status_code == 200, response.text
    failed = api.get(f"{BUNDLES}/{created['id']}").json()
    assert failed["state"] == "FAILED"
    assert failed["smsApp"]["status"] == "PROVISIONING_ADD_FAILED"
    assert failed["convApp"]["smsChannelStatus"] == "FAILING"
    assert failed["subproject"]["status"] == "READY"
    assert admin.post("/bundles/rules", json={"when": {"name": "fail me"}, "service": "subproject"}).status_code == 201
    doomed = create(api, {"name": "fail me", "region": "BR", "subproject": True})
    admin.post("/clock/advance", json={"seconds": 5})
    assert api.get(f"{BUNDLES}/{doomed['id']}").json()["subproject"]["status"] == "PENDING"
    assert api.get(f"{BUNDLES}/{doomed['id']}").json()["state"] == "FAILED"


def test_get_errors(api: httpx.Client) -> None:
    assert_papi_error(api.get(f"{BUNDLES}/{'0' * 24}"), 404, "bundle_not_found")
    assert_papi_error(api.get(f"{BUNDLES}/nope"), 400, "invalid_id_format")


def test_list_pages_and_filters(api: httpx.Client, admin: httpx.Client) -> None:
    made = [create(api, {"name": f"b{n}", "region": "US", "smsApp": True, "convApp": True}) for n in range(12)]
    first = api.get(BUNDLES).json()
    assert (first["totalSize"], first["pageSize"], len(first["bundles"])) == (12, 10, 10)
    second = api.get(BUNDLES, params={"pageToken": first["nextPageToken"]}).json()
    assert [b["id"] for b in first["bundles"] + second["bundles"]] == [b["id"] for b in made]
    assert_papi_error(api.get(BUNDLES, params={"pageSize": 26}), 400, "invalid_page_size")
    assert_papi_error(api.get(BUNDLES, params={"pageToken": "bad"}), 400, "invalid_page_token")
    admin.post(f"/projects/{PROJECT}/bundles/{made[0]['id']}/outcome", json={"state": "FAILED"})
    admin.post("/clock/advance", json={"seconds": 2})
    failed = api.get(BUNDLES, params={"filterStates": ["FAILED"]}).json()["bundles"]
    assert [b["id"] for b in failed] == [made[0]["id"]]
    by_apps = api.get(BUNDLES, params=[("filterSmsAppIds", made[1]["smsApp"]["id"]),
                                       ("filterSmsAppIds", made[2]["smsApp"]["id"])]).json()["bundles"]  # fmt: skip
    assert [b["id"] for b in by_apps] == [made[1]["id"], made[2]["id"]]
    by_conv = api.get(BUNDLES, params={"filterConvAppIds": made[3]["convApp"]["id"]}).json()["bundles"]
    assert [b["id"] for b in by_conv] == [made[3]["id"]]
    assert validation_errors(api.get(BUNDLES, params={"filterStates": "DONEISH"}))


def test_request_examples_are_accepted(api: httpx.Client) -> None:
    from tests.emulator import openapi_conformance

    spec = openapi_conformance.load_spec()
    if spec is None:
        openapi_conformance.spec_missing("or PyYAML")
    examples = spec["paths"]["/v1/projects/{projectId}/bundles"]["post"]["requestBody"]["content"]["application/json"]
    for name, example in examples["examples"].items():
        response = api.post(BUNDLES, json=example["value"])
        assert response.status_code in (201, 409), (name, response.text)  # the small and full share a webhook target


# --- the contract: enums, limits and error bodies as the description gives them -------------------------------

BUNDLE = "/v1/projects/{projectId}/bundles/{bundleId}"
COLLECTION = "/v1/projects/{projectId}/bundles"
# Documented codes not emulated, and why.
NOT_EMULATED = {
    "invalid_webhooks": "a Sinch-side failure to create webhooks (only through faults)",
    "invalid_staging_bundles_input_region": "staging only",
    "parent_sms_bespoke_price": "copying SMS apps from a parent project is not emulated",
    "target_project_not_subproject": "copying SMS apps from a parent project is not emulated",
    "parent_sms_not_route_assisted": "copying SMS apps from a parent project is not emulated",
    "conversation_app_already_connected_to_sms_app": "bundles create new apps only",
    "forbidden_payload": "no permissions model",
    "conversation_app_not_found": "bundles create new apps only",
    "sms_app_not_found": "bundles create new apps only",
    "default_sms_app_not_found": "test numbers are not emulated",
    "conversation_app_is_already_in_bundles_process": "bundles create new apps only",
    "default_sms_app_already_exists": "test numbers are not emulated",
    "more_than_one_sms_app": "bundles create new apps only",
    "sms_app_is_already_linked_to_conversation_app": "bundles create new apps only",
    "sms_app_is_already_in_bundles_process": "bundles create new apps only",
    "allowed_only_for_default_test_sms_app": "test numbers are not emulated",
    "not_allowed_for_subproject": "test numbers are not emulated",
    "not_allowed_for_non_test_account": "test numbers are not emulated",
    "only_one_test_number_allowed": "test numbers are not emulated",
    "failed_to_create_subproject": "a Sinch-side failure (only through faults)",
    "failed_to_create_sms_service": "a Sinch-side failure (only through faults)",
    "failed_to_create_conversation_service": "a Sinch-side failure (only through faults)",
}


def test_enums_match_the_description() -> None:
    from emulator.bundles import validation
    from tests.emulator import openapi_conformance

    spec = openapi_conformance.load_spec()
    if spec is None:
        openapi_conformance.spec_missing("or PyYAML")
    schemas = spec["components"]["schemas"]
    assert list(validation.CONV_TRIGGERS) == schemas["BundlesWebhooksInputWebhookTriggerEnum"]["enum"]
    assert list(validation.REGIONS) == schemas["BundlesBundlesInputRegionEnum"]["enum"]
    assert list(validation.STATES) == schemas["BundlesBundleServicesStateEnum"]["enum"]
    assert list(validation.TARGET_TYPES) == schemas["BundlesInputWebhookTargetTypesEnum"]["enum"]
    assert list(validation.PROCESSING_MODES) == schemas["BundlesInputConversationAppProcessingModesEnum"]["enum"]
    assert (
        list(validation.CONSENT_MODES) == schemas["BundlesInputConversationAppConsentManagerSettingsModesEnum"]["enum"]
    )
    assert (
        list(validation.CONVERSATION_RETENTION_TYPES)
        == schemas["BundlesInputConversationAppConversationRetentionPolicyTypesEnum"]["enum"]
    )
    assert set(schemas["BundlesWebhookTriggersEnum"]["enum"]) == set(validation.TRIGGERS)
    assert schemas["BundlesInputBundlesDto"]["properties"]["webhooks"]["maxItems"] == validation.MAX_WEBHOOKS


def test_error_bodies_match_the_documented_examples(api: httpx.Client, anon: httpx.Client) -> None:
    from tests.emulator import openapi_conformance

    spec = openapi_conformance.load_spec()
    if spec is None:
        openapi_conformance.spec_missing("or PyYAML")
    documented: dict[tuple[str, str, str], dict[str, Any]] = {}
    for path, methods in ((COLLECTION, ("get", "post")), (BUNDLE, ("get",))):
        for method in methods:
            for code, response in spec["paths"][path][method]["responses"].items():
                examples = response.get("content", {}).get("application/json", {}).get("examples", {})
                for example in examples.values():
                    if not str(code).startswith("2"):
                        key = (path, method, example["value"]["errorCode"])
                        documented[key] = {"status": int(code), **example["value"]}
    for n in range(15):
        api.post(webhooks_path(), json={"target": f"https://h.example.com/{n}", "secret": "s", "triggers": ["ALL"]})
    hook = {"target": "https://h.example.com/0", "secret": "s", "triggers": ["ALL"]}
    new_hook = {**hook, "target": "https://n.example.com"}
    list_, item, create = (COLLECTION, "get"), (BUNDLE, "get"), (COLLECTION, "post")
    produced = {
        (*list_, "invalid_page_size"): api.get(BUNDLES, params={"pageSize": "x"}),
        (*list_, "invalid_page_token"): api.get(BUNDLES, params={"pageToken": "x"}),
        (*list_, "invalid_id_format"): api.get("/v1/projects/-bad/bundles"),
        (*list_, "unauthorized_error"): anon.get(BUNDLES),
        (*item, "invalid_id_format"): api.get(f"{BUNDLES}/bad"),
        (*item, "unauthorized_error"): anon.get(f"{BUNDLES}/{'0' * 24}"),
        (*item, "bundle_not_found"): api.get(f"{BUNDLES}/{'0' * 24}"),
        (*create, "invalid_input"): api.post(BUNDLES, json={"region": "US", "subproject": 5}),
        (*create, "invalid_payload"): api.post(BUNDLES, content=b"{", headers={"content-type": "application/json"}),
        (*create, "no_services_to_create"): api.post(BUNDLES, json={"name": "n", "region": "US"}),
        (*create, "missing_name"): api.post(BUNDLES, json={"region": "US", "smsApp": True}),
        (*create, "unauthorized_error"): anon.post(BUNDLES, json={}),
        (*create, "webhook_exists"): api.post(
            BUNDLES, json={"name": "n", "region": "US", "smsApp": True, "webhooks": [hook]}
        ),
        (*create, "webhook_limit_reached"): api.post(
            BUNDLES, json={"name": "n", "region": "US", "smsApp": True, "webhooks": [new_hook]}
        ),
    }
    for key, response in produced.items():
        example = documented[key]
        assert response.status_code == example["status"], key
        body = response.json()
        assert {k: body[k] for k in ("errorCode", "message", "resolution")} == {
            k: example[k] for k in ("errorCode", "message", "resolution")
        }, key
    assert produced[(*create, "invalid_input")].json()["additionalInformation"] == {
        "validationErrors": ["subproject must be boolean or object"]
    }
    missing = {code for (*_, code) in documented} - {code for (*_, code) in produced} - set(NOT_EMULATED)
    assert missing <= {"internal_error"}, missing


def test_a_done_bundle_calls_back_bundle_done_and_records_the_deliveries(
    api: httpx.Client, admin: httpx.Client
) -> None:
    """BUNDLE_DONE, signed, to the project's webhooks and to the bundle's own (in its subproject), with the bundle as
    payload; each delivery's answer ends up in the bundle's webhookDeliveryStatuses. A FAILED bundle sends none."""
    with receiver() as hooks:
        project_hook = api.post(
            webhooks_path(), json={"target": f"{hooks.url}/project", "secret": "p-secret", "triggers": ["BUNDLE_DONE"]}
        ).json()
        own = {**FULL, "webhooks": [{"target": f"{hooks.url}/own", "secret": "own-secret", "triggers": ["ALL"]}]}
        created = create(api, own)
        assert admin.post("/clock/advance", json={"seconds": 2}).status_code == 200
        received = {c.path: c for c in hooks.wait_for(2)}
        assert set(received) == {"/project", "/own"}
        for path, secret in (("/project", "p-secret"), ("/own", "own-secret")):
            callback = received[path]
            assert callback.json["type"] == "BUNDLE_DONE"
            assert callback.json["payload"]["id"] == created["id"]
            assert callback.json["payload"]["state"] == "DONE"
            assert verify(secret, callback.body, callback.headers)
        deadline = time.monotonic() + 10
        while True:
            statuses = api.get(f"{BUNDLES}/{created['id']}").json().get("webhookDeliveryStatuses") or []
            if len(statuses) == 2 or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert {s["webhookId"] for s in statuses} == {project_hook["id"], created["webhooks"][0]["id"]}
        assert {s["httpStatusCode"] for s in statuses} == {200}

        failed = create(api, {k: v for k, v in FULL.items() if k != "webhooks"})
        response = admin.post(f"/projects/{PROJECT}/bundles/{failed['id']}/outcome", json={"state": "FAILED"})
        assert response.status_code == 200, response.text
        time.sleep(0.5)
        assert len(hooks.received) == 2
