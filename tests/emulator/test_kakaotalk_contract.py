"""The KakaoTalk tags against Sinch's OpenAPI description: every operation is routed, the enums and DTO fields are
the description's, its request examples are accepted, and the KakaoTalk error bodies are its examples'.

The description lives outside the repository (`../shared/reference`); these tests skip when it is absent."""

from __future__ import annotations

from typing import Any

import httpx

from emulator.errors import KAKAOTALK_ERROR_TABLE
from emulator.kakaotalk import common, senders, templates
from tests.emulator.openapi_conformance import enum, operations
from tests.emulator.test_kakaotalk_senders import ADMIN_KAKAO, SENDERS, sender_body


def properties(spec: dict[str, Any], name: str) -> tuple[str, ...]:
    return tuple(spec["components"]["schemas"][name]["properties"])


def test_every_operation_is_routed(spec: dict[str, Any], api: httpx.Client) -> None:
    routed = operations(spec, "/kakaotalk/")
    assert len(routed) == 20
    for method, path, _ in routed:
        url = path.replace("{projectId}", "bare").replace("{plusFriendId}", "@x").replace("{templateCode}", "c")
        response = api.request(method.upper(), url, json={})
        assert response.json()["errorCode"] not in ("not_found", "method_not_allowed"), (method, path)


def test_enums_and_fields_match(spec: dict[str, Any]) -> None:
    assert list(common.SENDER_STATES) == enum(spec, "KakaotalkSenderStatesEnum")
    assert list(common.CHANGE_STATUSES) == enum(spec, "KakaotalkSenderStatusesEnum")
    assert list(common.CHANGE_STATUSES) == enum(spec, "KakaotalkTemplateStatusesEnum")
    assert list(common.TEMPLATE_STATES) == enum(spec, "KakaotalkTemplateStatesEnum")
    assert list(templates.LANGUAGES) == enum(spec, "KakaotalkInputTemplateLanguagesEnum")
    assert list(templates.MESSAGE_TYPES) == enum(spec, "KakaotalkInputKakaoTalkTemplateMessageTypeEnum")
    assert list(templates.EMPHASIZE_TYPES) == enum(spec, "KakaotalkInputKakaoTalkTemplateEmphasizeTypeEnum")
    assert list(templates.BUTTON_TYPES) == enum(spec, "KakaotalkInputKakaoTalkButtonTypeEnum")
    assert properties(spec, "KakaotalkInputSenderDetailsDto") == senders.DETAIL_FIELDS
    assert properties(spec, "KakaotalkInputUpdateSenderDetailsDto") == senders.DETAIL_FIELDS
    assert properties(spec, "KakaotalkInputTemplateDetailsDto") == templates.CREATE_DETAIL_FIELDS
    assert properties(spec, "KakaotalkInputUpdateTemplateDetailsDto") == templates.UPDATE_DETAIL_FIELDS
    assert properties(spec, "KakaotalkInputButtonDto") == templates.BUTTON_FIELDS
    assert properties(spec, "KakaotalkSenderDto") == senders.DTO_FIELDS
    assert properties(spec, "KakaotalkTemplateDto") == templates.DTO_FIELDS
    activity_types = set(enum(spec, "KakaotalkSenderNotificationTypeEnum"))
    assert {"ACTIVE", "INACTIVE", "REJECTED", "COMMENT_ADDED", "CREATED", "DRAFT", "EDITED"} <= activity_types


def examples(spec: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    media = spec["paths"][path][method]["requestBody"]["content"]["application/json"]
    return {name: example["value"] for name, example in media["examples"].items()}


def test_request_examples_are_accepted(spec: dict[str, Any], api: httpx.Client, admin: httpx.Client) -> None:
    base = "/v1/projects/{projectId}/kakaotalk/senders"
    for n, body in enumerate(examples(spec, "post", base).values()):
        response = api.post(f"/v1/projects/example-{n}/kakaotalk/senders", json=body)
        assert response.status_code == 201, response.text
    api.post(SENDERS, json=sender_body())
    for body in examples(spec, "post", base + "/{plusFriendId}/comments").values():
        assert api.post(f"{SENDERS}/@shop/comments", json=body).status_code == 201
    assert admin.post(f"{ADMIN_KAKAO}/senders/@shop/review", json={"outcome": "approve"}).status_code == 200
    for body in examples(spec, "patch", base + "/{plusFriendId}").values():
        response = api.patch(f"{SENDERS}/@shop", json=body)
        assert response.status_code == 200, response.text
        assert admin.post("/clock/advance", json={"seconds": 3}).status_code == 200  # a submission is reviewed
        if "changes" in api.get(f"{SENDERS}/@shop").json():
            assert api.delete(f"{SENDERS}/@shop/changes").status_code == 204
    codes = []
    for n, body in enumerate(examples(spec, "post", base + "/{plusFriendId}/templates").values()):
        body = {**body, "details": {**body["details"], "name": f"{body['details']['name']} {n}"}}
        response = api.post(f"{SENDERS}/@shop/templates", json=body)
        assert response.status_code == 201, response.text
        codes.append(response.json()["code"])
    assert admin.post("/clock/advance", json={"seconds": 3}).status_code == 200
    for body in examples(spec, "patch", base + "/{plusFriendId}/templates/{templateCode}").values():
        response = api.patch(f"{SENDERS}/@shop/templates/{codes[0]}", json=body)
        assert response.status_code == 200, response.text
        assert admin.post("/clock/advance", json={"seconds": 3}).status_code == 200
        if "changes" in api.get(f"{SENDERS}/@shop/templates/{codes[0]}").json():
            assert api.delete(f"{SENDERS}/@shop/templates/{codes[0]}/changes").status_code == 204


def test_error_bodies_are_the_documented_examples(spec: dict[str, Any]) -> None:
    """Each code of the KakaoTalk table answers the status, message and resolution of a KakaoTalk example."""
    documented: dict[str, set[tuple[int, str, str]]] = {}
    for _, _, op in operations(spec, "/kakaotalk/"):
        for status, response in op["responses"].items():
            media = (response.get("content") or {}).get("application/json", {})
            for example in (media.get("examples") or {}).values():
                value = example.get("value") or {}
                if "errorCode" in value:
                    entry = (int(status), value["message"], value["resolution"])
                    documented.setdefault(value["errorCode"], set()).add(entry)
    for code, entry in KAKAOTALK_ERROR_TABLE.items():
        assert entry in documented[code], code
