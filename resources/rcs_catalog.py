"""Read-only RCS data sources: ``sinch_rcs_questionnaire`` (tag "RCS Questionnaire"), ``sinch_rcs_senders`` (tag
"RCS Senders"), ``sinch_rcs_sender_activities`` and ``sinch_rcs_account_activities`` (tags "RCS Senders" and "RCS
Accounts", see provider/activities.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Literal

from tf import iface

from provider.activities import ActivitiesDataSource
from provider.errors import SinchError
from provider.resource import ListDataSource, ObjectDataSource, report
from provider.schema import Attr, list_of_objects
from provider.types import IdSegment
from resources.rcs_sender import (
    COUNTRY_STATUS,
    TEST_NUMBER_STATE,
    BillingCategory,
    Country,
    Region,
    SenderState,
    UseCase,
)

PROJECT = Attr("project_id", IdSegment, "Sinch project.", optional=True, computed=True, api=None,
               provider_default="project_id")  # fmt: skip
SECTIONS = ("general", "verification", "gb", "fr", "us")


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def questions(section: str, node: Mapping[str, Any], prefix: str = "") -> Iterator[dict[str, Any]]:
    """A section's questions (nested ones, such as the verification partner's, named `partner.company_name`)."""
    for key, value in node.items():
        if not isinstance(value, Mapping):
            continue
        field = prefix + snake(key)
        if "question" in value:
            yield {"section": section, "field": field, "question": value.get("question") or "",
                   "suggested_answers": [str(a) for a in value.get("suggestedAnswers") or []]}  # fmt: skip
        else:
            yield from questions(section, value, field + ".")


class RcsQuestionnaire(ObjectDataSource):
    name = "rcs_questionnaire"
    description = (
        "The RCS launch questionnaire for a use case (and countries): every question with Sinch's suggested "
        "answers, so that a module can show them next to its inputs. `field` is the attribute of "
        "`sinch_rcs_sender`'s `questionnaire.<section>` that answers it."
    )
    item_path = "/v1/projects/{project_id}/rcs/questionnaire/{use_case}"
    attributes = (
        PROJECT,
        Attr("use_case", UseCase, "The sender's use case: `MULTIUSE`, `OTP`, `PROMOTIONAL` or `TRANSACTIONAL`.",
             required=True, api=None),
        Attr("countries", set[Country], "The sender's countries: the sections of GB, FR and US come with them.",
             optional=True, api=None),
        Attr("questions", list_of_objects((
            Attr("section", str, "`general`, `verification`, `gb`, `fr` or `us`.", computed=True),
            Attr("field", str, "The answer's attribute in that section (e.g. `opt_in_description`, "
                 "`partner.company_name`).", computed=True),
            Attr("question", str, "The question, as Sinch asks it.", computed=True),
            Attr("suggested_answers", list[str], "Sinch's suggested answers (may be empty).", computed=True),
        )), "The questions, section by section in the API's order.", computed=True),
    )  # fmt: skip

    def read(self, ctx: iface.ReadDataContext, config: dict[str, Any]) -> dict[str, Any] | None:
        diags = ctx.diagnostics
        state: dict[str, Any] = {a.name: config.get(a.name) for a in self.attributes}
        self.fill_provider_defaults(diags, state, config)
        client = self.client(diags)
        if client is None or diags.has_errors():
            return None
        params = {"countries": sorted(state["countries"])} if state.get("countries") else None
        try:
            body = client.get(self.path(str(self.item_path), state), params=params) or {}
        except SinchError as exc:
            report(diags, exc, self.error_hints)
            return None
        state["questions"] = [
            q for section in SECTIONS for q in questions(section, (body.get(section) or {}).get("questions") or {})
        ]
        return state


SENDER_ITEM = (
    Attr("id", str, "Sender ID.", computed=True),
    Attr("region", Region, "`BR`, `EU` or `US`.", computed=True),
    Attr("billing_category", BillingCategory, "`CONVERSATIONAL` or `NON_CONVERSATIONAL`.", computed=True),
    Attr("use_case", UseCase, "The use case.", computed=True),
    Attr("state", SenderState, "The sender's state.", computed=True),
    Attr("brand_name", str, "The brand's name.", computed=True, read_api="details.brand.name"),
    Attr("countries", list[str], "Its countries.", computed=True, read_api="details.countries"),
    Attr("hosting_region", str, "Where the agent is hosted.", computed=True),
    Attr("auth_name", str, "The Conversation API credentials' name.", computed=True),
    Attr("auth_token", str, "The Conversation API credentials' token.", computed=True, sensitive=True),
    Attr("country_statuses", list_of_objects(COUNTRY_STATUS), "The launch per country and operator.",
         computed=True, read_api="countryStatus"),
    Attr("test_number_states", list_of_objects(TEST_NUMBER_STATE), "The test numbers.", computed=True),
    Attr("launched", str, "When it was launched.", computed=True),
    Attr("created", str, "When it was created.", computed=True),
    Attr("modified", str, "When it last changed.", computed=True),
)  # fmt: skip


class RcsSenders(ListDataSource):
    name = "rcs_senders"
    description = "Every RCS sender of a project (all pages), filtered and sorted as the list operation allows."
    collection_path = "/v1/projects/{project_id}/rcs/senders"
    items_key = "senders"
    page_size = 100
    query = {"states": "filterStates", "sender_ids": "filterSenderIds", "name": "filterSenderName",
             "search": "search", "conversation_api_app_id": "filterConversationApiAppId",
             "sort_by": "sortColumn", "sort_direction": "sortDirection"}  # fmt: skip
    item_attributes = SENDER_ITEM
    attributes = (
        PROJECT,
        Attr("states", set[SenderState], "Only senders in these states.", optional=True, api=None),
        Attr("sender_ids", set[IdSegment], "Only these senders.", optional=True, api=None),
        Attr("name", str, "Only senders with this brand name.", optional=True, api=None),
        Attr("search", str, "Only senders matching this text.", optional=True, api=None),
        Attr("conversation_api_app_id", str, "Only senders connected to this Conversation API app.", optional=True,
             api=None),
        Attr("sort_by", Literal["CREATED", "MODIFIED", "NAME", "STATE"], "Order by `CREATED`, `MODIFIED`, `NAME` "
             "or `STATE` (the API's default order otherwise).", optional=True, api=None),
        Attr("sort_direction", Literal["ASC", "DESC"], "`ASC` or `DESC`.", optional=True, api=None),
        Attr("senders", list_of_objects(SENDER_ITEM), "The senders.", computed=True),
    )  # fmt: skip


class RcsSenderActivities(ActivitiesDataSource):
    name = "rcs_sender_activities"
    description = "The activity trail of one RCS sender, most recent first: creation, edits, tests, launch, comments."
    collection_path = "/v1/projects/{project_id}/rcs/senders/{sender_id}/activities"
    kind = "sender"
    activity_types = ("ACTIVE", "COMMENT_ADDED", "CREATED", "DELETED", "EDITED", "INACTIVE", "TEST")
    arguments = (PROJECT, Attr("sender_id", IdSegment, "Sender ID.", required=True, api=None))


class RcsAccountActivities(ActivitiesDataSource):
    name = "rcs_account_activities"
    description = "The activity trail of the project's RCS account, most recent first: its creation and comments."
    collection_path = "/v1/projects/{project_id}/rcs/activities"
    kind = "account"
    activity_types = ("COMMENT_ADDED", "CREATED")
    arguments = (PROJECT,)
