"""``sinch_whatsapp_comment``: a comment on the project's WhatsApp account, a sender or a template (one name and
language), tags "WhatsApp Accounts", "WhatsApp Senders" and "WhatsApp Templates".

One resource rather than three: the three operations take the same `WhatsappCommentInputDto` and answer the same
`WhatsappCommentDto`, and what a team writes is "a comment on this object"; which object is said by the arguments
set (`sender_id`, or `template_name` and `template_language`, or neither for the account), checked at validate.

A comment has no ID: the answer is `{type, comment, created}`. It shows in the object's activities as a
COMMENT_ADDED entry with the same `comment` and `created`, which is how a refresh finds it (one
`GET .../activities` per page of 100, one listing for many comments on one object) to tell that it is still
there. The API can neither change nor delete a comment: every argument forces replacement (a new comment),
destroy only forgets it. A create whose answer was lost is looked up in the same activities (this text, posted
since the request) before it is sent again. No import: nothing names a comment but its text and time, which an
import ID would have to repeat, and an imported comment could only be kept as it is.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from tf import iface

from provider.errors import SinchError
from provider.resource import ApiResource, report
from provider.schema import Attr, Problem
from provider.stopping import Stopped
from provider.types import IdSegment, text
from resources.whatsapp_sender import NEEDS_ACCOUNT
from resources.whatsapp_template import TemplateLanguage, TemplateName

if TYPE_CHECKING:  # httpx: not imported before the handshake (tests/unit/test_serve.py)
    from provider.client import SinchClient

log = logging.getLogger("sinch.resource")

WHATSAPP = "/v1/projects/{project_id}/whatsapp"
SENDER = WHATSAPP + "/senders/{sender_id}"
TEMPLATE = WHATSAPP + "/templates/{template_name}/languages/{template_language}"
COMMENT_MAX_LENGTH = 65535  # WhatsappCommentInputDto.comment
ACTIVITIES_PAGE_SIZE = 100


class WhatsappComment(ApiResource):
    name = "whatsapp_comment"
    description = (
        "A comment on the project's WhatsApp account, on a sender (`sender_id`) or on a template "
        "(`template_name` and `template_language`): how a team answers Sinch's review questions. It shows in the "
        "object's activities (data sources `sinch_whatsapp_account_activities`, `sinch_whatsapp_sender_activities`, "
        "`sinch_whatsapp_template_activities`) as a `COMMENT_ADDED` entry. The Sinch API can neither change nor "
        "delete a comment: a change of any argument posts a new comment (the old one stays), and destroy only "
        "removes it from the Terraform state. A comment has no ID, so it cannot be imported: declare a new one "
        "instead (it would post the text again)."
    )
    attributes = (
        Attr("id", str, "Identifies the comment in the state: its object (`account`, `sender/<sender_id>` or "
             "`template/<name>/<language>`) and the time Sinch recorded it. Comments have no ID in Sinch.",
             computed=True, stable=True, api=None),
        Attr("project_id", IdSegment, "Sinch project of the commented object.", optional=True, computed=True,
             stable=True, force_new=True, api=None, provider_default="project_id"),
        Attr("sender_id", IdSegment, "ID of the sender commented on. Leave it and the template arguments unset to "
             "comment on the project's WhatsApp account.", optional=True, force_new=True, api=None),
        Attr("template_name", TemplateName, "Name of the template commented on (with `template_language`).",
             optional=True, force_new=True, api=None),
        Attr("template_language", TemplateLanguage, "Language of the template commented on (with "
             "`template_name`).", optional=True, force_new=True, api=None),
        Attr("text", text(1, COMMENT_MAX_LENGTH), "The comment (1 to 65535 characters). A change posts a new "
             "comment; the old one stays in Sinch.", required=True, force_new=True, api="comment"),
        Attr("created", str, "When Sinch recorded the comment (as the API answers it).", computed=True, stable=True,
             read_api="created"),
    )  # fmt: skip
    collection_path = WHATSAPP + "/comments"
    item_path = WHATSAPP + "/comments"  # no GET: a comment is read from its object's activities
    import_id = "{id}"
    gone_error_codes = ("project_not_initialized", "account_not_found")
    error_hints = NEEDS_ACCOUNT
    undeletable = "The Sinch API cannot delete a comment: it stays in the activities of the object it was posted on."
    not_importable = (
        "A comment has no ID in Sinch: only its text and the time it was posted tell it apart in its object's "
        "activities. Declare the comment instead (applying posts it again), or leave it to the activities data "
        "sources."
    )

    def check_config(self, config: Mapping[str, Any]) -> list[Problem]:
        problems: list[Problem] = []
        template = [n for n in ("template_name", "template_language") if config.get(n) is not None]
        if config.get("sender_id") is not None and template:
            problems.append(([template[0]], "a comment is on one object: set either sender_id or "
                             "template_name and template_language, not both"))  # fmt: skip
        if len(template) == 1:
            missing = "template_language" if template == ["template_name"] else "template_name"
            problems.append(([missing], f"{missing} is required with {template[0]}: together they name the template"))
        return problems

    @staticmethod
    def object_path(values: Mapping[str, Any]) -> str:
        if values.get("sender_id") is not None:
            return ApiResource.path(SENDER, values)
        if values.get("template_name") is not None:
            return ApiResource.path(TEMPLATE, values)
        return ApiResource.path(WHATSAPP, values)

    @staticmethod
    def object_name(values: Mapping[str, Any]) -> str:
        if values.get("sender_id") is not None:
            return f"sender/{values['sender_id']}"
        if values.get("template_name") is not None:
            return f"template/{values['template_name']}/{values['template_language']}"
        return "account"

    def describe(self, state: Mapping[str, Any]) -> str:
        return f"on {self.object_name(state)} of project {state.get('project_id')} ({state.get('created')})"

    def create(self, ctx: iface.CreateContext, planned: dict[str, Any]) -> dict[str, Any] | None:
        """POST the comment. A lost answer (a 5xx or a dropped connection once sent) is looked up in the object's
        activities: found, it is the comment; provably absent, the POST is sent again (within max_retries); the
        activities unreadable, nothing is sent again (a second POST could post the comment twice)."""
        diags = ctx.diagnostics
        client = self.client(diags)
        if client is None:
            return None
        path = self.object_path(planned) + "/comments"
        since = datetime.now(UTC)
        attempts = client.settings.max_retries + 1
        absent = True
        for attempt in range(1, attempts + 1):
            try:
                body = client.post(path, self.create_body(planned)) or {}
                client.listings.forget(self.object_path(planned) + "/activities")  # they have one entry more now
                return self.state_from_api(body, planned)
            except SinchError as exc:
                error = exc
            if not error.outcome_unknown:
                break
            found, absent = self.find_posted(client, planned, since)
            if found is not None:
                log.warning("create of %s answered %s, but the comment exists: keeping it", self.type_name(), error)
                return self.state_from_api(found, planned)
            if not absent or attempt == attempts:
                break
            log.warning("create of %s answered %s and nothing was posted: sending it again", self.type_name(), error)
            try:
                client.pause_before_retry(attempt)
            except Stopped:
                break
        report(diags, error, self.error_hints)
        if error.outcome_unknown and not absent:
            diags.add_warning(
                "The comment may have been posted",
                "The answer to the POST was lost and the object's activities could not be read: check them "
                "(the activities data sources) before applying again, which posts the comment again.",
            )
        return None

    def find_posted(
        self, client: SinchClient, planned: Mapping[str, Any], since: datetime
    ) -> tuple[dict[str, Any] | None, bool]:
        """After a lost answer: (the comment as `WhatsappCommentDto`, False) when the activities show a comment
        with this text posted since the request; (None, True) when they show none; (None, False) unreadable."""
        margin = since - timedelta(seconds=60)  # the API's clock and ours may differ a little
        try:
            activities = client.list_all(
                self.object_path(planned) + "/activities", "notifications", page_size=ACTIVITIES_PAGE_SIZE,
                finishing=True,
            )  # fmt: skip
        except SinchError:
            return None, False
        for activity in activities:  # most recent first
            if activity.get("type") != "COMMENT_ADDED" or activity.get("comment") != planned.get("text"):
                continue
            try:
                created = datetime.fromisoformat(str(activity.get("created")))
            except ValueError:
                continue
            if created >= margin:
                return {"type": "CREATED", "comment": activity["comment"], "created": activity["created"]}, False
        return None, True

    def state_from_api(self, body: Mapping[str, Any], prior: Mapping[str, Any]) -> dict[str, Any]:
        state = {a.name: prior.get(a.name) for a in self.attributes}
        state["text"] = body.get("comment", prior.get("text"))
        state["created"] = body.get("created")
        created = f"/{state['created']}" if state["created"] else ""  # optional in WhatsappCommentDto
        state["id"] = self.object_name(prior) + created
        return state

    def read(self, ctx: iface.ReadContext, current: dict[str, Any]) -> dict[str, Any] | None:
        """Looked up in the object's activities: forgotten when the object is gone; kept as the state has it
        otherwise (found, or beyond what the API still lists: a comment cannot be deleted or changed)."""
        diags = ctx.diagnostics
        client = self.client(diags)
        if client is None:
            return current
        path = self.object_path(current) + "/activities"

        def list_all() -> list[dict[str, Any]]:
            return client.list_all(path, "notifications", page_size=ACTIVITIES_PAGE_SIZE)

        # many comments on one object: one listing of its activities serves them all (provider/listing.py)
        wanted = ("COMMENT_ADDED", current.get("text"), current.get("created"))
        if current.get("created") is not None and client.listings.find(path, list_all, identity, wanted) is not None:
            return current
        try:
            activities = list_all()
        except SinchError as exc:
            if self.is_gone(exc):
                self.forget(diags, current, f"The {self.object_name(current).split('/')[0]} it was posted on is "
                            "gone (a comment lives in its object's activities)")  # fmt: skip
                return None
            report(diags, exc, self.error_hints)
            return current
        for activity in activities:
            if (
                activity.get("type") == "COMMENT_ADDED"
                and activity.get("comment") == current.get("text")
                and (current.get("created") is None or activity.get("created") == current.get("created"))
            ):
                return current
        log.debug("%s %s: not in the activities; kept as it is", self.type_name(), self.describe(current))
        return current


def identity(activity: Mapping[str, Any]) -> tuple[Any, ...]:
    """What tells a comment apart in its object's activities: it has no ID."""
    return activity.get("type"), activity.get("comment"), activity.get("created")
