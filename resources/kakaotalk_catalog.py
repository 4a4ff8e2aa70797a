"""Read-only KakaoTalk data sources: ``sinch_kakaotalk_sender_categories`` and
``sinch_kakaotalk_template_categories`` (tag "KakaoTalk Categories"), ``sinch_kakaotalk_senders`` (tag "KakaoTalk
Senders") and ``sinch_kakaotalk_templates`` (tag "KakaoTalk Templates")."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, StringConstraints
from tf import iface

from provider.resource import ListDataSource
from provider.schema import Attr, from_api, list_of_objects
from provider.types import IdSegment, check_id_segment, text

if TYPE_CHECKING:  # httpx is imported when the provider is configured, not at start-up
    from provider.client import SinchClient

PlusFriendId = Annotated[str, StringConstraints(min_length=1, max_length=30), AfterValidator(check_id_segment)]
"""A KakaoTalk sender's ``plusFriendId`` (1..30 characters, as `KakaotalkInputSenderDto` defines it)."""

# The enums of the OpenAPI description (`KakaotalkSenderStatesEnum`, `KakaotalkSenderStatusesEnum`, ...).
SenderState = Literal["ACTIVE", "BLOCKED", "INACTIVE", "SUSPENDED", "VERIFYING"]
SenderStatus = Literal["DRAFT", "IN_PROGRESS", "REJECTED"]
TemplateState = Literal["APPROVED", "REJECTED"]
TemplateStatus = Literal["DRAFT", "IN_PROGRESS", "REJECTED"]

NOT_INITIALIZED = {
    "project_not_initialized": "The project has no KakaoTalk yet: it gets KakaoTalk when its first KakaoTalk sender "
    "is created (or when Sinch onboards it). Check `project_id`, or create a KakaoTalk sender first."
}

PROJECT = Attr("project_id", IdSegment, "Sinch project.", optional=True, computed=True, api=None,
               provider_default="project_id")  # fmt: skip
PLUS_FRIEND_ID = Attr("plus_friend_id", PlusFriendId, "The sender's `plusFriendId` (1 to 30 characters).",
                      required=True, api=None)  # fmt: skip


def current(item: Mapping[str, Any]) -> dict[str, Any]:
    """The item with ``details`` as they are live, or, for an object never approved (no details yet), as submitted
    in its pending changes."""
    details = item.get("details") or (item.get("changes") or {}).get("details") or {}
    return {**item, "details": details}


# ------------------------------------------------------------------ sender categories


class KakaotalkSenderCategories(ListDataSource):
    name = "kakaotalk_sender_categories"
    description = (
        "The KakaoTalk sender category tree, flattened: every category (all three levels) with its full code path "
        "(`code`, such as `019/0006/0001`) and names. A sender takes a third-level category: its "
        "`top_level_category_code`, `mid_level_category_code` and `sub_level_category_code`."
    )
    collection_path = "/v1/projects/{project_id}/kakaotalk/categories/senders"
    items_key = "categories"
    error_hints = NOT_INITIALIZED
    item_attributes = (
        Attr("code", str, "The full code path, the codes of each level joined by `/` (e.g. `019/0006/0001`).",
             computed=True),
        Attr("path", list[str], "The names of the category and its ancestors, top level first.", computed=True),
        Attr("name", str, "The category's own name.", computed=True),
        Attr("depth", int, "The level in the tree: 1 (top), 2 (mid) or 3 (sub).", computed=True),
        Attr("parent_code", str, "The code of the parent category (empty at the top level).", computed=True),
        Attr("top_level_category_code", str, "The code of the top-level category of the path.", computed=True),
        Attr("mid_level_category_code", str, "The code of the mid-level category of the path (null at depth 1).",
             computed=True),
        Attr("sub_level_category_code", str, "The code of the sub-level category (null above depth 3).",
             computed=True),
    )  # fmt: skip
    attributes = (
        PROJECT,
        Attr("categories", list_of_objects(item_attributes), "Every category, depth first in the API's order.",
             computed=True),
    )  # fmt: skip

    def read(self, ctx: iface.ReadDataContext, config: dict[str, Any]) -> dict[str, Any] | None:
        state = super().read(ctx, config)
        if state is not None:  # the flattening (see `enrich`) produced lists of rows: one list per top category
            state["categories"] = [row for rows in state["categories"] for row in rows]
        return state

    def enrich(self, client: SinchClient, item: dict[str, Any], state: Mapping[str, Any]) -> dict[str, Any]:
        return {"rows": list(flatten(item, (), ()))}

    def map_item(self, item: Mapping[str, Any], path_values: Mapping[str, Any]) -> Any:
        return item["rows"]


