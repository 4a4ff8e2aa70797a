"""``sinch_whatsapp_template`` (and its data sources): a WhatsApp message template, tag "WhatsApp Templates".

This module says what a template is: its attributes, how they map to the API's ``WhatsappTemplateInputDto``
(create), ``WhatsappUpdateTemplateInputDto`` (PATCH) and ``WhatsappTemplateDto`` (answers), every rule the
API description states (checked at ``terraform validate``/``plan`` with the attribute path), and its review:
created and changed by SUBMIT, reviewed by Meta (PENDING, then APPROVED or REJECTED with a rejection code),
an edit of an approved template reviewed while the approved one stays live (``changes``).

The HCL shape, and why:

- One attribute per component: ``header``, ``limited_time_offer``, ``body`` (required), ``footer``, ``buttons``
  and ``carousel``. The API takes ``details.components``, an array of objects told apart by ``type`` in which
  each type appears at most once and ``BODY`` must appear. A list of ``{type = "BODY", ...}`` objects in HCL
  would have to carry the union of every component's fields, allow two bodies or none, and make the reader
  find the body by scanning; named attributes say the same thing with none of that, and make "required" and
  "at most one" part of the schema. Each maps to one element of the array by a selector
  (``details.components[type=BODY]``), in both directions.
- ``header`` is one object with a ``format``: ``TEXT`` takes ``text`` (and ``example``, the sample value of its
  ``{{1}}``); ``IMAGE``/``VIDEO``/``DOCUMENT`` take ``example_url`` (a sample of the media, for Meta's review) and
  ``example_mime_type``; ``LOCATION`` takes nothing. One object rather than a block per format, because a
  template has one header and a change of format is a change of that header. The API's media ``example`` is an
  object (``{url, mimeType}``); flattened to ``example_url``/``example_mime_type`` it needs no third level.
- ``buttons`` is a list (order is what the user sees) of flat objects with a ``type``, exactly one API button
  each: a messaging team writes ``{ type = "URL", text = "Track", url = "https://...{{1}}", example = "..." }``
  as the API and Meta's documentation show it. The fields of each kind are declared once; which go with which
  ``type`` is a variant table (see ``BUTTON_VARIANTS``) that validation enforces and the docs show. A block per
  kind (``url_button {}``, ``quick_reply {}``) would lose the order between kinds, which WhatsApp displays.
- ``carousel`` is the list of cards (1 to 10), each ``{ header, body, buttons }`` shaped like the template's own,
  so a card reads like a small template.
- ``body.examples`` is a list with one sample value per variable (``{{1}}``, ``{{2}}``, ...), in order.
- Authentication templates leave ``body.text`` out (Meta writes it; it is read back) and configure
  ``body.add_security_recommendation``, ``footer.code_expiration_minutes`` and one ``OTP`` button.
- ``optimization`` (bid settings) is one optional object; ``message_send_ttl_seconds`` a number whose range
  depends on ``category``.
- Drafts are not offered: every template is submitted. So content the API needs "except for drafts" is
  required here.

What Sinch reports: ``state``, ``rejection_code``, ``quality_score``, ``whatsapp_id`` (Meta's template ID),
``pending_change_status`` and ``is_meta_generated``.

Where the rules come from: lengths, enums, patterns, the ``{{1}}`` URL suffix and its example, header and
button fields per kind, card rules, TTL ranges and category restrictions are the API description's
(``WhatsappTemplateInputDto`` and the schemas it uses). Button counts per kind (at most 10 buttons, 2 URL,
1 phone number, 1 copy code; quick replies grouped; an authentication template has exactly one button, OTP)
are Meta's published limits, as providers quote them; Sinch passes templates on to Meta, which rejects more.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, StringConstraints
from tf import iface

from provider import timeouts
from provider.resource import ApiResource, ListDataSource, ObjectDataSource, computed_copy
from provider.review import Outcome, Review
from provider.schema import (
    Attr,
    Problem,
    Variant,
    list_of_objects,
    single_object,
    stand_in,
    to_api,
)
from provider.types import IdSegment, check_http_url, digits, http_url, text

# ----------------------------------------------------------------------------------------------
# Enumerations (the API description's)
# ----------------------------------------------------------------------------------------------

TemplateLanguage = Literal[
    "AF", "AR", "AZ", "BG", "BN", "CA", "CS", "DA", "DE", "EL", "EN", "EN_GB", "EN_US", "ES", "ES_AR", "ES_ES",
    "ES_MX", "ES_UY", "ET", "FA", "FI", "FIL", "FR", "GA", "GU", "HA", "HE", "HI", "HR", "HU", "ID", "IT", "JA",
    "KA", "KK", "KN", "KO", "KY_KG", "LO", "LT", "LV", "MK", "ML", "MR", "MS", "NB", "NL", "PA", "PL", "PT_BR",
    "PT_PT", "RO", "RU", "RW_RW", "SK", "SL", "SQ", "SR", "SV", "SW", "TA", "TE", "TH", "TR", "UK", "UR", "UZ",
    "VI", "ZH_CN", "ZH_HK", "ZH_TW", "ZU",
]  # fmt: skip
Category = Literal["AUTHENTICATION", "MARKETING", "UTILITY"]
HeaderFormat = Literal["TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION"]
MediaMimeType = Literal["IMAGE/JPEG", "IMAGE/PNG", "APPLICATION/PDF", "VIDEO/3GP", "VIDEO/MP4"]
CardMimeType = Literal["IMAGE/JPEG", "IMAGE/PNG", "VIDEO/3GP", "VIDEO/MP4"]
ButtonType = Literal[
    "QUICK_REPLY", "URL", "PHONE_NUMBER", "OTP", "FLOW", "COPY_CODE", "REQUEST_CONTACT_INFO", "ORDER_DETAILS"
]  # fmt: skip
CardButtonType = Literal["QUICK_REPLY", "URL", "PHONE_NUMBER"]
OtpType = Literal["COPY_CODE", "ONE_TAP", "ZERO_TAP"]
FlowAction = Literal["DATA_EXCHANGE", "NAVIGATE"]
BidStrategy = Literal["LOWEST_COST_WITH_BID_CAP"]
TemplateState = Literal["APPROVED", "DISABLED", "PAUSED", "PENDING", "REJECTED"]
RejectionCode = Literal["ABUSIVE_CONTENT", "INCORRECT_CATEGORY", "INVALID_FORMAT", "NONE", "SCAM", "UNRECOGNIZED"]
QualityScore = Literal[
    "QUALITY_SCORE_GREEN", "QUALITY_SCORE_RED", "QUALITY_SCORE_YELLOW", "QUALITY_SCORE_UNKNOWN", "UNRECOGNIZED"
]  # fmt: skip
ChangeStatus = Literal["DRAFT", "IN_PROGRESS", "REJECTED"]

#: Which media types go with which header format.
MIME_TYPES: dict[str, tuple[str, ...]] = {
    "IMAGE": ("IMAGE/JPEG", "IMAGE/PNG"),
    "VIDEO": ("VIDEO/3GP", "VIDEO/MP4"),
    "DOCUMENT": ("APPLICATION/PDF",),
}

#: ``messageSendTtlSeconds`` per category: (lowest, highest) in seconds.
TTL_RANGES: dict[str, tuple[int, int]] = {
    "AUTHENTICATION": (10, 900),
    "MARKETING": (43200, 2592000),
    "UTILITY": (30, 43200),
}

#: Meta's limits on buttons of one kind in a template (the total is 10).
BUTTON_LIMITS: dict[str, int] = {"URL": 2, "PHONE_NUMBER": 1, "COPY_CODE": 1}
MAX_BUTTONS = 10

# ----------------------------------------------------------------------------------------------
# Value types
# ----------------------------------------------------------------------------------------------

_NAME = re.compile(r"^[a-z0-9][a-z0-9_]*[a-z0-9]$")


def check_template_name(value: str) -> str:
    if not _NAME.match(value):
        raise ValueError(
            "must be lower-case letters, digits and underscores, starting and ending with a letter or digit "
            "(at least 2 characters)"
        )
    return value


TemplateName = Annotated[str, StringConstraints(max_length=512), AfterValidator(check_template_name)]

DYNAMIC_SUFFIX = "{{1}}"
RESTRICTED_HOSTS = ("wa.me", "whatsapp.com")


def check_button_url(value: str) -> str:
    """A URL button's address: an http(s) URL that may end with the variable ``{{1}}`` (and nowhere else has one),
    not on WhatsApp's own domains."""
    static = value.removesuffix(DYNAMIC_SUFFIX)
    if "{{" in static or "}}" in static:
        raise ValueError("may be dynamic only through a variable {{1}} at its very end, e.g. https://x.com/t?id={{1}}")
    check_http_url(static)
    host = (urlsplit(static).hostname or "").rstrip(".").lower()
    if any(host == h or host.endswith("." + h) for h in RESTRICTED_HOSTS):
        raise ValueError("must not be on wa.me or whatsapp.com (WhatsApp refuses links to its own domains)")
    return value


