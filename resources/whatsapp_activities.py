"""The activity trails of WhatsApp objects: ``sinch_whatsapp_account_activities``,
``sinch_whatsapp_sender_activities`` and ``sinch_whatsapp_template_activities`` (see `provider/activities.py`)."""

from __future__ import annotations

from provider.activities import ActivitiesDataSource
from provider.schema import Attr
from provider.types import IdSegment
from resources.whatsapp_sender import NEEDS_ACCOUNT
from resources.whatsapp_template import TemplateLanguage, TemplateName

# The `*NotificationTypeEnum` of each kind, as the OpenAPI description lists them.
ACCOUNT_TYPES = ("COMMENT_ADDED", "CREATED", "DRAFT", "EDITED", "IN_PROGRESS", "PENDING_FACEBOOK_VERIFICATION",
                 "REJECTED")  # fmt: skip
SENDER_TYPES = ("ACTIVE", "COMMENT_ADDED", "CREATED", "DRAFT", "EDITED", "ERROR", "IN_PROGRESS", "INACTIVE",
                "REGISTERED", "REJECTED", "VERIFIED")  # fmt: skip
TEMPLATE_TYPES = ("COMMENT_ADDED", "CREATED", "DRAFT", "EDITED", "IN_PROGRESS", "REJECTED")

PROJECT = Attr("project_id", IdSegment, "Sinch project.", optional=True, computed=True, api=None,
               provider_default="project_id")  # fmt: skip


class WhatsappAccountActivities(ActivitiesDataSource):
    name = "whatsapp_account_activities"
    description = (
        "The activity trail of the project's WhatsApp account, most recent first: its creation, reviews and "
        "rejections (with the reason), edits and comments."
    )
    collection_path = "/v1/projects/{project_id}/whatsapp/activities"
    error_hints = NEEDS_ACCOUNT
    kind = "account"
    activity_types = ACCOUNT_TYPES
    arguments = (PROJECT,)


class WhatsappSenderActivities(ActivitiesDataSource):
    name = "whatsapp_sender_activities"
    description = (
        "The activity trail of one WhatsApp sender, most recent first: its creation, registration, verification, "
        "activation, profile changes and their reviews (a rejection with its reason), errors and comments."
    )
    collection_path = "/v1/projects/{project_id}/whatsapp/senders/{sender_id}/activities"
    error_hints = NEEDS_ACCOUNT
    kind = "sender"
    activity_types = SENDER_TYPES
    arguments = (PROJECT, Attr("sender_id", IdSegment, "Sender ID.", required=True, api=None))


class WhatsappTemplateActivities(ActivitiesDataSource):
    name = "whatsapp_template_activities"
    description = (
        "The activity trail of one WhatsApp template (one name and language), most recent first: its creation, "
        "submissions to Meta, rejections with Meta's reason, edits and comments."
    )
    collection_path = "/v1/projects/{project_id}/whatsapp/templates/{name}/languages/{language}/activities"
    kind = "template"
    activity_types = TEMPLATE_TYPES
    arguments = (
        PROJECT,
        Attr("name", TemplateName, "The template's name.", required=True, api=None),
        Attr("language", TemplateLanguage, "The template's language.", required=True, api=None),
    )