def flatten(category: Mapping[str, Any], codes: tuple[str, ...], names: tuple[str, ...]) -> Iterator[dict[str, Any]]:
    codes = (*codes, str(category.get("code", "")))
    names = (*names, str(category.get("name", "")))
    levels = (*codes, None, None)
    depth = category.get("depth")
    yield {
        "code": "/".join(codes),
        "path": list(names),
        "name": category.get("name"),
        "depth": int(depth) if isinstance(depth, (int, float)) else len(codes),
        "parent_code": category.get("parentCode"),
        "top_level_category_code": levels[0],
        "mid_level_category_code": levels[1],
        "sub_level_category_code": levels[2],
    }
    for sub in category.get("subcategories") or []:
        yield from flatten(sub, codes, names)


# ------------------------------------------------------------------ template categories

SUBCATEGORY = (
    Attr("code", str, "Subcategory code: a template's `category_code`.", computed=True),
    Attr("name", str, "Subcategory name (Korean).", computed=True),
    Attr("name_english", str, "Subcategory name in English.", computed=True),
    Attr("group_name", str, "The group of the subcategory.", computed=True),
    Attr("inclusion", str, "What templates of the subcategory contain.", computed=True),
    Attr("exclusion", str, "What templates of the subcategory must not contain.", computed=True),
)


class KakaotalkTemplateCategories(ListDataSource):
    name = "kakaotalk_template_categories"
    description = (
        "The KakaoTalk template categories open to one sender (all pages), each with its subcategories: a "
        "subcategory's `code` is a template's `category_code`."
    )
    collection_path = "/v1/projects/{project_id}/kakaotalk/categories/senders/{plus_friend_id}/templates"
    items_key = "categories"
    page_size = 100
    error_hints = NOT_INITIALIZED
    item_attributes = (
        Attr("name", str, "Category name (Korean).", computed=True),
        Attr("name_english", str, "Category name in English.", computed=True),
        Attr("subcategories", list_of_objects(SUBCATEGORY), "The subcategories: `code`, `name`, `name_english`, "
             "`group_name`, `inclusion`, `exclusion`.", computed=True),
    )  # fmt: skip
    attributes = (
        PROJECT,
        PLUS_FRIEND_ID,
        Attr("categories", list_of_objects(item_attributes), "The categories.", computed=True),
    )


# ------------------------------------------------------------------ senders

SENDER_ITEM = (
    Attr("id", str, "Sender ID.", computed=True),
    Attr("plus_friend_id", str, "The sender's `plusFriendId`.", computed=True),
    Attr("state", str, "`ACTIVE`, `BLOCKED`, `INACTIVE`, `SUSPENDED` or `VERIFYING` (null before registration).",
         computed=True),
    Attr("pending_change_status", str, "The status of pending changes: `DRAFT`, `IN_PROGRESS` or `REJECTED` (null "
         "without).", computed=True, read_api="changes.status"),
    Attr("admin_phone_number", str, "The admin's phone number.", computed=True, read_api="details.adminPhoneNo"),
    Attr("name", str, "The sender's name.", computed=True, read_api="details.name"),
    Attr("logo_url", str, "URL of the sender's logo.", computed=True, read_api="details.logoImage"),
    Attr("top_level_category_code", str, "Top-level category code.", computed=True,
         read_api="details.topLevelCategoryCode"),
    Attr("mid_level_category_code", str, "Mid-level category code.", computed=True,
         read_api="details.midLevelCategoryCode"),
    Attr("sub_level_category_code", str, "Sub-level category code.", computed=True,
         read_api="details.subLevelCategoryCode"),
    Attr("created", str, "When the sender was created (RFC 3339).", computed=True),
    Attr("modified", str, "When the sender was last changed (RFC 3339).", computed=True),
)  # fmt: skip


