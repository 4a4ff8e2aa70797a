"""Generate the registry-format docs (docs/index.md, docs/resources/*.md, docs/data-sources/*.md).

The pages are made from the same declarations the provider serves (attribute names, types, flags,
descriptions) and from examples/, in the layout tfplugindocs uses. ``--check`` fails when a page is stale,
so CI keeps docs/ in step with the schema.

    python docs/generate.py          # write the pages
    python docs/generate.py --check  # exit 1 if any page differs from what would be written
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tf import types as tftypes  # noqa: E402

from provider.provider import SETTINGS  # noqa: E402
from provider.schema import Attr, NestedObjects, Nesting, Object  # noqa: E402
from resources.catalog import DATA_SOURCES, RESOURCES  # noqa: E402

EXAMPLES = ROOT / "examples"
DOCS = ROOT / "docs"


def type_label(t: tftypes.TfType) -> str:
    if isinstance(t, Object):
        return "Object"
    if isinstance(t, tftypes.Set):
        return f"Set of {type_label(t.element_type)}"
    if isinstance(t, tftypes.List):
        return f"List of {type_label(t.element_type)}"
    if isinstance(t, tftypes.Map):
        return f"Map of {type_label(t.element_type)}"
    return type(t).__name__


NESTED_LABELS = {Nesting.SINGLE: "Attributes", Nesting.LIST: "Attributes List", Nesting.SET: "Attributes Set"}
"""tfplugindocs' labels for single, list and set nested attributes."""


def anchor(path: tuple[str, ...]) -> str:
    return "nestedatt--" + "--".join(path)


def attribute_line(attr: Attr, path: tuple[str, ...], note: str = "") -> str:
    """One attribute as tfplugindocs writes it; a nested attribute links to its own section."""
    nested = attr.nested
    flags = (
        (type_label(attr.tf_type) if nested is None else NESTED_LABELS[nested.nesting])
        + (", Sensitive" if attr.sensitive else "")
        + (", Deprecated" if attr.deprecated else "")
    )
    link = f" (see [below for nested schema](#{anchor(path)}))" if nested is not None else ""
    return f"- `{attr.name}` ({flags}) {attr.full_description()}{note}{link}"


def grouped(attrs: Iterable[Attr]) -> list[tuple[str, list[Attr]]]:
    attrs = list(attrs)
    groups = (
        ("Required", [a for a in attrs if a.required]),
        ("Optional", [a for a in attrs if a.optional]),
        ("Read-Only", [a for a in attrs if a.computed_only]),
    )
    return [(title, sorted(members, key=lambda a: a.name)) for title, members in groups if members]


def nested_sections(attrs: Iterable[Attr], parents: tuple[str, ...] = ()) -> list[str]:
    """A "Nested Schema" section per nested attribute (depth first), with each inner attribute's flags."""
    out: list[str] = []
    for _, members in grouped(attrs):
        for attr in members:
            if attr.nested is None:
                continue
            path = (*parents, attr.name)
            out += [f'<a id="{anchor(path)}"></a>', f"### Nested Schema for `{'.'.join(path)}`", ""]
            out += variant_lines(attr.nested)
            for title, inner in grouped(attr.nested.attributes):
                out += [f"{title}:", ""]
                out += [attribute_line(a, (*path, a.name)) for a in inner]
                out.append("")
            out += nested_sections(attr.nested.attributes, path)
    return out


def variant_lines(nested: NestedObjects) -> list[str]:
    """Which attributes go with each value of a discriminator (a button's `type`), before the attribute groups."""
    if not nested.discriminator:
        return []
    out = [f"Which attributes go with each `{nested.discriminator}`:", ""]
    for kind, variant in nested.variants.items():
        parts = [", ".join(f"`{n}`" for n in variant.required)] if variant.required else []
        if variant.optional:
            parts.append("optional " + ", ".join(f"`{n}`" for n in variant.optional))
        out.append(f"- `{kind}`: " + ("; ".join(parts) if parts else "no other attribute"))
    return [*out, ""]


def schema_section(attrs: Iterable[Attr], env: dict[str, str] | None = None) -> str:
    attrs = list(attrs)
    out = ["## Schema", ""]
    for title, members in grouped(attrs):
        out += [f"### {title}", ""]
        for attr in members:
            note = f" Environment variable: `{env[attr.name]}`." if env and attr.name in env else ""
            out.append(attribute_line(attr, (attr.name,), note))
        out.append("")
    out += nested_sections(attrs)
    return "\n".join(out)


