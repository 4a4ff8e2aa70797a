"""The KakaoTalk data sources through real terraform: the sender category tree flattened into code paths, a
sender's template categories, senders and templates created through the API appear (filters applied, every page
read); a project without KakaoTalk fails with the hint; bad input fails at validate with the attribute's path,
before any request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.acceptance.conftest import PROJECT
from tests.acceptance.test_bad_input import refused_at_validate, said
from tests.harness import Emulator, Workspace

pytestmark = pytest.mark.acceptance

KAKAO = f"/v1/projects/{PROJECT}/kakaotalk"
DAY = 24 * 3600
SENDERS = 105  # more than a page (the data sources ask for 100 a page)
TEMPLATES = 103


def ok(response: Any) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def sender_body(plus_friend_id: str, status: str = "SUBMIT") -> dict[str, Any]:
    return {
        "plusFriendId": plus_friend_id,
        "status": status,
        "details": {
            "adminPhoneNo": "+48777777777",
            "name": f"Shop {plus_friend_id}",
            "topLevelCategoryCode": "019",
            "midLevelCategoryCode": "0006",
            "subLevelCategoryCode": "0001",
        },
    }


CONFIG = """
data "sinch_kakaotalk_sender_categories" "all" {}
data "sinch_kakaotalk_template_categories" "shop" {
  plus_friend_id = "@shop000"
}
data "sinch_kakaotalk_senders" "all" {}
data "sinch_kakaotalk_senders" "drafts" {
  change_statuses = ["DRAFT"]
}
data "sinch_kakaotalk_templates" "all" {
  plus_friend_id = "@shop000"
}
data "sinch_kakaotalk_templates" "orders" {
  plus_friend_id = "@shop000"
  template_name  = "ORDER"
}
output "sender_categories"   { value = data.sinch_kakaotalk_sender_categories.all.categories }
output "template_categories" { value = data.sinch_kakaotalk_template_categories.shop.categories }
output "senders"             { value = data.sinch_kakaotalk_senders.all.senders }
output "drafts"              { value = data.sinch_kakaotalk_senders.drafts.senders }
output "templates"           { value = data.sinch_kakaotalk_templates.all.templates }
data "sinch_kakaotalk_templates" "approved" {
  plus_friend_id = "@shop000"
  states         = ["APPROVED"]
}
output "approved"            { value = data.sinch_kakaotalk_templates.approved.templates }
output "orders"              { value = data.sinch_kakaotalk_templates.orders.templates }
"""


def test_senders_templates_and_categories_across_pages(workspace: Callable[..., Workspace], emulator: Emulator) -> None:
    emulator.settings(templateReviewSeconds=30 * DAY)
    for n in range(SENDERS):
        ok(emulator.api("POST", f"{KAKAO}/senders", json=sender_body(f"@shop{n:03}", "DRAFT" if n % 2 else "SUBMIT")))
    templates = f"{KAKAO}/senders/@shop000/templates"
    for n in range(TEMPLATES):
        name = f"order {n:03}" if n < 3 else f"notice {n:03}"
        body = {"details": {"name": name, "language": "KO", "content": f"Hello {n}", "categoryCode": "999999"}}
        created = ok(emulator.api("POST", templates, json=body))
        if n == 1:
            approved = created["code"]
    emulator.admin("POST", f"/projects/{PROJECT}/kakaotalk/senders/@shop000/templates/{approved}/review",
                   json={"outcome": "approve"})  # fmt: skip

    ws = workspace()
    ws.write(CONFIG)
    emulator.clear_requests()
    ws.apply()
    out = ws.outputs()

    categories = {c["code"]: c for c in out["sender_categories"]}
    assert categories["019/0006/0001"]["depth"] == 3
    assert len(categories["019/0006/0001"]["path"]) == 3
    assert categories["019/0006/0001"]["name"] == categories["019/0006/0001"]["path"][-1]
    assert (
        categories["019/0006/0001"]["top_level_category_code"],
        categories["019/0006/0001"]["mid_level_category_code"],
        categories["019/0006/0001"]["sub_level_category_code"],
    ) == ("019", "0006", "0001")
    assert categories["001"]["depth"] == 1 and categories["001"]["mid_level_category_code"] is None
    assert categories["001/0001/0001"]["path"][:2] == categories["001/0001"]["path"]

    subcategories = [s for c in out["template_categories"] for s in c["subcategories"]]
    assert "999999" in {s["code"] for s in subcategories}
    assert all(c["name_english"] for c in out["template_categories"])

    senders = out["senders"]
    assert [s["plus_friend_id"] for s in senders] == [f"@shop{n:03}" for n in range(SENDERS)]
    first = senders[0]
    assert first["pending_change_status"] == "IN_PROGRESS" and first["state"] is None
    assert first["name"] == "Shop @shop000" and first["admin_phone_number"] == "+48777777777"
    assert first["top_level_category_code"] == "019" and first["created"]
    assert [s["plus_friend_id"] for s in out["drafts"]] == [f"@shop{n:03}" for n in range(1, SENDERS, 2)]

    listed = out["templates"]
    assert len(listed) == TEMPLATES
    assert [t["name"] for t in listed] == sorted(t["name"] for t in listed)
    assert {t["category_code"] for t in listed} == {"999999"}
    assert all(t["buttons"] == [] and t["language"] == "KO" for t in listed)
    by_name = {t["name"]: t for t in listed}
    assert (by_name["order 001"]["state"], by_name["order 001"]["pending_change_status"]) == ("APPROVED", None)
    assert (by_name["order 000"]["state"], by_name["order 000"]["pending_change_status"]) == (None, "IN_PROGRESS")
    assert by_name["order 000"]["content"] == "Hello 0"  # the submitted details of a template never approved
    assert [t["name"] for t in out["orders"]] == ["order 000", "order 001", "order 002"]
    assert [t["code"] for t in out["approved"]] == [approved]

    requests = emulator.api_requests()
    sender_pages = [r for r in requests if r["path"] == f"{KAKAO}/senders"]
    template_pages = [r for r in requests if r["path"] == templates]
    for pages in (sender_pages, template_pages):
        assert len(pages) >= 2, "more than one page"
        assert any("pageToken" in str(r.get("query", "")) for r in pages), pages
    assert any("filterStatuses" in str(r.get("query", "")) for r in sender_pages), sender_pages
    assert any("templateName" in str(r.get("query", "")) for r in template_pages), template_pages

    code, _, _ = ws.plan()
    assert code == 0


def test_project_without_kakaotalk_fails_with_the_hint(workspace: Callable[..., Workspace]) -> None:
    ws = workspace()
    ws.write('data "sinch_kakaotalk_senders" "all" {}\n')
    result = ws.apply(check=False)
    output = said(result.stdout + result.stderr)
    assert result.returncode != 0, output
    assert "project_not_initialized" in output or "not initialized" in output, output
    assert "The project has no KakaoTalk yet" in output, output


def test_initialised_project_without_senders_lists_nothing(
    workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    emulator.admin("POST", f"/projects/{PROJECT}/kakaotalk/initialize")
    ws = workspace()
    ws.write(
        'data "sinch_kakaotalk_senders" "all" {}\noutput "n" { value = data.sinch_kakaotalk_senders.all.senders }\n'
    )
    ws.apply()
    assert ws.outputs()["n"] == []


BAD = {
    "plus friend id slash": (
        'data "sinch_kakaotalk_templates" "t" {\n  plus_friend_id = "a/b"\n}\n',
        "plus_friend_id",
    ),
    "plus friend id too long": (
        'data "sinch_kakaotalk_template_categories" "t" {\n  plus_friend_id = "%s"\n}\n' % ("x" * 31),
        "plus_friend_id",
    ),
    "sender state": ('data "sinch_kakaotalk_senders" "s" {\n  states = ["APPROVED"]\n}\n', "states"),
    "template status": (
        'data "sinch_kakaotalk_templates" "t" {\n  plus_friend_id = "@shop"\n  change_statuses = ["ERROR"]\n}\n',
        "change_statuses",
    ),
    "project id": ('data "sinch_kakaotalk_sender_categories" "c" {\n  project_id = "../x"\n}\n', "project_id"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_fails_at_validate_without_a_request(
    case: str, workspace: Callable[..., Workspace], emulator: Emulator
) -> None:
    config, attribute = BAD[case]
    ws = workspace()
    ws.write(config)
    text = refused_at_validate(ws, emulator)
    assert f"Invalid {attribute}" in text, text
    assert f"{attribute} = " in text, "the diagnostic points at the attribute"