class KakaotalkSenders(ListDataSource):
    name = "kakaotalk_senders"
    description = (
        "Every KakaoTalk sender of a project (all pages), optionally filtered by state or change status. The details "
        "are the live ones, or, for a sender never active, the submitted ones."
    )
    collection_path = "/v1/projects/{project_id}/kakaotalk/senders"
    items_key = "senders"
    page_size = 100
    query = {"states": "filterStates", "change_statuses": "filterStatuses"}
    error_hints = NOT_INITIALIZED
    item_attributes = SENDER_ITEM
    attributes = (
        PROJECT,
        Attr("states", set[SenderState], "Only senders in these states.", optional=True, api=None),
        Attr("change_statuses", set[SenderStatus], "Only senders whose pending changes have one of these statuses.",
             optional=True, api=None),
        Attr("senders", list_of_objects(item_attributes), "The senders.", computed=True),
    )  # fmt: skip

    def map_item(self, item: Mapping[str, Any], path_values: Mapping[str, Any]) -> dict[str, Any]:
        return from_api(self.item_attributes, current(item))


# ------------------------------------------------------------------ templates

BUTTON = (
    Attr("ordering", int, "Position of the button (1 to 5).", computed=True),
    Attr("type", str, "Button type.", computed=True),
    Attr("name", str, "Button label.", computed=True),
    Attr("link_mo", str, "Mobile link.", computed=True),
    Attr("link_pc", str, "PC link.", computed=True),
    Attr("scheme_ios", str, "iOS app scheme.", computed=True),
    Attr("scheme_android", str, "Android app scheme.", computed=True),
)

TEMPLATE_ITEM = (
    Attr("id", str, "Template ID.", computed=True),
    Attr("code", str, "Template code.", computed=True),
    Attr("state", str, "`APPROVED` or `REJECTED` (null before a review).", computed=True),
    Attr("pending_change_status", str, "The status of pending changes: `DRAFT`, `IN_PROGRESS` or `REJECTED` (null "
         "without).", computed=True, read_api="changes.status"),
    Attr("language", str, "Template language.", computed=True, read_api="details.language"),
    Attr("message_type", str, "Message type.", computed=True, read_api="details.messageType"),
    Attr("emphasize_type", str, "Emphasis type.", computed=True, read_api="details.emphasizeType"),
    Attr("category_code", str, "Template category code (see `sinch_kakaotalk_template_categories`).", computed=True,
         read_api="details.categoryCode"),
    Attr("security_flag", bool, "Whether the template is a security template.", computed=True,
         read_api="details.securityFlag"),
    Attr("name", str, "Template name.", computed=True, read_api="details.name"),
    Attr("content", str, "Template content.", computed=True, read_api="details.content"),
    Attr("extra", str, "Extra information.", computed=True, read_api="details.extra"),
    Attr("ad", str, "Advertisement text.", computed=True, read_api="details.ad"),
    Attr("title", str, "Emphasized title.", computed=True, read_api="details.title"),
    Attr("subtitle", str, "Emphasized subtitle.", computed=True, read_api="details.subtitle"),
    Attr("image_name", str, "Image name.", computed=True, read_api="details.imageName"),
    Attr("image_url", str, "Image URL.", computed=True, read_api="details.imageUrl"),
    Attr("buttons", list_of_objects(BUTTON), "The buttons.", computed=True, read_api="details.buttons"),
    Attr("created", str, "When the template was created (RFC 3339).", computed=True),
    Attr("modified", str, "When the template was last changed (RFC 3339).", computed=True),
)  # fmt: skip


class KakaotalkTemplates(ListDataSource):
    name = "kakaotalk_templates"
    description = (
        "Every KakaoTalk template of one sender (all pages), alphabetical by name, optionally filtered by state, "
        "change status or name. The details are the approved ones, or, for a template never approved, the "
        "submitted ones."
    )
    collection_path = "/v1/projects/{project_id}/kakaotalk/senders/{plus_friend_id}/templates"
    items_key = "templates"
    page_size = 100
    query = {"states": "filterStates", "change_statuses": "filterStatuses", "template_name": "templateName"}
    error_hints = NOT_INITIALIZED
    item_attributes = TEMPLATE_ITEM
    attributes = (
        PROJECT,
        PLUS_FRIEND_ID,
        Attr("states", set[TemplateState], "Only templates in these states.", optional=True, api=None),
        Attr("change_statuses", set[TemplateStatus], "Only templates whose pending changes have one of these "
             "statuses.", optional=True, api=None),
        Attr("template_name", text(1, 150), "Only templates whose name matches this.", optional=True, api=None),
        Attr("templates", list_of_objects(item_attributes), "The templates.", computed=True),
    )  # fmt: skip

    def map_item(self, item: Mapping[str, Any], path_values: Mapping[str, Any]) -> dict[str, Any]:
        return from_api(self.item_attributes, current(item))
