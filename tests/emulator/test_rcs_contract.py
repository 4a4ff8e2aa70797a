"""The RCS tags against Sinch's OpenAPI description: every operation is routed with its success code, the enums and
DTO fields are the description's, `emulator/rcs/data.json` is what `scripts/rcs_data.py` makes of it, its request
examples are accepted, and the RCS error bodies are its examples'.

The description lives outside the repository (`../shared/reference`); these tests skip when it is absent."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import httpx

from emulator.rcs import common, senders
from emulator.rcs.validation import data
from tests.emulator.conftest import PROJECT
from tests.emulator.openapi_conformance import enum, operations
from tests.emulator.rcs_helpers import SENDERS, create, launchable_body, minimal_body

ROOT = Path(__file__).resolve().parents[2]


def test_every_operation_is_routed(spec: dict[str, Any], api: httpx.Client) -> None:
    routed = operations(spec, "/rcs/")
    assert len(routed) == 15
    for method, path, _ in routed:
        url = path.replace("{projectId}", "bare").replace("{senderId}", "x").replace("{testNumber}", "1")
        url = url.replace("{useCase}", "OTP")
        response = api.request(method.upper(), url, json={})
        assert response.json().get("errorCode") not in ("not_found", "method_not_allowed"), (method, path)


def test_enums_and_fields_match(spec: dict[str, Any]) -> None:
    assert list(common.SENDER_STATES) == enum(spec, "RcsSenderStatesEnum")
    assert list(common.OPERATOR_STATUSES) == enum(spec, "RcsOperatorStatusEnum")
    assert list(common.SORT_COLUMNS) == enum(spec, "RcsSenderSortColumnsEnum")
    assert list(common.SORT_DIRECTIONS) == enum(spec, "RcsSortDirectionsEnum")
    assert list(common.US_BRAND_CAMPAIGN_VERSIONS) == enum(spec, "RcsUsQuestionnaireBrandCampaignVersionsEnum")
    assert list(common.US_QUESTIONNAIRE_VERSIONS) == enum(spec, "RcsUsQuestionnaireVersionsEnum")
    assert set(common.HOSTING_REGIONS.values()) <= set(enum(spec, "RcsSenderHostingRegionsEnum"))
    assert set(senders.FEATURES) <= set(enum(spec, "RcsTestNumberCapabilitiesFeaturesEnum"))
    assert set(senders.DTO_FIELDS) <= set(spec["components"]["schemas"]["RcsSenderDto"]["properties"])
    activity_types = set(enum(spec, "RcsSenderNotificationTypeEnum"))
    assert {"ACTIVE", "INACTIVE", "COMMENT_ADDED", "CREATED", "EDITED", "TEST"} <= activity_types


def test_data_is_the_description(spec: dict[str, Any], tmp_path: Path) -> None:
    """data.json is what scripts/rcs_data.py makes of the description (regenerate it when the description moves)."""
    loaded = importlib.util.spec_from_file_location("rcs_data", ROOT / "scripts" / "rcs_data.py")
    assert loaded is not None and loaded.loader is not None
    module = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(module)
    schemas = spec["components"]["schemas"]
    for name, schema in data()["schemas"].items():
        assert schema == module.strip(schemas[name]), name
    op = spec["paths"]["/v1/projects/{projectId}/rcs/questionnaire/{useCase}"]["get"]
    found = op["responses"]["200"]["content"]["application/json"]["examples"]
    assert data()["questions"]["fr"] == found["gbFrQuestionnaire"]["value"]["fr"]["questions"]
    assert data()["questions"]["us"]["v1"] == found["deprecatedUsQuestionnaire"]["value"]["us"]["questions"]


def examples(spec: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    media = spec["paths"][path][method]["requestBody"]["content"]["application/json"]
    return {name: example["value"] for name, example in media["examples"].items()}


def test_request_examples_are_accepted(spec: dict[str, Any], api: httpx.Client, admin: httpx.Client) -> None:
    base = "/v1/projects/{projectId}/rcs/senders"
    for name, body in examples(spec, "post", base).items():
        response = api.post(SENDERS, json=body)
        assert response.status_code == 201, (name, response.text)
    sid = create(api, launchable_body(("FR", "GB")))["id"]
    for name, body in examples(spec, "patch", base + "/{senderId}").items():
        response = api.patch(f"{SENDERS}/{sid}", json=body)
        assert response.status_code == 200, (name, response.text)
    for body in examples(spec, "post", base + "/{senderId}/comments").values():
        assert api.post(f"{SENDERS}/{sid}/comments", json=body).status_code == 201
    for body in examples(spec, "post", "/v1/projects/{projectId}/rcs/comments").values():
        assert api.post(SENDERS.rsplit("/", 1)[0] + "/comments", json=body).status_code == 201
    other = create(api, minimal_body())["id"]
    for body in examples(spec, "post", base + "/{senderId}/testNumbers").values():
        response = api.post(f"{SENDERS}/{other}/testNumbers", json=body)
        assert response.status_code == 200, response.text
    raw = admin.get(f"/projects/{PROJECT}/rcs_senders").json()["rcs_senders"]  # the raw admin view
    assert len(raw) == len(examples(spec, "post", base)) + 2 and all(r["projectId"] == PROJECT for r in raw)


def test_error_bodies_are_the_documented_examples(spec: dict[str, Any]) -> None:
    """Each code of the RCS table answers the status, message and resolution of an RCS example."""
    documented: dict[str, set[tuple[int, str, str]]] = {}
    for _, _, op in operations(spec, "/rcs/"):
        for status, response in op["responses"].items():
            media = (response.get("content") or {}).get("application/json", {})
            for example in (media.get("examples") or {}).values():
                value = example.get("value") or {}
                if "errorCode" in value:
                    entry = (int(status), value["message"], value["resolution"])
                    documented.setdefault(value["errorCode"], set()).add(entry)
    for code, entry in common.RCS_ERRORS.items():
        assert entry in documented[code], code
