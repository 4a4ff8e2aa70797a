"""``sinch_rcs_test_number``: one test number of an RCS sender, tag "RCS Senders".

Adding a number (``POST .../testNumbers``) sends the tester an invitation; its state (PENDING, UNVERIFIED, then
VERIFIED or DECLINED, ...) is read with ``GET .../testNumbers/{number}``, and ``DELETE`` removes it. One resource
per number, so that a module adds and removes testers one by one (the API's limits: 20 invitations a day per
sender, 200 numbers in all). Re-adding a VERIFIED number makes it UNVERIFIED and invites again: a replacement does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tf import iface

from provider.resource import ApiResource
from provider.schema import Attr
from provider.types import IdSegment, e164

if TYPE_CHECKING:
    from provider.client import SinchClient


class RcsTestNumber(ApiResource):
    name = "rcs_test_number"
    description = (
        "A test number of an RCS sender: adding it invites the tester's phone to try the agent before launch "
        "(`state` shows the invitation: `PENDING`, `UNVERIFIED`, `VERIFIED`, `DECLINED`, ...). Sinch allows 20 "
        "invitations a day per sender and 200 numbers in all."
    )
    attributes = (
        Attr("project_id", IdSegment, "Sinch project of the sender.", optional=True, computed=True, stable=True,
             force_new=True, api=None, provider_default="project_id"),
        Attr("sender_id", IdSegment, "The RCS sender (`sinch_rcs_sender.<name>.id`); a change replaces the number.",
             required=True, force_new=True, api=None),
        Attr("number", e164(16), "The tester's phone number in E.164 form (e.g. `+48777777777`); a change replaces "
             "it.", required=True, force_new=True),
        Attr("state", str, "The invitation's state: `PENDING`, `UNVERIFIED`, `VERIFIED`, `DECLINED`, `REJECTED`, "
             "`INVALID`, `EXPIRED` or `FAILED`.", computed=True),
        Attr("submitted", str, "When the number was added (RFC 3339).", computed=True, stable=True),
    )  # fmt: skip
    collection_path = "/v1/projects/{project_id}/rcs/senders/{sender_id}/testNumbers"
    item_path = "/v1/projects/{project_id}/rcs/senders/{sender_id}/testNumbers/{number}"
    import_id = "{project_id}/{sender_id}/{number}"

    def create_body(self, planned: Mapping[str, Any]) -> dict[str, Any]:
        return {"testNumbers": [planned["number"]]}

    def after_create(
        self, ctx: iface.CreateContext, client: SinchClient, body: dict[str, Any], planned: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The answer lists the numbers added; this one's state is read from them."""
        for item in body.get("testNumbers") or []:
            if isinstance(item, Mapping) and item.get("number") == planned["number"]:
                return dict(item)
        answer: dict[str, Any] = client.get(self.path(self.item_path, planned)) or {}
        return answer
