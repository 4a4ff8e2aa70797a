"""Activity trails: the `GET .../activities` list every reviewed object has (WhatsApp account, sender, template;
KakaoTalk and RCS ones later), as a data source per object kind.

An activities data source declares only what identifies its object (the path and its arguments) and the
activity types the OpenAPI description lists for that kind; the base class adds the list attribute with
the `*NotificationDto` fields as typed nested attributes. Everything else (all pages, most recent first as Sinch
orders them, errors) is `ListDataSource`'s.

One data source per kind rather than one with an object-kind argument: each kind is identified by different
arguments (none for the account, `sender_id`, `name` and `language`), each validated at `terraform validate`
with its own type, and each documents its own activity types; a generic one would need arguments that are
required or forbidden depending on another argument's value.
"""

from __future__ import annotations

from typing import Any, ClassVar

from provider.resource import ListDataSource
from provider.schema import Attr, list_of_objects

#: Largest page the activities operations take (`pageSize` 1..100): the fewest requests for a long trail.
ACTIVITIES_PAGE_SIZE = 100


def activity_attributes(types: tuple[str, ...]) -> tuple[Attr, ...]:
    """The fields of one activity (`*NotificationDto`): `type`, `created`, `author`, `comment`."""
    listed = ", ".join(f"`{t}`" for t in types)
    return (
        Attr("type", str, f"What happened: {listed}.", computed=True),
        Attr("created", str, "When it happened (RFC 3339, UTC).", computed=True),
        Attr("author", str, "Who did it: the Provisioning API user for API calls, else Sinch or Meta.", computed=True),
        Attr("comment", str, "The comment, or the reason given (why a review was rejected); null if none.",
             computed=True),
    )  # fmt: skip


class ActivitiesDataSource(ListDataSource):
    """The activity trail of one object: a `ListDataSource` of its `notifications`.

    A subclass declares `name`, `description`, `collection_path`, `kind` (for the docs), `activity_types` and
    `arguments` (the attributes that identify the object, path parameters); the `activities` result follows.
    """

    items_key: ClassVar[str] = "notifications"
    page_size: ClassVar[int | None] = ACTIVITIES_PAGE_SIZE
    kind: ClassVar[str]
    activity_types: ClassVar[tuple[str, ...]]
    arguments: ClassVar[tuple[Attr, ...]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.item_attributes = activity_attributes(cls.activity_types)
        result = Attr(
            "activities",
            list_of_objects(cls.item_attributes),
            f"The {cls.kind}'s activities, most recent first (all pages): `type`, `created`, `author`, `comment`.",
            computed=True,
        )
        cls.attributes = (*cls.arguments, result)