ButtonUrl = Annotated[str, StringConstraints(max_length=2000), AfterValidator(check_button_url)]

_PHONE = re.compile(r"^\+[0-9][0-9 ().-]*$")


def check_phone_number(value: str) -> str:
    count = sum(ch.isdigit() for ch in value)
    if not _PHONE.match(value) or not 4 <= count <= 15:
        raise ValueError("must be a phone number in international format, e.g. +48 777 777777")
    return value


PhoneNumber = Annotated[str, AfterValidator(check_phone_number)]


def check_multiplier(value: str) -> str:
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(10) or not re.match(r"^\d+(\.\d+)?$", value):
        raise ValueError('must be a decimal number from 0.0 to 10.0 written as text, e.g. "1.2"')
    return value


CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Multiplier = Annotated[str, AfterValidator(check_multiplier)]

# ----------------------------------------------------------------------------------------------
# Components
# ----------------------------------------------------------------------------------------------

EXAMPLE_URL_HELP = (
    "A sample of the media, for Meta's review: a public URL of a JPEG or PNG image (at most 5 MB), an H.264/AAC "
    "3GP or MP4 video (16 MB) or a PDF document (100 MB). The media itself is sent with each message."
)

HEADER = (
    Attr("format", HeaderFormat, "What the header shows.", required=True),
    Attr("text", text(1, 60), "`TEXT`: the header text, 1 to 60 characters, with at most one variable, `{{1}}`.",
         optional=True),
    Attr("example", text(1), "`TEXT`: a sample value of the header's `{{1}}` (required when it has one).",
         optional=True),
    Attr("example_url", http_url(), f"`IMAGE`, `VIDEO`, `DOCUMENT`: {EXAMPLE_URL_HELP}", optional=True,
         api="example.url"),
    Attr("example_mime_type", MediaMimeType, "`IMAGE`, `VIDEO`, `DOCUMENT`: the sample's media type, when it "
         "cannot be told from the file (`IMAGE/*` for images, `VIDEO/*` for videos, `APPLICATION/PDF` for "
         "documents).", optional=True, api="example.mimeType", returned=False),
)  # fmt: skip
HEADER_VARIANTS = {
    "TEXT": Variant(required=("text",), optional=("example",)),
    **{kind: Variant(required=("example_url",), optional=("example_mime_type",)) for kind in MIME_TYPES},
    "LOCATION": Variant(),
}

