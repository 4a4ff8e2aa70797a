"""``sinch_whatsapp_template``'s declaration (resources/whatsapp_template.py): its schema, every validation rule
with the attribute path it names (good and bad examples; unknown values never raise what a valid value would not),
and the mapping to and from the API's ``details.components``."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings
from tf.gen import tfplugin_pb2 as pb
from tf.types import Unknown
from tf.utils import Diagnostics

from provider.schema import Attr, allowed_values, decode_config, from_api, mark_unknown, to_api
from resources.whatsapp_template import (
    ATTRIBUTES,
    BODY,
    BUTTON,
    CARD,
    CARD_BODY,
    CARD_BUTTON,
    CARD_HEADER,
    FOOTER,
    HEADER,
    LIMITED_TIME_OFFER,
    OPTIMIZATION,
    SUPPORTED_APP,
    WhatsappTemplate,
)
from tests.emulator import openapi_conformance
from tests.unit.conftest import project_provider

# ----------------------------------------------------------------------------------------------
# Configurations as Terraform sends them: every declared name, null unless set
# ----------------------------------------------------------------------------------------------


def fill(attrs: tuple[Attr, ...], values: dict[str, Any]) -> dict[str, Any]:
    return {**dict.fromkeys(a.name for a in attrs), **values}


def template(**values: Any) -> dict[str, Any]:
    return fill(ATTRIBUTES, {"name": "order_update", "language": "EN_US", "category": "UTILITY", **values})


def header(**values: Any) -> dict[str, Any]:
    return fill(HEADER, values)


def body(**values: Any) -> dict[str, Any]:
    return fill(BODY, values)


def footer(**values: Any) -> dict[str, Any]:
    return fill(FOOTER, values)


def button(**values: Any) -> dict[str, Any]:
    return fill(BUTTON, values)


def app(package: str = "com.example.app", signature: str = "K8a/AINcGX7") -> dict[str, Any]:
    return fill(SUPPORTED_APP, {"package_name": package, "signature_hash": signature})


def card_button(**values: Any) -> dict[str, Any]:
    return fill(CARD_BUTTON, values)


def card(kind: str = "IMAGE", text: str = "Summer shoes", examples: Any = None, buttons: Any = None) -> dict[str, Any]:
    return fill(
        CARD,
        {
            "header": fill(CARD_HEADER, {"format": kind, "example_url": "https://cdn.example.com/card.jpg"}),
            "body": fill(CARD_BODY, {"text": text, "examples": examples}),
            "buttons": buttons,
        },
    )


# The four shapes of the report: a text template, a media header, an authentication template, a carousel.
TEXT_TEMPLATE = template(
    header=header(format="TEXT", text="Order {{1}}", example="12345"),
    body=body(text="Hi {{1}}, your order {{2}} will arrive by {{3}}.", examples=["John", "12345", "Friday"]),
    footer=footer(text="Thanks for shopping"),
    buttons=[
        button(type="URL", text="Track", url="https://shop.example.com/t?id={{1}}",
               example="https://shop.example.com/t?id=12345"),
        button(type="PHONE_NUMBER", text="Call us", phone_number="+48 777 777777"),
    ],
)  # fmt: skip
MEDIA_TEMPLATE = template(
    name="summer_sale",
    category="MARKETING",
    header=header(format="IMAGE", example_url="https://cdn.example.com/summer.jpg", example_mime_type="IMAGE/JPEG"),
    limited_time_offer=fill(LIMITED_TIME_OFFER, {"text": "Summer sale", "has_expiration": True}),
    body=body(text="Save {{1}}% on everything until Sunday.", examples=["20"]),
    buttons=[
        button(type="QUICK_REPLY", text="Interested"),
        button(type="QUICK_REPLY", text="Stop promotions"),
        button(type="COPY_CODE", example="SUMMER20"),
        button(type="URL", text="Shop", url="https://shop.example.com/sale"),
    ],
    message_send_ttl_seconds=86400,
    optimization=fill(OPTIMIZATION, {"bid_amount": 5000, "bid_country_multiplier_overrides": {"US": "1.2"}}),
)
AUTH_TEMPLATE = template(
    name="login_code",
    category="AUTHENTICATION",
    body=body(add_security_recommendation=True),
    footer=footer(code_expiration_minutes=10),
    buttons=[
        button(type="OTP", otp_type="ONE_TAP", text="Copy code", autofill_text="Autofill", supported_apps=[app()])
    ],
    message_send_ttl_seconds=600,
)
CAROUSEL_TEMPLATE = template(
    name="summer_collection",
    category="MARKETING",
    body=body(text="Our summer collection, {{1}}!", examples=["Anna"]),
    carousel=[
        card(text="Sandals {{1}}", examples=["-20%"], buttons=[
            card_button(type="URL", text="Buy", url="https://shop.example.com/p/{{1}}",
                        example="https://shop.example.com/p/sandals"),
            card_button(type="QUICK_REPLY", text="More like this"),
        ]),
        card(text="Sneakers {{1}}", examples=["-10%"], buttons=[
            card_button(type="URL", text="Buy", url="https://shop.example.com/p/{{1}}",
                        example="https://shop.example.com/p/sneakers"),
            card_button(type="QUICK_REPLY", text="More like this"),
        ]),
    ],
)  # fmt: skip
EXAMPLES = {"text": TEXT_TEMPLATE, "media": MEDIA_TEMPLATE, "authentication": AUTH_TEMPLATE,
            "carousel": CAROUSEL_TEMPLATE}  # fmt: skip


def resource() -> WhatsappTemplate:
    return WhatsappTemplate(project_provider())


def problems(cfg: dict[str, Any]) -> list[tuple[list[Any], str]]:
    """What validate reports: each leaf (with the full path) and the rules across attributes (every world)."""
    diags = Diagnostics()
    resource().check(diags, decode_config(ATTRIBUTES, cfg))
    return [(d.path or [], d.detail or "") for d in diags.diagnostics if d.severity == "error"]


def with_(cfg: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of ``cfg`` with the value at ``path`` ("buttons.0.url", "body.text") replaced."""
    result = copy.deepcopy(cfg)
    node: Any = result
    *parents, leaf = path.split(".")
    for step in parents:
        node = node[int(step)] if step.isdigit() else node[step]
    node[int(leaf) if leaf.isdigit() else leaf] = value
    return result


# ----------------------------------------------------------------------------------------------
# Schema
# ----------------------------------------------------------------------------------------------


