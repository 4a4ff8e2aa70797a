"""docs/generate.py: nested attributes get a section each, with every inner attribute's flags and description."""

from __future__ import annotations

from typing import Literal

from docs.generate import schema_section
from provider.schema import Attr, list_of_objects

CODE = Attr("code", str, "One-time code.", computed=True, sensitive=True)
BUTTONS = Attr("buttons", list_of_objects((CODE,)), "Buttons.", computed=True)
COMPONENTS = Attr(
    "components",
    list_of_objects((Attr("type", str, "Component type.", computed=True), BUTTONS)),
    "Components.",
    computed=True,
)


def test_nested_attributes_render_like_tfplugindocs() -> None:
    page = schema_section((Attr("name", str, "Name.", required=True), COMPONENTS))
    assert page.split("\n") == [
        "## Schema",
        "",
        "### Required",
        "",
        "- `name` (String) Name.",
        "",
        "### Read-Only",
        "",
        "- `components` (Attributes List) Components. (see [below for nested schema](#nestedatt--components))",
        "",
        '<a id="nestedatt--components"></a>',
        "### Nested Schema for `components`",
        "",
        "Read-Only:",
        "",
        "- `buttons` (Attributes List) Buttons. (see [below for nested schema](#nestedatt--components--buttons))",
        "- `type` (String) Component type.",
        "",
        '<a id="nestedatt--components--buttons"></a>',
        "### Nested Schema for `components.buttons`",
        "",
        "Read-Only:",
        "",
        "- `code` (String, Sensitive) One-time code.",
        "",
    ]


def test_single_and_set_nesting_and_variants_render() -> None:
    from provider.schema import Variant, set_of_objects, single_object

    kind = Attr("type", Literal["URL", "CALL"], "Kind.", required=True)
    url = Attr("url", str, "Link.", optional=True)
    note = Attr("note", str, "Note.", optional=True)
    buttons = Attr(
        "buttons",
        set_of_objects((kind, url, note), discriminator="type",
                       variants={"URL": Variant(("url",), ("note",)), "CALL": Variant()}),
        "Buttons.", optional=True,
    )  # fmt: skip
    body = Attr("body", single_object((Attr("text", str, "Text.", required=True), buttons)), "Body.", required=True)
    page = schema_section((body,)).split("\n")
    assert "- `body` (Attributes) Body. (see [below for nested schema](#nestedatt--body))" in page
    assert "- `buttons` (Attributes Set) Buttons. (see [below for nested schema](#nestedatt--body--buttons))" in page
    start = page.index("### Nested Schema for `body.buttons`")
    assert page[start + 1 : start + 12] == [
        "",
        "Which attributes go with each `type`:",
        "",
        "- `URL`: `url`; optional `note`",
        "- `CALL`: no other attribute",
        "",
        "Required:",
        "",
        "- `type` (String) Kind. Allowed values: `URL`, `CALL`.",
        "",
        "Optional:",
    ]