BODY = (
    Attr("text", text(1, 1024), "The message, 1 to 1024 characters, with variables `{{1}}`, `{{2}}`, ... numbered "
         "from 1. Required, except in an `AUTHENTICATION` template, whose text Meta writes (then it is read back).",
         optional=True, computed=True),
    Attr("examples", list[text(1)], "A sample value for each variable of `text`, in order.",  # type: ignore[misc]
         optional=True),
    Attr("add_security_recommendation", bool, "`AUTHENTICATION` only: add Meta's security recommendation "
         "(\"For your security, do not share this code.\").", optional=True, computed=True),
)  # fmt: skip

FOOTER = (
    Attr("text", text(1, 60), "The footer text, at most 60 characters. Required, except in an `AUTHENTICATION` "
         "template, whose footer Meta writes from `code_expiration_minutes` (then it is read back).",
         optional=True, computed=True),
    Attr("code_expiration_minutes", Annotated[int, Field(ge=1)], "`AUTHENTICATION` only: say that the code "
         "expires after this many minutes.", optional=True),
)  # fmt: skip

LIMITED_TIME_OFFER = (
    Attr("text", text(1, 16), "The offer, 1 to 16 characters.", required=True),
    Attr("has_expiration", bool, "Show the offer's expiration in the delivered message (default false).",
         optional=True, computed=True, default=False),
)  # fmt: skip

SUPPORTED_APP = (
    Attr("package_name", text(1), "The Android app's package name.", required=True),
    Attr("signature_hash", text(1), "The app's signing key hash.", required=True),
)

URL_FIELDS = (
    Attr("url", ButtonUrl, "`URL`: the address; it may end with the variable `{{1}}` "
         "(`https://shop.example.com/t?id={{1}}`), never elsewhere; not on wa.me or whatsapp.com.", optional=True),
    Attr("example", text(1), "`URL`: the full URL with a sample value for the `{{1}}` (required with one). "
         "`COPY_CODE`: a sample code, 1 to 20 characters (required).", optional=True),
    Attr("phone_number", PhoneNumber, "`PHONE_NUMBER`: the number to call, in international format.",
         optional=True),
)  # fmt: skip

BUTTON = (
    Attr("type", ButtonType, "The kind of button.", required=True),
    Attr("text", text(1, 25), "The button's label, 1 to 25 characters.", optional=True),
    *URL_FIELDS,
    Attr("otp_type", OtpType, "`OTP`: how the code is delivered.", optional=True),
    Attr("autofill_text", text(1, 25), "`OTP` (`ONE_TAP`, `ZERO_TAP`): the autofill button's label.",
         optional=True),
    Attr("supported_apps", list_of_objects(SUPPORTED_APP, min_items=1), "`OTP` (`ONE_TAP`, `ZERO_TAP`, required "
         "there): the Android apps that receive the code.", optional=True),
    Attr("zero_tap_terms_accepted", bool, "`OTP` (`ZERO_TAP`, must be true there): you accept that zero-tap "
         "authentication is subject to the WhatsApp Business Terms of Service.", optional=True),
    Attr("flow_id", digits(1, 30), "`FLOW`: the ID of the flow to open (see `sinch_whatsapp_flows`).",
         optional=True),
    Attr("flow_action", FlowAction, "`FLOW`: `NAVIGATE` opens `navigate_screen`; `DATA_EXCHANGE` asks your "
         "endpoint.", optional=True),
    Attr("navigate_screen", text(1, 432), "`FLOW` with `NAVIGATE`: the ID of the flow's first screen.",
         optional=True),
)  # fmt: skip
BUTTON_VARIANTS = {
    "QUICK_REPLY": Variant(required=("text",)),
    "URL": Variant(required=("text", "url"), optional=("example",)),
    "PHONE_NUMBER": Variant(required=("text", "phone_number")),
    "OTP": Variant(
        required=("otp_type", "text"), optional=("autofill_text", "supported_apps", "zero_tap_terms_accepted")
    ),
    "FLOW": Variant(required=("text", "flow_id", "flow_action"), optional=("navigate_screen",)),
    "COPY_CODE": Variant(required=("example",)),
    "REQUEST_CONTACT_INFO": Variant(),
    "ORDER_DETAILS": Variant(),
}

