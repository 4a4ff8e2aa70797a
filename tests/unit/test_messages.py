"""Validation messages read like the rest of the project: the attribute path, then the rule in words
("target must be at most 742 characters, not 800"), never pydantic's own wording."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

import pytest
from pydantic import AfterValidator, Field, StringConstraints, TypeAdapter, ValidationError
from tf.types import Unknown

from provider.provider import SETTINGS
from provider.schema import LONG_ENUMERATION, Attr, Nesting, _message, closest, validate_config
from resources.catalog import DATA_SOURCES, RESOURCES

Long = Literal["ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO", "FOXTROT", "GOLF", "HOTEL"]


def _must_be_even(value: int) -> int:
    if value % 2:
        raise ValueError("must be an even number")
    return value


def errors(annotation: Any, value: Any, strict: bool = True) -> list[dict[str, Any]]:
    try:
        TypeAdapter(annotation).validate_python(value, strict=strict)
    except ValidationError as exc:
        return [dict(e) for e in exc.errors()]
    raise AssertionError(f"{value!r} is valid for {annotation}")


def message(annotation: Any, value: Any, label: str = "x", indexed: bool = True, sensitive: bool = False) -> str:
    [err] = errors(annotation, value, strict=not isinstance(value, list | dict))
    return _message(label, err, value, indexed, sensitive)


CASES: dict[str, tuple[Any, Any, str]] = {
    # pydantic error type: (annotation, value, message)
    "string_too_short, 1": (Annotated[str, StringConstraints(min_length=1)], "", "x must not be empty"),
    "string_too_short": (Annotated[str, StringConstraints(min_length=3)], "ab",
                         "x must be at least 3 characters, not 2"),
    "string_too_long": (Annotated[str, StringConstraints(max_length=742)], "a" * 800,
                        "x must be at most 742 characters, not 800"),
    "string_too_long, 1": (Annotated[str, StringConstraints(max_length=1)], "ab",
                           "x must be at most 1 character, not 2"),
    "string_pattern_mismatch, digits": (Annotated[str, StringConstraints(pattern=r"^[0-9]+$")], "+48",
                                        "x must contain only digits (0-9)"),
    "string_pattern_mismatch, other": (Annotated[str, StringConstraints(pattern=r"^[a-z]+-\d$")], "A",
                                       r"x must match the regular expression ^[a-z]+-\d$"),
    "too_short, list": (Annotated[list[str], Field(min_length=1)], [], "x must have at least 1 item"),
    "too_short, map": (Annotated[dict[str, str], Field(min_length=2)], {"a": "b"},
                       "x must have at least 2 items, not 1"),
    "too_short, set": (Annotated[set[str], Field(min_length=3)], ["a", "b"], "x must have at least 3 items, not 2"),
    "too_long, list": (Annotated[list[str], Field(max_length=2)], ["a", "b", "c"],
                       "x must have at most 2 items, not 3"),
    "too_long, set of 1": (Annotated[set[str], Field(max_length=1)], ["a", "b"], "x must have at most 1 item, not 2"),
    "literal_error, two": (Literal["oauth2", "basic"], "token", "x must be 'oauth2' or 'basic', not 'token'"),
    "literal_error, one": (Literal["LOWEST_COST"], "HIGHEST", "x must be 'LOWEST_COST', not 'HIGHEST'"),
    "literal_error, numbers": (Literal[7, 30, 60], 5, "x must be 7, 30 or 60, not 5"),
    "literal_error, long with a near value": (Long, "HOTEK", "x must be one of the 8 allowed values, not 'HOTEK'; "
                                                            "did you mean 'HOTEL'?"),
    "literal_error, long in other case": (Long, "golf", "x must be one of the 8 allowed values, not 'golf'; "
                                                        "did you mean 'GOLF'?"),
    "literal_error, long and nothing near": (Long, "ZULU", "x must be one of the 8 values the documentation lists, "
                                                           "not 'ZULU'"),
    "greater_than_equal": (Annotated[int, Field(ge=1)], 0, "x must be at least 1, not 0"),
    "greater_than": (Annotated[float, Field(gt=0)], 0.0, "x must be greater than 0, not 0"),
    "less_than_equal": (Annotated[float, Field(le=600)], 600.5, "x must be at most 600, not 600.5"),
    "less_than": (Annotated[int, Field(lt=10)], 10, "x must be less than 10, not 10"),
    "multiple_of": (Annotated[float, Field(multiple_of=0.5)], 0.3, "x must be a multiple of 0.5, not 0.3"),
    "int_type": (int, 2.5, "x must be a whole number, not 2.5"),
    "float_type": (float, "1", "x must be a number, not '1'"),
    "string_type": (str, 5, "x must be a string, not 5"),
    "bool_type": (bool, "yes", "x must be true or false, not 'yes'"),
    "list_type": (list[str], "a", "x must be a list, not 'a'"),
    "dict_type": (dict[str, str], "a", "x must be a map, not 'a'"),
    "value_error (the project's own validators)": (Annotated[int, AfterValidator(_must_be_even)], 3,
                                                   "x must be an even number"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_each_error_type_is_a_sentence(case: str) -> None:
    annotation, value, expected = CASES[case]
    assert message(annotation, value) == expected


def test_every_error_type_of_the_table_is_covered() -> None:
    covered = {errors(a, v, strict=not isinstance(v, list | dict))[0]["type"] for a, v, _ in CASES.values()}
    assert covered >= {
        "string_too_short", "string_too_long", "string_pattern_mismatch", "too_short", "too_long", "literal_error",
        "greater_than_equal", "greater_than", "less_than_equal", "less_than", "multiple_of", "int_type",
        "float_type", "string_type", "bool_type", "list_type", "dict_type", "value_error",
    }  # fmt: skip


def test_elements_are_named_by_index_in_lists_and_by_value_in_sets_and_maps() -> None:
    texts = Annotated[str, StringConstraints(min_length=1)]
    assert message(list[texts], ["a", ""], "body.examples") == "body.examples[1] must not be empty"
    short = Literal["A", "B"]
    assert message(set[short], ["A", "C"], "triggers", indexed=False) == (
        "each element of triggers must be 'A' or 'B', not 'C'"
    )
    code = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    assert message(dict[code, str], {"us": "1.2"}, "overrides") == (
        "overrides key \"us\" must be two capital letters (an ISO 3166 country code such as 'DE')"
    )
    assert message(dict[str, Annotated[str, StringConstraints(max_length=2)]], {"US": "1.25"}, "overrides") == (
        'overrides["US"] must be at most 2 characters, not 4'
    )


def test_sensitive_values_are_never_quoted_nor_measured() -> None:
    text = Annotated[str, StringConstraints(min_length=1, max_length=8)]
    assert message(text, "hunter2hunter2", "key_secret", sensitive=True) == "key_secret must be at most 8 characters"
    listed = "secret must be one of the 8 values the documentation lists"
    assert message(Long, "HOTEK", "secret", sensitive=True) == listed
    assert message(int, 2.5, "pin", sensitive=True) == "pin must be a whole number"
    secret = Attr("secret", text, "s", required=True, sensitive=True)
    assert secret.validate("s3cr3t-and-too-long") == [(["secret"], "secret must be at most 8 characters")]


def test_long_enumerations_are_not_listed() -> None:
    triggers = next(a for a in next(c for c in RESOURCES if c.name == "webhook").attributes if a.name == "triggers")
    [(path, text)] = triggers.validate(["ALL", "WHATSAPP_SENDER_ACTIV"])
    assert path == ["triggers"]
    assert text == (
        "each element of triggers must be one of the 39 allowed values, not 'WHATSAPP_SENDER_ACTIV'; "
        "did you mean 'WHATSAPP_SENDER_ACTIVE'?"
    )
    assert "KAKAOTALK" not in text
    languages = next(c for c in RESOURCES if c.name == "whatsapp_template").attr("language")
    [(_, text)] = languages.validate("EN_UX")
    assert re.fullmatch(r"language must be one of the \d+ allowed values, not 'EN_UX'; did you mean 'EN_US'\?", text)


def test_closest() -> None:
    choices = ["EN", "EN_GB", "EN_US", "ES"]
    assert closest("en_us", choices) == "EN_US"
    assert closest("EN-US", choices) == "EN_US"
    assert closest("XX", choices) is None
    assert closest(5, choices) is None
    assert LONG_ENUMERATION == 6


# ----------------------------------------------------------------------------------------------
# The audit: every attribute of the provider, resources and data sources, fed bad values of every kind
# ----------------------------------------------------------------------------------------------

LIBRARY_WORDING = re.compile(
    r"Input should|should (have|be|match)|after validation|Value error|valid (string|integer|number|boolean)|"
    r"String should|List should|Set should|Dictionary should|is invalid:|type=|pydantic|For further information",
)


def settable(attrs: Any, prefix: str = "") -> Iterator[tuple[str, Attr]]:
    for attr in attrs:
        if not attr.user_settable:
            continue
        yield prefix + attr.name, attr
        if attr.nested is not None:
            yield from settable(attr.nested.attributes, prefix + attr.name + ".")


def every_attribute() -> Iterator[tuple[str, Attr]]:
    yield from settable([a for a, _ in SETTINGS], "provider.")
    for cls in (*RESOURCES, *DATA_SOURCES):
        yield from settable(cls.attributes, cls.type_name() + ".")


BAD_SCALARS = ["", " ", "x" * 5000, "NOT_A_VALUE", "ftp://x", "a/b", "..", "-1", 5, -1, 10**12, 2.5, True, [], {}]


def bad_values(attr: Attr) -> list[Any]:
    nested = attr.nested
    if nested is not None:
        inner = {a.name: "NOT_A_VALUE" for a in nested.attributes}
        if nested.nesting is Nesting.SINGLE:
            return [inner, {a.name: 5 for a in nested.attributes}, "text"]
        return [[], [inner] * 30, [inner, Unknown], ["text"], "text"]
    collection = str(attr.tf_type.tf_type())
    if collection.startswith(('["list"', '["set"')):
        return [[], ["NOT_A_VALUE"] * 30, ["", Unknown], [5], [""], "text"]
    if collection.startswith('["map"'):
        return [{}, {"bad key": ""}, {"x": Unknown, "": "NOT_A_VALUE"}, "text"]
    return BAD_SCALARS


def test_no_message_uses_the_validation_library_wording() -> None:
    seen = 0
    for name, attr in every_attribute():
        for value in bad_values(attr):
            for path, text in attr.validate(value):
                seen += 1
                assert not LIBRARY_WORDING.search(text), f"{name} = {value!r:.60}: {text}"
                assert text.startswith(attr.name) or text.startswith("each element of " + attr.name), (name, text)
                assert path[0] == attr.name
    assert seen > 500  # the battery does reach the rules


def test_whole_configurations_read_the_same() -> None:
    for cls in RESOURCES:
        strings = [a for a in cls.attributes if a.user_settable and a.tf_type.tf_type() == b'"string"']
        config = {a.name: "x" * 5000 for a in strings}
        for path, text in validate_config(cls.attributes, config):
            assert not LIBRARY_WORDING.search(text), (cls.type_name(), path, text)
