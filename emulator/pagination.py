"""Token pagination shared by every list operation.

Query parameters `pageSize` (a per-list range) and `pageToken` (opaque, from a previous response). The
envelope is `{totalSize, pageSize, <items>, nextPageToken?, previousPageToken?}` with each token omitted
when there is no such page.

Page tokens are the URL-safe base64 (no padding) of `"<list kind>:<offset>"`: opaque to clients, and a
token from another list, or anything we could not have issued, is `invalid_page_token`. An empty
`pageToken=` counts as absent. `pageSize` must be a plain decimal integer in range, else
`invalid_page_size`.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from emulator import errors

_TOKEN_RE = re.compile(r"^(?P<kind>[a-z_]+):(?P<offset>0|[1-9][0-9]{0,8})$")


@dataclass(frozen=True)
class PageRequest:
    kind: str
    offset: int
    size: int


def encode_token(kind: str, offset: int) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{offset}".encode()).decode("ascii").rstrip("=")


def decode_token(kind: str, token: str) -> int:
    if not re.fullmatch(r"[A-Za-z0-9_-]+", token):
        raise errors.invalid_page_token()
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise errors.invalid_page_token() from None
    match = _TOKEN_RE.match(raw)
    if match is None or match.group("kind") != kind or encode_token(kind, int(match.group("offset"))) != token:
        raise errors.invalid_page_token()
    return int(match.group("offset"))


def page_request(
    params: Mapping[str, str], *, kind: str, max_size: int, default_size: int, min_size: int = 1
) -> PageRequest:
    """Parse `pageSize` then `pageToken` (in that order of checks)."""
    raw_size = params.get("pageSize")
    size = default_size
    if raw_size is not None:
        if not re.fullmatch(r"[0-9]{1,6}", raw_size) or not min_size <= int(raw_size) <= max_size:
            raise errors.invalid_page_size()
        size = int(raw_size)
    token = params.get("pageToken")
    offset = decode_token(kind, token) if token else 0
    return PageRequest(kind, offset, size)


def page_envelope(items: Sequence[Any], page: PageRequest, items_key: str) -> dict[str, Any]:
    """Slice the full, already ordered list for this page and wrap it in the list envelope."""
    total = len(items)
    body: dict[str, Any] = {"totalSize": total, "pageSize": page.size}
    if page.offset > 0:
        body["previousPageToken"] = encode_token(page.kind, max(page.offset - page.size, 0))
    if page.offset + page.size < total:
        body["nextPageToken"] = encode_token(page.kind, page.offset + page.size)
    body[items_key] = list(items[page.offset : page.offset + page.size])
    return body