CARD_HEADER = (
    Attr("format", Literal["IMAGE", "VIDEO"], "What the card's header shows.", required=True),
    Attr("example_url", http_url(), "A sample of the media, for Meta's review: a public URL of a JPEG or PNG image "
         "(at most 5 MB) or an H.264/AAC 3GP or MP4 video (16 MB); cropped to a wide ratio on the user's device.",
         required=True, api="example.url"),
    Attr("example_mime_type", CardMimeType, "The sample's media type, when it cannot be told from the file.",
         optional=True, api="example.mimeType", returned=False),
)  # fmt: skip
CARD_BODY = (
    Attr("text", text(1, 160), "The card's text, 1 to 160 characters, with variables `{{1}}`, ... numbered from 1.",
         required=True),
    Attr("examples", list[text(1)], "A sample value for each variable of `text`, in order.",  # type: ignore[misc]
         optional=True),
)  # fmt: skip
CARD_BUTTON = (
    Attr("type", CardButtonType, "The kind of button.", required=True),
    Attr("text", text(1, 25), "The button's label, 1 to 25 characters.", required=True),
    *URL_FIELDS,
)
CARD_BUTTON_VARIANTS = {
    "QUICK_REPLY": Variant(),
    "URL": Variant(required=("url",), optional=("example",)),
    "PHONE_NUMBER": Variant(required=("phone_number",)),
}
CARD = (
    Attr("header", single_object(CARD_HEADER, discriminator="format",
                                 variants={"IMAGE": Variant(optional=("example_mime_type",)),
                                           "VIDEO": Variant(optional=("example_mime_type",))}),
         "The card's image or video.", required=True, api="components[type=HEADER]"),
    Attr("body", single_object(CARD_BODY), "The card's text.", required=True, api="components[type=BODY]"),
    Attr("buttons", list_of_objects(CARD_BUTTON, min_items=1, max_items=2, discriminator="type",
                                    variants=CARD_BUTTON_VARIANTS),
         "The card's buttons: quick replies, URLs or phone numbers.", optional=True,
         api="components[type=BUTTONS].buttons"),
)  # fmt: skip

OPTIMIZATION = (
    Attr("bid_amount", Annotated[float, Field(ge=0)], "The most to bid for 1,000 deliveries, in the smallest unit "
         "of the WhatsApp Business Account's currency (5000 is USD 0.05 per delivery).", required=True),
    Attr("bid_strategy", BidStrategy, "The bid strategy (the only one, and the default: "
         "`LOWEST_COST_WITH_BID_CAP`).", optional=True, computed=True, default="LOWEST_COST_WITH_BID_CAP",
         canonical=lambda value: value.removeprefix("BID_STRATEGY_") if isinstance(value, str) else value),
    Attr("bid_country_multiplier_overrides", dict[CountryCode, Multiplier], "Bid multipliers by ISO 3166-1 "
         "alpha-2 country code, as decimal text from \"0.0\" to \"10.0\" (others: 1.0), e.g. `{ US = \"1.2\" }`.",
         optional=True),
)  # fmt: skip

# ----------------------------------------------------------------------------------------------
# The resource's attributes
# ----------------------------------------------------------------------------------------------

REJECTED_HELP = (
    "Correct the template (see rejection_code) and apply again: the change is submitted for a new review. A "
    "template rejected for INCORRECT_CATEGORY may change its category in place."
)

PROJECT_ID = Attr(
    "project_id", IdSegment, "Sinch project of the template (templates belong to the project: every sender of "
    "the project can use them).", optional=True, computed=True, stable=True, force_new=True, api=None,
    provider_default="project_id",
)  # fmt: skip

IDENTITY = (
    Attr("name", TemplateName, "The template's name: lower-case letters, digits and underscores (at most 512). "
         "A deleted approved template's name and language cannot be used again for 30 days.", required=True,
         force_new=True),
    Attr("language", TemplateLanguage, "The template's language.", required=True, force_new=True),
)  # fmt: skip

ARGUMENTS = (
    Attr("category", Category, "What the template is for: `MARKETING`, `UTILITY` or `AUTHENTICATION` (one-time "
         "codes). Sinch changes it only while the template is a draft or was rejected for its category.",
         required=True),
    Attr("allow_category_change", bool, "Let Meta change the category it finds wrong instead of rejecting the "
         "template (the API's default: false). Sent when the template is created (the API takes it later only "
         "from drafts).", optional=True, returned=False, create_only=True),
    Attr("message_send_ttl_seconds", int, "How long WhatsApp keeps trying to deliver a message of this template, "
         "in seconds: AUTHENTICATION 10 to 900 (default 600), MARKETING 43200 to 2592000, UTILITY 30 to 43200 "
         "(default 30 days for both).", optional=True, computed=True, api="details.messageSendTtlSeconds"),
    Attr("optimization", single_object(OPTIMIZATION), "Bid settings for the delivery of marketing messages.",
         optional=True, api="details.optimization"),
)  # fmt: skip

COMPONENTS = (
    Attr("header", single_object(HEADER, discriminator="format", variants=HEADER_VARIANTS),
         "The header: a text, an image, a video, a document or a location.", optional=True,
         api="details.components[type=HEADER]"),
    Attr("limited_time_offer", single_object(LIMITED_TIME_OFFER), "A limited-time offer shown above the body.",
         optional=True, api="details.components[type=LIMITED_TIME_OFFER]"),
    Attr("body", single_object(BODY), "The message (every template has one; an `AUTHENTICATION` template's is "
         "`{}` or sets only `add_security_recommendation`).", required=True, api="details.components[type=BODY]"),
    Attr("footer", single_object(FOOTER), "The footer.", optional=True, api="details.components[type=FOOTER]"),
    Attr("buttons", list_of_objects(BUTTON, min_items=1, max_items=MAX_BUTTONS, discriminator="type",
                                    variants=BUTTON_VARIANTS),
         "The buttons, in the order shown: at most 2 `URL`, 1 `PHONE_NUMBER` and 1 `COPY_CODE`; quick replies "
         "next to each other. An `AUTHENTICATION` template has exactly one, `OTP`.",
         optional=True, api="details.components[type=BUTTONS].buttons"),
    Attr("carousel", list_of_objects(CARD, min_items=1, max_items=10), "The cards of a carousel, all with the same "
         "components (header format, body, kinds of buttons in the same order).", optional=True,
         api="details.components[type=CAROUSEL].cards"),
)  # fmt: skip

