"""Schema converters: one attribute declaration -> Terraform schema, validation, API JSON mapping, plan rules.

A resource module lists ``Attr`` objects. From them this module derives:
- the ``tf`` schema (types, flags, descriptions: and so the docs). Structured values are protocol-6 nested
  attributes (``single_object``, ``list_of_objects``, ``set_of_objects``, nested to any depth) whose inner
  attributes are ``Attr`` declarations too, so every field keeps its own flags (``required``, ``computed``,
  ``sensitive``) and description (a Terraform type such as ``list(object)`` has no per-field flags);
- validation with attribute paths (``buttons[2].url``), through pydantic, skipping unknown values; cross-attribute
  rules judged in every world the unknown values may resolve to (``in_every_world``), nested values included;
- the mapping between Terraform state and API JSON at every level (camelCase names, dotted paths that flatten
  nested API objects such as ``details.displayName``, ``absent`` values, and selectors such as
  ``details.components[type=BODY]`` that map one attribute to the element of an API array with a given ``type``);
- the normalisation of API answers against prior state (``normalise``: server defaults, ``{}``/``[]`` vs null,
  set order, values the API never returns, equivalent spellings), so they give no perpetual diff;
- plan rules for computed values inside nested objects (``mark_unknown``), which tf 1.2.0 leaves null on create.
"""

from __future__ import annotations

import enum
import functools
import json
import math
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Literal

from tf import schema as tfschema
from tf import types as tftypes
from tf.gen import tfplugin_pb2 as pb
from tf.types import Unknown

# ----------------------------------------------------------------------------------------------
# Terraform types derived from Python annotations
# ----------------------------------------------------------------------------------------------


class Object(tftypes.TfType):
    """An object type (``tf`` 1.2.0 has none): the wire type of the objects of a nested attribute."""

    def __init__(self, attributes: Mapping[str, tftypes.TfType]):
        self.attributes = dict(attributes)

    def encode(self, value: Any) -> Any:
        if value is None or value is Unknown:
            return value
        return {k: t.encode(value.get(k)) for k, t in self.attributes.items()}

    def decode(self, value: Any) -> Any:
        if value is None or value is Unknown:
            return value
        return {k: t.decode(value.get(k)) for k, t in self.attributes.items()}

    def tf_type(self) -> bytes:
        inner = ",".join(f'"{k}":{t.tf_type().decode()}' for k, t in self.attributes.items())
        return f'["object",{{{inner}}}]'.encode()


class Number(tftypes.Number):
    """Terraform's number type, sent as decimal text: the form Terraform itself gives numbers in state.

    Why: Terraform (up to 1.14) decides whether a ``plan -refresh-only`` has anything to apply by comparing the
    refreshed state with the state it read from disk using ``reflect.DeepEqual`` (``ManagedResourcesEqual``), and
    that comparison includes each object's cached decoded value (``decodeValueCache``), not only its JSON. The
    state read from disk decodes numbers from their JSON text (``cty.ParseNumberVal``: a 512-bit ``big.Float``);
    a msgpack integer or float from the provider decodes to a 64- or 53-bit ``big.Float``. Same number, different
    Go value: every refresh of an object with a number (a sender's ``max_tps``) looked like a change, and
    ``plan -refresh-only -detailed-exitcode`` exited 2 while printing "No changes". A msgpack *string* is decoded
    with ``cty.ParseNumberVal``, exactly like the state's JSON, so the refreshed value equals the stored one.

    The same comparison has a second, Terraform-side cause that no provider can remove: before Terraform 1.12 the
    state's ``sensitive_attributes`` list is rebuilt on every encode by walking the object's attributes in Go map
    order, so an object with two or more sensitive attributes (a sender has three) gets them in a random order,
    and the refresh looks like a change whenever the two orders differ. Terraform 1.12 sorts them
    (hashicorp/terraform 5f8d70a, "sort sensitive paths for consistency").

    Decoding accepts text as well: Terraform itself sends a number as text when it is not exactly an int64 or a
    float64 (``2.2`` in a configuration arrives as ``"2.2"``).

    The class must stay named ``Number``: tf 1.2.0 re-uses Terraform's own encoding of an unchanged value for
    classes named Number, String or Bool only, and Terraform's encoding of 80 is an integer."""

    def encode(self, value: Any) -> Any:
        if value is None or value is Unknown or isinstance(value, str):
            return value
        return number_text(value)

    def decode(self, value: Any) -> Any:
        if isinstance(value, str):
            return parse_number(value)
        return value


