"""``sinch_kakaotalk_template``: a KakaoTalk (AlimTalk) message template of one sender, tag "KakaoTalk Templates".

The template belongs to a sender (``plus_friend_id``; a new sender replaces it) and is identified by the code
Sinch assigns (``id``). Create submits it (``status: SUBMIT``) for KakaoTalk's review; changes are PATCHes of
what changed, submitted again, where a field removed from the configuration is sent as null (deleting it). The
review ends APPROVED or REJECTED; a rejection's reason is in the template's activities, and the failed wait names
it. ``buttons`` is the list of buttons in the order shown (``ordering`` is their position, sent by the provider),
at most 5 and each ``type`` once; KakaoTalk's link rules (WEB_LINK needs ``link_mo``, APP_LINK both schemes or
``link_mo``, other kinds take no links) and the content rules of the message and emphasis types are checked at
``terraform validate``, as the API checks them at submission (``424 template_kakaotalk_validation_error``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeGuard, get_args

from provider.resource import ApiResource
from provider.review import Outcome, Review
from provider.schema import Attr, Problem, Variant, list_of_objects, stand_in
from provider.types import IdSegment, http_url, text
from resources.kakaotalk_catalog import NOT_INITIALIZED, PlusFriendId
from resources.whatsapp_template import TemplateLanguage

if TYPE_CHECKING:
    pass

MessageType = Literal["AD_INCLUDED", "BASIC", "EXTRA_INFORMATION", "MIXED"]
EmphasizeType = Literal["EMPHASIZE_TYPE_IMAGE", "EMPHASIZE_TYPE_NONE", "EMPHASIZE_TYPE_TEXT"]
ButtonType = Literal[
    "APP_LINK", "BOT_FOR_CONSULTATION", "BOT_KEYWORD", "BOT_TRANSFER", "BUSINESS_FORM", "CHANNEL_ID_ADDED",
    "DELIVERY_SEARCH", "IMAGE_SECURE_TRANSMISSION_PLUGIN_ID", "MESSAGE_DELIVERY", "ONE_CLICK_PAYMENT_PLUGIN",
    "PERSONAL_INFORMATION_USE_PLUGIN_ID", "WEB_LINK",
]  # fmt: skip
TemplateState = Literal["APPROVED", "REJECTED"]
ChangeStatus = Literal["DRAFT", "IN_PROGRESS", "REJECTED"]

MAX_BUTTONS = 5
LINKS = ("link_mo", "link_pc", "scheme_ios", "scheme_android")
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")

BUTTON = (
    Attr("type", ButtonType, "The kind of button (each kind at most once in a template).", required=True),
    Attr("name", text(1, 14), "The button's label, 1 to 14 characters.", required=True),
    Attr("link_mo", http_url(500), "`WEB_LINK` (required), `APP_LINK`: the mobile link.", optional=True,
         api="linkMo"),
    Attr("link_pc", http_url(500), "`WEB_LINK`, `APP_LINK`: the PC link.", optional=True, api="linkPc"),
    Attr("scheme_ios", http_url(500), "`APP_LINK`: the iOS app scheme (with `scheme_android`, unless `link_mo`).",
         optional=True, api="schemeIos"),
    Attr("scheme_android", http_url(500), "`APP_LINK`: the Android app scheme (with `scheme_ios`, unless "
         "`link_mo`).", optional=True, api="schemeAndroid"),
)  # fmt: skip
BUTTON_VARIANTS = {
    "WEB_LINK": Variant(required=("link_mo",), optional=("link_pc",)),
    "APP_LINK": Variant(optional=LINKS),
    **{kind: Variant() for kind in get_args(ButtonType) if kind not in ("WEB_LINK", "APP_LINK")},
}

REJECTED_HELP = "Correct the template and apply again: the change is submitted for a new review."

IDENTITY = (
    Attr("project_id", IdSegment, "Sinch project of the sender.", optional=True, computed=True, stable=True,
         force_new=True, api=None, provider_default="project_id"),
    Attr("plus_friend_id", PlusFriendId, "The sender (`plusFriendId`, 1 to 30 characters) the template belongs "
         "to; a change replaces the template.", required=True, force_new=True, api=None),
    Attr("id", str, "The template code, assigned by Sinch.", computed=True, stable=True, api="code"),
)  # fmt: skip

DETAILS = (
    Attr("name", text(1, 150), "The template's name (unique per sender), 1 to 150 characters.", required=True,
         api="details.name"),
    Attr("language", TemplateLanguage, "The template's language; a change replaces the template.", required=True,
         force_new=True, api="details.language"),
    Attr("content", text(1, 1000), "The message, 1 to 1000 characters.", required=True, api="details.content"),
    Attr("message_type", MessageType, "`BASIC` (the default), `EXTRA_INFORMATION` and `MIXED` (these need "
         "`extra`), or `AD_INCLUDED`.", optional=True, computed=True, default="BASIC",
         api="details.messageType"),
    Attr("emphasize_type", EmphasizeType, "`EMPHASIZE_TYPE_NONE` (the default), `EMPHASIZE_TYPE_TEXT` (needs "
         "`title`) or `EMPHASIZE_TYPE_IMAGE` (needs `image_url`).", optional=True, computed=True,
         default="EMPHASIZE_TYPE_NONE", api="details.emphasizeType"),
    Attr("category_code", text(1, 6), "The template subcategory code (see `sinch_kakaotalk_template_categories`; "
         "default `999999`, Others).", optional=True, computed=True, default="999999",
         api="details.categoryCode"),
    Attr("security_flag", bool, "A security template (one-time codes): the text shows on the main device only "
         "(default false).", optional=True, computed=True, default=False, api="details.securityFlag"),
    Attr("extra", text(1, 500), "Additional information (`EXTRA_INFORMATION`, `MIXED`).", optional=True,
         api="details.extra"),
    Attr("title", text(1, 50), "The emphasized title (`EMPHASIZE_TYPE_TEXT`).", optional=True, api="details.title"),
    Attr("subtitle", text(1, 50), "The auxiliary phrase under the title.", optional=True, api="details.subtitle"),
    Attr("image_name", text(1, 250), "The image's file name.", optional=True, api="details.imageName"),
    Attr("image_url", http_url(), "`EMPHASIZE_TYPE_IMAGE`: the image, a JPEG or PNG (`.jpg`, `.jpeg`, `.png`) of "
         "at most 500 KB, at least 500 x 250 pixels, ratio 2:1.", optional=True, api="details.imageUrl"),
    Attr("buttons", list_of_objects(BUTTON, min_items=1, max_items=MAX_BUTTONS, discriminator="type",
                                    variants=BUTTON_VARIANTS),
         "The buttons in the order shown, at most 5, each `type` at most once.", optional=True,
         api="details.buttons"),
)  # fmt: skip

REPORTED = (
    Attr("template_id", str, "Sinch's ID of the template.", computed=True, stable=True, api="id"),
    Attr("state", TemplateState, "KakaoTalk's verdict: `APPROVED` or `REJECTED` (null before the first review).",
         computed=True),
    Attr("pending_change_status", ChangeStatus, "Status of the change under review: `DRAFT`, `IN_PROGRESS` or "
         "`REJECTED`; null when every change has been approved.", computed=True, api="changes.status"),
    Attr("created", str, "When the template was created (RFC 3339).", computed=True, stable=True),
    Attr("modified", str, "When the template was last changed (RFC 3339).", computed=True),
)  # fmt: skip

REVIEW = Review(
    targets={"APPROVED": ("APPROVED",)},
    transitional=(None,),
    in_review=("IN_PROGRESS",),
    updates_reviewed=True,
    errors={
        "REJECTED": Outcome("KakaoTalk rejected the template", REJECTED_HELP + " Reason: {reason}"),
        "changes:REJECTED": Outcome("KakaoTalk rejected the change", REJECTED_HELP + " Reason: {reason}"),
    },
    rejected_changes=("REJECTED",),
    code_paths=(),
    reason_paths=("rejectionReason",),  # not an API field: filled from the activities (`rejection_activities`)
)
SETTINGS = REVIEW.settings(
    wait="Whether create and updates wait until KakaoTalk has `APPROVED` the template (the default; a rejection "
    "then fails the apply with its reason), or return once it is submitted (`NONE`). How long: the `timeouts` "
    "block.",
)

ATTRIBUTES = (*IDENTITY, *DETAILS, *REPORTED, *SETTINGS)
DETAIL_NAMES = tuple(a.name for a in DETAILS)


def _known(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and not stand_in(value)


def button_rules(config: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    buttons = config.get("buttons")
    if not isinstance(buttons, Sequence) or isinstance(buttons, str):
        return problems
    seen: dict[str, int] = {}
    for index, button in enumerate(buttons):
        if not isinstance(button, Mapping):
            continue
        where, kind = ["buttons", (index,)], button.get("type")
        if _known(kind):
            if kind in seen:
                problems.append((where, f"buttons[{index}] repeats the type {kind} of buttons[{seen[kind]}]: each "
                                        "type at most once"))  # fmt: skip
            else:
                seen[kind] = index
        if (
            kind == "APP_LINK"
            and button.get("link_mo") is None
            and (button.get("scheme_ios") is None or button.get("scheme_android") is None)
        ):
            problems.append((where, f"buttons[{index}]: an APP_LINK button needs scheme_ios and scheme_android, "
                                    "or link_mo"))  # fmt: skip
    return problems


def content_rules(config: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    message, emphasize = config.get("message_type"), config.get("emphasize_type")
    if message in ("EXTRA_INFORMATION", "MIXED") and config.get("extra") is None:
        problems.append((["extra"], f"extra is required when message_type is {message}"))
    if emphasize == "EMPHASIZE_TYPE_TEXT" and config.get("title") is None:
        problems.append((["title"], "title is required when emphasize_type is EMPHASIZE_TYPE_TEXT"))
    if emphasize == "EMPHASIZE_TYPE_IMAGE" and config.get("image_url") is None:
        problems.append((["image_url"], "image_url is required when emphasize_type is EMPHASIZE_TYPE_IMAGE"))
    url = config.get("image_url")
    if _known(url):
        path = url.split("?", 1)[0].split("#", 1)[0].lower()
        if not path.endswith(IMAGE_EXTENSIONS):
            problems.append((["image_url"], "image_url must be a JPEG or PNG image ending in .jpg, .jpeg or .png"))
    return problems


class KakaotalkTemplate(ApiResource):
    name = "kakaotalk_template"
    description = (
        "A KakaoTalk message template of one sender (content, emphasis, buttons), submitted to KakaoTalk for "
        "review. Changes are submitted in place (a removed field is deleted); a new sender or language replaces "
        "the template."
    )
    attributes = ATTRIBUTES
    collection_path = "/v1/projects/{project_id}/kakaotalk/senders/{plus_friend_id}/templates"
    item_path = "/v1/projects/{project_id}/kakaotalk/senders/{plus_friend_id}/templates/{id}"
    import_id = "{project_id}/{plus_friend_id}/{id}"
    update_method = "PATCH"
    review = REVIEW
    natural_key = ("name",)
    list_items_key = "templates"
    exists_error_codes = ("template_exists",)
    gone_error_codes = ("sender_not_found",)
    error_hints = NOT_INITIALIZED
    rejection_activities = "/activities"  # the template's DTO has no reason field

    def check_config(self, config: Mapping[str, Any]) -> list[Problem]:
        return [*button_rules(config), *content_rules(config)]

    # ------------------------------------------------------------------ requests

    @staticmethod
    def _ordered(body: dict[str, Any]) -> dict[str, Any]:
        buttons = (body.get("details") or {}).get("buttons")
        if isinstance(buttons, list):
            body["details"]["buttons"] = [{**b, "ordering": i} for i, b in enumerate(buttons, start=1)]
        return body

    def create_body(self, planned: Mapping[str, Any]) -> dict[str, Any]:
        return {**self._ordered(super().create_body(planned)), "status": "SUBMIT"}

    def update_body(self, current: Mapping[str, Any], planned: Mapping[str, Any], changed: list[str]) -> dict[str, Any]:
        body = self._ordered(super().update_body(current, planned, [n for n in changed if n in DETAIL_NAMES]))
        details = body.setdefault("details", {})
        details.pop("language", None)  # cannot change (it forces replacement)
        for name in changed:
            attr = self.attr(name)
            if name in DETAIL_NAMES and planned.get(name) is None and isinstance(attr.api, str):
                details[attr.api.removeprefix("details.")] = None  # the API's way to delete a field
        return {**body, "status": "SUBMIT"}

    # ------------------------------------------------------------------ answers

    def live_view(self, body: Mapping[str, Any]) -> dict[str, Any]:
        view = super().live_view(body)
        details = view.get("details")
        if isinstance(details, Mapping):
            buttons = details.get("buttons")
            if isinstance(buttons, list):
                buttons = sorted(buttons, key=lambda b: b.get("ordering") or 0) if buttons else None
                view = {**view, "details": {**details, "buttons": buttons}}
        return view
