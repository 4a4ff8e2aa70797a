"""WhatsApp Templates: request bodies, checked as NestJS `ValidationPipe` + class-validator would.

- `WhatsappTemplateInputDto` (create), `WhatsappUpdateTemplateInputDto` (PATCH), `WhatsappInputTemplateCompareDto`
  (compare), and every component, button and card DTO they nest;
- messages name the nested path (`details.components.1.text must be shorter than or equal to 1024 characters`),
  as NestJS prefixes a child's messages with its parent's path;
- "Not required for draft": with `status: DRAFT` those fields (details, components, texts, examples, URLs...) may
  be absent, and the rules across fields (a BODY, an example per variable, the same components in every card,
  what ONE_TAP/ZERO_TAP and NAVIGATE need) are not applied; types, enums and lengths always are. The arrays that
  hold nested items (`buttons`, `cards`, a card's `components`) stay required, as the input DTOs' `required` lists
  and the response DTOs say (a draft's answer must show them), but may be empty in a draft.

The field names are the service's: `example` (singular) for text and media headers, card headers, URL and
COPY_CODE buttons; `examples` (a list) for BODY and card BODY variables. The OpenAPI description shows the first
ones as `examples: [<schema>]`: its 3.0 -> 3.1 conversion renamed the `example` keyword inside `properties`
(`required` still says `example`, and so do the field-mask paths, such as `details.components.0.example.url`).

Rules where the description gives no message have emulator messages in the same style (listed in the README).
The business checks that answer their own documented codes (`template_invalid_button_example`,
`template_invalid_category`, restricted URL domains) are in `checks`, run after these.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from emulator.validation import Validator
from emulator.whatsapp.common import ACTIONS

# --- enums and limits (OpenAPI v1.2.117, declaration order) ----------------------------------------------------

LANGUAGES: tuple[str, ...] = (
    "AF", "AR", "AZ", "BG", "BN", "CA", "CS", "DA", "DE", "EL", "EN", "EN_GB", "EN_US", "ES", "ES_AR", "ES_ES",
    "ES_MX", "ES_UY", "ET", "FA", "FI", "FIL", "FR", "GA", "GU", "HA", "HE", "HI", "HR", "HU", "ID", "IT", "JA",
    "KA", "KK", "KN", "KO", "KY_KG", "LO", "LT", "LV", "MK", "ML", "MR", "MS", "NB", "NL", "PA", "PL", "PT_BR",
    "PT_PT", "RO", "RU", "RW_RW", "SK", "SL", "SQ", "SR", "SV", "SW", "TA", "TE", "TH", "TR", "UK", "UR", "UZ",
    "VI", "ZH_CN", "ZH_HK", "ZH_TW", "ZU",
)  # fmt: skip  # WhatsappInputTemplateLanguagesEnum
RESPONSE_LANGUAGES: tuple[str, ...] = (*LANGUAGES, "UNRECOGNIZED")  # WhatsappTemplateLanguagesEnum
CATEGORIES: tuple[str, ...] = ("AUTHENTICATION", "MARKETING", "UTILITY")  # WhatsappTemplateInputCategoryEnum
NAME_PATTERN = "^[a-z0-9][a-z0-9_]*[a-z0-9]$"
NAME_MAX_LENGTH = 512
COMPONENT_TYPES: tuple[str, ...] = ("BODY", "BUTTONS", "CAROUSEL", "FOOTER", "HEADER", "LIMITED_TIME_OFFER")
HEADER_FORMATS: tuple[str, ...] = ("DOCUMENT", "IMAGE", "LOCATION", "TEXT", "VIDEO")
MEDIA_MIME_TYPES: tuple[str, ...] = ("IMAGE/JPEG", "IMAGE/PNG", "APPLICATION/PDF", "VIDEO/3GP", "VIDEO/MP4")
CARD_HEADER_FORMATS: tuple[str, ...] = ("IMAGE", "VIDEO")
CARD_MIME_TYPES: tuple[str, ...] = ("IMAGE/JPEG", "IMAGE/PNG", "VIDEO/3GP", "VIDEO/MP4")
CARD_COMPONENT_TYPES: tuple[str, ...] = ("BODY", "BUTTONS", "HEADER")
BUTTON_TYPES: tuple[str, ...] = (
    "COPY_CODE",
    "FLOW",
    "ORDER_DETAILS",
    "OTP",
    "PHONE_NUMBER",
    "QUICK_REPLY",
    "REQUEST_CONTACT_INFO",
    "URL",
)
CARD_BUTTON_TYPES: tuple[str, ...] = ("PHONE_NUMBER", "QUICK_REPLY", "URL")
OTP_TYPES: tuple[str, ...] = ("COPY_CODE", "ONE_TAP", "ZERO_TAP")  # WhatsappInputOtpTypeEnum
FLOW_ACTIONS: tuple[str, ...] = ("DATA_EXCHANGE", "NAVIGATE")  # WhatsappInputFlowActionEnum
INPUT_BID_STRATEGY = "LOWEST_COST_WITH_BID_CAP"  # WhatsappInputBidStrategiesEnum (a const)
COMPARE_TIMEFRAMES: tuple[str, ...] = ("30", "60", "7", "90")  # WhatsappInputTemplateCompareTimeframesEnum
MAX_TIMESTAMP_MS = 253_402_300_799_999  # 9999-12-31T23:59:59.999Z (JavaScript allows more; Python dates stop there)

# messageSendTtlSeconds, per category (the table of the description).
TTL_RANGES: dict[str, tuple[int, int]] = {
    "AUTHENTICATION": (10, 900),
    "MARKETING": (43200, 2592000),
    "UTILITY": (30, 43200),
}
# Meta's limits the description does not state (emulator choices, see the README).
MAX_BUTTONS = 10
MAX_BUTTONS_OF_TYPE: dict[str, int] = {"URL": 2, "PHONE_NUMBER": 1, "COPY_CODE": 1, "OTP": 1, "FLOW": 1}
CODE_EXPIRATION_MINUTES = (1, 90)
CARD_MAX_BUTTONS = 2
MAX_CARDS = 10

TEXT_MAX = {"HEADER": 60, "BODY": 1024, "FOOTER": 60, "CARD_BODY": 160, "LIMITED_TIME_OFFER": 16, "BUTTON": 25}

_VARIABLE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]*[0-9]$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_MULTIPLIER = re.compile(r"^(?:10(?:\.0+)?|[0-9](?:\.[0-9]+)?)$")

_CREATE_FIELDS = ("status", "name", "language", "category", "saveDraftOnFailure", "allowCategoryChange", "details")
_UPDATE_FIELDS = ("status", "category", "allowCategoryChange", "details")
_DETAILS_FIELDS = ("components", "messageSendTtlSeconds", "optimization")


@dataclass(frozen=True)
class TemplateInput:
    """A create body, validated: `details` as the service keeps it (None: a draft without details)."""

    status: str  # DRAFT or SUBMIT
    name: str
    language: str
    category: str
    save_draft_on_failure: bool
    allow_category_change: bool
    details: dict[str, Any] | None


@dataclass(frozen=True)
class TemplateUpdate:
    """A PATCH body, validated: only what it sets (`details` holds the fields sent; a None value deletes)."""

    status: str  # DRAFT (the default) or SUBMIT
    category: str | None
    allow_category_change: bool | None
    details: dict[str, Any] | None


def variables(text: str | None) -> list[str]:
    """The variables (`{{1}}`, `{{2}}`...) of a text, in order of appearance, as written between the braces."""
    return [m.group(1) for m in _VARIABLE.finditer(text or "")]


def _check_variables(v: Validator, name: str, text: str | None) -> int:
    """Variables must be `{{1}}`...`{{n}}` (each number once or more, none missing). Returns n."""
    found = variables(text)
    if not found:
        return 0
    if not all(re.fullmatch(r"[1-9][0-9]*", f) for f in found):
        v.error(name, "variables must be numbered placeholders such as {{1}}")
        return 0
    numbers = sorted({int(f) for f in found})
    if numbers != list(range(1, len(numbers) + 1)):
        v.error(name, "variables must be numbered from {{1}} without gaps")
    return len(numbers)


def _check_examples(v: Validator, name: str, count: int, examples: list[str] | None, draft: bool) -> None:
    if count and not draft and (examples is None or len(examples) != count):
        v.error(name, f"must contain exactly {count} elements, one example for each variable of the text")


class _Details:
    """Validates one `details` object (create, or the fields of a PATCH) into `self.errors`."""

    def __init__(self, category: str | None, draft: bool) -> None:
        self.category = category
        self.draft = draft

    # --- details ---

    def details(self, v: Validator, *, update: bool) -> dict[str, Any]:
        """The details fields present, normalized (`hasExpiration` defaults to false)."""
        out: dict[str, Any] = {}
        if "components" in v.body or not (self.draft or update):
            components = self.components(v)
            if components is not None:
                out["components"] = components
        ttl = v.number("messageSendTtlSeconds", optional=True)
        if ttl is not None:
            if self.category in TTL_RANGES:
                low, high = TTL_RANGES[self.category]
                if not low <= ttl <= high:
                    v.error("messageSendTtlSeconds", f"must be from {low} to {high} for {self.category} templates")
            out["messageSendTtlSeconds"] = ttl
        if "optimization" in v.body:
            if update and v.body["optimization"] is None:
                out["optimization"] = None  # PATCH: null deletes the optimization
            else:
                optimization = self.optimization(v, update=update)
                if optimization is not None:
                    out["optimization"] = optimization
        return out

    def optimization(self, v: Validator, *, update: bool) -> dict[str, Any] | None:
        o = v.nested("optimization", ("bidAmount", "bidStrategy", "bidCountryMultiplierOverrides"), optional=True)
        if o is None:
            return None
        before = len(o.errors)
        out: dict[str, Any] = {
            "bidAmount": o.number("bidAmount", minimum=0),
            "bidStrategy": o.enum("bidStrategy", (INPUT_BID_STRATEGY,)),
        }
        if "bidCountryMultiplierOverrides" in o.body:
            overrides = o.body["bidCountryMultiplierOverrides"]
            if overrides is None and update:
                out["bidCountryMultiplierOverrides"] = None  # PATCH: null deletes the overrides
            elif not isinstance(overrides, dict):
                o.error("bidCountryMultiplierOverrides", "must be an object")
            else:
                for country, multiplier in overrides.items():
                    if not _COUNTRY.fullmatch(country):
                        o.error("bidCountryMultiplierOverrides", f"key {country} must be an ISO 3166-1 alpha-2 code")
                    if not isinstance(multiplier, str) or not _MULTIPLIER.fullmatch(multiplier):
                        o.error(f"bidCountryMultiplierOverrides.{country}", "must be a decimal string from 0.0 to 10.0")
                out["bidCountryMultiplierOverrides"] = dict(overrides)
        if self.category is not None and self.category != "MARKETING":
            v.error("optimization", "is only available for MARKETING templates")
        return out if len(o.errors) == before else None

    # --- components ---

    def components(self, v: Validator) -> list[dict[str, Any]] | None:
        items = v.nested_array("components", optional=self.draft)
        if items is None:
            return None
        out: list[dict[str, Any]] = []
        for i, item in items:
            component = self.component(v, i, item)
            if component is not None:
                out.append(component)
        types = [item.get("type") for _, item in items]
        if any(n > 1 for t, n in Counter(types).items() if t in COMPONENT_TYPES):
            v.error("components", "field 'type' must have unique values across items")
        if not self.draft and "BODY" not in types:
            v.error("components", "must contain a BODY component")
        return out

    def component(self, v: Validator, i: int, item: dict[str, Any]) -> dict[str, Any] | None:
        kind = item.get("type")
        if kind not in COMPONENT_TYPES:
            _not_one_of(v, "components", i, "type", COMPONENT_TYPES)
            return None
        before = len(v.errors)
        if kind == "HEADER":
            self.header(v, i, item)
        elif kind == "BODY":
            self.body(v, i, item)
        elif kind == "FOOTER":
            c = v.item("components", i, item, ("type", "text", "codeExpirationMinutes"))
            c.string("text", optional=True, max_length=TEXT_MAX["FOOTER"])
            low, high = CODE_EXPIRATION_MINUTES
            c.number("codeExpirationMinutes", optional=True, minimum=low, maximum=high)
        elif kind == "BUTTONS":
            c = v.item("components", i, item, ("type", "buttons"))
            self.buttons(c, BUTTON_TYPES, max_items=MAX_BUTTONS)
        elif kind == "CAROUSEL":
            self.carousel(v, i, item)
        else:  # LIMITED_TIME_OFFER
            c = v.item("components", i, item, ("type", "text", "hasExpiration"))
            c.string("text", optional=self.draft, min_length=1, max_length=TEXT_MAX["LIMITED_TIME_OFFER"])
            c.boolean("hasExpiration", optional=True)
            if len(v.errors) == before:
                return {**item, "hasExpiration": item.get("hasExpiration", False)}
        return dict(item) if len(v.errors) == before else None

    def header(self, v: Validator, i: int, item: dict[str, Any]) -> None:
        fmt = item.get("format")
        if fmt not in HEADER_FORMATS:
            _not_one_of(v, "components", i, "format", HEADER_FORMATS)
            return
        if fmt == "LOCATION":
            v.item("components", i, item, ("type", "format"))
        elif fmt == "TEXT":
            c = v.item("components", i, item, ("type", "format", "text", "example"))
            text = c.string("text", optional=self.draft, min_length=1, max_length=TEXT_MAX["HEADER"])
            c.string("example", optional=True, min_length=1)
            found = variables(text)
            if len(found) > 1:
                c.error("text", "can contain at most one variable")
            elif found and found[0] != "1":
                c.error("text", "variable must be {{1}}")
            elif found and "example" not in item and not self.draft:
                c.error("example", "should not be empty when the text has a variable")
        else:
            c = v.item("components", i, item, ("type", "format", "example"))
            self.media_example(c, MEDIA_MIME_TYPES)

    def media_example(self, c: Validator, mime_types: tuple[str, ...]) -> None:
        example = c.nested("example", ("url", "mimeType"), optional=self.draft)
        if example is not None:
            example.string("url", optional=self.draft, url=True)
            example.enum("mimeType", mime_types, optional=True)

    def body(self, v: Validator, i: int, item: dict[str, Any]) -> None:
        c = v.item("components", i, item, ("type", "text", "examples", "addSecurityRecommendation"))
        if self.category == "AUTHENTICATION":
            if "text" in item:
                c.error("text", "must be empty for AUTHENTICATION templates: Meta writes the text of the code message")
            text = None
        else:
            text = c.string("text", optional=self.draft or self.category is None, min_length=1, max_length=1024)
        examples = c.string_array("examples", optional=True, item_min_length=1)
        c.boolean("addSecurityRecommendation", optional=True)
        count = _check_variables(c, "text", text)
        if examples is not None or "examples" not in item:  # invalid examples have their message already
            _check_examples(c, "examples", count, examples, self.draft)

    def carousel(self, v: Validator, i: int, item: dict[str, Any]) -> None:
        c = v.item("components", i, item, ("type", "cards"))
        cards = c.nested_array("cards", min_items=None if self.draft else 1, max_items=MAX_CARDS)
        if cards is None:
            return
        shapes: list[tuple[str, ...]] = []
        for k, card in cards:
            cv = c.item("cards", k, card, ("components",))
            components = cv.nested_array("components")
            if components is None:
                continue
            types = [comp.get("type") for _, comp in components]
            shapes.append(tuple(sorted(str(t) for t in types)))
            for j, comp in components:
                self.card_component(cv, j, comp)
            if any(n > 1 for t, n in Counter(types).items() if t in CARD_COMPONENT_TYPES):
                cv.error("components", "field 'type' must have unique values across items")
            if not self.draft:
                for required in ("HEADER", "BODY"):
                    if required not in types:
                        cv.error("components", f"must contain a {required} component")
        if not self.draft and len(set(shapes)) > 1:
            c.error("cards", "must all have the same components")

    def card_component(self, cv: Validator, j: int, comp: dict[str, Any]) -> None:
        kind = comp.get("type")
        if kind not in CARD_COMPONENT_TYPES:
            _not_one_of(cv, "components", j, "type", CARD_COMPONENT_TYPES)
        elif kind == "HEADER":
            c = cv.item("components", j, comp, ("type", "format", "example"))
            c.enum("format", CARD_HEADER_FORMATS)
            self.media_example(c, CARD_MIME_TYPES)
        elif kind == "BODY":
            c = cv.item("components", j, comp, ("type", "examples", "text"))
            examples = c.string_array("examples", optional=True, item_min_length=1)
            text = c.string("text", optional=self.draft, min_length=1, max_length=TEXT_MAX["CARD_BODY"])
            count = _check_variables(c, "text", text)
            if examples is not None or "examples" not in comp:
                _check_examples(c, "examples", count, examples, self.draft)
        else:
            c = cv.item("components", j, comp, ("type", "buttons"))
            self.buttons(c, CARD_BUTTON_TYPES, max_items=CARD_MAX_BUTTONS)

    # --- buttons ---

    def buttons(self, c: Validator, allowed: tuple[str, ...], *, max_items: int) -> None:
        items = c.nested_array("buttons", min_items=None if self.draft else 1, max_items=max_items)
        if items is None:
            return
        for j, button in items:
            self.button(c, j, button, allowed)
        kinds = Counter(b.get("type") for _, b in items)
        for kind, limit in MAX_BUTTONS_OF_TYPE.items():
            if kind in allowed and kinds[kind] > limit:
                c.error("buttons", f"must contain no more than {limit} {kind} button{'s' if limit > 1 else ''}")
        pairs = [json.dumps([b.get("type"), b.get("text")]) for _, b in items if "text" in b]
        if len(set(pairs)) != len(pairs):
            c.error("buttons", "fields (type, text) must have unique values across items")

    def button(self, c: Validator, j: int, button: dict[str, Any], allowed: tuple[str, ...]) -> None:
        kind = button.get("type")
        if kind not in allowed:
            _not_one_of(c, "buttons", j, "type", allowed)
            return
        draft = self.draft
        text_max = TEXT_MAX["BUTTON"]
        if kind == "QUICK_REPLY":
            b = c.item("buttons", j, button, ("type", "text"))
            b.string("text", optional=draft, min_length=1, max_length=text_max)
        elif kind == "URL":
            b = c.item("buttons", j, button, ("type", "text", "url", "example"))
            b.string("text", optional=draft, min_length=1, max_length=text_max)
            url = b.string("url", optional=draft, url=True)
            b.string("example", optional=True, url=True)
            found = variables(url)
            if found and (found != ["1"] or not str(url).rstrip().endswith("}}")):
                b.error("url", "can only be dynamic with one variable {{1}} at its end")
            elif found and "example" not in button and not draft:
                b.error("example", "should not be empty when the url has a variable {{1}}")
        elif kind == "PHONE_NUMBER":
            b = c.item("buttons", j, button, ("type", "text", "phoneNumber"))
            b.string("text", optional=draft, min_length=1, max_length=text_max)
            phone = b.string("phoneNumber", optional=draft)
            digits = re.sub(r"[^0-9]", "", phone or "")
            if phone is not None and (not _PHONE.fullmatch(phone) or not 7 <= len(digits) <= 15):
                b.error("phoneNumber", "must be a valid phone number")
        elif kind == "OTP":
            fields = (
                "type",
                "otpType",
                "text",
                "autofillText",
                "packageName",
                "signatureHash",
                "supportedApps",
                "zeroTapTermsAccepted",
            )
            b = c.item("buttons", j, button, fields)
            otp_type = b.enum("otpType", OTP_TYPES)
            b.string("text", optional=draft, min_length=1, max_length=text_max)
            b.string("autofillText", optional=True, max_length=text_max)
            b.string("packageName", optional=True)
            b.string("signatureHash", optional=True)
            apps = b.nested_array("supportedApps", optional=True)
            for k, app in apps or []:
                a = b.item("supportedApps", k, app, ("packageName", "signatureHash"))
                a.string("packageName")
                a.string("signatureHash")
            b.boolean("zeroTapTermsAccepted", optional=True)
            if otp_type in ("ONE_TAP", "ZERO_TAP") and not draft:
                legacy = button.get("packageName") and button.get("signatureHash")
                if not apps and not legacy:
                    b.error("supportedApps", f"should not be empty for {otp_type} buttons")
            if otp_type == "ZERO_TAP" and not draft and button.get("zeroTapTermsAccepted") is not True:
                b.error("zeroTapTermsAccepted", "must be true for ZERO_TAP buttons")
        elif kind == "FLOW":
            b = c.item("buttons", j, button, ("type", "text", "flowId", "flowAction", "navigateScreen"))
            b.string("text", optional=draft, min_length=1, max_length=text_max)
            b.string("flowId", optional=draft, digits=True, min_length=1, max_length=30)
            action = b.enum("flowAction", FLOW_ACTIONS, optional=draft)
            b.string("navigateScreen", optional=True, min_length=1, max_length=432)
            if action == "NAVIGATE" and "navigateScreen" not in button and not draft:
                b.error("navigateScreen", "should not be empty when flowAction is NAVIGATE")
        elif kind == "COPY_CODE":
            b = c.item("buttons", j, button, ("type", "example"))
            b.string("example", optional=draft, min_length=1, max_length=20)
        else:  # REQUEST_CONTACT_INFO, ORDER_DETAILS
            c.item("buttons", j, button, ("type",))


def _list(values: tuple[str, ...]) -> str:
    return ", ".join(values)


def _not_one_of(v: Validator, name: str, index: int, field: str, values: tuple[str, ...]) -> None:
    """`<name>.<index>.<field> must be one of ...`: the field that picks an item's DTO has no known value."""
    v.item(name, index, {}, ()).error(field, f"must be one of the following values: {_list(values)}")