def number_text(value: int | float) -> str:
    """A number as Terraform writes it in state (Go's ``big.Float.Text('f', -1)``): positional notation, the
    shortest digits that identify it, no trailing zeros."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a number: {value!r}")
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError(f"Terraform numbers are finite, not {value!r}")
    if value == 0:
        return "0"
    return format(Decimal(repr(value)).normalize(), "f")


def parse_number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


def _strip_annotated(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def tf_type_for(annotation: Any) -> tftypes.TfType:
    """Map a Python annotation (possibly ``Annotated``) to a ``tf`` type."""
    bare = _strip_annotated(annotation)
    if not isinstance(bare, type) and callable(getattr(bare, "tf_type", None)):
        return typing.cast(tftypes.TfType, bare)  # already a tf type (e.g. list(object))
    origin = typing.get_origin(bare)
    if bare is str or origin is Literal or (isinstance(bare, type) and issubclass(bare, enum.Enum)):
        return tftypes.String()
    if bare is bool:
        return tftypes.Bool()
    if bare in (int, float):
        return Number()
    if origin in (set, frozenset):
        return tftypes.Set(tf_type_for(typing.get_args(bare)[0]))
    if origin is list:
        return tftypes.List(tf_type_for(typing.get_args(bare)[0]))
    if origin is dict:
        return tftypes.Map(tf_type_for(typing.get_args(bare)[1]))
    raise TypeError(f"no Terraform type for annotation {annotation!r}")


def _is_collection(annotation: Any) -> bool:
    return typing.get_origin(_strip_annotated(annotation)) in (set, frozenset, list, dict)


def allowed_values(annotation: Any) -> list[str] | None:
    """The enum values of a Literal (or of a collection of Literals), for descriptions."""
    bare = _strip_annotated(annotation)
    if typing.get_origin(bare) in (set, frozenset, list):
        bare = _strip_annotated(typing.get_args(bare)[0])
    if typing.get_origin(bare) is Literal:
        return [str(v) for v in typing.get_args(bare)]
    return None


# ----------------------------------------------------------------------------------------------
# Attribute declarations
# ----------------------------------------------------------------------------------------------

_UNSET: Any = object()


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


Problem = tuple[list[Any], str]
"""A problem with a configuration: the attribute path (names, and ``(index,)`` steps into lists), and the
message, which names the same path (``buttons[2].url must be ...``)."""


@dataclass(frozen=True, eq=False)
class Attr:
    """One Terraform attribute and what it means for the API.

    - ``api``: dotted path of the value in the API JSON (default: camelCase of the name); ``None`` when the
      attribute is not part of the API body (a path parameter, or a Terraform-only setting). A tuple of
      paths spreads a list over numbered fields (``websites`` <-> ``details.websiteOne``/``websiteTwo``).
      A step may select an element of an API array by a field: ``details.components[type=BODY]`` is the
      element of ``details.components`` whose ``type`` is ``BODY`` (created with that ``type`` when sent).
    - ``read_api``: where responses carry the value when that differs from where requests put it
      (``phone_number_provider`` is sent as ``phoneNumberProvider`` and read back as ``numberProvider``).
    - ``stable``: a computed value that never changes once created (``id``, ``created``): it keeps its prior
      value on update plans instead of becoming unknown.
    - ``returned=False``: the API accepts the value but never returns it (secrets): state keeps what the
      configuration said.
    - ``provider_default``: name of the provider setting used when the configuration leaves it null.
    - ``force_new``: a change replaces the resource. For a value the API never returns, only once it is
      known: after an import it is null, and setting it from the configuration must not replace anything.
    - ``create_only``: sent on create, never on update (the API takes it only once).
    - ``absent``: values the API uses to mean "not set" (``NOT_SET``): state holds null instead, so a
      configuration generated from state stays valid input.
    - ``action``: not a field of the object, but a change makes the update call the API (a verification
      code to submit), so computed values become unknown in the plan.
    - ``default``: the value a plan gives an optional and computed attribute the configuration leaves null,
      and (for an attribute the API carries) the value a response that leaves it out means: the API's own
      default (``hasExpiration`` false), so omitting it in the configuration gives no diff.
    - ``operation``: a boolean the API sets through an operation of its own (a solution's ``assigned``: POST
      ``.../assign``), never in a body. The configuration may set it to true only (the API has no way back):
      true POSTs the path (placeholders: attributes) after the create, and on an update that changes it to true.
    - ``canonical``: the canonical form of a value the API may spell differently from the configuration
      (``BID_STRATEGY_LOWEST_COST_WITH_BID_CAP`` for ``LOWEST_COST_WITH_BID_CAP``): applied to what the API
      returns; when it equals the canonical form of the prior value, state keeps the prior value.
    """

    name: str
    type: Any
    description: str
    required: bool = False
    optional: bool = False
    computed: bool = False
    sensitive: bool = False
    force_new: bool = False
    stable: bool = False
    returned: bool = True
    api: str | tuple[str, ...] | None = _UNSET
    read_api: str | tuple[str, ...] | None = _UNSET
    create_only: bool = False
    action: bool = False
    absent: tuple[Any, ...] = ()
    provider_default: str | None = None
    default: Any = None
    deprecated: bool = False
    canonical: Callable[[Any], Any] | None = None
    operation: str | None = None

    def __post_init__(self) -> None:
        if self.api is _UNSET:
            object.__setattr__(self, "api", camel(self.name))
        if self.read_api is _UNSET:
            object.__setattr__(self, "read_api", self.api)
        if not (self.required or self.optional or self.computed):
            raise ValueError(f"{self.name}: one of required/optional/computed must be set")
        if self.required and (self.optional or self.computed):
            raise ValueError(f"{self.name}: required excludes optional and computed")
        nested = self.nested
        if nested is not None and self.computed_only:
            settable = [a.name for a in nested.attributes if not a.computed_only]
            if settable:
                raise ValueError(
                    f"{self.name}: a read-only nested attribute holds read-only attributes "
                    f"(use computed_copy): {', '.join(settable)}"
                )

    @property
    def user_settable(self) -> bool:
        return self.required or self.optional

    @property
    def computed_only(self) -> bool:
        return self.computed and not self.user_settable

    @functools.cached_property
    def tf_type(self) -> tftypes.TfType:
        return tf_type_for(self.type)

    @functools.cached_property
    def kinds(self) -> frozenset[str]:
        """What the ``tf`` type is ("list" for sets too, "set", "map", "number", "json"), worked out once: ``tf``'s
        types are ``Protocol`` classes, and an ``isinstance`` against one costs microseconds, paid thousands of
        times per refresh of a few hundred templates."""
        kind = self.tf_type
        checks = {"list": tftypes.List, "set": tftypes.Set, "map": tftypes.Map, "number": tftypes.Number,
                  "json": tftypes.NormalizedJson}  # fmt: skip
        return frozenset(name for name, cls in checks.items() if isinstance(kind, cls))

    @functools.cached_property
    def nested(self) -> NestedObjects | None:
        """The inner declarations when this is a nested attribute (one object, or a list or set of them). Cached:
        state conversions ask for it about a hundred times per template."""
        bare = _strip_annotated(self.type)
        return bare if isinstance(bare, NestedObjects) else None

    def read_only(self) -> Attr:
        """This attribute as a read-only result (a data source's copy of a resource's attribute). Nested
        attributes become read-only all the way down; every other flag (``sensitive``) is kept."""
        nested = self.nested
        if nested is not None:
            nested = nested.with_attributes(a.read_only() for a in nested.attributes)
        return replace(
            self,
            type=self.type if nested is None else nested,
            required=False,
            optional=False,
            computed=True,
            force_new=False,
            create_only=False,
            provider_default=None,
            default=None,
        )

    @functools.cached_property
    def _adapter(self) -> Any:
        from pydantic import TypeAdapter  # built on first validation: most RPCs never validate

        return TypeAdapter(self.type)

    @functools.cached_property
    def _element_adapter(self) -> Any:
        from pydantic import TypeAdapter

        bare = _strip_annotated(self.type)
        args = typing.get_args(bare)
        return TypeAdapter(args[-1])

    @functools.cached_property
    def _size_adapter(self) -> Any:
        """The size limits of a list or map attribute alone (its elements unchecked); None when it has none."""
        from pydantic import Field, TypeAdapter

        origin = typing.get_origin(_strip_annotated(self.type))
        if origin not in (list, dict):
            return None
        bounds: dict[str, int] = {}
        for item in _metadata(self.type):
            for constraint in [item, *getattr(item, "metadata", [])]:
                for bound in ("min_length", "max_length"):
                    if isinstance(getattr(constraint, bound, None), int):
                        bounds[bound] = getattr(constraint, bound)
        if not bounds:
            return None
        bare: Any = list[Any] if origin is list else dict[Any, Any]
        return TypeAdapter(typing.Annotated[bare, Field(**bounds)])

    def full_description(self) -> str:
        text = self.description.rstrip()
        values = allowed_values(self.type)
        if values:
            text += " Allowed values: " + ", ".join(f"`{v}`" for v in values) + "."
        nested = self.nested
        if nested is not None and (nested.min_items is not None or nested.max_items is not None):
            low, high = nested.min_items, nested.max_items
            text += (
                f" {low} to {high} items." if low is not None and high is not None
                else f" At least {_items(low)}." if low is not None
                else f" At most {_items(high or 0)}."
            )  # fmt: skip
        if self.provider_default:
            text += f" Defaults to the provider's `{self.provider_default}`."
        if self.force_new:
            text += " Changing this replaces the resource."
        if not self.returned:
            text += " The API never returns this value: Terraform keeps it from the configuration."
        return text

    def to_tf(self) -> tfschema.Attribute:
        """The ``tf`` attribute; a nested attribute serves its inner declarations' own ``to_tf()``."""
        kind = tfschema.Attribute if self.nested is None else NestedAttribute
        return kind(
            self.name,
            self.tf_type,
            description=self.full_description(),
            required=self.required,
            optional=self.optional,
            computed=self.computed,
            sensitive=self.sensitive,
            requires_replace=self.force_new,
            deprecated=self.deprecated or None,
        )

    def validate(self, value: Any) -> list[Problem]:
        """Problems with a configured value, as (attribute path, message). Unknown values are skipped."""
        return self.problems(value, [self.name], self.name)

    def problems(self, value: Any, path: list[Any], label: str) -> list[Problem]:
        """``validate`` for a value found at ``path`` (``label`` names it in messages: ``body.examples``)."""
        if value is None or value is Unknown:
            return []
        if self.nested is not None:
            return self.nested.problems(value, path, label)
        from pydantic import ValidationError

        indexed = typing.get_origin(_strip_annotated(self.type)) is list
        if _is_collection(self.type) and _contains_unknown(value):
            # Only the known elements can be checked, and the size of a list or map (a set's unknown elements may
            # turn out equal); other collection-wide rules wait for apply-time values.
            items = value.items() if isinstance(value, dict) else enumerate(value)
            problems: list[Problem] = []
            if self._size_adapter is not None:
                try:
                    self._size_adapter.validate_python(dict.fromkeys(value) if isinstance(value, dict) else list(value))
                except ValidationError as exc:
                    problems += [
                        (path, _message(label, err, None, indexed=False, sensitive=self.sensitive))
                        for err in exc.errors()
                    ]
            for key, item in items:
                if item is Unknown:
                    continue
                try:
                    self._element_adapter.validate_python(item, strict=True)
                except ValidationError as exc:
                    for err in exc.errors():
                        if indexed:
                            problems.append(([*path, (key,)], _join(f"{label}[{key}]", _clean(err, self.sensitive))))
                        else:
                            problems.append((path, _element_message(label, err, self.sensitive)))
            return problems
        try:
            self._adapter.validate_python(value, strict=not _is_collection(self.type))
        except ValidationError as exc:
            return [
                (_error_path(path, err, value, indexed), _message(label, err, value, indexed, self.sensitive))
                for err in exc.errors()
            ]
        return []


def _metadata(annotation: Any) -> list[Any]:
    """The ``Annotated`` metadata of an annotation (outermost first)."""
    found: list[Any] = []
    while typing.get_origin(annotation) is typing.Annotated:
        annotation, *extra = typing.get_args(annotation)
        found += extra
    return found


def _contains_unknown(value: Any) -> bool:
    if value is Unknown:
        return True
    if isinstance(value, dict):
        return any(_contains_unknown(v) for v in value.values())
    if isinstance(value, list | tuple | set):
        return any(_contains_unknown(v) for v in value)
    return False


# ----------------------------------------------------------------------------------------------
# Validation messages: pydantic's errors as sentences that name the attribute
# ----------------------------------------------------------------------------------------------