def code_block(path: Path, lang: str) -> str:
    return f"```{lang}\n{path.read_text().rstrip()}\n```\n"


def front_matter(title: str, description: str) -> str:
    first = description.split(". ")[0].rstrip(".") + "."
    return f'---\npage_title: "{title}"\nsubcategory: ""\ndescription: |-\n  {first}\n---\n\n'


def resource_page(cls: type) -> str:
    name = cls.type_name()  # type: ignore[attr-defined]
    folder = EXAMPLES / "resources" / name
    out = front_matter(f"{name} Resource - terraform-provider-sinch", cls.description)  # type: ignore[attr-defined]
    out += f"# {name} (Resource)\n\n{cls.description}\n\n"  # type: ignore[attr-defined]
    if (folder / "resource.tf").exists():
        out += "## Example Usage\n\n" + code_block(folder / "resource.tf", "terraform") + "\n"
    out += schema_section(cls.attributes) + "\n"  # type: ignore[attr-defined]
    if (folder / "import.sh").exists():
        out += "## Import\n\nImport is supported using the following syntax:\n\n" + code_block(
            folder / "import.sh", "shell"
        )
        out += (
            f'\nIn Terraform 1.5 and later, use an `import` block with `id = "{cls.import_id}"`; '  # type: ignore[attr-defined]
            "`terraform plan -generate-config-out=generated.tf` writes the configuration for you.\n"
        )
    return out


def data_source_page(cls: type) -> str:
    name = cls.type_name()  # type: ignore[attr-defined]
    folder = EXAMPLES / "data-sources" / name
    out = front_matter(f"{name} Data Source - terraform-provider-sinch", cls.description)  # type: ignore[attr-defined]
    out += f"# {name} (Data Source)\n\n{cls.description}\n\n"  # type: ignore[attr-defined]
    if (folder / "data-source.tf").exists():
        out += "## Example Usage\n\n" + code_block(folder / "data-source.tf", "terraform") + "\n"
    return out + schema_section(cls.attributes)  # type: ignore[attr-defined]


def index_page() -> str:
    description = (
        "The Sinch provider manages [Sinch Provisioning API](https://developers.sinch.com/docs/provisioning-api/) "
        "resources: provisioning webhooks, WhatsApp senders and accounts today; WhatsApp templates, bundles, "
        "KakaoTalk and RCS senders as they land. Every argument falls back to an environment variable, so credentials "
        "stay out of code. The project ships `sinch-emulator`, a local Provisioning API to test modules against."
    )
    out = front_matter("sinch Provider", description) + "# sinch Provider\n\n" + description + "\n\n"
    out += "## Example Usage\n\n" + code_block(EXAMPLES / "provider" / "provider.tf", "terraform") + "\n"
    return out + schema_section([attr for attr, _ in SETTINGS], {attr.name: env for attr, env in SETTINGS})


def pages() -> dict[Path, str]:
    result = {DOCS / "index.md": index_page()}
    for cls in RESOURCES:
        result[DOCS / "resources" / f"{cls.name}.md"] = resource_page(cls)
    for cls in DATA_SOURCES:
        result[DOCS / "data-sources" / f"{cls.name}.md"] = data_source_page(cls)
    return {path: text.rstrip() + "\n" for path, text in result.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail if docs/ is not what would be generated")
    args = parser.parse_args()
    wanted = pages()
    existing = {p for p in DOCS.glob("*/*.md")} | {p for p in DOCS.glob("*.md")}
    stale = sorted(str(p.relative_to(ROOT)) for p, text in wanted.items() if not p.exists() or p.read_text() != text)
    extra = sorted(str(p.relative_to(ROOT)) for p in existing - set(wanted))
    if args.check:
        if stale or extra:
            print(
                "docs/ is out of date; run `make docs` and commit:",
                *stale,
                *(f"{e} (no longer generated)" for e in extra),
                sep="\n  ",
            )
            return 1
        print(f"docs/ is up to date ({len(wanted)} pages)")
        return 0
    for path, text in wanted.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    for name in extra:
        (ROOT / name).unlink()
    print(f"wrote {len(wanted)} pages" + (f", removed {len(extra)}" if extra else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
