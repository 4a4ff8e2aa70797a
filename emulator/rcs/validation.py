"""RCS request bodies checked against the request DTOs of the description, with class-validator messages.

The RCS input DTOs are large (brand, test numbers, countries, a questionnaire with five sections, the US section
a `oneOf` of five shapes), so instead of one `Validator` call per field this module walks the DTO schemas kept in
`data.json` (`scripts/rcs_data.py` extracts them from the description) and says what class-validator would say,
in the words of `emulator.validation`:

- unknown properties first ("property details.foo should not exist"), then the fields in declaration order;
- a required nested object that is missing or null: "<path> should not be null or undefined"; a nested value that
  is no object: "nested property <path> must be either object or array";
- strings: "must be a string", lengths, `pattern` ("must match /.../ regular expression"), `format` email
  ("must be an email"), url ("must be a URL address"), hex ("must be a hexadecimal color"), e.164 ("must be a
  valid phone number");
- enums: "must be one of the following values: ..."; arrays: "must be an array", "must contain at least / no
  more than N elements", "All <path>'s elements must be unique" (for arrays of objects: the field the
  description says must be unique across items: `address`, `number`, `url`), "each value in <path> ...";
- null is accepted where the schema types a field `[..., "null"]` (PATCH: null deletes), else it is a value of
  the wrong type, also for optional fields (as `emulator.validation` does);
- a `oneOf` (verification answers, US answers) accepts a value any alternative accepts; otherwise the messages
  are those of the alternative the value names (US answers: `ownershipType` and `taxIdCountry`) or of the one
  with the fewest messages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from emulator import errors
from emulator.validation import is_email, is_url

_HEX = re.compile(r"^#?([0-9A-F]{3}|[0-9A-F]{4}|[0-9A-F]{6}|[0-9A-F]{8})$", re.IGNORECASE)
E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
# Arrays of objects whose items must differ in one field ("Field 'address' must have unique values across items").
_UNIQUE_BY = {"emails": "address", "phones": "number", "websites": "url"}

US_V1 = "RcsSenderDetailsQuestionnaireUSAnswersInputDto"
US_V1_UPDATE = "RcsUpdateSenderDetailsQuestionnaireUSAnswersInputDto"
US_V2_UPDATE = "RcsBrandCampaignUpdateSenderDetailsQuestionnaireUSAnswersInputDto"
US_V2 = {
    ("PUBLIC", True): "RcsUsPublicBrandCampaignSenderDetailsQuestionnaireUSAnswersInputDto",
    ("PRIVATE", True): "RcsUsPrivateBrandCampaignSenderDetailsQuestionnaireUSAnswersInputDto",
    ("PUBLIC", False): "RcsNonUsPublicBrandCampaignSenderDetailsQuestionnaireUSAnswersInputDto",
    ("PRIVATE", False): "RcsNonUsPrivateBrandCampaignSenderDetailsQuestionnaireUSAnswersInputDto",
}


@cache
def data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((Path(__file__).parent / "data.json").read_text(encoding="utf-8"))
    return loaded


def schemas() -> dict[str, Any]:
    found: dict[str, Any] = data()["schemas"]
    return found


def enum_values(name: str) -> tuple[str, ...]:
    return tuple(schemas()[name]["enum"])


def _ref_name(schema: Mapping[str, Any]) -> str | None:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[1]
    all_of = schema.get("allOf")
    if isinstance(all_of, list) and len(all_of) == 1 and "$ref" in all_of[0]:
        return str(all_of[0]["$ref"]).rsplit("/", 1)[1]
    return None


def _resolve(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """The referenced schema (a `const` enum as a one-value `enum`)."""
    name = _ref_name(schema)
    found = schemas()[name] if name is not None else schema
    if "const" in found:
        return {**found, "enum": [found["const"]]}
    return found


def _types(schema: Mapping[str, Any]) -> set[str]:
    declared = schema.get("type")
    if isinstance(declared, list):
        return {str(t) for t in declared}
    return {str(declared)} if declared is not None else set()


class SchemaCheck:
    """One walk over a body. `us_alternatives` limits the US answers' `oneOf` (PATCH `usQuestionnaireVersion`)."""

    def __init__(self, us_alternatives: Sequence[str] | None = None) -> None:
        self.us_alternatives = us_alternatives
        self.chosen: dict[str, str] = {}  # path of a oneOf value -> the alternative that accepted it

    def object(self, body: Mapping[str, Any], dto: str, prefix: str, out: list[str]) -> None:
        schema = schemas()[dto]
        props: Mapping[str, Any] = schema.get("properties", {})
        required = set(schema.get("required", []))
        out.extend(f"property {prefix}{key} should not exist" for key in body if key not in props)
        for name, prop in props.items():
            if name not in body and name not in required:
                continue
            self.value(body.get(name), prop, prefix + name, out, present=name in body)

    def value(self, value: Any, prop: Mapping[str, Any], path: str, out: list[str], *, present: bool = True) -> None:
        types = _types(prop)
        if value is None and present and "null" in types:
            return
        if "oneOf" in prop:
            self.one_of(value, [str(_ref_name(alt)) for alt in prop["oneOf"]], path, out)
            return
        target = _resolve(prop)
        ref = _ref_name(prop)
        if ref is not None and "enum" in target:
            self.enum(value, target["enum"], path, out)
            return
        if ref is not None:
            if value is None:
                out.append(f"{path} should not be null or undefined")
            elif not isinstance(value, dict):
                out.append(f"nested property {path} must be either object or array")
            else:
                self.object(value, ref, path + ".", out)
            return
        if "array" in types:
            self.array(value, prop, path, out)
        elif "string" in types:
            self.string(value, prop, path, out)
        elif "number" in types:
            if isinstance(value, bool) or not isinstance(value, int | float):
                out.append(f"{path} must be a number conforming to the specified constraints")
        elif "boolean" in types and not isinstance(value, bool):
            out.append(f"{path} must be a boolean value")

    @staticmethod
    def enum(value: Any, values: Sequence[str], path: str, out: list[str], each: bool = False) -> None:
        if not isinstance(value, str) or value not in values:
            lead = f"each value in {path}" if each else path
            out.append(f"{lead} must be one of the following values: {', '.join(values)}")

    @staticmethod
    def string(value: Any, prop: Mapping[str, Any], path: str, out: list[str], each: bool = False) -> None:
        lead = f"each value in {path}" if each else path
        fmt = prop.get("format")
        if not isinstance(value, str):
            out.append(f"{lead} must be a string")
            if fmt == "url":
                out.append(f"{lead} must be a URL address")
            elif fmt == "email":
                out.append(f"{lead} must be an email")
            return
        if fmt == "url" and not is_url(value):
            out.append(f"{lead} must be a URL address")
        elif fmt == "email" and not is_email(value):
            out.append(f"{lead} must be an email")
        elif fmt == "hex" and not _HEX.match(value):
            out.append(f"{lead} must be a hexadecimal color")
        elif fmt == "e.164 phone number" and not E164.match(value):
            out.append(f"{lead} must be a valid phone number")
        pattern = prop.get("pattern")
        if pattern is not None and not re.search(pattern, value):
            out.append(f"{lead} must match /{pattern}/ regular expression")
        if prop.get("minLength") and len(value) < prop["minLength"]:
            out.append(f"{lead} must be longer than or equal to {prop['minLength']} characters")
        if prop.get("maxLength") is not None and len(value) > prop["maxLength"]:
            out.append(f"{lead} must be shorter than or equal to {prop['maxLength']} characters")

    def array(self, value: Any, prop: Mapping[str, Any], path: str, out: list[str]) -> None:
        if not isinstance(value, list):
            out.append(f"{path} must be an array")
            return
        if prop.get("minItems") is not None and len(value) < prop["minItems"]:
            out.append(f"{path} must contain at least {prop['minItems']} elements")
        if prop.get("maxItems") is not None and len(value) > prop["maxItems"]:
            out.append(f"{path} must contain no more than {prop['maxItems']} elements")
        items: Mapping[str, Any] = prop.get("items", {})
        field = _UNIQUE_BY.get(path.rsplit(".", 1)[-1])
        if prop.get("uniqueItems"):
            keys = [json.dumps(v.get(field) if field and isinstance(v, dict) else v, sort_keys=True) for v in value]
            if len(set(keys)) != len(keys):
                out.append(f"All {path}'s elements must be unique")
        ref = _ref_name(items)
        target = _resolve(items)
        if ref is not None and "enum" in target:
            if any(not isinstance(v, str) or v not in target["enum"] for v in value):
                self.enum(None, target["enum"], path, out, each=True)
        elif ref is not None:
            if any(not isinstance(v, dict) for v in value):
                out.append(f"each value in nested property {path} must be either object or array")
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    self.object(item, ref, f"{path}.{index}.", out)
        elif "string" in _types(items):
            before: list[str] = []
            for item in value:
                self.string(item, items, path, before, each=True)
            out.extend(dict.fromkeys(before))  # each message once, as class-validator's `each: true`

    def one_of(self, value: Any, alternatives: list[str], path: str, out: list[str]) -> None:
        if value is None:
            out.append(f"{path} should not be null or undefined")
            return
        if not isinstance(value, dict):
            out.append(f"nested property {path} must be either object or array")
            return
        if self.us_alternatives is not None and (US_V1 in alternatives or US_V1_UPDATE in alternatives):
            alternatives = [a for a in alternatives if a in self.us_alternatives] or alternatives
        results: list[tuple[str, list[str]]] = []
        for alternative in alternatives:
            found: list[str] = []
            self.object(value, alternative, path + ".", found)
            if not found:
                self.chosen[path] = alternative
                return
            results.append((alternative, found))
        named = US_V2.get((str(value.get("ownershipType")), value.get("taxIdCountry") == "US"))
        by_name = [r for r in results if r[0] == named]
        out.extend((by_name or sorted(results, key=lambda r: len(r[1])))[0][1])


def check(body: Mapping[str, Any], dto: str, us_alternatives: Sequence[str] | None = None) -> SchemaCheck:
    """Check `body` against the request DTO `dto`; 400 invalid_input with every message."""
    walker = SchemaCheck(us_alternatives)
    found: list[str] = []
    walker.object(body, dto, "", found)
    if found:
        raise errors.invalid_input(found)
    return walker