LONG_ENUMERATION = 6
"""An enumeration with more values than this is not listed in a message (the 39 webhook triggers, the 70 template
languages): the message suggests the closest value instead ("did you mean 'EN_US'?")."""

_PATTERNS = {
    "^[0-9]+$": "must contain only digits (0-9)",
    "^[A-Z]{2}$": "must be two capital letters (an ISO 3166 country code such as 'DE')",
}
"""The rule a ``pattern`` stands for, in words (others are quoted as regular expressions)."""

_VERBS = ("must ", "may ", "is ", "cannot ", "can ")


def _shown(value: Any) -> str:
    """A configured value as a message quotes it: text in quotes, numbers as Terraform writes them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float) and (not isinstance(value, float) or math.isfinite(value)):
        return number_text(value)
    return repr(value)


def _characters(count: int) -> str:
    return f"{count} character" + ("" if count == 1 else "s")


def _choices(expected: str) -> list[Any]:
    """The values of a ``literal_error``'s ``expected`` ("'A', 'B' or 'C'", "1, 2 or 3")."""
    import ast

    tokens = re.findall(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^,\s]+", expected)
    values: list[Any] = []
    for token in tokens:
        if token == "or":
            continue
        try:
            values.append(ast.literal_eval(token))
        except (ValueError, SyntaxError):
            values.append(token)
    return values


def closest(given: Any, choices: Sequence[Any]) -> Any:
    """The allowed value ``given`` was probably meant to be: the same text in other case, else the most similar
    one (difflib), else None."""
    import difflib

    if not isinstance(given, str):
        return None
    by_key = {str(choice).upper(): choice for choice in choices}
    if given.upper() in by_key:
        return by_key[given.upper()]
    found = difflib.get_close_matches(given.upper(), list(by_key), n=1, cutoff=0.6)
    return by_key[found[0]] if found else None


def _one_of(choices: Sequence[Any], given: Any, show: bool) -> str:
    """A value outside an enumeration: a short one is listed, a long one gets a "did you mean"."""
    actual = f", not {_shown(given)}" if show else ""
    if len(choices) <= LONG_ENUMERATION:
        shown = [_shown(c) for c in choices]
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
        return f"must be {listed}{actual}"
    suggestion = closest(given, choices) if show else None
    if suggestion is not None:
        return f"must be one of the {len(choices)} allowed values{actual}; did you mean {_shown(suggestion)}?"
    return f"must be one of the {len(choices)} values the documentation lists{actual}"


def _predicate(err: Mapping[str, Any], show: bool = True) -> str:
    """What a pydantic error says about a value, as the rest of a sentence whose subject is the attribute:
    "must be at most 742 characters, not 800". ``show=False`` (sensitive values) quotes nothing of the value,
    not even its length."""
    kind = str(err.get("type", ""))
    ctx: Mapping[str, Any] = err.get("ctx") or {}
    given = err.get("input")
    if kind == "value_error":  # the project's own validators (AfterValidator) say it in words already
        error = ctx.get("error")
        return str(error) if error is not None else re.sub(r"^Value error, ", "", str(err.get("msg", "")))
    if kind in ("string_too_short", "string_too_long"):
        bound = int(ctx["min_length" if kind == "string_too_short" else "max_length"])
        if kind == "string_too_short" and bound == 1:
            return "must not be empty"
        actual = f", not {len(given)}" if show and isinstance(given, str) else ""
        return f"must be at {'least' if kind == 'string_too_short' else 'most'} {_characters(bound)}{actual}"
    if kind in ("too_short", "too_long"):  # lists, sets and maps
        bound, count = int(ctx["min_length" if kind == "too_short" else "max_length"]), ctx.get("actual_length")
        if count is None and isinstance(given, list | tuple | dict):  # pydantic leaves it out for sets
            count = len(given)
        actual = f", not {count}" if count else ""  # (a count says nothing of the values)
        return f"must have at {'least' if kind == 'too_short' else 'most'} {_items(bound)}{actual}"
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return _PATTERNS.get(pattern, f"must match the regular expression {pattern}")
    if kind in ("literal_error", "enum"):
        return _one_of(_choices(str(ctx.get("expected", ""))), given, show)
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "greater_than": ("greater than", "gt"),
        "less_than_equal": ("at most", "le"),
        "less_than": ("less than", "lt"),
        "multiple_of": ("a multiple of", "multiple_of"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"must be {words} {_shown(ctx[key])}" + (f", not {_shown(given)}" if show else "")
    kinds = {
        ("int_type", "int_parsing", "int_from_float", "int_parsing_size"): "must be a whole number",
        ("float_type", "float_parsing", "decimal_type", "decimal_parsing", "finite_number"): "must be a number",
        ("string_type", "string_unicode", "string_sub_type"): "must be a string",
        ("bool_type", "bool_parsing"): "must be true or false",
        ("list_type", "tuple_type"): "must be a list",
        ("set_type", "frozen_set_type"): "must be a set",
        ("dict_type", "mapping_type"): "must be a map",
    }
    for names, words in kinds.items():
        if kind in names:
            return words + (f", not {_shown(given)}" if show and given is not None else "")
    if kind == "missing":
        return "is required"
    # anything else: pydantic's sentence in this project's voice
    text = str(err.get("msg", "is not valid"))
    text = re.sub(r"^(?:Input|Value|String|List|Set|Dictionary|Tuple|Object) should", "must", text)
    text = re.sub(r" after validation", "", text).replace("Value error, ", "")
    return text if text.startswith(_VERBS) else f"is not valid: {text[:1].lower()}{text[1:]}"


def _clean(err: Mapping[str, Any], sensitive: bool = False) -> str:
    """The rule a pydantic error reports, without its subject ("must not be empty")."""
    return _predicate(err, show=not sensitive)


def _join(label: str, message: str) -> str:
    return f"{label} {message}" if message.startswith(_VERBS) else f"{label}: {message}"


def _element_index(err: Mapping[str, Any], value: Any) -> int | None:
    loc = err.get("loc", ())
    if loc and isinstance(value, list | tuple) and isinstance(loc[0], int) and loc[0] < len(value):
        return loc[0]
    return None


def _error_path(path: list[Any], err: Mapping[str, Any], value: Any, indexed: bool) -> list[Any]:
    index = _element_index(err, value)
    return [*path, (index,)] if indexed and index is not None else path


def _element_message(label: str, err: Mapping[str, Any], sensitive: bool = False) -> str:
    """A problem with an element of a set (it has no index): "each element of triggers must be ..., not 'X'"."""
    return _join(f"each element of {label}", _clean(err, sensitive))


def _message(label: str, err: Mapping[str, Any], value: Any, indexed: bool, sensitive: bool = False) -> str:
    """The sentence for one pydantic error of the value at ``label``: a list element is named by its index
    (``websites[0] must ...``), a set element by what is wrong with it."""
    index = _element_index(err, value)
    if index is not None:
        if indexed:
            return _join(f"{label}[{index}]", _clean(err, sensitive))
        return _element_message(label, err, sensitive)
    loc = err.get("loc", ())
    if loc and isinstance(value, Mapping) and loc[0] in value:  # a map: its key, or the value at a key
        key = json.dumps(str(loc[0]))
        subject = f"{label} key {key}" if loc[1:2] == ("[key]",) else f"{label}[{key}]"
        return _join(subject, _clean(err, sensitive))
    return _join(label, _clean(err, sensitive))


# ----------------------------------------------------------------------------------------------
# Whole-schema helpers
# ----------------------------------------------------------------------------------------------


def build_schema(
    attrs: Iterable[Attr], version: int, description: str, blocks: Iterable[tfschema.NestedBlock] = ()
) -> tfschema.Schema:
    return tfschema.Schema(
        version=version,
        attributes=[a.to_tf() for a in attrs],
        block_types=list(blocks) or None,
        description=description,
    )


def decode_config(attrs: Iterable[Attr], config: Mapping[str, Any]) -> dict[str, Any]:
    """A raw configuration (as ValidateResourceConfig and ConfigureProvider receive it) decoded by the
    attribute types, as tf decodes it for plans: numbers Terraform sent as text become numbers (in nested
    objects too)."""
    by_name = {a.name: a for a in attrs}
    return {
        k: v if v is None or v is Unknown or k not in by_name else by_name[k].tf_type.decode(v)
        for k, v in config.items()
    }


def validate_config(attrs: Iterable[Attr], config: Mapping[str, Any]) -> list[Problem]:
    return _validate_object(attrs, config, [], "")


def _validate_object(attrs: Iterable[Attr], values: Mapping[str, Any], path: list[Any], label: str) -> list[Problem]:
    """Every attribute of one object (the configuration, or an object of a nested attribute): read-only ones
    must be left null, required ones set, and each value valid."""
    problems: list[Problem] = []
    for attr in attrs:
        value = values.get(attr.name)
        where, named = [*path, attr.name], f"{label}.{attr.name}" if label else attr.name
        if attr.computed_only:
            if value is not None and value is not Unknown:  # an unknown value may still turn out null
                problems.append((where, f"{named} is read-only: it is set by the API and cannot be configured"))
            continue
        if attr.required and value is None and label:
            # Terraform itself reports a missing top-level argument; inside an object the value may come from an
            # expression (``body = var.body``) that Terraform does not check against the nested schema
            problems.append((where, f"{named} is required"))
            continue
        problems += attr.problems(value, where, named)
    return problems


# ----------------------------------------------------------------------------------------------
# Rules across attributes, when some values are unknown
# ----------------------------------------------------------------------------------------------


class _SomeText(str):
    """Stands for a known, valid string the configuration does not show yet."""

    def __repr__(self) -> str:
        return "(known after apply)"


class _SomeValue:
    """Stands for a known, valid value of an open-ended type the configuration does not show yet."""

    def __repr__(self) -> str:
        return "(known after apply)"


SOME_TEXT = _SomeText("(known after apply)")
SOME_VALUE: Any = _SomeValue()


def stand_in(value: Any) -> bool:
    """Is ``value`` a stand-in for a known, valid value the configuration does not show yet? A rule that looks
    inside a value (its length, the variables of a text, the elements of a list) must not judge a stand-in."""
    return value is SOME_VALUE or isinstance(value, _SomeText)


def possible_values(attr: Attr | None) -> list[Any]:
    """What an unknown value of ``attr`` may turn out to be: null (unless required), then each allowed value of
    an enumerated type, or one stand-in for "some valid value" of an open-ended one (a whole object or list of
    a nested attribute included)."""
    values: list[Any] = [] if attr is not None and attr.required else [None]
    bare = _strip_annotated(attr.type) if attr is not None else None
    if typing.get_origin(bare) is Literal:
        return values + list(typing.get_args(bare))
    if isinstance(bare, type) and issubclass(bare, enum.Enum):
        return values + [member.value for member in bare]
    if bare is bool:
        return [*values, True, False]
    return [*values, SOME_TEXT if bare is str else SOME_VALUE]


def _element_stand_in(attr: Attr | None) -> Any:
    """What an unknown element of a list or set attribute stands for (elements are never null)."""
    bare = _strip_annotated(attr.type) if attr is not None else None
    args = typing.get_args(bare) if typing.get_origin(bare) in (list, set, frozenset) else ()
    return SOME_TEXT if args and _strip_annotated(args[0]) is str else SOME_VALUE


Resolver = Callable[[Any, list[Any]], Any]
"""Chooses, in the current world, the value of the unknown at a key (a name, or a path tuple) among options."""


def _in_world(value: Any, attr: Attr | None, key: Any, resolve: Resolver) -> Any:
    """A configured value as a rule sees it in one world: unknowns resolved, nested objects as read-only views
    whose unknown leaves resolve when read (so a rule that never reads a leaf does not branch on it)."""
    if value is Unknown:
        return resolve(key, possible_values(attr))
    nested = attr.nested if attr is not None else None
    if nested is not None:
        if nested.nesting is Nesting.SINGLE:
            return _ObjectView(value, nested.attributes, key, resolve) if isinstance(value, Mapping) else value
        return _ListView(value, nested, key, resolve) if isinstance(value, list) else value
    if isinstance(value, list) and _contains_unknown(value):
        some = _element_stand_in(attr)
        return [some if item is Unknown else item for item in value]
    if isinstance(value, dict) and _contains_unknown(value):
        return {k: SOME_VALUE if v is Unknown else v for k, v in value.items()}
    return value


def _key(parent: Any, step: Any) -> tuple[Any, ...]:
    return (*(parent if isinstance(parent, tuple) else (parent,)), step)


class _ObjectView(Mapping[str, Any]):
    """One object of a nested attribute in one world."""

    def __init__(self, value: Mapping[str, Any], attrs: Iterable[Attr], key: Any, resolve: Resolver):
        self._value = value
        self._attrs = {a.name: a for a in attrs}
        self._key = key
        self._resolve = resolve

    def __getitem__(self, name: str) -> Any:
        return _in_world(self._value[name], self._attrs.get(name), _key(self._key, name), self._resolve)

    def __iter__(self) -> Iterator[str]:
        return iter(self._value)

    def __len__(self) -> int:
        return len(self._value)

    def __repr__(self) -> str:
        return repr(dict(self.items()))


class _ListView(Sequence[Any]):
    """The objects of a list or set nested attribute in one world (an unknown object is ``SOME_VALUE``)."""

    def __init__(self, value: list[Any], nested: NestedObjects, key: Any, resolve: Resolver):
        self._value = value
        self._nested = nested
        self._key = key
        self._resolve = resolve

    @typing.overload
    def __getitem__(self, index: int) -> Any: ...

    @typing.overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self._value))[index]]
        item = self._value[index]
        if item is Unknown:
            return SOME_VALUE
        if isinstance(item, Mapping):
            return _ObjectView(item, self._nested.attributes, _key(self._key, index % len(self._value)), self._resolve)
        return item

    def __len__(self) -> int:
        return len(self._value)

    def __repr__(self) -> str:
        return repr(list(self))


