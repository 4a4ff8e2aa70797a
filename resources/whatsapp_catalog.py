"""Read-only WhatsApp catalogs: ``sinch_whatsapp_flows`` (tag "WhatsApp Flows", with each flow's screens)
and ``sinch_whatsapp_solutions`` (tag "WhatsApp Solutions")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from provider.resource import ListDataSource
from provider.schema import Attr, list_of_objects
from provider.types import IdSegment
from resources.whatsapp_sender import NEEDS_ACCOUNT

if TYPE_CHECKING:  # httpx is imported when the provider is configured, not at start-up
    from provider.client import SinchClient

PROJECT = Attr("project_id", IdSegment, "Sinch project.", optional=True, computed=True, api=None,
               provider_default="project_id")  # fmt: skip


class WhatsappFlows(ListDataSource):
    name = "whatsapp_flows"
    description = "The WhatsApp Flows of the project's WhatsApp Business Account, each with its screens."
    collection_path = "/v1/projects/{project_id}/whatsapp/flows"
    items_key = "flows"
    error_hints = NEEDS_ACCOUNT
    page_size = 100
    item_attributes = (
        Attr("id", str, "Flow ID (what a FLOW template button refers to).", computed=True),
        Attr("name", str, "Flow name.", computed=True),
        Attr("status", str, "`FLOW_STATUS_PUBLISHED`, `FLOW_STATUS_DRAFT` or `FLOW_STATUS_DEPRECATED`.",
             computed=True),
        Attr("screens", list[str], "IDs of the flow's screens (a NAVIGATE button's `navigate_screen`).",
             computed=True, read_api="screenIds"),
    )  # fmt: skip
    attributes = (
        Attr("project_id", IdSegment, "Sinch project. Flows need the project's ONBOARDED WhatsApp account: when this "
             "configuration creates it, set `project_id = sinch_whatsapp_account.<name>.id`, so that the flows are "
             "read after it.", optional=True, computed=True, api=None, provider_default="project_id"),
        Attr("flows", list_of_objects(item_attributes), "The flows: `id`, `name`, `status`, `screens`.",
             computed=True),
    )  # fmt: skip

    def enrich(self, client: SinchClient, item: dict[str, Any], state: Mapping[str, Any]) -> dict[str, Any]:
        path = self.path(self.collection_path + "/{flow_id}/screens", {**state, "flow_id": item["id"]})
        screens = (client.get(path) or {}).get("screens") or []
        return {**item, "screenIds": [s.get("id") for s in screens]}


class WhatsappSolutions(ListDataSource):
    name = "whatsapp_solutions"
    description = "The project's WhatsApp solutions (Meta Multi-Partner Solutions used by Embedded Signup)."
    collection_path = "/v1/projects/{project_id}/whatsapp/solutions"
    items_key = "solutions"
    item_attributes = (
        Attr("id", str, "Solution ID.", computed=True),
        Attr("name", str, "Solution name.", computed=True, read_api="details.name"),
        Attr("assigned", bool, "Whether the solution is assigned to the project (enables Embedded Signup).",
             computed=True),
        Attr("partner_app_id", float, "The Tech Provider's Meta app ID.", computed=True, read_api="partnerApp.id"),
        Attr("partner_app_name", str, "The Tech Provider's Meta app name.", computed=True,
             read_api="partnerApp.name"),
        Attr("owner_app_id", float, "The Solution Partner's (Sinch's) Meta app ID.", computed=True,
             read_api="ownerApp.id"),
        Attr("owner_app_name", str, "The Solution Partner's Meta app name.", computed=True, read_api="ownerApp.name"),
    )  # fmt: skip
    attributes = (
        PROJECT,
        Attr("solutions", list_of_objects(item_attributes), "The solutions.", computed=True),
    )
