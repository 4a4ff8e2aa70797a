"""sinch_kakaotalk_template's requests and rules, without terraform: buttons numbered in order, a removed field
sent as null, the language never PATCHed, buttons read back in their order, the rules across attributes."""

from __future__ import annotations

from typing import Any

from resources.kakaotalk_template import KakaotalkTemplate, button_rules, content_rules
from tests.unit.conftest import project_provider

NAMES = [a.name for a in KakaotalkTemplate.attributes]


def template() -> KakaotalkTemplate:
    return KakaotalkTemplate(project_provider())


def planned(**values: Any) -> dict[str, Any]:
    base = {n: None for n in NAMES}
    base.update(project_id="p1", plus_friend_id="@shop", name="t", language="KO", content="Hi", message_type="BASIC",
                emphasize_type="EMPHASIZE_TYPE_NONE", category_code="999999", security_flag=False)  # fmt: skip
    base.update(values)
    return base


BUTTONS = [
    {"type": "WEB_LINK", "name": "Track", "link_mo": "https://a.example.com", "link_pc": None, "scheme_ios": None,
     "scheme_android": None},
    {"type": "CHANNEL_ID_ADDED", "name": "Add", "link_mo": None, "link_pc": None, "scheme_ios": None,
     "scheme_android": None},
]  # fmt: skip


def test_create_submits_with_buttons_numbered_in_order() -> None:
    body = template().create_body(planned(buttons=BUTTONS))
    assert body["status"] == "SUBMIT"
    assert [(b["ordering"], b["type"]) for b in body["details"]["buttons"]] == [
        (1, "WEB_LINK"),
        (2, "CHANNEL_ID_ADDED"),
    ]
    assert body["details"]["language"] == "KO"


def test_update_sends_removed_fields_as_null_and_never_the_language() -> None:
    current = planned(subtitle="Sub", buttons=BUTTONS)
    new = planned(content="Hello", buttons=None)
    body = template().update_body(current, new, ["content", "subtitle", "buttons"])
    assert body == {"status": "SUBMIT", "details": {"content": "Hello", "subtitle": None, "buttons": None}}


def test_buttons_are_read_in_their_order_without_ordering() -> None:
    buttons = [
        {"ordering": 2, "type": "CHANNEL_ID_ADDED", "name": "Add"},
        {"ordering": 1, "type": "WEB_LINK", "name": "Track", "linkMo": "https://a.example.com"},
    ]
    answer = {"code": "C1", "state": "APPROVED", "details": {"name": "t", "language": "KO", "buttons": buttons}}
    state = template().state_from_api(answer, planned())
    assert [b["type"] for b in state["buttons"]] == ["WEB_LINK", "CHANNEL_ID_ADDED"]
    assert state["id"] == "C1"
    empty = template().state_from_api({**answer, "details": {**answer["details"], "buttons": []}}, planned())
    assert empty["buttons"] is None


def test_rules() -> None:
    assert [p for p, _ in button_rules({"buttons": [{"type": "BOT_KEYWORD"}, {"type": "BOT_KEYWORD"}]})] == [
        ["buttons", (1,)]
    ]
    assert button_rules({"buttons": [{"type": "APP_LINK", "link_mo": "https://a.example.com"}]}) == []
    assert len(button_rules({"buttons": [{"type": "APP_LINK", "scheme_ios": "https://a.example.com"}]})) == 1
    assert [p for p, _ in content_rules({"message_type": "MIXED", "emphasize_type": "EMPHASIZE_TYPE_TEXT"})] == [
        ["extra"],
        ["title"],
    ]
    assert [
        p for p, _ in content_rules({"emphasize_type": "EMPHASIZE_TYPE_IMAGE", "image_url": "https://a/x.gif"})
    ] == [["image_url"]]
    assert content_rules({"emphasize_type": "EMPHASIZE_TYPE_IMAGE", "image_url": "https://a/x.PNG?v=1"}) == []
