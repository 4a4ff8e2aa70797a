"""Routes, success codes and JSON shapes of the Webhooks tag against Sinch's OpenAPI description.

The description lives outside the repository (`../shared/reference`); the project must not need it at run
time, so these tests skip when it is absent. They need PyYAML (a dev dependency).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from emulator.webhooks import TRIGGERS
from tests.emulator.conftest import webhook_body, webhooks_path

SPEC_PATH = Path(__file__).resolve().parents[3] / "shared/reference/sinch-provisioning-openapi.yaml"
COLLECTION = "/v1/projects/{projectId}/webhooks"
ITEM = "/v1/projects/{projectId}/webhooks/{webhookId}"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml")
    if not SPEC_PATH.exists():
        pytest.skip(f"{SPEC_PATH} not found")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with SPEC_PATH.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.load(handle, Loader=loader)
    return loaded


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
    from emulator import webhooks

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