def test_components_are_typed_nested_attributes() -> None:
    schema = WhatsappTemplate.get_schema().to_pb()
    served = {a.name: a for a in schema.block.attributes}
    single = {"header", "limited_time_offer", "body", "footer", "optimization"}
    assert {n for n, a in served.items() if a.nested_type.nesting == pb.Schema.Object.SINGLE} == single
    assert {n for n, a in served.items() if a.nested_type.nesting == pb.Schema.Object.LIST} == {"buttons", "carousel"}
    assert served["body"].required and not served["header"].required
    card_ = {a.name: a for a in served["carousel"].nested_type.attributes}
    assert card_["header"].nested_type.nesting == pb.Schema.Object.SINGLE and card_["header"].required
    assert card_["buttons"].nested_type.nesting == pb.Schema.Object.LIST
    buttons = {a.name: a for a in served["buttons"].nested_type.attributes}
    assert buttons["supported_apps"].nested_type.nesting == pb.Schema.Object.LIST
    reported = {"state", "rejection_code", "quality_score", "whatsapp_id", "pending_change_status",
                "is_meta_generated"}  # fmt: skip
    assert {n for n, a in served.items() if a.computed and not a.optional} == reported
    assert {n for n, a in served.items() if a.required} == {"name", "language", "category", "body"}
    assert WhatsappTemplate.import_id == "{project_id}/{name}/{language}"


def every_enum() -> Iterator[tuple[str, list[str]]]:
    stack = [(a, a.name) for a in ATTRIBUTES]
    while stack:
        attr, path = stack.pop()
        if attr.nested is not None:
            stack += [(inner, f"{path}.{inner.name}") for inner in attr.nested.attributes]
        values = allowed_values(attr.type)
        if values:
            yield path, values


def test_every_enum_comes_from_the_description() -> None:
    """Each allowed value is a value the description gives the template schemas (an enum of it, or the union of a
    header's format consts, which the description splits by header kind)."""
    spec = openapi_conformance.load_spec()
    if spec is None:
        openapi_conformance.spec_missing("or PyYAML")
    known: set[str] = set()
    enums: list[set[str]] = []
    for name, schema in spec["components"]["schemas"].items():
        if name.startswith("Whatsapp") and isinstance(schema, dict):
            if "enum" in schema:
                enums.append({str(v) for v in schema["enum"]})
                known |= enums[-1]
            if "const" in schema:
                known.add(str(schema["const"]))
    found = dict(every_enum())
    assert {"language", "header.format", "buttons.type", "buttons.otp_type", "carousel.header.format"} <= set(found)
    for path, values in found.items():
        assert set(values) <= known, f"{path}: {sorted(set(values) - known)} not in the description"
    assert set(found["language"]) in enums and set(found["header.example_mime_type"]) in enums
    assert set(found["carousel.header.example_mime_type"]) in enums


# ----------------------------------------------------------------------------------------------
# Good configurations
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_the_example_configurations_are_valid(name: str) -> None:
    assert problems(EXAMPLES[name]) == []


@pytest.mark.parametrize(
    "cfg",
    [
        template(body=body(text="No variables here.")),
        template(body=body(text="No variables, examples optional.", examples=["x"])),
        template(header=header(format="LOCATION"), body=body(text="See you there.")),
        template(header=header(format="TEXT", text="Hello"), body=body(text="Hi.")),
        template(header=header(format="DOCUMENT", example_url="https://cdn.example.com/i.pdf",
                               example_mime_type="APPLICATION/PDF"), body=body(text="Your invoice.")),
        template(header=header(format="VIDEO", example_url="https://cdn.example.com/v.mp4"), body=body(text="Hi")),
        template(body=body(text="Hi"), buttons=[button(type="FLOW", text="Sign up", flow_id="1234567890",
                                                      flow_action="NAVIGATE", navigate_screen="WELCOME")]),
        template(body=body(text="Hi"), buttons=[button(type="FLOW", text="Go", flow_id="1",
                                                      flow_action="DATA_EXCHANGE")]),
        template(body=body(text="Hi"), buttons=[button(type="REQUEST_CONTACT_INFO"), button(type="ORDER_DETAILS")]),
        template(body=body(text="Hi"), buttons=[button(type="QUICK_REPLY", text=f"Q{i}") for i in range(10)]),
        template(body=body(text="Hi"), buttons=[button(type="URL", text="A", url="https://a.example.com"),
                                                button(type="URL", text="B", url="https://b.example.com"),
                                                button(type="QUICK_REPLY", text="Q1"),
                                                button(type="QUICK_REPLY", text="Q2")]),
        template(body=body(text="Hi"), message_send_ttl_seconds=30),
        template(body=body(text="Hi"), message_send_ttl_seconds=43200),
        template(category="MARKETING", body=body(text="Hi"), message_send_ttl_seconds=2592000),
        template(category="AUTHENTICATION", body=body(), buttons=[button(type="OTP", otp_type="COPY_CODE",
                                                                         text="Copy code")]),
        template(category="AUTHENTICATION", body=body(), message_send_ttl_seconds=10,
                 buttons=[button(type="OTP", otp_type="ZERO_TAP", text="Copy", supported_apps=[app()],
                                 zero_tap_terms_accepted=True)]),
        template(category="MARKETING", body=body(text="Hi"), carousel=[card(kind="VIDEO")]),
        template(category="MARKETING", body=body(text="Hi"), carousel=[card() for _ in range(10)]),
    ],
)  # fmt: skip
def test_more_valid_configurations(cfg: dict[str, Any]) -> None:
    assert problems(cfg) == []


# ----------------------------------------------------------------------------------------------
# Every rule, with the path it names
# ----------------------------------------------------------------------------------------------

ONE_CARD = with_(CAROUSEL_TEMPLATE, "carousel", CAROUSEL_TEMPLATE["carousel"][:1])