class _World(Mapping[str, Any]):
    """A configuration whose unknown values are resolved, on first read, by ``resolve``."""

    def __init__(self, config: Mapping[str, Any], attrs: Mapping[str, Attr], resolve: Resolver):
        self._config = config
        self._attrs = attrs
        self._resolve = resolve

    def __getitem__(self, key: str) -> Any:
        return _in_world(self._config[key], self._attrs.get(key), key, self._resolve)

    def __iter__(self) -> Iterator[str]:
        return iter(self._config)

    def __len__(self) -> int:
        return len(self._config)


def in_every_world(
    rule: Callable[[Mapping[str, Any]], list[Problem]],
    config: Mapping[str, Any],
    attrs: Iterable[Attr],
    *,
    limit: int = 4096,
) -> list[Problem]:
    """The problems ``rule`` finds in ``config`` whatever its unknown values turn out to be.

    Rules across attributes ("waba_id makes it an embedded signup, which needs phone_number_id") are written
    for known values. An unknown value (``waba_id = var.es ? "123" : null``, another resource's attribute) may
    become null or any valid value, so an attribute is reported only when the rule finds a problem with it in
    every such world: an unknown value never raises an error that a null or a valid value would not. Where the
    worlds disagree on why, the message gives each reason. The worlds are explored depth first; only the
    unknown values the rule reads branch, each into ``possible_values``. Past ``limit`` worlds nothing is
    reported (the next plan, with known values, judges).

    Nested values are seen through read-only views (``Mapping`` and ``Sequence``, not ``dict`` and ``list``)
    whose unknown leaves branch the same way when the rule reads them; an unknown object, list or element is
    the stand-in ``SOME_VALUE``, and an unknown string may be ``SOME_TEXT``: a rule that looks inside a value
    skips stand-ins (``stand_in``)."""
    by_name = {a.name: a for a in attrs}
    trail: list[int] = []  # the option chosen at each branch point, in the order the rule reads them
    worlds: list[dict[tuple[Any, ...], list[str]]] = []
    common: list[tuple[Any, ...]] = []
    for _ in range(limit):
        found, sizes = _one_world(rule, config, by_name, trail)
        by_path: dict[tuple[Any, ...], list[str]] = {}
        for path, message in found:
            by_path.setdefault(tuple(path), []).append(message)
        worlds.append(by_path)
        common = [p for p in (common if len(worlds) > 1 else list(by_path)) if p in by_path]
        del trail[len(sizes) :]
        while trail and trail[-1] + 1 >= sizes[len(trail) - 1]:
            trail.pop()
        if not trail or not common:
            break
        trail[-1] += 1
    else:
        return []
    problems: list[Problem] = []
    for key in common:
        reasons = list(dict.fromkeys(tuple(world[key]) for world in worlds))
        if len(reasons) == 1:
            problems += [(list(key), message) for message in reasons[0]]
        else:
            first, *others = ("; ".join(r) for r in reasons)
            alternatives = "".join(f"; or, with the values known at apply: {other}" for other in others)
            problems.append((list(key), first + alternatives))
    return problems