REPORTED = (
    Attr("state", TemplateState, "Meta's verdict: `PENDING`, `APPROVED`, `REJECTED`, `PAUSED` or `DISABLED`.",
         computed=True),
    Attr("rejection_code", RejectionCode, "Why Meta rejected the template (null unless REJECTED).", computed=True,
         absent=("NONE",)),
    Attr("quality_score", QualityScore, "Meta's quality score of the template.", computed=True),
    Attr("whatsapp_id", str, "Meta's ID of the template.", computed=True),
    Attr("pending_change_status", ChangeStatus, "Status of the change under review: `DRAFT`, `IN_PROGRESS` or "
         "`REJECTED`; null when every change has been approved.", computed=True, api="changes.status"),
    Attr("is_meta_generated", bool, "Whether Meta generated the template.", computed=True),
)  # fmt: skip

REVIEW = Review(
    targets={"APPROVED": ("APPROVED",)},
    wait_default="NONE",  # Meta reviews in minutes to a day: waiting is asked for, not imposed
    transitional=("PENDING",),
    in_review=("IN_PROGRESS",),  # an edit of an approved template under review: the wait is not over
    updates_reviewed=True,
    errors={  # a resubmission makes the template PENDING and its change IN_PROGRESS again
        "REJECTED": Outcome("Meta rejected the template ({code})", REJECTED_HELP),
        "changes:REJECTED": Outcome("Meta rejected the change ({code})", REJECTED_HELP),
    },
    refusals={
        "PAUSED": Outcome("the template is PAUSED", "Meta paused it for its quality; see quality_score."),
        "DISABLED": Outcome("the template is DISABLED", "Meta disabled it for its quality; see quality_score."),
    },
    rejected_changes=("REJECTED",),
    code_paths=("rejectionCode",),
    reason_paths=(),
)
SETTINGS = REVIEW.settings(
    wait="Whether create and updates wait until Meta has APPROVED the template (a rejection then fails the "
    "apply with its `rejection_code`), or return once it is submitted (`NONE`, the default). How long: the "
    "`timeouts` block.",
)

ATTRIBUTES = (PROJECT_ID, *IDENTITY, *ARGUMENTS, *COMPONENTS, *REPORTED, *SETTINGS)
DETAILS = ("message_send_ttl_seconds", "optimization", *(a.name for a in COMPONENTS))

# ----------------------------------------------------------------------------------------------
# Rules across attributes
# ----------------------------------------------------------------------------------------------
# Written for known values: they run once per way the unknown values may turn out (provider.schema.in_every_world),
# and see nested values as read-only views. A value that stands for "known after apply" (stand_in) is not judged.

_VARIABLE = re.compile(r"\{\{([^{}]*)\}\}")


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and not stand_in(value) else None


def _objects(value: Any) -> list[tuple[int, Mapping[str, Any]]]:
    """The known objects of a list nested attribute, with their index."""
    if not isinstance(value, Sequence) or isinstance(value, str):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, Mapping)]


def _list(value: Any) -> Sequence[Any] | None:
    return value if isinstance(value, Sequence) and not isinstance(value, str) else None


def variable_count(text_value: Any, path: list[Any], label: str, problems: list[Problem]) -> int | None:
    """How many variables ``text_value`` has; problems when they are not ``{{1}}``, ``{{2}}``, ... without gaps.
    None when the text is unknown or its variables are wrong."""
    value = _text(text_value)
    if value is None:
        return None
    names = [name.strip() for name in _VARIABLE.findall(value)]
    wrong = next((name for name in names if not name.isdigit() or int(name) < 1), None)
    if wrong is not None:
        problems.append((path, f"{label} has the variable {{{{{wrong}}}}}: variables are numbered {{{{1}}}}, "
                               f"{{{{2}}}}, ..."))  # fmt: skip
        return None
    numbers = sorted({int(name) for name in names})
    missing = next((n for n in range(1, len(numbers) + 1) if n not in numbers), None)
    if missing is not None:
        problems.append((path, f"{label} uses {{{{{numbers[-1]}}}}} without {{{{{missing}}}}}: variables are "
                               f"numbered from {{{{1}}}} without gaps"))  # fmt: skip
        return None
    return len(numbers)


def examples_problems(obj: Mapping[str, Any], path: list[Any], label: str) -> list[Problem]:
    """A text's variables and its ``examples``: one sample per variable."""
    problems: list[Problem] = []
    count = variable_count(obj.get("text"), [*path, "text"], f"{label}.text", problems)
    examples = obj.get("examples")
    if not count:
        return problems
    if examples is None:
        problems.append(([*path, "examples"], f"{label}.examples is required: one sample value for each of the "
                                              f"{count} variable(s) of {label}.text"))  # fmt: skip
    elif (given := _list(examples)) is not None and len(given) != count:
        problems.append(([*path, "examples"], f"{label}.examples must have one sample value for each variable of "
                                              f"{label}.text: {count}, not {len(given)}"))  # fmt: skip
    return problems


def body_rules(config: Mapping[str, Any]) -> list[Problem]:
    body, category = config.get("body"), config.get("category")
    if not isinstance(body, Mapping):
        return []
    problems: list[Problem] = []
    if category == "AUTHENTICATION":
        if body.get("text") is not None:
            problems.append((["body", "text"], "body.text must be left out of an AUTHENTICATION template: Meta "
                                               "writes its text"))  # fmt: skip
        return problems
    else:
        if body.get("text") is None:
            problems.append((["body", "text"], "body.text is required (only an AUTHENTICATION template's body is "
                                               "written by Meta)"))  # fmt: skip
        if body.get("add_security_recommendation") is not None:
            problems.append((["body", "add_security_recommendation"], "body.add_security_recommendation is for "
                                                                      "AUTHENTICATION templates only"))  # fmt: skip
    return problems + examples_problems(body, ["body"], "body")