BAD = {
    # identity and arguments
    "name with capitals": (with_(TEXT_TEMPLATE, "name", "Order_Update"), ["name"], "name must be lower-case"),
    "name ending with _": (with_(TEXT_TEMPLATE, "name", "order_"), ["name"], "starting and ending with a letter"),
    "name of 513": (with_(TEXT_TEMPLATE, "name", "a" * 513), ["name"], "at most 512 characters"),
    "language in lower case": (with_(TEXT_TEMPLATE, "language", "en_us"), ["language"],
                               "language must be one of the 72 allowed values, not 'en_us'; did you mean 'EN_US'?"),
    "obsolete category": (with_(TEXT_TEMPLATE, "category", "TRANSACTIONAL"), ["category"], "'AUTHENTICATION'"),
    "ttl as a fraction": (with_(TEXT_TEMPLATE, "message_send_ttl_seconds", 60.5), ["message_send_ttl_seconds"],
                          "must be a whole number, not 60.5"),
    "UTILITY ttl too long": (with_(TEXT_TEMPLATE, "message_send_ttl_seconds", 43201), ["message_send_ttl_seconds"],
                             "message_send_ttl_seconds must be from 30 to 43200 for a UTILITY template, not 43201"),
    "UTILITY ttl too short": (with_(TEXT_TEMPLATE, "message_send_ttl_seconds", 29), ["message_send_ttl_seconds"],
                              "from 30 to 43200"),
    "MARKETING ttl too short": (with_(MEDIA_TEMPLATE, "message_send_ttl_seconds", 43199),
                                ["message_send_ttl_seconds"], "from 43200 to 2592000 for a MARKETING template"),
    "MARKETING ttl too long": (with_(MEDIA_TEMPLATE, "message_send_ttl_seconds", 2592001),
                               ["message_send_ttl_seconds"], "from 43200 to 2592000"),
    "AUTHENTICATION ttl too long": (with_(AUTH_TEMPLATE, "message_send_ttl_seconds", 901),
                                    ["message_send_ttl_seconds"], "from 10 to 900 for an AUTHENTICATION template"),
    "AUTHENTICATION ttl too short": (with_(AUTH_TEMPLATE, "message_send_ttl_seconds", 9),
                                     ["message_send_ttl_seconds"], "from 10 to 900"),
    "negative bid": (with_(MEDIA_TEMPLATE, "optimization.bid_amount", -1), ["optimization", "bid_amount"],
                     "optimization.bid_amount must be at least 0, not -1"),
    "multiplier above 10": (with_(MEDIA_TEMPLATE, "optimization.bid_country_multiplier_overrides", {"US": "10.5"}),
                            ["optimization", "bid_country_multiplier_overrides"], "from 0.0 to 10.0"),
    "multiplier not a number": (with_(MEDIA_TEMPLATE, "optimization.bid_country_multiplier_overrides",
                                      {"US": "1,2"}), ["optimization", "bid_country_multiplier_overrides"],
                                "decimal number"),
    "country in lower case": (with_(MEDIA_TEMPLATE, "optimization.bid_country_multiplier_overrides", {"us": "1.2"}),
                              ["optimization", "bid_country_multiplier_overrides"],
                              "optimization.bid_country_multiplier_overrides key \"us\" must be two capital letters"),
    "unknown bid strategy": (with_(MEDIA_TEMPLATE, "optimization.bid_strategy", "HIGHEST"),
                             ["optimization", "bid_strategy"], "LOWEST_COST_WITH_BID_CAP"),
    # body
    "body without text": (with_(TEXT_TEMPLATE, "body", body()), ["body", "text"], "body.text is required"),
    "body text of 1025": (with_(TEXT_TEMPLATE, "body", body(text="a" * 1025)), ["body", "text"],
                          "body.text must be at most 1024 characters, not 1025"),
    "body variable not numbered": (with_(TEXT_TEMPLATE, "body", body(text="Hi {{name}}", examples=["x"])),
                                   ["body", "text"], "body.text has the variable {{name}}: variables are numbered"),
    "body variable {{0}}": (with_(TEXT_TEMPLATE, "body", body(text="Hi {{0}}", examples=["x"])), ["body", "text"],
                            "has the variable {{0}}"),
    "body variables with a gap": (with_(TEXT_TEMPLATE, "body", body(text="{{1}} and {{3}}", examples=["a", "b"])),
                                  ["body", "text"], "body.text uses {{3}} without {{2}}"),
    "body variables not from 1": (with_(TEXT_TEMPLATE, "body", body(text="Hi {{2}}", examples=["a"])),
                                  ["body", "text"], "uses {{2}} without {{1}}"),
    "body examples missing": (with_(TEXT_TEMPLATE, "body.examples", None), ["body", "examples"],
                              "body.examples is required: one sample value for each of the 3 variable(s)"),
    "body examples too few": (with_(TEXT_TEMPLATE, "body.examples", ["John"]), ["body", "examples"],
                              "body.examples must have one sample value for each variable of body.text: 3, not 1"),
    "body example empty": (with_(TEXT_TEMPLATE, "body.examples", ["John", "", "Friday"]), ["body", "examples", (1,)],
                           "body.examples[1] must not be empty"),
    "security recommendation outside AUTHENTICATION": (
        with_(TEXT_TEMPLATE, "body.add_security_recommendation", True), ["body", "add_security_recommendation"],
        "body.add_security_recommendation is for AUTHENTICATION templates only"),
    "AUTHENTICATION body with text": (with_(AUTH_TEMPLATE, "body.text", "Your code is {{1}}"), ["body", "text"],
                                      "body.text must be left out of an AUTHENTICATION template"),
    # header
    "text header without text": (with_(TEXT_TEMPLATE, "header", header(format="TEXT")), ["header", "text"],
                                 "header.text is required when format is 'TEXT'"),
    "text header of 61": (with_(TEXT_TEMPLATE, "header", header(format="TEXT", text="a" * 61)), ["header", "text"],
                          "header.text must be at most 60 characters, not 61"),
    "text header with two variables": (with_(TEXT_TEMPLATE, "header.text", "{{1}} and {{2}}"), ["header", "text"],
                                       "header.text may have one variable, {{1}}, not 2"),
    "text header variable {{2}}": (with_(TEXT_TEMPLATE, "header.text", "Order {{2}}"), ["header", "text"],
                                   "header.text uses {{2}} without {{1}}"),
    "text header without its example": (with_(TEXT_TEMPLATE, "header.example", None), ["header", "example"],
                                        "header.example is required: a sample value of the {{1}}"),
    "text header with a media url": (with_(TEXT_TEMPLATE, "header.example_url", "https://cdn.example.com/a.png"),
                                     ["header", "example_url"], "header.example_url cannot be set when format is "
                                     "'TEXT' (it goes with 'IMAGE', 'VIDEO', 'DOCUMENT')"),
    "image header without url": (with_(MEDIA_TEMPLATE, "header.example_url", None), ["header", "example_url"],
                                 "header.example_url is required when format is 'IMAGE'"),
    "image header with text": (with_(MEDIA_TEMPLATE, "header.text", "Hi"), ["header", "text"],
                               "header.text cannot be set when format is 'IMAGE'"),
    "image header with a PDF": (with_(MEDIA_TEMPLATE, "header.example_mime_type", "APPLICATION/PDF"),
                                ["header", "example_mime_type"], "header.example_mime_type APPLICATION/PDF does not "
                                "fit an IMAGE header: use IMAGE/JPEG or IMAGE/PNG"),
    "document header with a video": (
        with_(MEDIA_TEMPLATE, "header", header(format="DOCUMENT", example_url="https://cdn.example.com/a",
                                               example_mime_type="VIDEO/MP4")),
        ["header", "example_mime_type"], "use APPLICATION/PDF"),
    "media url not http": (with_(MEDIA_TEMPLATE, "header.example_url", "ftp://cdn.example.com/a.png"),
                           ["header", "example_url"], "header.example_url must be an absolute http"),
    "location header with text": (with_(TEXT_TEMPLATE, "header", header(format="LOCATION", text="Here")),
                                  ["header", "text"], "cannot be set when format is 'LOCATION'"),
    "unknown header format": (with_(TEXT_TEMPLATE, "header.format", "AUDIO"), ["header", "format"],
                              "header.format must be 'TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT' or 'LOCATION', not 'AUDIO'"),
    # footer
    "footer without text": (with_(TEXT_TEMPLATE, "footer", footer()), ["footer", "text"], "footer.text is required"),
    "footer of 61": (with_(TEXT_TEMPLATE, "footer.text", "a" * 61), ["footer", "text"], "at most 60 characters"),
    "code expiration outside AUTHENTICATION": (
        with_(TEXT_TEMPLATE, "footer.code_expiration_minutes", 5), ["footer", "code_expiration_minutes"],
        "footer.code_expiration_minutes is for AUTHENTICATION templates only"),
    "code expiration of 0": (with_(AUTH_TEMPLATE, "footer.code_expiration_minutes", 0),
                             ["footer", "code_expiration_minutes"], "must be at least 1, not 0"),
    # limited-time offer
    "offer of 17": (with_(MEDIA_TEMPLATE, "limited_time_offer.text", "a" * 17), ["limited_time_offer", "text"],
                    "at most 16 characters"),
    "offer without text": (with_(MEDIA_TEMPLATE, "limited_time_offer.text", None), ["limited_time_offer", "text"],
                           "limited_time_offer.text is required"),
    # buttons
    "no buttons": (with_(TEXT_TEMPLATE, "buttons", []), ["buttons"], "buttons must have at least 1 item, not 0"),
    "eleven buttons": (with_(TEXT_TEMPLATE, "buttons", [button(type="QUICK_REPLY", text=f"Q{i}") for i in range(11)]),
                       ["buttons"], "buttons must have at most 10 items, not 11"),
    "button label of 26": (with_(TEXT_TEMPLATE, "buttons.1.text", "a" * 26), ["buttons", (1,), "text"],
                           "buttons[1].text must be at most 25 characters, not 26"),
    "quick reply without text": (with_(TEXT_TEMPLATE, "buttons", [button(type="QUICK_REPLY")]),
                                 ["buttons", (0,), "text"], "buttons[0].text is required when type is 'QUICK_REPLY'"),
    "quick reply with a url": (with_(TEXT_TEMPLATE, "buttons", [button(type="QUICK_REPLY", text="Q",
                                                                       url="https://a.example.com")]),
                               ["buttons", (0,), "url"], "buttons[0].url cannot be set when type is 'QUICK_REPLY' "
                               "(it goes with 'URL')"),
    "url button without url": (with_(TEXT_TEMPLATE, "buttons.0.url", None), ["buttons", (0,), "url"],
                               "buttons[0].url is required when type is 'URL'"),
    "url variable in the host": (with_(TEXT_TEMPLATE, "buttons.0.url", "https://shop-{{1}}.example.com"),
                                 ["buttons", (0,), "url"], "buttons[0].url may be dynamic only through a variable "
                                 "{{1}} at its very end"),
    "url variable {{2}}": (with_(TEXT_TEMPLATE, "buttons.0.url", "https://shop.example.com/t?id={{2}}"),
                           ["buttons", (0,), "url"], "at its very end"),
    "url on wa.me": (with_(TEXT_TEMPLATE, "buttons.0", button(type="URL", text="Chat", url="https://wa.me/48777")),
                     ["buttons", (0,), "url"], "must not be on wa.me or whatsapp.com"),
    "url on whatsapp.com": (with_(TEXT_TEMPLATE, "buttons.0", button(type="URL", text="Chat",
                                                                     url="https://api.whatsapp.com/send")),
                            ["buttons", (0,), "url"], "wa.me or whatsapp.com"),
    "url not http": (with_(TEXT_TEMPLATE, "buttons.0", button(type="URL", text="Go", url="shop.example.com")),
                     ["buttons", (0,), "url"], "must be an absolute http"),
    "dynamic url without example": (with_(TEXT_TEMPLATE, "buttons.0.example", None), ["buttons", (0,), "example"],
                                    "buttons[0].example is required: the full URL with a sample value for the {{1}}"),
    "dynamic url example of another url": (
        with_(TEXT_TEMPLATE, "buttons.0.example", "https://other.example.com/t?id=1"), ["buttons", (0,), "example"],
        "buttons[0].example must be the full URL with a sample value for {{1}}: "
        "https://shop.example.com/t?id=<value>"),
    "dynamic url example without a value": (
        with_(TEXT_TEMPLATE, "buttons.0.example", "https://shop.example.com/t?id="), ["buttons", (0,), "example"],
        "must be the full URL"),
    "url example not a url": (
        with_(TEXT_TEMPLATE, "buttons.0", button(type="URL", text="Go", url="https://a.example.com", example="x y")),
        ["buttons", (0,), "example"], "buttons[0].example must be a URL without spaces"),
    "phone number without +": (with_(TEXT_TEMPLATE, "buttons.1.phone_number", "48777777777"),
                               ["buttons", (1,), "phone_number"], "international format"),
    "phone number with letters": (with_(TEXT_TEMPLATE, "buttons.1.phone_number", "+48 CALL ME"),
                                  ["buttons", (1,), "phone_number"], "international format"),
    "phone button without number": (with_(TEXT_TEMPLATE, "buttons.1.phone_number", None),
                                    ["buttons", (1,), "phone_number"], "required when type is 'PHONE_NUMBER'"),
    "same type and text twice": (
        with_(MEDIA_TEMPLATE, "buttons.1.text", "Interested"), ["buttons", (1,), ],
        "buttons[1] repeats buttons[0]: no two buttons may have the same type and text (QUICK_REPLY 'Interested')"),
    "three url buttons": (
        with_(TEXT_TEMPLATE, "buttons", [button(type="URL", text=f"U{i}", url="https://a.example.com")
                                         for i in range(3)]),
        ["buttons"], "buttons may have at most 2 URL button(s), not 3"),
    "two phone buttons": (
        with_(TEXT_TEMPLATE, "buttons", [button(type="PHONE_NUMBER", text=f"P{i}", phone_number="+48 777 777777")
                                         for i in range(2)]),
        ["buttons"], "at most 1 PHONE_NUMBER button(s), not 2"),
    "two copy code buttons": (
        with_(MEDIA_TEMPLATE, "buttons", [button(type="COPY_CODE", example="A"), button(type="COPY_CODE",
                                                                                        example="B")]),
        ["buttons"], "at most 1 COPY_CODE button(s), not 2"),
    "quick replies split": (
        with_(MEDIA_TEMPLATE, "buttons", [button(type="QUICK_REPLY", text="A"), button(type="COPY_CODE", example="C"),
                                          button(type="QUICK_REPLY", text="B")]),
        ["buttons"], "the QUICK_REPLY buttons must be next to each other"),
    "copy code without example": (with_(MEDIA_TEMPLATE, "buttons.2.example", None), ["buttons", (2,), "example"],
                                  "buttons[2].example is required when type is 'COPY_CODE'"),
    "copy code of 21": (with_(MEDIA_TEMPLATE, "buttons.2.example", "A" * 21), ["buttons", (2,), "example"],
                        "buttons[2].example must be a sample code of 1 to 20 characters"),
    "copy code with text": (with_(MEDIA_TEMPLATE, "buttons.2.text", "Copy"), ["buttons", (2,), "text"],
                            "buttons[2].text cannot be set when type is 'COPY_CODE'"),
    "flow without action": (
        with_(TEXT_TEMPLATE, "buttons", [button(type="FLOW", text="Go", flow_id="123")]),
        ["buttons", (0,), "flow_action"], "buttons[0].flow_action is required when type is 'FLOW'"),
    "flow id not digits": (
        with_(TEXT_TEMPLATE, "buttons", [button(type="FLOW", text="Go", flow_id="abc", flow_action="DATA_EXCHANGE")]),
        ["buttons", (0,), "flow_id"], "buttons[0].flow_id must contain only digits (0-9)"),
    "flow id of 31": (
        with_(TEXT_TEMPLATE, "buttons", [button(type="FLOW", text="Go", flow_id="1" * 31,
                                                flow_action="DATA_EXCHANGE")]),
        ["buttons", (0,), "flow_id"], "at most 30 characters"),
    "navigate without screen": (
        with_(TEXT_TEMPLATE, "buttons", [button(type="FLOW", text="Go", flow_id="123", flow_action="NAVIGATE")]),
        ["buttons", (0,), "navigate_screen"], "buttons[0].navigate_screen is required when flow_action is 'NAVIGATE'"),
    "OTP in a UTILITY template": (
        with_(TEXT_TEMPLATE, "buttons", [button(type="OTP", otp_type="COPY_CODE", text="Copy")]),
        ["buttons", (0,), "type"], "buttons[0]: OTP buttons are for AUTHENTICATION templates only"),
    "AUTHENTICATION without buttons": (with_(AUTH_TEMPLATE, "buttons", None), ["buttons"],
                                       "an AUTHENTICATION template has exactly one button, of type OTP"),
    "AUTHENTICATION with a quick reply": (
        with_(AUTH_TEMPLATE, "buttons", [button(type="QUICK_REPLY", text="Q")]), ["buttons"], "exactly one button"),
    "AUTHENTICATION with two buttons": (
        with_(AUTH_TEMPLATE, "buttons", [*AUTH_TEMPLATE["buttons"], button(type="QUICK_REPLY", text="Q")]),
        ["buttons"], "exactly one button"),
    "OTP without otp_type": (with_(AUTH_TEMPLATE, "buttons.0.otp_type", None), ["buttons", (0,), "otp_type"],
                             "buttons[0].otp_type is required when type is 'OTP'"),
    "one tap without apps": (with_(AUTH_TEMPLATE, "buttons.0.supported_apps", None),
                             ["buttons", (0,), "supported_apps"], "buttons[0].supported_apps is required when "
                             "otp_type is 'ONE_TAP'"),
    "supported app without hash": (
        with_(AUTH_TEMPLATE, "buttons.0.supported_apps", [fill(SUPPORTED_APP, {"package_name": "com.x"})]),
        ["buttons", (0,), "supported_apps", (0,), "signature_hash"],
        "buttons[0].supported_apps[0].signature_hash is required"),
    "copy code OTP with autofill": (with_(AUTH_TEMPLATE, "buttons.0.otp_type", "COPY_CODE"),
                                    ["buttons", (0,), "autofill_text"], "autofill_text is for ONE_TAP and ZERO_TAP"),
    "zero tap without terms": (with_(AUTH_TEMPLATE, "buttons.0.otp_type", "ZERO_TAP"),
                               ["buttons", (0,), "zero_tap_terms_accepted"],
                               "buttons[0].zero_tap_terms_accepted must be true for a ZERO_TAP button"),
    "terms for one tap": (with_(AUTH_TEMPLATE, "buttons.0.zero_tap_terms_accepted", True),
                          ["buttons", (0,), "zero_tap_terms_accepted"], "is for ZERO_TAP buttons"),
    "autofill of 26": (with_(AUTH_TEMPLATE, "buttons.0.autofill_text", "a" * 26), ["buttons", (0,), "autofill_text"],
                       "at most 25 characters"),
    "unknown button type": (with_(TEXT_TEMPLATE, "buttons.1.type", "CALL"), ["buttons", (1,), "type"],
                            "buttons[1].type must be one of the 8 values the documentation lists, not 'CALL'"),
    # carousel
    "no cards": (with_(CAROUSEL_TEMPLATE, "carousel", []), ["carousel"], "carousel must have at least 1 item"),
    "eleven cards": (with_(CAROUSEL_TEMPLATE, "carousel", [card() for _ in range(11)]), ["carousel"],
                     "carousel must have at most 10 items, not 11"),
    "card body of 161": (with_(CAROUSEL_TEMPLATE, "carousel.1.body.text", "a" * 161),
                         ["carousel", (1,), "body", "text"],
                         "carousel[1].body.text must be at most 160 characters, not 161"),
    "card without body": (with_(CAROUSEL_TEMPLATE, "carousel.0.body", None), ["carousel", (0,), "body"],
                          "carousel[0].body is required"),
    "card body examples missing": (with_(CAROUSEL_TEMPLATE, "carousel.1.body.examples", None),
                                   ["carousel", (1,), "body", "examples"], "carousel[1].body.examples is required"),
    "card body variable gap": (with_(CAROUSEL_TEMPLATE, "carousel.0.body.text", "{{2}}"),
                               ["carousel", (0,), "body", "text"], "carousel[0].body.text uses {{2}} without {{1}}"),
    "card header a document": (with_(ONE_CARD, "carousel.0.header.format", "DOCUMENT"),
                               ["carousel", (0,), "header", "format"],
                               "carousel[0].header.format must be 'IMAGE' or 'VIDEO', not 'DOCUMENT'"),
    "card header without url": (with_(CAROUSEL_TEMPLATE, "carousel.0.header.example_url", None),
                                ["carousel", (0,), "header", "example_url"],
                                "carousel[0].header.example_url is required"),
    "card header pdf": (with_(CAROUSEL_TEMPLATE, "carousel.0.header.example_mime_type", "APPLICATION/PDF"),
                        ["carousel", (0,), "header", "example_mime_type"],
                        "must be 'IMAGE/JPEG', 'IMAGE/PNG', 'VIDEO/3GP' or 'VIDEO/MP4', not 'APPLICATION/PDF'"),
    "three card buttons": (
        with_(ONE_CARD, "carousel.0.buttons", [card_button(type="QUICK_REPLY", text=f"Q{i}") for i in range(3)]),
        ["carousel", (0,), "buttons"], "carousel[0].buttons must have at most 2 items, not 3"),
    "card with a flow button": (with_(ONE_CARD, "carousel.0.buttons.1.type", "FLOW"),
                                ["carousel", (0,), "buttons", (1,), "type"],
                                "carousel[0].buttons[1].type must be 'QUICK_REPLY', 'URL' or 'PHONE_NUMBER', "
                                "not 'FLOW'"),
    "card button without text": (with_(CAROUSEL_TEMPLATE, "carousel.0.buttons.1.text", None),
                                 ["carousel", (0,), "buttons", (1,), "text"],
                                 "carousel[0].buttons[1].text is required"),
    "card url without example": (with_(CAROUSEL_TEMPLATE, "carousel.1.buttons.0.example", None),
                                 ["carousel", (1,), "buttons", (0,), "example"],
                                 "carousel[1].buttons[0].example is required"),
    "card buttons alike": (with_(ONE_CARD, "carousel.0.buttons.1", card_button(type="URL", text="Buy",
                                                                               url="https://a.example.com")),
                           ["carousel", (0,), "buttons", (1,)],
                           "carousel[0].buttons[1] repeats carousel[0].buttons[0]"),
    "cards with other header formats": (
        with_(CAROUSEL_TEMPLATE, "carousel.1.header.format", "VIDEO"), ["carousel", (1,)],
        "carousel[1] must have the same components as carousel[0]: an IMAGE header and buttons URL, QUICK_REPLY, "
        "not a VIDEO header and buttons URL, QUICK_REPLY"),
    "cards with other buttons": (
        with_(CAROUSEL_TEMPLATE, "carousel.1.buttons", None), ["carousel", (1,)],
        "not an IMAGE header and no buttons"),
    "cards with buttons in another order": (
        with_(CAROUSEL_TEMPLATE, "carousel.1.buttons", list(reversed(CAROUSEL_TEMPLATE["carousel"][1]["buttons"]))),
        ["carousel", (1,)], "must have the same components"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD))