def _one_world(
    rule: Callable[[Mapping[str, Any]], list[Problem]],
    config: Mapping[str, Any],
    attrs: Mapping[str, Attr],
    trail: list[int],
) -> tuple[list[Problem], list[int]]:
    """Run ``rule`` once, resolving the unknown values it reads by ``trail`` (extended with first options);
    returns its problems and the number of options at each branch point it met."""
    sizes: list[int] = []
    chosen: dict[Any, Any] = {}

    def resolve(key: Any, choices: list[Any]) -> Any:
        if key not in chosen:
            if len(choices) == 1:  # nothing to choose: not a branch point
                chosen[key] = choices[0]
                return chosen[key]
            if len(sizes) == len(trail):
                trail.append(0)
            chosen[key] = choices[trail[len(sizes)]]
            sizes.append(len(choices))
        return chosen[key]

    return rule(_World(config, attrs, resolve)), sizes


# ----------------------------------------------------------------------------------------------
# State <-> API JSON
# ----------------------------------------------------------------------------------------------

_SELECTOR = re.compile(r"^([^\[\]]+)\[(\w+)=([^\[\]]+)\]$")


@functools.lru_cache(maxsize=4096)
def _steps(dotted: str) -> tuple[tuple[str, tuple[str, str] | None], ...]:
    """The steps of a dotted path: ``details.components[type=BODY].text`` -> details, components (the element
    whose ``type`` is ``BODY``), text. Parsed once per path (the declarations hold a few hundred)."""
    steps: list[tuple[str, tuple[str, str] | None]] = []
    for part in dotted.split("."):
        match = _SELECTOR.match(part)
        steps.append((match.group(1), (match.group(2), match.group(3))) if match else (part, None))
    return tuple(steps)


def _select(items: Any, selector: tuple[str, str]) -> Any:
    key, wanted = selector
    if not isinstance(items, list):
        return None
    return next((item for item in items if isinstance(item, Mapping) and item.get(key) == wanted), None)


def get_path(body: Mapping[str, Any] | None, dotted: str) -> Any:
    node: Any = body
    for name, selector in _steps(dotted):
        if not isinstance(node, Mapping):
            return None
        node = node.get(name)
        if selector is not None:
            node = _select(node, selector)
    return node


def set_path(body: dict[str, Any], dotted: str, value: Any) -> None:
    """Put ``value`` at ``dotted``, creating the objects on the way. A selector step finds the array element
    with that field (or appends one, the field first); a null value creates no element (but the array), so
    an attribute left null is simply not among the array's elements, and a PATCH body carries the array."""
    node = body
    steps = _steps(dotted)
    for index, (name, selector) in enumerate(steps):
        last = index == len(steps) - 1
        if selector is None:
            if last:
                node[name] = value
                return
            node = node.setdefault(name, {})
            continue
        items = node.setdefault(name, [])
        element = _select(items, selector)
        if element is None:
            if value is None:
                return
            element = {selector[0]: selector[1]}
            items.append(element)
        if last:
            if value is None:
                items.remove(element)
            else:
                element.update(value)
            return
        node = element


def _to_json(attr: Attr, value: Any) -> Any:
    if attr.nested is not None:
        return attr.nested.to_json(value)
    if "set" in attr.kinds and isinstance(value, list | set | tuple):
        return sorted(value, key=str)  # deterministic request bodies
    return value


def _wrong_shape(attr: Attr, value: Any) -> bool:
    """A value the API returned in a shape the attribute cannot hold (an object where text was expected)."""
    nested = attr.nested
    if nested is not None:
        return not isinstance(value, Mapping if nested.nesting is Nesting.SINGLE else list)
    kinds = attr.kinds
    if "list" in kinds:  # and sets
        return not isinstance(value, list)
    if "map" in kinds:
        return not isinstance(value, Mapping)
    if "json" in kinds:
        return False
    return isinstance(value, Mapping | list)


def _from_json(attr: Attr, value: Any) -> Any:
    """The state value of an attribute from the API's value: the API's default when it leaves it out, null when
    it sends something of another shape, numbers from text, the canonical form."""
    if value is None:
        return attr.default if attr.api is not None and attr.default is not None else None
    if _wrong_shape(attr, value):
        return None
    if attr.nested is not None:
        return attr.nested.from_json(value)
    if "list" in attr.kinds:  # and sets
        value = list(value)
    elif "number" in attr.kinds and isinstance(value, str):
        try:
            value = int(value)
        except ValueError:
            try:
                value = float(value)
            except ValueError:
                return None
    return attr.canonical(value) if attr.canonical is not None else value


def to_api(
    attrs: Iterable[Attr],
    state: Mapping[str, Any],
    *,
    include: Iterable[str] | None = None,
    create: bool = True,
    nulls: bool = False,
) -> dict[str, Any]:
    """API JSON body from (planned) state: every user-settable attribute with an API path and a value.

    ``create=False`` leaves out create-only attributes; ``nulls=True`` (PATCH bodies) sends null for a
    value that became null, which the API reads as "delete this field" (inside nested objects, a null field is
    left out: the object is sent whole)."""
    wanted = set(include) if include is not None else None
    body: dict[str, Any] = {}
    for attr in attrs:
        if attr.api is None or attr.computed_only or (wanted is not None and attr.name not in wanted):
            continue
        if attr.operation is not None:  # set by its own operation, never in a body
            continue
        if attr.create_only and not create:
            continue
        value = state.get(attr.name)
        if value is Unknown or (value is None and not nulls):
            continue
        if isinstance(attr.api, tuple):  # a list spread over numbered fields
            items = list(value or [])
            for index, path in enumerate(attr.api):
                if index < len(items) or nulls:
                    set_path(body, path, items[index] if index < len(items) else None)
            continue
        set_path(body, attr.api, None if value is None else _to_json(attr, value))
    return body


def merge_patch(
    attrs: Iterable[Attr], current: Mapping[str, Any], planned: Mapping[str, Any], include: Iterable[str]
) -> dict[str, Any]:
    """A JSON merge patch (RFC 7396) of what changed, for an API whose PATCH merges nested objects field by field:
    a changed single nested object is sent as the fields of it that changed (recursively), a field removed from the
    configuration as null (deleted); any other changed value whole."""
    wanted = set(include)
    body: dict[str, Any] = {}
    for attr in attrs:
        if attr.name not in wanted or not isinstance(attr.api, str) or attr.computed_only or attr.operation:
            continue
        new, old = planned.get(attr.name), current.get(attr.name)
        if new is Unknown or attr.create_only:
            continue
        nested = attr.nested
        if (
            nested is not None
            and nested.nesting is Nesting.SINGLE
            and isinstance(new, Mapping)
            and isinstance(old, Mapping)
        ):
            changed = [a.name for a in nested.attributes
                       if not a.tf_type.semantically_equal(old.get(a.name), new.get(a.name))]  # fmt: skip
            part = merge_patch(nested.attributes, old, new, changed)
            if part:
                set_path(body, attr.api, part)
            continue
        set_path(body, attr.api, None if new is None else _to_json(attr, new))
    return body