def header_rules(config: Mapping[str, Any]) -> list[Problem]:
    header = config.get("header")
    if not isinstance(header, Mapping):
        return []
    problems: list[Problem] = []
    kind = header.get("format")
    if kind == "TEXT":
        count = variable_count(header.get("text"), ["header", "text"], "header.text", problems)
        if count is not None and count > 1:
            problems.append((["header", "text"], f"header.text may have one variable, {{{{1}}}}, not {count}"))
        elif count == 1 and header.get("example") is None:
            problems.append((["header", "example"], "header.example is required: a sample value of the {{1}} of "
                                                    "header.text"))  # fmt: skip
    mime = header.get("example_mime_type")
    if kind in MIME_TYPES and isinstance(mime, str) and not stand_in(mime) and mime not in MIME_TYPES[kind]:
        fits = " or ".join(MIME_TYPES[kind])
        problems.append((["header", "example_mime_type"], f"header.example_mime_type {mime} does not fit "
                                                          f"{_a(kind)} header: use {fits}"))  # fmt: skip
    return problems


def footer_rules(config: Mapping[str, Any]) -> list[Problem]:
    footer = config.get("footer")
    if not isinstance(footer, Mapping) or config.get("category") == "AUTHENTICATION":
        return []
    problems: list[Problem] = []
    if footer.get("text") is None:
        problems.append((["footer", "text"], "footer.text is required (only an AUTHENTICATION template's footer is "
                                             "written by Meta)"))  # fmt: skip
    if footer.get("code_expiration_minutes") is not None:
        problems.append((["footer", "code_expiration_minutes"], "footer.code_expiration_minutes is for "
                                                                "AUTHENTICATION templates only"))  # fmt: skip
    return problems


