"""``sinch_whatsapp_template_analytics``: Meta template analytics enabled for the project's WhatsApp Business
Account (``PUT /v1/projects/{projectId}/whatsapp/enableTemplateAnalytics``, tag "WhatsApp").

A small resource of its own rather than an argument of ``sinch_whatsapp_account``: projects onboarded by Embedded
Signup get their WhatsApp account from a sender, with no ``sinch_whatsapp_account`` to carry the argument, and
the setting needs the account ONBOARDED (the API answers 424 before), which a separate resource can wait for
through ``project_id = sinch_whatsapp_account.<NAME>.id``. Its state is the account's `wabaEnabledForInsights`;
the API can switch analytics on only, so destroy forgets it with a warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tf import iface

from provider.resource import ApiResource
from provider.schema import Attr
from provider.types import IdSegment
from resources.whatsapp_sender import NEEDS_ACCOUNT


class WhatsappTemplateAnalytics(ApiResource):
    name = "whatsapp_template_analytics"
    description = (
        "Meta template analytics (template insights) enabled for the project's WhatsApp Business Account: the "
        "analytics of `sinch_whatsapp_template` need it. A resource of its own, not an argument of "
        "`sinch_whatsapp_account`, because Embedded Signup projects get their account from a sender (no "
        "`sinch_whatsapp_account` to carry it) and because it needs the account ONBOARDED: set `project_id = "
        "sinch_whatsapp_account.<NAME>.id` to enable it once the account is. The API can only enable analytics: "
        "destroy removes this from the Terraform state and they stay enabled; if they are found disabled, the next "
        "apply enables them again."
    )
    attributes = (
        Attr("id", IdSegment, "Same as `project_id`: analytics are a setting of the project's WhatsApp account.",
             computed=True, stable=True, api=None),
        Attr("project_id", IdSegment, "Sinch project whose WhatsApp Business Account gets template analytics.",
             optional=True, computed=True, stable=True, force_new=True, api=None, provider_default="project_id"),
        Attr("waba_id", str, "The WhatsApp Business Account the analytics are enabled for.", computed=True),
    )  # fmt: skip
    collection_path = "/v1/projects/{project_id}/whatsapp"
    item_path = "/v1/projects/{project_id}/whatsapp"
    create_call = ("PUT", "/v1/projects/{project_id}/whatsapp/enableTemplateAnalytics")
    exists_when = ("wabaEnabledForInsights", True)
    import_id = "{project_id}"
    gone_error_codes = ("project_not_initialized", "account_not_found")
    undeletable = (
        "The Sinch API cannot disable Meta template analytics: they stay enabled for the project's WhatsApp "
        "Business Account."
    )
    error_hints = {
        **NEEDS_ACCOUNT,
        "template_insights_not_yet_available": "Meta offers template analytics once the project's WhatsApp account "
        "is ONBOARDED: set `project_id = sinch_whatsapp_account.<NAME>.id` so that this waits for it, or apply "
        "again later.",
    }

    def state_from_api(self, body: Mapping[str, Any], prior: Mapping[str, Any]) -> dict[str, Any]:
        state = super().state_from_api(body, prior)
        state["id"] = state["project_id"]
        return state

    def import_(self, ctx: iface.ImportContext, id: str) -> dict[str, Any] | None:
        state = super().import_(ctx, id)
        if state is not None:
            state["id"] = state["project_id"]
        return state
