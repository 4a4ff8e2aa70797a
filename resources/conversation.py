"""Conversation API channel information (tag "Conversation"), read-only: ``sinch_conversation_instagram``,
``sinch_conversation_messenger``, ``sinch_conversation_telegram`` and ``sinch_conversation_viber``.

One data source per channel rather than one ``sinch_conversation_channel`` with a ``channel`` argument: each
channel answers different fields (a Telegram bot's `can_join_groups`, a Viber account's `location`), so a data
source per channel has exactly its channel's attributes, each documented, and a reference to a field the channel
does not have fails at validate instead of reading null.
"""

from __future__ import annotations

from typing import ClassVar

from provider.resource import ObjectDataSource
from provider.schema import Attr
from provider.types import ConversationAppId, IdSegment

STATUS_VALUES = "`ACTIVE`, `PENDING`, `FAILING`, `ERROR` or `UNRECOGNIZED` (a value this API version does not know)"


def _inputs(channel: str) -> tuple[Attr, ...]:
    return (
        Attr("project_id", IdSegment, "Sinch project of the Conversation API app.", optional=True, computed=True,
             api=None, provider_default="project_id"),
        Attr("conversation_app_id", ConversationAppId, f"ID of the Conversation API app whose {channel} channel to "
             "read (a ULID such as `01EB37HMH1M6SV18ASNS3G135H`).", required=True, api=None),
        Attr("status", str, f"Status of the app's {channel} integration: {STATUS_VALUES}.", computed=True),
        Attr("status_description", str, "Why, when the status is `ERROR` or `FAILING`.", computed=True),
    )  # fmt: skip


def _hints(channel: str, label: str) -> dict[str, str]:
    return {
        "conversation_app_id_invalid": "Check conversation_app_id: the Sinch dashboard shows it under Conversation "
        "API, Apps.",
        "conversation_app_not_found": "Check conversation_app_id and project_id: the app must belong to the project.",
        f"conversation_app_no_{channel}_channel": f"Add the {label} channel to the app in the Conversation API first.",
    }


class _ConversationChannel(ObjectDataSource):
    channel: ClassVar[str]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.item_path = f"/v1/projects/{{project_id}}/conversation/apps/{{conversation_app_id}}/{cls.channel}"


class ConversationInstagram(_ConversationChannel):
    name = "conversation_instagram"
    channel = "instagram"
    description = (
        "The Instagram account connected to a Conversation API app, and the state of that integration (read-only: "
        "channels are set up in the Conversation API). One data source per channel, as each channel has its own "
        "fields."
    )
    error_hints = _hints("instagram", "Instagram")
    attributes = (
        *_inputs("Instagram"),
        Attr("id", str, "Instagram ID of the account.", computed=True),
        Attr("name", str, "Public profile name, if set.", computed=True),
        Attr("username", str, "Profile username.", computed=True),
        Attr("biography", str, "Public profile biography, if set.", computed=True),
        Attr("followers_count", float, "Instagram users following the account.", computed=True),
        Attr("follows_count", float, "Instagram users the account follows.", computed=True),
        Attr("media_count", float, "Media the account has published.", computed=True),
        Attr("profile_picture_url", str, "Public profile picture URL, if set.", computed=True),
        Attr("website", str, "Public profile website URL, if set.", computed=True),
    )


class ConversationMessenger(_ConversationChannel):
    name = "conversation_messenger"
    channel = "messenger"
    description = (
        "The Facebook page connected to a Conversation API app as its Messenger channel, and the state of that "
        "integration (read-only). One data source per channel, as each channel has its own fields."
    )
    error_hints = _hints("messenger", "Messenger")
    attributes = (
        *_inputs("Messenger"),
        Attr("id", str, "ID of the Facebook page.", computed=True),
        Attr("name", str, "Name of the page.", computed=True),
        Attr("global_brand_page_name", str, "Global brand page name.", computed=True),
    )


class ConversationTelegram(_ConversationChannel):
    name = "conversation_telegram"
    channel = "telegram"
    description = (
        "The Telegram bot connected to a Conversation API app, and the state of that integration (read-only). One "
        "data source per channel, as each channel has its own fields."
    )
    error_hints = _hints("telegram", "Telegram")
    attributes = (
        *_inputs("Telegram"),
        Attr("name", str, "Name of the bot.", computed=True),
        Attr("username", str, "Username of the bot.", computed=True),
        Attr("can_join_groups", bool, "Whether the bot can be invited to groups.", computed=True),
        Attr("can_read_all_group_messages", bool, "Whether the bot's privacy mode is disabled (it reads every group "
             "message).", computed=True),
        Attr("supports_inline_queries", bool, "Whether the bot supports inline queries.", computed=True),
    )  # fmt: skip


class ConversationViber(_ConversationChannel):
    name = "conversation_viber"
    channel = "viber"
    description = (
        "The Viber bot account connected to a Conversation API app, and the state of that integration (read-only). "
        "One data source per channel, as each channel has its own fields."
    )
    error_hints = _hints("viber", "Viber")
    attributes = (
        *_inputs("Viber"),
        Attr("id", str, "Account ID.", computed=True),
        Attr("name", str, "Account name.", computed=True),
        Attr("uri", str, "Account URI.", computed=True),
        Attr("icon", str, "Account icon URI.", computed=True),
        Attr("category", str, "Account category.", computed=True),
        Attr("subcategory", str, "Account subcategory.", computed=True),
        Attr("location_lon", float, "Longitude of the account's location.", computed=True, read_api="location.lon"),
        Attr("location_lat", float, "Latitude of the account's location.", computed=True, read_api="location.lat"),
        Attr("country", str, "Country of the account (its long name).", computed=True),
        Attr("subscribers_count", float, "Subscribers of the account.", computed=True),
    )
