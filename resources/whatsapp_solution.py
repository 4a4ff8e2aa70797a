"""``sinch_whatsapp_solution``: a WhatsApp solution (Meta Multi-Partner Solution for Embedded Signup), tag
"WhatsApp Solutions".

The API creates solutions from the access token of Meta's embedded solution flow, reads them, and assigns one to
the project; it has no update and no delete. The create answers every solution of the project (and
`failedSolutions`), so the created one is the one that was not listed before (provider: ``create_answer_list``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from provider.resource import ApiResource
from provider.schema import Attr, Problem
from provider.types import IdSegment, text

SOLUTION_PATH = "/v1/projects/{project_id}/whatsapp/solutions/{id}"


class WhatsappSolution(ApiResource):
    name = "whatsapp_solution"
    description = (
        "A WhatsApp solution: a Meta Multi-Partner Solution between a Tech Provider's Meta app and Sinch, created "
        "from the access token of Meta's embedded solution flow; `assigned = true` assigns it to the project, which "
        "enables Embedded Signup. The Sinch API can neither change nor delete a solution: a new `name` creates "
        "another one (with a new access token), and destroy only removes it from the Terraform state."
    )
    attributes = (
        Attr("id", IdSegment, "Solution ID, assigned by Sinch.", computed=True, stable=True),
        Attr("project_id", IdSegment, "Sinch project of the solution.", optional=True, computed=True, stable=True,
             force_new=True, api=None, provider_default="project_id"),
        Attr("name", text(1), "Name of the solution. The API cannot rename one: a change creates another solution "
             "(and needs a new `access_token`).", required=True, force_new=True, api="details.name"),
        Attr("access_token", text(1), "The `accessToken` of the `authResponse` Meta's embedded solution flow "
             "returns. Used once, to create the solution; never returned by the API (so a change does nothing, "
             "and an imported solution needs none). Required to create.", optional=True, sensitive=True,
             create_only=True, returned=False),
        Attr("business_manager", Literal["SINCH_BR", "SINCH_MX", "SINCH_UK"], "Sinch business manager the solution "
             "is created with. Never returned by the API (an imported solution needs none). Required to create.",
             optional=True, create_only=True, returned=False),
        Attr("assigned", bool, "Whether the solution is assigned to the project (enables Embedded Signup). Set it "
             "to `true` to assign it, after the create and whenever it is found unassigned; only `true` can be set "
             "(the API cannot unassign: assign another solution instead). Unset: only read.", optional=True,
             computed=True, operation=SOLUTION_PATH + "/assign"),
        Attr("partner_app_id", float, "The Tech Provider's Meta app ID.", computed=True, stable=True,
             read_api="partnerApp.id"),
        Attr("partner_app_name", str, "The Tech Provider's Meta app name.", computed=True, stable=True,
             read_api="partnerApp.name"),
        Attr("owner_app_id", float, "The Solution Partner's (Sinch's) Meta app ID.", computed=True, stable=True,
             read_api="ownerApp.id"),
        Attr("owner_app_name", str, "The Solution Partner's Meta app name.", computed=True, stable=True,
             read_api="ownerApp.name"),
    )  # fmt: skip
    collection_path = "/v1/projects/{project_id}/whatsapp/solutions"
    item_path = SOLUTION_PATH
    import_id = "{project_id}/{id}"
    list_items_key = "solutions"
    list_reads = True
    natural_key = ("name",)
    create_answer_list = "solutions"
    create_failures = "failedSolutions"
    gone_error_codes = ("solution_not_found",)
    undeletable = (
        "The Sinch API cannot delete a WhatsApp solution: it stays in the project (and stays assigned if it was). "
        "To manage it again, import it: terraform import <address> <project_id>/<id>."
    )
    error_hints = {
        "solution_cannot_be_reassigned": "The project is onboarded with another solution: Sinch keeps that one "
        "assigned. Remove `assigned = true`, or use another project.",
    }

    def check_create(self, config: Mapping[str, Any]) -> list[Problem]:
        return [
            ([name], f"{name} is required to create a WhatsApp solution")
            for name in ("access_token", "business_manager")
            if config.get(name) is None
        ]