def from_api(
    attrs: Iterable[Attr],
    body: Mapping[str, Any],
    *,
    prior: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """State from an API response. Values the API never returns come from ``prior``; path parameters
    and other Terraform-only values from ``extra`` (else ``prior``). With a ``prior`` (the planned or the
    current state), nested values and values with a ``canonical`` form are reconciled with it (``reconcile``)."""
    extra = extra or {}
    state: dict[str, Any] = {}
    for attr in attrs:
        before = (prior or {}).get(attr.name)
        if attr.name in extra:
            state[attr.name] = extra[attr.name]
        elif attr.api is None or not attr.returned:
            state[attr.name] = None if before is Unknown else before
        elif isinstance(attr.read_api, tuple):
            items = [v for v in (get_path(body, path) for path in attr.read_api) if v is not None]
            state[attr.name] = items or None
        else:
            value = get_path(body, attr.read_api or "")
            value = _from_json(attr, None if value in attr.absent else value)
            # (top-level values as the API gives them, as before: only nested ones and spellings are reconciled)
            plain = attr.nested is None and attr.canonical is None
            state[attr.name] = value if prior is None or plain else reconcile(attr, value, before)
    return state


def normalise(attrs: Iterable[Attr], state: Mapping[str, Any], prior: Mapping[str, Any] | None) -> dict[str, Any]:
    """``state`` (mapped from an API answer) reconciled with ``prior`` (the planned or the current state), so that
    what only looks different is not a diff: ``from_api`` does it when given a prior; a resource that builds
    state another way calls it. Attribute by attribute, see ``reconcile``."""
    prior = prior or {}
    return {
        name: reconcile(attr, value, prior.get(name)) if (attr := _find(attrs, name)) is not None else value
        for name, value in state.items()
    }


def _find(attrs: Iterable[Attr], name: str) -> Attr | None:
    return next((a for a in attrs if a.name == name), None)


def reconcile(attr: Attr, value: Any, prior: Any) -> Any:
    """One attribute's value from the API, reconciled with its prior value:

    - equal by the attribute's type (a set in another order, ``80`` and ``80.0``), or by ``canonical``: the prior;
    - a user-settable list, set or map the API returns empty where the prior is null (or the other way round):
      the prior (``[]`` vs null);
    - nested objects, level by level (``NestedObjects.reconcile``): values the API never returns kept from the
      prior object, an object of nulls where the prior is null is null, set elements paired with their prior
      and kept in its order.
    """
    if prior is Unknown:
        prior = None
    if attr.nested is not None:
        return attr.nested.reconcile(value, prior)
    if not attr.returned or attr.api is None:
        return prior
    empty = bool(attr.kinds & {"list", "map"}) and attr.user_settable
    if empty and (value is None or value in ([], {})) and (prior is None or prior in ([], {})):
        return prior
    if value is None or prior is None or value is Unknown:
        return value
    if attr.tf_type.semantically_equal(prior, value):
        return prior
    if attr.canonical is not None and attr.canonical(prior) == value:
        return prior
    return value


# ----------------------------------------------------------------------------------------------
# Nested attributes
# ----------------------------------------------------------------------------------------------


class Nesting(enum.Enum):
    """How a nested attribute holds its objects (``Schema.Object.NestingMode``): one object (wire type
    ``Object``), a list of them (``List(Object)``: ordered, addressed by index), or a set (``Set(Object)``: for
    objects whose order means nothing; its elements have no index in attribute paths and cannot carry marks,
    so Terraform treats the whole set as sensitive when one of its fields is)."""

    SINGLE = "single"
    LIST = "list"
    SET = "set"

    @property
    def pb(self) -> Any:
        return getattr(pb.Schema.Object, self.name)


@dataclass(frozen=True)
class Variant:
    """The attributes that go with one value of a discriminator (a button's ``type``): ``required`` ones must be
    set, ``optional`` ones may be; every other optional attribute must be left null (attributes the schema
    requires go with every variant)."""

    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    @property
    def allowed(self) -> tuple[str, ...]:
        return self.required + self.optional


class NestedObjects(tftypes.TfType):
    """The type of a nested attribute: objects whose attributes are ``Attr`` declarations.

    Use it as an ``Attr`` type (``single_object(attrs)``, ``list_of_objects(attrs)``, ``set_of_objects(attrs)``).
    ``Attr.to_tf()`` then serves the attribute as a protocol-6 nested attribute (``nested_type``) whose inner
    attributes are ``attr.to_tf()`` of each inner declaration: each field has its own flags (``required``,
    ``optional``, ``computed``, ``sensitive``) and description, so Terraform marks a sensitive field wherever the
    value goes (outputs, plans, other resources) while the other fields stay visible. Inner declarations may be
    nested in turn, to any depth.

    On the wire, values are those of the implied type (``object({...})``, ``list(object({...}))``,
    ``set(object({...}))``), and encode/decode/equality go through that type: for resources in tf's state
    encoding, for data sources in ``SinchServicer.ReadDataSource``. In Python an object is a dict holding every
    declared name, a list or a set of objects a list of such dicts.

    What the declarations give at every level:
    - validation (``problems``): each leaf from its annotated type, required inner attributes, read-only ones
      left null, ``min_items``/``max_items``, and, with a ``discriminator``, the ``variants``: which attributes
      go with each value of it (a URL button takes ``url``, a phone number button ``phone_number``). Paths and
      messages name the value: ``buttons[2].url``. Unknown values (an object, a list, an element, a leaf) are
      skipped;
    - the mapping to and from API JSON (``to_json``/``from_json``): camelCase names, dotted paths, selectors,
      ``absent`` values, the API's defaults; reading an object with a discriminator keeps only its variant's
      attributes (the API may report more, e.g. a label it assigns);
    - ``reconcile``: an API answer against the prior value (see ``reconcile`` and ``normalise``);
    - ``mark``: plan rules for the computed attributes inside (see ``mark_unknown``).
    """

    def __init__(
        self,
        attributes: Iterable[Attr],
        nesting: Nesting = Nesting.LIST,
        *,
        min_items: int | None = None,
        max_items: int | None = None,
        discriminator: str | None = None,
        variants: Mapping[str, Variant] | None = None,
    ):
        self.attributes = tuple(attributes)
        self.nesting = nesting
        self.min_items = min_items
        self.max_items = max_items
        self.discriminator = discriminator
        self.variants = dict(variants or {})
        names = [a.name for a in self.attributes]
        if not names or len(set(names)) != len(names):
            raise ValueError(f"nested attributes need distinct names, got {names}")
        unsupported = [a.name for a in self.attributes if a.create_only or a.action or a.provider_default]
        if unsupported:  # these act on whole attributes of a resource: declare them on the nested attribute
            raise ValueError(f"create_only, action and provider_default are top-level only: {unsupported}")
        if nesting is Nesting.SINGLE and (min_items is not None or max_items is not None):
            raise ValueError("a single nested object has no number of items")
        if (discriminator is None) != (not self.variants) or (discriminator and discriminator not in names):
            raise ValueError(f"variants need a discriminator among the attributes {names}")
        for kind, variant in self.variants.items():
            unknown = [n for n in variant.allowed if n not in names or n == discriminator]
            if unknown:
                raise ValueError(f"variant {kind!r} names attributes that are not declared: {unknown}")
        obj = Object({a.name: a.tf_type for a in self.attributes})
        self.wire: tftypes.TfType = {
            Nesting.SINGLE: obj,
            Nesting.LIST: tftypes.List(obj),
            Nesting.SET: tftypes.Set(obj),
        }[nesting]

    def with_attributes(self, attributes: Iterable[Attr]) -> NestedObjects:
        """The same nesting, sizes and variants over other declarations (``Attr.read_only``)."""
        return NestedObjects(
            attributes,
            self.nesting,
            min_items=self.min_items,
            max_items=self.max_items,
            discriminator=self.discriminator,
            variants=self.variants,
        )

    # ------------------------------------------------------------------ the wire

    def encode(self, value: Any) -> Any:
        return self.wire.encode(value)

    def decode(self, value: Any) -> Any:
        return self.wire.decode(value)

    def tf_type(self) -> bytes:
        return self.wire.tf_type()

    def semantically_equal(self, a_decoded: Any, b_decoded: Any) -> bool:
        """Equal objects, attribute by attribute through the inner types (numbers, sets of strings in any order);
        lists element by element, sets in any order."""
        if a_decoded is b_decoded:
            return True
        if a_decoded is None or b_decoded is None or a_decoded is Unknown or b_decoded is Unknown:
            return False
        if self.nesting is Nesting.SINGLE:
            return self._same(a_decoded, b_decoded)
        first, second = list(a_decoded), list(b_decoded)
        if len(first) != len(second):
            return False
        if self.nesting is Nesting.LIST:
            return all(self._same(x, y) for x, y in zip(first, second, strict=True))
        for item in first:
            match = next((i for i, other in enumerate(second) if self._same(item, other)), None)
            if match is None:
                return False
            del second[match]
        return True

    def _same(self, x: Any, y: Any) -> bool:
        if x is y:
            return True
        if not isinstance(x, Mapping) or not isinstance(y, Mapping):
            return bool(x == y)
        return all(a.tf_type.semantically_equal(x.get(a.name), y.get(a.name)) for a in self.attributes)

    def to_pb(self) -> pb.Schema.Object:
        # min_items/max_items are deprecated in the protocol: the sizes are checked by ``problems`` instead
        return pb.Schema.Object(attributes=[a.to_tf().to_pb() for a in self.attributes], nesting=self.nesting.pb)

    # ------------------------------------------------------------------ validation

    def problems(self, value: Any, path: list[Any], label: str) -> list[Problem]:
        """Each known object against the inner declarations, with paths such as ``[name, (0,), "inner"]``."""
        if value is None or value is Unknown:
            return []
        if self.nesting is Nesting.SINGLE:
            if not isinstance(value, Mapping):
                return [(path, f"{label} must be an object")]
            return self._object_problems(value, path, label)
        if not isinstance(value, list):
            return [(path, f"{label} must be a {self.nesting.value} of objects")]
        problems = self._size_problems(value, path, label)
        for index, item in enumerate(value):
            if item is Unknown:
                continue
            if not isinstance(item, Mapping):
                problems.append((path, f"{label}: element {index + 1} must be an object"))
            elif self.nesting is Nesting.LIST:
                problems += self._object_problems(item, [*path, (index,)], f"{label}[{index}]")
            else:  # a set element has no index in attribute paths: the path stops at the set, the message names it
                found = self._object_problems(item, path, f"{label}[{self.brief(item)}]")
                problems += [(path, message) for _, message in found]
        return problems

    def _size_problems(self, value: list[Any], path: list[Any], label: str) -> list[Problem]:
        count = len(value)
        unsure = self.nesting is Nesting.SET and any(item is Unknown or _contains_unknown(item) for item in value)
        if unsure:  # unknown elements may turn out equal to others, and a set keeps one of each
            return []
        if self.min_items is not None and count < self.min_items:
            return [(path, f"{label} must have at least {_items(self.min_items)}, not {count}")]
        if self.max_items is not None and count > self.max_items:
            return [(path, f"{label} must have at most {_items(self.max_items)}, not {count}")]
        return []

    def _object_problems(self, item: Mapping[str, Any], path: list[Any], label: str) -> list[Problem]:
        problems = _validate_object(self.attributes, item, path, label)
        kind = item.get(self.discriminator) if self.discriminator else None
        variant = self.variants.get(kind) if isinstance(kind, str) else None
        if variant is None:  # no discriminator, or its value unknown or invalid (reported above)
            return problems
        reported = {tuple(p) for p, _ in problems}
        for attr in self.attributes:
            if not attr.optional or attr.name == self.discriminator:  # required ones go with every variant
                continue
            value = item.get(attr.name)
            where, named = [*path, attr.name], f"{label}.{attr.name}"
            if tuple(where) in reported:
                continue
            if attr.name in variant.required and value is None:
                problems.append((where, f"{named} is required when {self.discriminator} is {kind!r}"))
            elif attr.name not in variant.allowed and value is not None and value is not Unknown:
                owners = [k for k, v in self.variants.items() if attr.name in v.allowed]
                problems.append(
                    (
                        where,
                        f"{named} cannot be set when {self.discriminator} is {kind!r}"
                        + (f" (it goes with {', '.join(repr(o) for o in owners)})" if owners else ""),
                    )
                )
        return problems

    def brief(self, item: Mapping[str, Any]) -> str:
        """A set element named by its first known, short user-settable values: ``{type="URL", text="Go"}``."""
        shown = [
            f"{a.name}={json.dumps(item.get(a.name))}"
            for a in self.attributes
            if a.user_settable and not a.sensitive and isinstance(item.get(a.name), str | int | float | bool)
        ][:2]
        return "{" + ", ".join(shown) + "}" if shown else "*"

    # ------------------------------------------------------------------ API JSON

    def to_json(self, value: Any) -> Any:
        if self.nesting is Nesting.SINGLE:
            return to_api(self.attributes, value) if isinstance(value, Mapping) else None
        items = [to_api(self.attributes, item) for item in value if isinstance(item, Mapping)]
        if self.nesting is Nesting.SET:  # deterministic request bodies
            items.sort(key=lambda item: json.dumps(item, sort_keys=True, default=str))
        return items

    def from_json(self, value: Any) -> Any:
        if self.nesting is Nesting.SINGLE:
            return self._object_from_json(value) if isinstance(value, Mapping) else None
        if not isinstance(value, list):
            return None
        return [self._object_from_json(item) for item in value if isinstance(item, Mapping)]

    def _object_from_json(self, item: Mapping[str, Any]) -> dict[str, Any]:
        obj = from_api(self.attributes, item)
        kind = obj.get(self.discriminator) if self.discriminator else None
        variant = self.variants.get(kind) if isinstance(kind, str) else None
        if variant is not None:  # what the API reports beyond the variant (a label it assigns) is not state
            for attr in self.attributes:
                if attr.optional and attr.name != self.discriminator and attr.name not in variant.allowed:
                    obj[attr.name] = None
        return obj

    # ------------------------------------------------------------------ against prior state

    def reconcile(self, value: Any, prior: Any) -> Any:
        """A value read from the API (``from_json``) reconciled with the prior value: objects paired with their
        prior (one to one; lists by index; set elements by their values, then in the prior's order), each
        attribute reconciled (``reconcile``); an object of nulls where the prior is null is null; an empty list
        or set where the prior is null is null, and the other way round."""
        if prior is Unknown:
            prior = None
        if self.nesting is Nesting.SINGLE:
            if not isinstance(value, Mapping):
                return value
            before = prior if isinstance(prior, Mapping) else None
            obj = self._reconcile_object(value, before)
            return None if before is None and self.vacant(obj) else obj
        if value is None or value == []:
            return prior if isinstance(prior, list) and not prior else (None if value is None or prior is None else [])
        priors = [p if isinstance(p, Mapping) else None for p in prior] if isinstance(prior, list) else []
        if self.nesting is Nesting.LIST:
            return [
                self._reconcile_object(item, priors[index] if index < len(priors) else None)
                for index, item in enumerate(value)
            ]
        remaining = list(value)
        ordered: list[Any] = []
        for before in priors:
            match = next((i for i, item in enumerate(remaining) if self._matches(item, before)), None)
            if match is not None:
                ordered.append(self._reconcile_object(remaining.pop(match), before))
        return ordered + [self._reconcile_object(item, None) for item in remaining]

    def vacant(self, obj: Mapping[str, Any]) -> bool:
        """Does ``obj`` say nothing: every leaf null or the API's default (``{}``, as the API may send it)?"""
        for attr in self.attributes:
            value = obj.get(attr.name)
            if attr.nested is not None and attr.nested.nesting is Nesting.SINGLE and isinstance(value, Mapping):
                if not attr.nested.vacant(value):
                    return False
            elif value is not None and not (attr.default is not None and value == attr.default):
                return False
        return True

    def _reconcile_object(self, obj: Any, prior: Mapping[str, Any] | None) -> Any:
        if not isinstance(obj, Mapping):
            return obj
        return {a.name: reconcile(a, obj.get(a.name), (prior or {}).get(a.name)) for a in self.attributes}

    def _matches(self, item: Any, prior: Mapping[str, Any] | None) -> bool:
        """Is ``item`` (read from the API) the set element ``prior`` was? Their known, returned, user-settable
        leaves agree (as ``reconcile`` would keep the prior's)."""
        if prior is None or not isinstance(item, Mapping):
            return False
        for attr in self.attributes:
            before = prior.get(attr.name)
            if not attr.user_settable or not attr.returned or attr.api is None or attr.nested is not None:
                continue
            if before is Unknown or (before is None and attr.computed):
                continue
            if reconcile(attr, item.get(attr.name), before) is not before:
                return False
        return True

    # ------------------------------------------------------------------ plans

    def replacements(self, prior: Any, planned: Any, path: list[Any]) -> list[list[Any]]:
        """Paths of the ``force_new`` attributes inside whose value changed (``nested_replacements``)."""
        if prior is None or planned is None or prior is Unknown or planned is Unknown:
            return []
        if self.nesting is Nesting.SINGLE:
            return self._object_replacements(prior, planned, path)
        if not isinstance(prior, list) or not isinstance(planned, list):
            return []
        if self.nesting is Nesting.LIST:  # elements kept at their index; added or removed ones replace nothing
            found: list[list[Any]] = []
            for index, (before, after) in enumerate(zip(prior, planned, strict=False)):
                found += self._object_replacements(before, after, [*path, (index,)])
            return found
        # a set element is its values: one whose force_new values are new replaces the resource (path: the set)
        keys = [a for a in self.attributes if a.force_new]
        if not keys or any(_contains_unknown(item) for item in planned):
            return []
        before = sorted(json.dumps([p.get(a.name) for a in keys], default=str) for p in prior if isinstance(p, Mapping))
        after = sorted(
            json.dumps([p.get(a.name) for a in keys], default=str) for p in planned if isinstance(p, Mapping)
        )
        return [] if before == after else [path]

    def _object_replacements(self, prior: Any, planned: Any, path: list[Any]) -> list[list[Any]]:
        if not isinstance(prior, Mapping) or not isinstance(planned, Mapping):
            return []
        found: list[list[Any]] = []
        for attr in self.attributes:
            before, after = prior.get(attr.name), planned.get(attr.name)
            if attr.nested is not None:
                found += attr.nested.replacements(before, after, [*path, attr.name])
            elif attr.force_new and after is not Unknown and not attr.tf_type.semantically_equal(before, after):
                found.append([*path, attr.name])
        return found

    def mark(self, planned: Any, config: Any, prior: Any) -> Any:
        """``mark_unknown`` for one nested attribute's planned value."""
        if planned is None or planned is Unknown:
            return planned
        config = None if config is Unknown else config
        prior = None if prior is Unknown else prior
        if self.nesting is Nesting.SINGLE:
            return self._mark_object(
                planned,
                config if isinstance(config, Mapping) else None,
                prior if isinstance(prior, Mapping) else None,
            )
        configs = [c if isinstance(c, Mapping) else None for c in config] if isinstance(config, list) else []
        priors = [p if isinstance(p, Mapping) else None for p in prior] if isinstance(prior, list) else []
        marked: list[Any] = []
        if self.nesting is Nesting.LIST:
            for index, item in enumerate(planned):
                before = priors[index] if index < len(priors) else None
                marked.append(self._mark_object(item, configs[index] if index < len(configs) else None, before))
            return marked
        unused = list(priors)
        for item in planned:  # a set element: its configuration and prior are the ones with its settable values
            config_item = next((c for c in configs if self._same_settings(item, c)), None)
            before = next((p for p in unused if self._same_settings(item, p)), None)
            if before is not None:
                unused.remove(before)
            marked.append(self._mark_object(item, config_item, before))
        return marked

    def _same_settings(self, item: Any, other: Mapping[str, Any] | None) -> bool:
        if other is None or not isinstance(item, Mapping):
            return False
        return all(
            a.tf_type.semantically_equal(item.get(a.name), other.get(a.name))
            for a in self.attributes
            if a.user_settable and not a.computed
        )

    def _mark_object(self, obj: Any, config: Mapping[str, Any] | None, prior: Mapping[str, Any] | None) -> Any:
        if not isinstance(obj, Mapping):
            return obj
        marked = dict(obj)
        # The server recomputes what an object it receives changed implies; an unchanged object keeps its values.
        changed = prior is None or any(
            not a.tf_type.semantically_equal(prior.get(a.name), obj.get(a.name))
            for a in self.attributes
            if a.user_settable
        )
        for attr in self.attributes:
            configured = (config or {}).get(attr.name)
            if attr.nested is not None and marked.get(attr.name) not in (None, Unknown):
                marked[attr.name] = attr.nested.mark(marked[attr.name], configured, (prior or {}).get(attr.name))
                continue
            if not attr.computed or configured is not None:
                continue
            if attr.default is not None:
                marked[attr.name] = attr.default
                continue
            settled = attr.stable and prior is not None and prior.get(attr.name) not in (None, Unknown)
            if changed and not settled:
                marked[attr.name] = Unknown
        return marked


def _items(count: int) -> str:
    return f"{count} item" + ("" if count == 1 else "s")


class NestedAttribute(tfschema.Attribute):
    """A ``tf`` attribute served with ``nested_type`` (tf 1.2.0's ``Attribute.to_pb`` only sets ``type``).

    ``type`` stays the ``NestedObjects`` type, which tf uses to encode and decode state."""

    type: NestedObjects

    def to_pb(self) -> pb.Schema.Attribute:
        message = super().to_pb()
        message.ClearField("type")  # Terraform refuses an attribute with both a type and a nested type
        message.nested_type.CopyFrom(self.type.to_pb())
        return message


def single_object(
    attrs: Iterable[Attr], *, discriminator: str | None = None, variants: Mapping[str, Variant] | None = None
) -> NestedObjects:
    """The type of a single nested attribute: one object described by ``attrs`` (``object({...})``)."""
    return NestedObjects(attrs, Nesting.SINGLE, discriminator=discriminator, variants=variants)


def list_of_objects(
    attrs: Iterable[Attr],
    *,
    min_items: int | None = None,
    max_items: int | None = None,
    discriminator: str | None = None,
    variants: Mapping[str, Variant] | None = None,
) -> NestedObjects:
    """The type of a list nested attribute of objects described by ``attrs`` (``list(object({...}))``)."""
    return NestedObjects(
        attrs, Nesting.LIST, min_items=min_items, max_items=max_items, discriminator=discriminator, variants=variants
    )


def set_of_objects(
    attrs: Iterable[Attr],
    *,
    min_items: int | None = None,
    max_items: int | None = None,
    discriminator: str | None = None,
    variants: Mapping[str, Variant] | None = None,
) -> NestedObjects:
    """The type of a set nested attribute of objects described by ``attrs`` (``set(object({...}))``): for
    objects whose order means nothing."""
    return NestedObjects(
        attrs, Nesting.SET, min_items=min_items, max_items=max_items, discriminator=discriminator, variants=variants
    )


# ----------------------------------------------------------------------------------------------
# Plans
# ----------------------------------------------------------------------------------------------


def adopt_unreturned(attr: Attr, prior: Any, planned: Any) -> Any:
    """``prior`` with the nested values the API never returns taken from ``planned`` where ``prior`` has none
    (after an import: the configuration's webhook secrets): adopting them is no change; nor is a read-only value
    planned unknown. Objects are paired one to one, lists by index; sets are left as they are (their elements have
    no pairing)."""
    nested = attr.nested
    if nested is None or nested.nesting is Nesting.SET or prior is None or planned is None:
        return prior
    if nested.nesting is Nesting.SINGLE:
        pairs = [(prior, planned)]
    elif isinstance(prior, list) and isinstance(planned, list) and len(prior) == len(planned):
        pairs = list(zip(prior, planned, strict=True))
    else:
        return prior
    adopted = []
    for before, after in pairs:
        if not isinstance(before, Mapping) or not isinstance(after, Mapping):
            adopted.append(before)
            continue
        obj = dict(before)
        for inner in nested.attributes:
            if inner.computed_only and after.get(inner.name) is Unknown:  # the server has yet to assign it
                obj[inner.name] = Unknown
            elif not inner.returned and obj.get(inner.name) is None:
                obj[inner.name] = after.get(inner.name)
            else:
                obj[inner.name] = adopt_unreturned(inner, obj.get(inner.name), after.get(inner.name))
        adopted.append(obj)
    return adopted[0] if nested.nesting is Nesting.SINGLE else adopted


def fill_unknown(value: Any, current: Any) -> Any:
    """``value`` with every unknown value, nested ones too, taken from ``current`` (objects by key, lists by
    index)."""
    if value is Unknown:
        return current
    if isinstance(value, Mapping):
        before = current if isinstance(current, Mapping) else {}
        return {k: fill_unknown(v, before.get(k)) for k, v in value.items()}
    if isinstance(value, list):
        items = current if isinstance(current, list) and len(current) == len(value) else []
        return [fill_unknown(v, items[i] if items else None) for i, v in enumerate(value)]
    return value


def nested_replacements(attrs: Iterable[Attr], prior: Mapping[str, Any], planned: Mapping[str, Any]) -> list[list[Any]]:
    """Attribute paths of the ``force_new`` attributes inside nested attributes whose planned value differs from
    the prior one: each replaces the resource (the servicer adds them to ``requires_replace``). In a list,
    objects are compared at the same index; in a set, a change of the elements' ``force_new`` values replaces it
    (the path stops at the set). A value planned unknown is not judged."""
    found: list[list[Any]] = []
    for attr in attrs:
        if attr.nested is not None and not attr.force_new:
            found += attr.nested.replacements(prior.get(attr.name), planned.get(attr.name), [attr.name])
    return found


def mark_unknown(
    attrs: Iterable[Attr],
    planned: Mapping[str, Any],
    config: Mapping[str, Any],
    prior: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The planned state with the computed values inside nested attributes planned as Terraform needs them.

    tf 1.2.0 plans a create as the configuration, so a computed attribute inside a nested object that the
    configuration leaves null is planned null, and the value the server fills in then fails the apply
    ("Provider produced inconsistent result after apply"); on update Terraform proposes the prior values, which
    the server may change. For each computed inner attribute the configuration leaves null:

    - with a ``default``: the default (the API's own, which it applies when the request leaves it out);
    - else, in an object that is new (a create, a list grown, a set element not in the prior state) or whose
      user-settable values changed (the server recomputes what they imply): unknown, except a ``stable`` value
      the server has already set;
    - else (an unchanged object): its prior value, as Terraform proposed.

    ``prior`` is None on create. Top-level computed attributes are the resource plan's business; this only looks
    inside nested attributes (whose own null or unknown values it leaves alone). Call it from ``plan()`` on
    create and update, after the resource's other plan rules."""
    result = dict(planned)
    for attr in attrs:
        nested = attr.nested
        if nested is None or attr.name not in planned:
            continue
        before = None if prior is None else prior.get(attr.name)
        result[attr.name] = nested.mark(planned[attr.name], config.get(attr.name), before)
    return result