def test_each_rule_names_the_attribute(case: str) -> None:
    cfg, path, message = BAD[case]
    found = problems(cfg)
    assert [p for p, _ in found] == [path], found
    assert message in found[0][1]


def test_several_problems_are_reported_together() -> None:
    cfg = with_(TEXT_TEMPLATE, "body.examples", None)
    cfg = with_(cfg, "buttons.0.example", None)
    cfg = with_(cfg, "message_send_ttl_seconds", 5)
    assert sorted(str(p) for p, _ in problems(cfg)) == sorted(
        str(p) for p in (["body", "examples"], ["buttons", (0,), "example"], ["message_send_ttl_seconds"])
    )


# ----------------------------------------------------------------------------------------------
# Unknown values never raise what a valid value would not
# ----------------------------------------------------------------------------------------------

UNKNOWN_CASES = {
    "category": with_(AUTH_TEMPLATE, "category", Unknown),  # AUTHENTICATION fits; other categories would not
    "category with a ttl": with_(TEXT_TEMPLATE, "category", Unknown),
    "body text": with_(TEXT_TEMPLATE, "body.text", Unknown),
    "the whole body": with_(TEXT_TEMPLATE, "body", Unknown),
    "body examples": with_(TEXT_TEMPLATE, "body.examples", Unknown),
    "one body example": with_(TEXT_TEMPLATE, "body.examples", ["John", Unknown, "Friday"]),
    "header format": with_(MEDIA_TEMPLATE, "header.format", Unknown),
    "header text": with_(TEXT_TEMPLATE, "header.text", Unknown),
    "media url": with_(MEDIA_TEMPLATE, "header.example_url", Unknown),
    "mime type": with_(MEDIA_TEMPLATE, "header.example_mime_type", Unknown),
    "the buttons": with_(TEXT_TEMPLATE, "buttons", Unknown),
    "one button": with_(TEXT_TEMPLATE, "buttons.0", Unknown),
    "a button type": with_(TEXT_TEMPLATE, "buttons.0.type", Unknown),
    "a button url": with_(TEXT_TEMPLATE, "buttons.0.url", Unknown),
    "a button example": with_(TEXT_TEMPLATE, "buttons.0.example", Unknown),
    "an AUTHENTICATION button": with_(AUTH_TEMPLATE, "buttons.0", Unknown),
    "AUTHENTICATION buttons": with_(AUTH_TEMPLATE, "buttons", Unknown),
    "otp type": with_(AUTH_TEMPLATE, "buttons.0.otp_type", Unknown),
    "the carousel": with_(CAROUSEL_TEMPLATE, "carousel", Unknown),
    "a card": with_(CAROUSEL_TEMPLATE, "carousel.1", Unknown),
    "a card header format": with_(CAROUSEL_TEMPLATE, "carousel.1.header.format", Unknown),
    "card buttons": with_(CAROUSEL_TEMPLATE, "carousel.1.buttons", Unknown),
    "ttl": with_(TEXT_TEMPLATE, "message_send_ttl_seconds", Unknown),
    "footer": with_(TEXT_TEMPLATE, "footer", Unknown),
    "footer text": with_(TEXT_TEMPLATE, "footer.text", Unknown),
}