def validate_create(body: dict[str, Any]) -> TemplateInput:
    """`WhatsappTemplateInputDto`. `details` is "not required for draft"."""
    v = Validator(body, _CREATE_FIELDS)
    status = v.enum("status", ACTIONS, optional=True) or "SUBMIT"
    draft = status == "DRAFT"
    name = v.string("name", pattern=NAME_PATTERN, max_length=NAME_MAX_LENGTH)
    language = v.enum("language", LANGUAGES)
    category = v.enum("category", CATEGORIES)
    save = v.boolean("saveDraftOnFailure", optional=True)
    allow = v.boolean("allowCategoryChange", optional=True)
    nested = v.nested("details", _DETAILS_FIELDS, optional=draft)
    details = _Details(category, draft).details(nested, update=False) if nested is not None else None
    v.check()
    assert name is not None and language is not None and category is not None
    return TemplateInput(status, name, language, category, bool(save), bool(allow), details)


def validate_update(body: dict[str, Any], current_category: str | None) -> TemplateUpdate:
    """`WhatsappUpdateTemplateInputDto`: every field optional, `status` defaults to DRAFT. The details are
    checked as a draft's (fields may be absent); a submission checks the merged template (`validate_submission`)."""
    v = Validator(body, _UPDATE_FIELDS)
    status = v.enum("status", ACTIONS, optional=True) or "DRAFT"
    category = v.enum("category", CATEGORIES, optional=True)
    allow = v.boolean("allowCategoryChange", optional=True)
    nested = v.nested("details", _DETAILS_FIELDS, optional=True)
    details = None
    if nested is not None:
        details = _Details(category or current_category, draft=True).details(nested, update=True)
    v.check()
    return TemplateUpdate(status, category, allow, details)