def button_problems(buttons: Any, path: list[Any], label: str) -> list[Problem]:
    """What each button of a template or a card must satisfy beyond its own fields: a URL's ``{{1}}`` and its
    example, a copy code's sample, a flow's screen, an OTP's delivery settings; and no two buttons alike."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str | None], int] = {}
    for index, button in _objects(buttons):
        where, named = [*path, (index,)], f"{label}[{index}]"
        kind = button.get("type")
        url, example = _text(button.get("url")), button.get("example")
        if kind == "URL" and url is not None:
            if url.endswith(DYNAMIC_SUFFIX):
                static = url.removesuffix(DYNAMIC_SUFFIX)
                if example is None:
                    problems.append(([*where, "example"], f"{named}.example is required: the full URL with a "
                                                          "sample value for the {{1}} of its url"))  # fmt: skip
                elif (sample := _text(example)) is not None and (not sample.startswith(static) or sample == static):
                    problems.append(([*where, "example"], f"{named}.example must be the full URL with a sample "
                                                          f"value for {{{{1}}}}: {static}<value>"))  # fmt: skip
            if (sample := _text(example)) is not None:
                try:
                    check_http_url(sample)
                except ValueError as exc:
                    problems.append(([*where, "example"], f"{named}.example {exc}"))
        if kind == "COPY_CODE" and (sample := _text(example)) is not None and len(sample) > 20:
            problems.append(([*where, "example"], f"{named}.example must be a sample code of 1 to 20 characters"))
        if kind == "FLOW" and button.get("flow_action") == "NAVIGATE" and button.get("navigate_screen") is None:
            problems.append(([*where, "navigate_screen"], f"{named}.navigate_screen is required when flow_action "
                                                          "is 'NAVIGATE'"))  # fmt: skip
        if kind == "OTP":
            problems += otp_problems(button, where, named)
        caption = button.get("text")
        if isinstance(kind, str) and isinstance(caption, str) and not stand_in(caption):
            key = (kind, caption)
            if key in seen:
                problems.append((where, f"{named} repeats {label}[{seen[key]}]: no two buttons may have the same "
                                        f"type and text ({kind} {caption!r})"))  # fmt: skip
            else:
                seen[key] = index
    return problems


def otp_problems(button: Mapping[str, Any], where: list[Any], named: str) -> list[Problem]:
    problems: list[Problem] = []
    otp = button.get("otp_type")
    if otp in ("ONE_TAP", "ZERO_TAP") and button.get("supported_apps") is None:
        problems.append(([*where, "supported_apps"], f"{named}.supported_apps is required when otp_type is "
                                                     f"{otp!r}: the Android apps that receive the code"))  # fmt: skip
    if otp == "COPY_CODE" and button.get("autofill_text") is not None:
        problems.append(([*where, "autofill_text"], f"{named}.autofill_text is for ONE_TAP and ZERO_TAP buttons"))
    if otp == "ZERO_TAP" and button.get("zero_tap_terms_accepted") is not True:
        problems.append(([*where, "zero_tap_terms_accepted"], f"{named}.zero_tap_terms_accepted must be true for a "
                                                              "ZERO_TAP button"))  # fmt: skip
    elif otp in ("COPY_CODE", "ONE_TAP") and button.get("zero_tap_terms_accepted") is not None:
        problems.append(([*where, "zero_tap_terms_accepted"], f"{named}.zero_tap_terms_accepted is for ZERO_TAP "
                                                              "buttons"))  # fmt: skip
    return problems


def buttons_rules(config: Mapping[str, Any]) -> list[Problem]:
    buttons, category = config.get("buttons"), config.get("category")
    problems = button_problems(buttons, ["buttons"], "buttons")
    items = _list(buttons)
    if category == "AUTHENTICATION":
        one = items[0] if items is not None and len(items) == 1 else None
        if not stand_in(buttons) and (
            one is None or (isinstance(one, Mapping) and one.get("type") not in ("OTP", None))
        ):
            problems.append((["buttons"], "an AUTHENTICATION template has exactly one button, of type OTP"))
        return problems
    kinds = [(index, button.get("type")) for index, button in _objects(buttons)]
    for index, kind in kinds:
        if kind == "OTP":
            problems.append((["buttons", (index,), "type"], f"buttons[{index}]: OTP buttons are for AUTHENTICATION "
                                                            "templates only"))  # fmt: skip
    for kind, limit in BUTTON_LIMITS.items():
        count = sum(1 for _, k in kinds if k == kind)
        if count > limit:
            problems.append((["buttons"], f"buttons may have at most {limit} {kind} button(s), not {count}"))
    if items is not None and len(kinds) == len(items) and all(isinstance(k, str) and not stand_in(k) for _, k in kinds):
        quick = [k == "QUICK_REPLY" for _, k in kinds]
        if sum(1 for a, b in itertools.pairwise(quick) if a != b) > 1:
            problems.append((["buttons"], "buttons: the QUICK_REPLY buttons must be next to each other, before or "
                                          "after the other buttons"))  # fmt: skip
    return problems


def carousel_rules(config: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    shapes: list[tuple[int, tuple[Any, ...]]] = []
    for index, card in _objects(config.get("carousel")):
        where, named = ["carousel", (index,)], f"carousel[{index}]"
        body = card.get("body")
        if isinstance(body, Mapping):
            problems += examples_problems(body, [*where, "body"], f"{named}.body")
        buttons = card.get("buttons")
        problems += button_problems(buttons, [*where, "buttons"], f"{named}.buttons")
        shape = _card_shape(card)
        if shape is not None:
            shapes.append((index, shape))
    for index, shape in shapes[1:]:
        first, expected = shapes[0]
        if shape != expected:
            problems.append((["carousel", (index,)], f"carousel[{index}] must have the same components as "
                                                     f"carousel[{first}]: {_describe(expected)}, not "
                                                     f"{_describe(shape)}"))  # fmt: skip
    return problems


def _card_shape(card: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """What must be the same in every card: the header's format and the kinds of buttons, in order. None when
    some of it is not known yet."""
    header = card.get("header")
    kind = header.get("format") if isinstance(header, Mapping) else None
    buttons = card.get("buttons")
    if not isinstance(kind, str) or stand_in(kind):
        return None
    if buttons is None:
        return (kind, ())
    items = _list(buttons)
    if items is None:
        return None
    kinds = tuple(b.get("type") if isinstance(b, Mapping) else None for b in items)
    return None if any(not isinstance(k, str) or stand_in(k) for k in kinds) else (kind, kinds)


def _describe(shape: tuple[Any, ...]) -> str:
    kind, buttons = shape
    return f"{_a(kind)} header and " + (f"buttons {', '.join(buttons)}" if buttons else "no buttons")


def _a(word: str) -> str:
    return ("an " if word[:1] in "AEIO" else "a ") + word  # "a UTILITY template"


def ttl_rules(config: Mapping[str, Any]) -> list[Problem]:
    ttl, category = config.get("message_send_ttl_seconds"), config.get("category")
    if isinstance(ttl, bool) or not isinstance(ttl, int | float) or category not in TTL_RANGES:
        return []
    low, high = TTL_RANGES[category]
    if low <= ttl <= high:
        return []
    return [(["message_send_ttl_seconds"], f"message_send_ttl_seconds must be from {low} to {high} for "
                                           f"{_a(category)} template, not {ttl}")]  # fmt: skip


RULES: tuple[Callable[[Mapping[str, Any]], list[Problem]], ...] = (
    body_rules,
    header_rules,
    footer_rules,
    buttons_rules,
    carousel_rules,
    ttl_rules,
)
"""The rules across attributes, each checked in every world the configuration's unknown values may resolve to."""