@pytest.mark.parametrize("case", list(UNKNOWN_CASES))
def test_unknown_values_raise_nothing(case: str) -> None:
    assert problems(UNKNOWN_CASES[case]) == []


def leaf_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place a value sits in a configuration (objects, lists and their leaves)."""
    found: list[tuple[Any, ...]] = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            if inner is not None:
                found += leaf_paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += leaf_paths(inner, (*prefix, index))
    return found


def replaced(cfg: dict[str, Any], paths: list[tuple[Any, ...]]) -> dict[str, Any]:
    result = copy.deepcopy(cfg)
    for path in paths:
        node: Any = result
        for step in path[:-1]:
            node = node[step]
            if node is Unknown:
                break
        else:
            node[path[-1]] = Unknown
    return result


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(list(EXAMPLES)), st.data())
def test_unknowns_anywhere_in_a_valid_configuration_raise_nothing(name: str, data: st.DataObject) -> None:
    """A valid configuration stays valid whichever of its values are unknown at plan time."""
    cfg = EXAMPLES[name]
    paths = data.draw(st.lists(st.sampled_from(leaf_paths(cfg)), max_size=6))
    assert problems(replaced(cfg, paths)) == []


@pytest.mark.parametrize(
    ("cfg", "path"),
    [
        (with_(with_(TEXT_TEMPLATE, "body.examples", ["John"]), "body.text", TEXT_TEMPLATE["body"]["text"]),
         ["body", "examples"]),
        (with_(with_(TEXT_TEMPLATE, "message_send_ttl_seconds", 5), "body.text", Unknown),
         ["message_send_ttl_seconds"]),
        (with_(with_(AUTH_TEMPLATE, "buttons", [Unknown, Unknown]), "body", Unknown), ["buttons"]),
        (with_(with_(TEXT_TEMPLATE, "buttons.1.type", Unknown), "buttons.0.example", None),
         ["buttons", (0,), "example"]),
    ],
)  # fmt: skip
def test_a_problem_in_every_world_is_still_reported(cfg: dict[str, Any], path: list[Any]) -> None:
    assert [p for p, _ in problems(cfg)] == [path]


# ----------------------------------------------------------------------------------------------
# The API mapping: details.components, both ways
# ----------------------------------------------------------------------------------------------

#: The description's create example (reference section 7.2), as the provider sends it.
CREATE_BODY = {
    "name": "order_confirmation",
    "language": "EN_US",
    "category": "UTILITY",
    "allowCategoryChange": False,
    "details": {
        "components": [
            {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}", "example": "12345"},
            {"type": "BODY", "text": "Hi {{1}}, your order {{2}} will arrive by {{3}}.",
             "examples": ["John", "12345", "Friday"]},
            {"type": "FOOTER", "text": "Thanks for shopping"},
            {"type": "BUTTONS", "buttons": [{"type": "URL", "text": "Track", "url": "https://shop.example.com/t?id={{1}}",
                                             "example": "https://shop.example.com/t?id=12345"}]},
        ]
    },
}  # fmt: skip
CREATE_STATE = template(
    name="order_confirmation",
    allow_category_change=False,
    header=header(format="TEXT", text="Order {{1}}", example="12345"),
    body=body(text="Hi {{1}}, your order {{2}} will arrive by {{3}}.", examples=["John", "12345", "Friday"]),
    footer=footer(text="Thanks for shopping"),
    buttons=[button(type="URL", text="Track", url="https://shop.example.com/t?id={{1}}",
                    example="https://shop.example.com/t?id=12345")],
)  # fmt: skip


def test_the_description_example_maps_to_the_create_body() -> None:
    assert problems(CREATE_STATE) == []
    assert to_api(ATTRIBUTES, CREATE_STATE) == CREATE_BODY


def test_the_answer_maps_back_to_the_same_state() -> None:
    answer = {
        **CREATE_BODY,
        "whatsappId": "1234567890",
        "state": "PENDING",
        "qualityScore": "QUALITY_SCORE_UNKNOWN",
        "rejectionCode": "NONE",
        "changes": {"status": "IN_PROGRESS"},
        "analytics": [],
        "isMetaGenerated": False,
    }
    answer.pop("allowCategoryChange")  # the answer does not carry it
    state = from_api(ATTRIBUTES, answer, prior=CREATE_STATE)
    assert {k: state[k] for k in CREATE_STATE if k in ("header", "body", "footer", "buttons", "name")} == {
        k: CREATE_STATE[k] for k in ("header", "body", "footer", "buttons", "name")
    }
    assert state["allow_category_change"] is False  # kept from the configuration
    assert (state["whatsapp_id"], state["state"], state["rejection_code"]) == ("1234567890", "PENDING", None)
    assert (state["pending_change_status"], state["is_meta_generated"]) == ("IN_PROGRESS", False)
    assert state["carousel"] is None and state["limited_time_offer"] is None


def test_every_example_round_trips() -> None:
    for name, cfg in EXAMPLES.items():
        planned = mark_unknown(ATTRIBUTES, cfg, cfg)
        sent = to_api(ATTRIBUTES, planned)
        types = [c["type"] for c in sent["details"]["components"]]
        assert len(types) == len(set(types)) and "BODY" in types, name
        back = from_api(ATTRIBUTES, json.loads(json.dumps(sent)), prior=planned)
        for attr in ATTRIBUTES:
            if attr.user_settable and attr.name != "project_id":
                assert consistent(planned[attr.name], back[attr.name]), (name, attr.name, back[attr.name])


def test_media_and_authentication_answers_normalise() -> None:
    """What the API fills in or spells its own way gives no diff: the media type it does not return, the bid
    strategy's prefix, the label it gives buttons that take none, Meta's texts for authentication."""
    answer = to_api(ATTRIBUTES, mark_unknown(ATTRIBUTES, MEDIA_TEMPLATE, MEDIA_TEMPLATE))
    components = answer["details"]["components"]
    header_ = next(c for c in components if c["type"] == "HEADER")
    header_["example"].pop("mimeType")  # WhatsappMediaHeaderExampleDto has the url only
    answer["details"]["optimization"]["bidStrategy"] = "BID_STRATEGY_LOWEST_COST_WITH_BID_CAP"
    buttons = next(c for c in components if c["type"] == "BUTTONS")["buttons"]
    buttons[2]["text"] = "Copy offer code"  # COPY_CODE answers carry a text the input does not take
    state = from_api(ATTRIBUTES, answer, prior=mark_unknown(ATTRIBUTES, MEDIA_TEMPLATE, MEDIA_TEMPLATE))
    assert state["header"] == MEDIA_TEMPLATE["header"]
    assert state["optimization"]["bid_strategy"] == "LOWEST_COST_WITH_BID_CAP"
    assert state["buttons"] == MEDIA_TEMPLATE["buttons"]
    imported = from_api(ATTRIBUTES, answer)  # no prior: what the API says, in the provider's spelling
    assert imported["optimization"]["bid_strategy"] == "LOWEST_COST_WITH_BID_CAP"
    assert imported["header"]["example_mime_type"] is None

    planned = mark_unknown(ATTRIBUTES, AUTH_TEMPLATE, AUTH_TEMPLATE)
    assert planned["body"]["text"] is Unknown and planned["footer"]["text"] is Unknown
    assert planned["body"]["add_security_recommendation"] is True
    sent = to_api(ATTRIBUTES, planned)
    assert next(c for c in sent["details"]["components"] if c["type"] == "BODY") == {
        "type": "BODY",
        "addSecurityRecommendation": True,
    }
    for component in sent["details"]["components"]:
        if component["type"] == "BODY":
            component["text"] = "*{{1}}* is your verification code. For your security, do not share this code."
        if component["type"] == "FOOTER":
            component["text"] = "This code expires in 10 minutes."
    state = from_api(ATTRIBUTES, sent, prior=planned)
    assert state["body"]["text"].startswith("*{{1}}*") and state["footer"]["text"].startswith("This code")
    assert state["buttons"] == AUTH_TEMPLATE["buttons"]


def test_limited_time_offer_and_carousel_map_to_their_components() -> None:
    sent = to_api(ATTRIBUTES, mark_unknown(ATTRIBUTES, CAROUSEL_TEMPLATE, CAROUSEL_TEMPLATE))
    carousel = next(c for c in sent["details"]["components"] if c["type"] == "CAROUSEL")
    assert carousel["cards"][0] == {
        "components": [
            {"type": "HEADER", "format": "IMAGE", "example": {"url": "https://cdn.example.com/card.jpg"}},
            {"type": "BODY", "text": "Sandals {{1}}", "examples": ["-20%"]},
            {"type": "BUTTONS", "buttons": [
                {"type": "URL", "text": "Buy", "url": "https://shop.example.com/p/{{1}}",
                 "example": "https://shop.example.com/p/sandals"},
                {"type": "QUICK_REPLY", "text": "More like this"},
            ]},
        ]
    }  # fmt: skip
    offer = to_api(ATTRIBUTES, mark_unknown(ATTRIBUTES, MEDIA_TEMPLATE, MEDIA_TEMPLATE))["details"]["components"][1]
    assert offer == {"type": "LIMITED_TIME_OFFER", "text": "Summer sale", "hasExpiration": True}
    default = mark_unknown(ATTRIBUTES, with_(MEDIA_TEMPLATE, "limited_time_offer.has_expiration", None),
                           with_(MEDIA_TEMPLATE, "limited_time_offer.has_expiration", None))  # fmt: skip
    assert default["limited_time_offer"]["has_expiration"] is False  # the API's default, planned known


words = st.text(alphabet="abcdefghijklmnop", min_size=1, max_size=10)


@st.composite
def texts_with_variables(draw: st.DrawFn, most: int = 3) -> tuple[str, list[str] | None]:
    count = draw(st.integers(0, most))
    parts = [draw(words) for _ in range(count + 1)]
    text = parts[0] + "".join(f" {{{{{i + 1}}}}} {part}" for i, part in enumerate(parts[1:]))
    return text, ([draw(words) for _ in range(count)] if count else None)


@st.composite
def utility_templates(draw: st.DrawFn) -> dict[str, Any]:
    text, examples = draw(texts_with_variables())
    kinds = draw(st.lists(st.sampled_from(["QUICK_REPLY", "URL", "PHONE_NUMBER", "FLOW"]), max_size=4))
    buttons: list[dict[str, Any]] = []
    for index, kind in enumerate(sorted(kinds, key=lambda k: k != "QUICK_REPLY")):
        label = f"b{index}"
        if kind == "QUICK_REPLY":
            buttons.append(button(type=kind, text=label))
        elif kind == "URL" and sum(b["type"] == "URL" for b in buttons) < 2:
            dynamic = draw(st.booleans())
            buttons.append(
                button(
                    type=kind,
                    text=label,
                    url="https://a.example.com/x?id=" + ("{{1}}" if dynamic else ""),
                    example="https://a.example.com/x?id=42" if dynamic else None,
                )
            )
        elif kind == "PHONE_NUMBER" and not any(b["type"] == kind for b in buttons):
            buttons.append(button(type=kind, text=label, phone_number="+48 777 777777"))
        elif kind == "FLOW":
            buttons.append(button(type=kind, text=label, flow_id="123", flow_action="DATA_EXCHANGE"))
    head = draw(st.sampled_from([
        None,
        header(format="TEXT", text="Hi"),
        header(format="TEXT", text="Hi {{1}}", example="Ann"),
        header(format="IMAGE", example_url="https://cdn.example.com/a.png", example_mime_type="IMAGE/PNG"),
        header(format="LOCATION"),
    ]))  # fmt: skip
    return template(
        header=head,
        body=body(text=text, examples=examples),
        footer=draw(st.sampled_from([None, footer(text="Bye")])),
        buttons=buttons or None,
        message_send_ttl_seconds=draw(st.none() | st.integers(30, 43200)),
    )


@settings(max_examples=150, deadline=None)
@given(utility_templates())
def test_generated_templates_are_valid_and_round_trip(cfg: dict[str, Any]) -> None:
    assert problems(cfg) == []
    planned = mark_unknown(ATTRIBUTES, cfg, cfg)
    echoed = json.loads(json.dumps(to_api(ATTRIBUTES, planned)))
    back = from_api(ATTRIBUTES, echoed, prior=planned)
    for attr in ATTRIBUTES:
        if attr.user_settable and attr.name != "project_id":
            assert consistent(planned[attr.name], back[attr.name]), attr.name


def consistent(planned: Any, applied: Any) -> bool:
    """Known planned values come back as they were; unknown ones (what Meta writes) may become anything."""
    if planned is Unknown:
        return True
    if isinstance(planned, dict):
        return isinstance(applied, dict) and all(consistent(v, applied.get(k)) for k, v in planned.items())
    if isinstance(planned, list):
        return isinstance(applied, list) and len(planned) == len(applied) and all(map(consistent, planned, applied))
    return bool(planned == applied)