def validate_submission(category: str, details: Mapping[str, Any] | None) -> list[str]:
    """The messages for a template about to be submitted (a PATCH with `status: SUBMIT` submits the merged
    template): the create rules, "not required for draft" no longer applying."""
    v = Validator({"details": details} if details is not None else {}, ("details",))
    nested = v.nested("details", _DETAILS_FIELDS)
    if nested is not None:
        _Details(category, draft=False).details(nested, update=False)
    return v.errors


@dataclass(frozen=True)
class CompareInput:
    name: str
    language: str
    timeframe_days: int
    end_ms: float | None


def validate_compare(body: dict[str, Any]) -> CompareInput:
    """`WhatsappInputTemplateCompareDto`: `templates` holds exactly one {templateName, templateLanguage}."""
    v = Validator(body, ("templates", "timeframe", "endTimestamp"))
    items = v.nested_array("templates", max_items=1, min_items=1)
    name = language = None
    for k, item in items or []:
        t = v.item("templates", k, item, ("templateName", "templateLanguage"))
        name = t.string("templateName", pattern=NAME_PATTERN)
        language = t.enum("templateLanguage", RESPONSE_LANGUAGES)
    timeframe = v.enum("timeframe", COMPARE_TIMEFRAMES, optional=True) or "7"
    end = v.number("endTimestamp", optional=True)
    if end is not None and not 0 <= end <= MAX_TIMESTAMP_MS:
        v.error("endTimestamp", f"must be a timestamp in milliseconds from 0 to {MAX_TIMESTAMP_MS}")
    v.check()
    assert name is not None and language is not None
    return CompareInput(name, language, int(timeframe), end)
