"""``sinch_kakaotalk_sender``: a KakaoTalk sender (a KakaoTalk channel, ``plusFriendId``), tag "KakaoTalk Senders".

A sender is keyed by its ``plusFriendId``. Its details (name, admin phone, logo, category) live as ``details`` and,
while a change is pending, as ``changes: {status, details}``: state shows the pending values (DRAFT or
IN_PROGRESS) over the live ones, and ``pending_change_status`` says which.

The life of a sender:
- created and submitted (``submit = true``, the default), it is registered at once: Sinch sends a verification code
  to the admin phone and the sender is VERIFYING; the apply ends there with a warning. A second apply with
  ``verification_code`` verifies it, and it is ACTIVE (provider/verification.py, as for WhatsApp senders);
- created with ``submit = false``, it is a draft: changes are PATCHed as drafts, in place, and setting ``submit`` to
  true submits them (then it is registered as above);
- an ACTIVE sender's changes are submitted and reviewed; apply waits for the review (a rejection fails it with the
  reason from the sender's activities). A rejected change is deleted (``DELETE .../changes``) before the next one;
- destroy marks the sender for removal: Sinch keeps it visible and active for 60 days, and its ``plusFriendId`` is
  taken until then.
``saveDraftOnFailure`` is not offered: a submission the API refuses fails the apply with nothing created, which is
what a plan promises; a draft is asked for with ``submit = false``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tf import iface
from tf.utils import Diagnostics

from provider.resource import ApiResource
from provider.review import Outcome, Review
from provider.schema import Attr, Problem, stand_in
from provider.types import IdSegment, digits, e164, http_url, text
from provider.verification import Verification
from resources.kakaotalk_catalog import NOT_INITIALIZED, PlusFriendId, SenderState, SenderStatus, current

if TYPE_CHECKING:
    from provider.client import SinchClient

IMAGE_EXTENSIONS = ("jpg", "jpeg", "png")
REMOVAL_DAYS = 60
REJECTED_HELP = "Correct the sender and apply again: the rejected change is deleted and the new one submitted."

IDENTITY = (
    Attr("project_id", IdSegment, "Sinch project of the sender.", optional=True, computed=True, stable=True,
         force_new=True, api=None, provider_default="project_id"),
    Attr("plus_friend_id", PlusFriendId, "The KakaoTalk channel's ID (`plusFriendId`, 1 to 30 characters, e.g. "
         "`@exampleshop`); a change replaces the sender.", required=True, force_new=True, api="plusFriendId"),
    Attr("id", str, "Sinch's ID of the sender.", computed=True, stable=True),
)  # fmt: skip

DETAILS = (
    Attr("name", text(1, 512), "The sender's name, 1 to 512 characters.", required=True, api="details.name"),
    Attr("admin_phone_number", e164(15), "The admin's phone number in E.164 form (e.g. `+48777777777`): the "
         "verification code is sent there.", required=True, api="details.adminPhoneNo"),
    Attr("logo_url", http_url(), "The sender's logo: a JPEG or PNG image of at most 5 MB. Removing it deletes the "
         "logo.", optional=True, api="details.logoImage"),
    Attr("top_level_category_code", digits(3, 3), "The category: its top-level code, 3 digits (e.g. `019`). Look "
         "the three codes up in `sinch_kakaotalk_sender_categories`.", required=True,
         api="details.topLevelCategoryCode"),
    Attr("mid_level_category_code", digits(4, 4), "The category's mid-level code, 4 digits (e.g. `0006`).",
         required=True, api="details.midLevelCategoryCode"),
    Attr("sub_level_category_code", digits(4, 4), "The category's sub-level code, 4 digits (e.g. `0001`).",
         required=True, api="details.subLevelCategoryCode"),
)  # fmt: skip
DETAIL_NAMES = tuple(a.name for a in DETAILS)

REPORTED = (
    Attr("state", SenderState, "Live state: `VERIFYING` (waiting for the code), `ACTIVE`, `INACTIVE`, `BLOCKED` or "
         "`SUSPENDED`; null before registration (a draft, a sender just submitted).", computed=True),
    Attr("pending_change_status", SenderStatus, "Status of the pending change: `DRAFT`, `IN_PROGRESS` (submitted) "
         "or `REJECTED`; null when every change is live. While one is DRAFT or IN_PROGRESS, the details above are "
         "the pending ones.", computed=True, api="changes.status"),
    Attr("created", str, "When the sender was created (RFC 3339).", computed=True, stable=True),
    Attr("modified", str, "When the sender last changed (RFC 3339).", computed=True),
)  # fmt: skip

REVIEW = Review(
    # VERIFYING is reached on the way to either target: the code is sent there, and the wait ends
    targets={"ACTIVE": ("ACTIVE",), "VERIFYING": ("ACTIVE",)},
    transitional=(None,),  # submitted, not registered yet
    in_review=("IN_PROGRESS",),
    idle=("DRAFT",),
    updates_reviewed=True,
    errors={"changes:REJECTED": Outcome("Sinch rejected the sender", REJECTED_HELP + " Reason: {reason}")},
    refusals={state: Outcome("the sender is {state}", no_reason="") for state in ("BLOCKED", "INACTIVE", "SUSPENDED")},
    rejected_changes=("REJECTED",),
    updatable=(None, "ACTIVE"),  # a draft, or an active sender
    frozen_while=("IN_PROGRESS",),
    code_paths=(),
    reason_paths=("rejectionReason",),  # not an API field: filled from the activities
)

VERIFICATION = Verification(
    awaiting="VERIFYING",
    # a submitted sender is registered at once: registration sends the code and makes it VERIFYING
    requestable=lambda body: body.get("state") is None and (body.get("changes") or {}).get("status") == "IN_PROGRESS",
    sent_to="to the admin phone (`admin_phone_number`)",
    code_as_number=True,
)

SETTINGS = (
    Attr("submit", bool, "Whether the sender and its changes are submitted (default true). false: it is created, and "
         "changed, as a draft (`pending_change_status = DRAFT`) and not registered; set it to true to submit.",
         optional=True, computed=True, api=None, default=True),
    *REVIEW.settings(
        wait="How far create and submissions wait: `ACTIVE` (default; a new sender stops at VERIFYING once the code "
        "is sent to the admin phone), `VERIFYING` (the same), or `NONE` (submitted, not registered). Changes of an "
        "ACTIVE sender wait for Sinch's review. How long: the `timeouts` block.",
    ),
    *VERIFICATION.settings(
        code="The 6-digit code Sinch sent to the admin phone when the sender was registered. Setting it verifies a "
        "VERIFYING sender, which then becomes ACTIVE (a code present when the sender is created is not used: the "
        "code is sent after creation).",
    ),
)  # fmt: skip


def logo_rules(config: Mapping[str, Any]) -> list[Problem]:
    """jpeg or png as far as the URL tells (as the API checks on submission): a file name with another extension
    is refused; one without an extension may be anything."""
    url = config.get("logo_url")
    if not isinstance(url, str) or stand_in(url):
        return []
    segment = urlsplit(url).path.rsplit("/", 1)[-1]
    if "." in segment and segment.rsplit(".", 1)[1].lower() not in IMAGE_EXTENSIONS:
        return [(["logo_url"], "logo_url must be a JPEG or PNG image (.jpg, .jpeg or .png)")]
    return []


class KakaotalkSender(ApiResource):
    name = "kakaotalk_sender"
    description = (
        "A KakaoTalk sender (a KakaoTalk channel): submitted, registered and verified with a code sent to the admin "
        "phone (two applies), or kept as a draft. Changes of an active sender are reviewed by Sinch; a new "
        "`plus_friend_id` replaces it. Destroying a sender schedules its removal: Sinch keeps it visible and active "
        f"for {REMOVAL_DAYS} days."
    )
    attributes = (*IDENTITY, *DETAILS, *REPORTED, *SETTINGS)
    collection_path = "/v1/projects/{project_id}/kakaotalk/senders"
    item_path = "/v1/projects/{project_id}/kakaotalk/senders/{plus_friend_id}"
    import_id = "{project_id}/{plus_friend_id}"
    update_method = "PATCH"
    review = REVIEW
    verification = VERIFICATION
    rejection_activities = "/activities"  # the sender's DTO has no reason field
    natural_key = ("plus_friend_id",)
    list_items_key = "senders"
    list_reads = True
    list_identity = ("plus_friend_id",)
    list_page_size = 100
    created_attribute = "created"
    exists_error_codes = ("plus_friend_id_used",)
    gone_error_codes = ("sender_already_deleted",)  # a second delete within the 60 days
    error_hints = {
        **NOT_INITIALIZED,
        "plus_friend_id_used": f"A sender with this plus_friend_id exists, or was deleted less than {REMOVAL_DAYS} "
        "days ago (Sinch keeps a deleted sender that long).",
    }

    def check_config(self, config: Mapping[str, Any]) -> list[Problem]:
        return logo_rules(config)

    # ------------------------------------------------------------------ requests

    def create_body(self, planned: Mapping[str, Any]) -> dict[str, Any]:
        return {**super().create_body(planned), "status": "SUBMIT" if planned.get("submit") is not False else "DRAFT"}

    def update_body(self, current: Mapping[str, Any], planned: Mapping[str, Any], changed: list[str]) -> dict[str, Any]:
        details = [n for n in changed if n in DETAIL_NAMES]
        body = super().update_body(current, planned, details) if details else {}
        return {**body, "status": "SUBMIT" if planned.get("submit") is not False else "DRAFT"}

    def changed(self, current: Mapping[str, Any], planned: Mapping[str, Any]) -> list[str]:
        """Setting `submit` to true submits a pending draft."""
        names = super().changed(current, planned)
        if planned.get("submit") and current.get("pending_change_status") == "DRAFT" and not current.get("submit"):
            names.append("submit")
        return names

    def send_update(
        self,
        diags: Diagnostics,
        client: SinchClient,
        current: Mapping[str, Any],
        planned: Mapping[str, Any],
        changed: list[str],
        body: dict[str, Any],
    ) -> dict[str, Any]:
        """A rejected change takes no other: it is deleted first (an active sender keeps its live details)."""
        if changed and current.get("pending_change_status") == "REJECTED" and current.get("state") is not None:
            client.delete(self.path(self.item_path, current) + "/changes")
        return super().send_update(diags, client, current, planned, changed, body)

    # ------------------------------------------------------------------ answers

    def live_view(self, body: Mapping[str, Any]) -> dict[str, Any]:
        # a sender never active has only its submitted details
        return super().live_view(current(body) if body.get("changes") else body)

    def after_delete(self, ctx: iface.DeleteContext, state: Mapping[str, Any]) -> None:
        ctx.diagnostics.add_warning(
            f"{self.type_name()} {self.describe(state)} is scheduled for removal",
            f"Sinch keeps a deleted KakaoTalk sender visible and active for {REMOVAL_DAYS} days, then removes it with "
            "its templates. Until then its plus_friend_id cannot be used by a new sender.",
        )
