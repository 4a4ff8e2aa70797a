"""WhatsApp Templates: what the API answers for a stored template.

- `WhatsappTemplateDto`, fields in declaration order, the bid strategy of an optimization in the response enum
  (`BID_STRATEGY_LOWEST_COST_WITH_BID_CAP`; stored details keep the input's `LOWEST_COST_WITH_BID_CAP`), media
  examples without the input's `mimeType` (the response DTO has only `url`);
- with `fieldMask`, `WhatsappPartialTemplateDto`: only the listed paths (`0` in a path stands for every item of a
  list: `details.components.0.text` is the text of every component), each component or analytics entry kept at
  its index (an item without the field is `{}`); a path into `supportedApps` selects its items whole;
- `analytics`: the stored entries (admin-seeded) whose period overlaps the `templateAnalyticsDateRange` window
  ending now (DAY, the default, WEEK, MONTH, QUARTER: 1, 7, 30, 90 days).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from emulator.lifecycle.records import pick
from emulator.store import Record
from emulator.whatsapp.templates.validation import INPUT_BID_STRATEGY

RESPONSE_BID_STRATEGY = "BID_STRATEGY_LOWEST_COST_WITH_BID_CAP"  # WhatsappBidStrategiesEnum

# WhatsappTemplateDto, in declaration order.
TEMPLATE_FIELDS: tuple[str, ...] = (
    "whatsappId",
    "state",
    "name",
    "language",
    "category",
    "rejectionCode",
    "qualityScore",
    "changes",
    "details",
    "analytics",
    "isMetaGenerated",
)
_COMPONENT_PATHS: tuple[str, ...] = (
    "type",
    "format",
    "text",
    "example",
    "example.url",
    "examples",
    "addSecurityRecommendation",
    "codeExpirationMinutes",
    "buttons",
    "buttons.0.type",
    "buttons.0.text",
    "buttons.0.phoneNumber",
    "buttons.0.url",
    "buttons.0.example",
    "buttons.0.otpType",
    "buttons.0.autofillText",
    "buttons.0.packageName",
    "buttons.0.signatureHash",
    "buttons.0.supportedApps",
    "buttons.0.supportedApps.0.packageName",
    "buttons.0.supportedApps.0.signatureHash",
    "buttons.0.zeroTapTermsAccepted",
    "buttons.0.flowId",
    "buttons.0.flowAction",
    "buttons.0.navigateScreen",
    "hasExpiration",
)


def _details_paths(prefix: str) -> tuple[str, ...]:
    return (
        prefix,
        f"{prefix}.components",
        *(f"{prefix}.components.0.{p}" for p in _COMPONENT_PATHS),
        f"{prefix}.messageSendTtlSeconds",
        f"{prefix}.optimization",
    )


# WhatsappTemplateDtoFieldMaskPathsEnum, in declaration order.
FIELD_MASK_PATHS: tuple[str, ...] = (
    "whatsappId",
    "state",
    "name",
    "language",
    "category",
    "rejectionCode",
    "qualityScore",
    "changes",
    "changes.status",
    "changes.allowCategoryChange",
    *_details_paths("changes.details"),
    *_details_paths("details"),
    "analytics",
    "analytics.0.sent",
    "analytics.0.delivered",
    "analytics.0.read",
    "analytics.0.start",
    "analytics.0.end",
    "analytics.0.buttons",
    "analytics.0.buttons.0.type",
    "analytics.0.buttons.0.content",
    "analytics.0.buttons.0.clicks",
    "isMetaGenerated",
)
DATE_RANGES: dict[str, int] = {
    "DAY": 1,
    "MONTH": 30,
    "QUARTER": 90,
    "WEEK": 7,
}  # WhatsappTemplateAnalyticsDateRangesEnum


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 date-time (as the API writes them, `...Z`), or None."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def analytics_between(record: Record, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """The stored analytics entries whose period overlaps [start, end]."""
    found = []
    for entry in record.get("analytics") or []:
        begins, ends = parse_time(entry.get("start")), parse_time(entry.get("end"))
        if begins is not None and ends is not None and begins <= end and ends >= start:
            found.append(copy.deepcopy(entry))
    return found


def to_dto(record: Record, now: datetime, date_range: str = "DAY") -> dict[str, Any]:
    """`WhatsappTemplateDto`, with the analytics of the date range ending now."""
    dto = pick(record, TEMPLATE_FIELDS)
    dto["analytics"] = analytics_between(record, now - timedelta(days=DATE_RANGES[date_range]), now)
    dto["isMetaGenerated"] = bool(record.get("isMetaGenerated", False))
    return {f: dto[f] for f in TEMPLATE_FIELDS if f in dto}


def response_details(details: Mapping[str, Any]) -> dict[str, Any]:
    """Stored (input-form) details as the DTO shows them: the bid strategy in the response enum, and media examples
    without the input's `mimeType` (a hint for fetching the file; `WhatsappMediaHeaderExampleDto` has only `url`)."""
    out = copy.deepcopy(dict(details))
    optimization = out.get("optimization")
    if isinstance(optimization, dict) and optimization.get("bidStrategy") == INPUT_BID_STRATEGY:
        optimization["bidStrategy"] = RESPONSE_BID_STRATEGY
    for component in _all_components(out):
        example = component.get("example")
        if component.get("type") == "HEADER" and isinstance(example, dict):
            example.pop("mimeType", None)
    return out


def _all_components(details: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The components of the details and of their carousel cards."""
    found: list[dict[str, Any]] = []
    for component in details.get("components") or []:
        if isinstance(component, dict):
            found.append(component)
            for card in component.get("cards") or [] if component.get("type") == "CAROUSEL" else []:
                found.extend(c for c in (card.get("components") or []) if isinstance(c, dict))
    return found


def input_details(details: Mapping[str, Any]) -> dict[str, Any]:
    """DTO-form details (admin seeding) as stored."""
    out = copy.deepcopy(dict(details))
    optimization = out.get("optimization")
    if isinstance(optimization, dict) and optimization.get("bidStrategy") == RESPONSE_BID_STRATEGY:
        optimization["bidStrategy"] = INPUT_BID_STRATEGY
    return out


def answer(record: Record, now: datetime, mask: list[str] | None = None, date_range: str = "DAY") -> dict[str, Any]:
    """What the API answers: `WhatsappTemplateDto`, or with a field mask `WhatsappPartialTemplateDto`."""
    dto = to_dto(record, now, date_range)
    for holder in (dto, dto.get("changes")):
        if isinstance(holder, dict) and isinstance(holder.get("details"), dict):
            holder["details"] = response_details(holder["details"])
    return masked(dto, mask) if mask else dto


def masked(dto: dict[str, Any], paths: list[str]) -> dict[str, Any]:
    """`WhatsappPartialTemplateDto`: the DTO cut down to the field-mask paths."""
    projected = _project(dto, [p.split(".") for p in paths])
    assert isinstance(projected, dict)
    return projected


def _project(value: Any, paths: list[list[str]]) -> Any:
    if any(not p for p in paths):  # a path ends here: the whole value
        return copy.deepcopy(value)
    if isinstance(value, list):
        deeper = [p[1:] for p in paths if p[0] == "0"]
        return [_project(item, deeper) for item in value] if deeper else []
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            deeper = [p[1:] for p in paths if p[0] == key]
            if deeper:
                # An OTP button's supportedApps items are whole `WhatsappSupportedAppDto`s (both fields required,
                # also in the partial DTO): a path into them selects them whole.
                out[key] = _project(item, [[]] if key == "supportedApps" else deeper)
        return out
    return copy.deepcopy(value)