class WhatsappTemplate(ApiResource):
    name = "whatsapp_template"
    description = (
        "A WhatsApp message template (header, body, footer, buttons, carousel), submitted to Meta for review. "
        "Templates belong to the project: every WhatsApp sender of the project can use them. Changes are "
        "submitted in place (an approved template stays live while Meta reviews the change); the name and the "
        "language, and the category (except after an INCORRECT_CATEGORY rejection), cannot change: a change "
        "replaces the template. Destroying an approved template blocks its name and language for 30 days."
    )
    attributes = ATTRIBUTES
    collection_path = "/v1/projects/{project_id}/whatsapp/templates"
    item_path = "/v1/projects/{project_id}/whatsapp/templates/{name}/languages/{language}"
    import_id = "{project_id}/{name}/{language}"
    update_method = "PATCH"
    delete_params = {"deleteSubmitted": "true"}  # a submitted template, not only a draft
    review = REVIEW
    schema_version = 2
    state_upgrades = {1: timeouts.upgrade_create_timeout}
    natural_key = ("name", "language")
    list_items_key = "templates"
    list_reads = True
    list_identity = ("name", "language")
    list_page_size = 1000
    exists_error_codes = ("template_exists",)
    error_hints = {
        code: "A deleted approved template's name and language cannot be used again for 30 days: choose another "
        "name (or language), or wait."
        for code in ("template_name_recently_used", "template_language_recently_deleted")
    }

    def check_config(self, config: Mapping[str, Any]) -> list[Problem]:
        return [problem for rule in RULES for problem in rule(config)]

    # ------------------------------------------------------------------ requests

    def create_body(self, planned: Mapping[str, Any]) -> dict[str, Any]:
        return {**super().create_body(planned), "status": "SUBMIT"}

    def update_body(self, current: Mapping[str, Any], planned: Mapping[str, Any], changed: list[str]) -> dict[str, Any]:
        """SUBMIT the whole details (the API replaces its components as a whole), and the category or the
        category-change permission when they changed."""
        body = to_api(self.attributes, planned, include=[*DETAILS, *(n for n in changed if n not in DETAILS)],
                      create=False)  # fmt: skip
        details = body.setdefault("details", {})
        if "optimization" in changed and planned.get("optimization") is None:
            details["optimization"] = None  # the API's way to remove it
        return {**body, "status": "SUBMIT"}

    def requires_replace(
        self, prior: Mapping[str, Any], planned: Mapping[str, Any], config: Mapping[str, Any] | None = None
    ) -> list[str]:
        names = super().requires_replace(prior, planned, config)
        if self.category_change_replaces(prior, planned):
            names.append("category")
        return names

    @staticmethod
    def category_change_replaces(prior: Mapping[str, Any], planned: Mapping[str, Any]) -> bool:
        """The API changes a category only after an INCORRECT_CATEGORY rejection; otherwise a new one replaces."""
        changed = planned.get("category") not in (None, prior.get("category"))
        fixable = prior.get("state") == "REJECTED" and prior.get("rejection_code") == "INCORRECT_CATEGORY"
        return changed and planned.get("category") is not None and not fixable and prior.get("category") is not None

    def plan(self, ctx: iface.PlanContext, current: dict[str, Any] | None, planned: dict[str, Any]) -> dict[str, Any]:
        planned = super().plan(ctx, current, planned)
        if current is not None and self.category_change_replaces(current, planned):
            ctx.diagnostics.add_warning(
                f"{self.type_name()} {self.describe(current)}: a new category replaces the template",
                "Sinch changes a template's category only after Meta rejected it for INCORRECT_CATEGORY; otherwise "
                "the template is deleted and created again with the new category (the name and language of a "
                "deleted approved template are blocked for 30 days: rename it too if it was approved).",
            )
        return planned

    def state_from_api(self, body: Mapping[str, Any], prior: Mapping[str, Any]) -> dict[str, Any]:
        state = super().state_from_api(body, prior)
        if state.get("category") == "AUTHENTICATION":
            # Meta writes an authentication template's body and footer texts: they are not the configuration's
            # (which must leave them out), so state leaves them out too, and a generated configuration is valid.
            for component in ("body", "footer"):
                if isinstance(state.get(component), dict):
                    state[component] = {**state[component], "text": None}
        return state

    def after_delete(self, ctx: iface.DeleteContext, state: Mapping[str, Any]) -> None:
        if state.get("state") in ("APPROVED", "PAUSED", "DISABLED"):
            ctx.diagnostics.add_warning(
                f"{self.type_name()} {self.describe(state)} was deleted",
                "Meta blocks the name and language of a deleted approved template for 30 days: a new template "
                "with both fails until then.",
            )


# ---------------------------------------------------------------------- data sources

READ_ONLY = computed_copy((*IDENTITY, *ARGUMENTS, *COMPONENTS, *REPORTED), exclude=("allow_category_change",))
DS_PROJECT = Attr("project_id", IdSegment, "Sinch project.", optional=True, computed=True, api=None,
                  provider_default="project_id")  # fmt: skip


class WhatsappTemplateData(ObjectDataSource):
    name = "whatsapp_template"
    description = "One WhatsApp template, by name and language."
    resource = WhatsappTemplate
    attributes = (
        DS_PROJECT,
        Attr("name", TemplateName, "The template's name.", required=True),
        Attr("language", TemplateLanguage, "The template's language.", required=True),
        *(a for a in READ_ONLY if a.name not in ("name", "language")),
    )


class WhatsappTemplates(ListDataSource):
    name = "whatsapp_templates"
    description = (
        "Every WhatsApp template of the project (all pages, alphabetical), optionally filtered by state, pending "
        "change status or name. Each has the attributes of the `sinch_whatsapp_template` resource, so a "
        "configuration can adopt them with `import {}` blocks and `for_each`."
    )
    collection_path = "/v1/projects/{project_id}/whatsapp/templates"
    items_key = "templates"
    page_size = 1000
    item_attributes = (computed_copy((PROJECT_ID,))[0], *READ_ONLY)
    query = {"states": "filterStates", "change_statuses": "filterStatuses", "name": "templateName"}
    attributes = (
        DS_PROJECT,
        Attr("states", set[TemplateState], "Only templates in these states.", optional=True, api=None),
        Attr("change_statuses", set[ChangeStatus], "Only templates whose pending change has one of these statuses.",
             optional=True, api=None),
        Attr("name", TemplateName, "Only the languages of this template name.", optional=True, api=None),
        Attr("templates", list_of_objects(item_attributes), "The templates, with the attributes of the "
             "`sinch_whatsapp_template` resource.", computed=True),
    )  # fmt: skip

    def map_item(self, item: Mapping[str, Any], path_values: Mapping[str, Any]) -> dict[str, Any]:
        identity = {**path_values, "name": item.get("name"), "language": item.get("language")}
        return WhatsappTemplate(self.provider).state_from_api(item, identity)
