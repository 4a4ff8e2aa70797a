"""Comments: `POST .../comments` `{comment}` -> 201 `{type: "CREATED", comment, created}`, recorded on the record
as a COMMENT_ADDED activity by the API user."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from starlette.responses import JSONResponse

from emulator.clock import isoformat
from emulator.lifecycle.activities import API_AUTHOR, add_activity
from emulator.store import Record
from emulator.validation import Validator

COMMENT_MAX_LENGTH = 65535


def validate_comment(body: dict[str, Any]) -> str:
    """`*CommentInputDto`: a string of 1 to 65535 characters."""
    v = Validator(body, ("comment",))
    comment = v.string("comment", min_length=1, max_length=COMMENT_MAX_LENGTH)
    v.check()
    assert comment is not None
    return comment


def comment_response(comment: str, created: str) -> JSONResponse:
    """201 `*CommentDto`."""
    return JSONResponse({"type": "CREATED", "comment": comment, "created": created}, status_code=201)


def add_comment(record: Record, comment: str, moment: datetime) -> JSONResponse:
    """Record the comment as a COMMENT_ADDED activity and answer the 201."""
    add_activity(record, "COMMENT_ADDED", moment, author=API_AUTHOR, comment=comment)
    return comment_response(comment, isoformat(moment))
