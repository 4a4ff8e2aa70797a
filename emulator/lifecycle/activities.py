"""Activities: the notification list of a record (`GET .../activities`), most recent first, paginated.

Entries are `{type, created, author, comment?}`, kept in the record's internals in the order they happened.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.requests import Request

from emulator.clock import isoformat
from emulator.lifecycle.records import internals
from emulator.pagination import PageRequest, page_envelope, page_request
from emulator.store import Record

API_AUTHOR = "Provisioning API user"  # the author of activities caused by API calls (as in the spec examples)
SYSTEM_AUTHOR = "Sinch"  # ... and of those the emulated Sinch/Meta side causes
ACTIVITIES_MAX_PAGE_SIZE = 100
ACTIVITIES_DEFAULT_PAGE_SIZE = 50


def add_activity(
    record: Record, kind: str, moment: datetime, *, author: str = SYSTEM_AUTHOR, comment: str | None = None
) -> None:
    """Append a notification (activity) entry; lists show them most recent first."""
    entry: dict[str, Any] = {"type": kind, "created": isoformat(moment), "author": author}
    if comment is not None:
        entry["comment"] = comment
    internals(record).setdefault("activities", []).append(entry)


def activities_newest_first(record: Record) -> list[dict[str, Any]]:
    return [dict(a) for a in reversed(internals(record).get("activities", []))]


def activities_page_request(request: Request, kind: str) -> PageRequest:
    """`pageSize` (1..100, default 50) and `pageToken` of an activities list: checked before the record is
    looked up (a bad query is a 400 even for a missing record)."""
    return page_request(
        request.query_params,
        kind=kind,
        max_size=ACTIVITIES_MAX_PAGE_SIZE,
        default_size=ACTIVITIES_DEFAULT_PAGE_SIZE,
    )


def activities_envelope(record: Record, page: PageRequest) -> dict[str, Any]:
    """The `*NotificationListDto` page of the record's activities."""
    return page_envelope(activities_newest_first(record), page, "notifications")
