"""docs/generate.py: nested attributes get a section each, with every inner attribute's flags and description."""

from __future__ import annotations

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
