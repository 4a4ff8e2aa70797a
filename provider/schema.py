"""Schema converters: one attribute declaration -> Terraform schema, validation, API JSON mapping.

A resource module lists ``Attr`` objects. From them this module derives:
- the ``tf`` schema (types, flags, descriptions: and so the docs); lists of objects are served as protocol-6
  nested attributes whose inner attributes are ``Attr`` declarations too, so every field keeps its own
  ``sensitive`` flag and description (a Terraform type such as ``list(object)`` has no per-field flags);
- plan-time validation with attribute paths, through pydantic, skipping unknown values;
- the mapping between Terraform state and API JSON (camelCase names, dotted paths that flatten
  nested API objects such as ``details.displayName`` into top-level attributes).
"""

from __future__ import annotations

import enum
import functools
import math
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
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


@dataclass(frozen=True, eq=False)
class Attr:
    """One Terraform attribute and what it means for the API.

    - ``api``: dotted path of the value in the API JSON (default: camelCase of the name); ``None`` when the
      attribute is not part of the API body (a path parameter, or a Terraform-only setting). A tuple of
      paths spreads a list over numbered fields (``websites`` <-> ``details.websiteOne``/``websiteTwo``).
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

    @property
    def nested(self) -> NestedObjects | None:
        """The inner declarations when this is a nested attribute (a list of objects)."""
        bare = _strip_annotated(self.type)
        return bare if isinstance(bare, NestedObjects) else None

    def read_only(self) -> Attr:
        """This attribute as a read-only result (a data source's copy of a resource's attribute). Nested
        attributes become read-only all the way down; every other flag (``sensitive``) is kept."""
        nested = self.nested
        if nested is not None:
            nested = NestedObjects((a.read_only() for a in nested.attributes), nested.nesting)
        return replace(
            self,
            type=self.type if nested is None else nested,
            required=False,
            optional=False,
            computed=True,
            force_new=False,
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

    def validate(self, value: Any) -> list[tuple[list[Any], str]]:
        """Problems with a configured value, as (attribute path, message). Unknown values are skipped."""
        if value is None or value is Unknown:
            return []
        if self.nested is not None:
            return self.nested.validate(self.name, value)
        from pydantic import ValidationError

        if _is_collection(self.type) and _contains_unknown(value):
            # Only the known elements can be checked, and the size of a list or map (a set's unknown elements may
            # turn out equal); other collection-wide rules wait for apply-time values.
            items = value.items() if isinstance(value, dict) else enumerate(value)
            problems: list[tuple[list[Any], str]] = []
            if self._size_adapter is not None:
                try:
                    self._size_adapter.validate_python(dict.fromkeys(value) if isinstance(value, dict) else list(value))
                except ValidationError as exc:
                    problems += [([self.name], _message(self.name, err, None)) for err in exc.errors()]
            for _key, item in items:
                if item is Unknown:
                    continue
                try:
                    self._element_adapter.validate_python(item, strict=True)
                except ValidationError as exc:
                    problems += [
                        ([self.name], f"{self.name}: element {item!r} is invalid: {_clean(err)}")
                        for err in exc.errors()
                    ]
            return problems
        try:
            self._adapter.validate_python(value, strict=not _is_collection(self.type))
        except ValidationError as exc:
            return [([self.name], _message(self.name, err, value)) for err in exc.errors()]
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


def _clean(err: Mapping[str, Any]) -> str:
    return re.sub(r"^Value error, ", "", str(err.get("msg", "is invalid")))


def _message(name: str, err: Mapping[str, Any], value: Any) -> str:
    msg = _clean(err)
    loc = err.get("loc", ())
    if loc and isinstance(value, list | tuple) and isinstance(loc[0], int) and loc[0] < len(value):
        return f"{name}: element {value[loc[0]]!r} is invalid: {msg}"
    return f"{name} {msg}" if msg.startswith("must") else f"{name}: {msg}"


# ----------------------------------------------------------------------------------------------
# Whole-schema helpers
# ----------------------------------------------------------------------------------------------


def build_schema(attrs: Iterable[Attr], version: int, description: str) -> tfschema.Schema:
    return tfschema.Schema(
        version=version,
        attributes=[a.to_tf() for a in attrs],
        description=description,
    )


Problem = tuple[list[Any], str]
"""A problem with a configuration: the attribute path, and the message."""


def decode_config(attrs: Iterable[Attr], config: Mapping[str, Any]) -> dict[str, Any]:
    """A raw configuration (as ValidateResourceConfig and ConfigureProvider receive it) decoded by the
    attribute types, as tf decodes it for plans: numbers Terraform sent as text become numbers."""
    by_name = {a.name: a for a in attrs}
    return {
        k: v if v is None or v is Unknown or k not in by_name else by_name[k].tf_type.decode(v)
        for k, v in config.items()
    }


def validate_config(attrs: Iterable[Attr], config: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    for attr in attrs:
        value = config.get(attr.name)
        if attr.computed_only and value is not None:
            if value is not Unknown:  # an unknown value may still turn out null
                problems.append(
                    ([attr.name], f"{attr.name} is read-only: it is set by the API and cannot be configured")
                )
            continue
        problems += attr.validate(value)
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


def possible_values(attr: Attr | None) -> list[Any]:
    """What an unknown value of ``attr`` may turn out to be: null (unless required), then each allowed value of
    an enumerated type, or one stand-in for "some valid value" of an open-ended one."""
    values: list[Any] = [] if attr is not None and attr.required else [None]
    bare = _strip_annotated(attr.type) if attr is not None else None
    if typing.get_origin(bare) is Literal:
        return values + list(typing.get_args(bare))
    if isinstance(bare, type) and issubclass(bare, enum.Enum):
        return values + [member.value for member in bare]
    if bare is bool:
        return [*values, True, False]
    return [*values, SOME_TEXT if bare is str else SOME_VALUE]


class _World(Mapping[str, Any]):
    """A configuration whose unknown values are resolved, on first read, by ``resolve``."""

    def __init__(self, config: Mapping[str, Any], resolve: Callable[[str], Any]):
        self._config = config
        self._resolve = resolve

    def __getitem__(self, key: str) -> Any:
        value = self._config[key]
        return self._resolve(key) if value is Unknown else value

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
    reported (the next plan, with known values, judges)."""
    options = {a.name: possible_values(a) for a in attrs}
    trail: list[int] = []  # the option chosen at each branch point, in the order the rule reads them
    worlds: list[dict[tuple[Any, ...], list[str]]] = []
    common: list[tuple[Any, ...]] = []
    for _ in range(limit):
        found, sizes = _one_world(rule, config, options, trail)
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
    options: Mapping[str, list[Any]],
    trail: list[int],
) -> tuple[list[Problem], list[int]]:
    """Run ``rule`` once, resolving the unknown values it reads by ``trail`` (extended with first options);
    returns its problems and the number of options at each branch point it met."""
    sizes: list[int] = []
    chosen: dict[str, Any] = {}

    def resolve(name: str) -> Any:
        if name not in chosen:
            choices = options.get(name) or possible_values(None)
            if len(sizes) == len(trail):
                trail.append(0)
            chosen[name] = choices[trail[len(sizes)]]
            sizes.append(len(choices))
        return chosen[name]

    return rule(_World(config, resolve)), sizes


def get_path(body: Mapping[str, Any] | None, dotted: str) -> Any:
    node: Any = body
    for part in dotted.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def set_path(body: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    node = body
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


def _to_json(attr: Attr, value: Any) -> Any:
    if attr.nested is not None:
        return attr.nested.to_json(value)
    if isinstance(attr.tf_type, tftypes.Set) and isinstance(value, list | set | tuple):
        return sorted(value, key=str)  # deterministic request bodies
    return value


def _from_json(attr: Attr, value: Any) -> Any:
    if value is None:
        return None
    if attr.nested is not None:
        return attr.nested.from_json(value)
    if isinstance(attr.tf_type, tftypes.Set | tftypes.List):
        return list(value)
    if isinstance(attr.tf_type, tftypes.Number) and isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return float(value)
    return value


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
    value that became null, which the API reads as "delete this field"."""
    wanted = set(include) if include is not None else None
    body: dict[str, Any] = {}
    for attr in attrs:
        if attr.api is None or attr.computed_only or (wanted is not None and attr.name not in wanted):
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


def from_api(
    attrs: Iterable[Attr],
    body: Mapping[str, Any],
    *,
    prior: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """State from an API response. Values the API never returns come from ``prior``; path parameters
    and other Terraform-only values from ``extra`` (else ``prior``)."""
    prior = prior or {}
    extra = extra or {}
    state: dict[str, Any] = {}
    for attr in attrs:
        if attr.name in extra:
            state[attr.name] = extra[attr.name]
        elif attr.api is None or not attr.returned:
            value = prior.get(attr.name)
            state[attr.name] = None if value is Unknown else value
        elif isinstance(attr.read_api, tuple):
            items = [v for v in (get_path(body, path) for path in attr.read_api) if v is not None]
            state[attr.name] = items or None
        else:
            value = get_path(body, attr.read_api or "")
            state[attr.name] = None if value in attr.absent else _from_json(attr, value)
    return state


# ----------------------------------------------------------------------------------------------
# Nested attributes
# ----------------------------------------------------------------------------------------------


class Nesting(enum.Enum):
    """How a nested attribute holds its objects (``Schema.Object.NestingMode``). Only ``LIST`` is needed so far;
    ``SINGLE`` (wire type ``Object``) and ``SET`` (``Set(Object)``; its elements have no index in attribute paths
    and cannot carry marks, so one sensitive field makes the whole set sensitive) would go here."""

    LIST = "list"

    @property
    def pb(self) -> Any:
        return getattr(pb.Schema.Object, self.name)


class NestedObjects(tftypes.TfType):
    """The type of a nested attribute: objects whose attributes are ``Attr`` declarations.

    Use it as an ``Attr`` type (``list_of_objects(attrs)``). ``Attr.to_tf()`` then serves the attribute as a
    protocol-6 nested attribute (``nested_type``) whose inner attributes are ``attr.to_tf()`` of each inner
    declaration: each field has its own flags (``sensitive``, ``computed``, ...) and description, so Terraform
    marks a sensitive field wherever the value goes (outputs, plans, other resources) while the other fields
    stay visible. Inner declarations may be nested in turn (a list of objects holding lists of objects).

    On the wire, values are those of the implied type (``list(object({...}))``), and encode/decode/equality go
    through that type: for resources in tf's state encoding, for data sources in ``SinchServicer.ReadDataSource``.
    Validation and the mapping to and from API JSON (camelCase, dotted paths) apply the inner declarations to
    every object. Not built yet, for user-settable nested attributes in resources: plan rules for server-computed
    fields inside the objects (tf 1.2.0 would leave them null on create: "inconsistent result after apply").
    """

    def __init__(self, attributes: Iterable[Attr], nesting: Nesting = Nesting.LIST):
        self.attributes = tuple(attributes)
        self.nesting = nesting
        names = [a.name for a in self.attributes]
        if not names or len(set(names)) != len(names):
            raise ValueError(f"nested attributes need distinct names, got {names}")
        self.wire = tftypes.List(Object({a.name: a.tf_type for a in self.attributes}))

    def encode(self, value: Any) -> Any:
        return self.wire.encode(value)

    def decode(self, value: Any) -> Any:
        return self.wire.decode(value)

    def semantically_equal(self, a_decoded: Any, b_decoded: Any) -> bool:
        return self.wire.semantically_equal(a_decoded, b_decoded)

    def tf_type(self) -> bytes:
        return self.wire.tf_type()

    def to_pb(self) -> pb.Schema.Object:
        return pb.Schema.Object(attributes=[a.to_tf().to_pb() for a in self.attributes], nesting=self.nesting.pb)

    def validate(self, name: str, value: Any) -> list[tuple[list[Any], str]]:
        """Each known object against the inner declarations, with paths such as ``[name, (0,), "inner"]``."""
        problems: list[tuple[list[Any], str]] = []
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                for path, message in validate_config(self.attributes, item):
                    problems.append(([name, (index,), *path], f"{name}[{index}].{message}"))
        return problems

    def to_json(self, value: Any) -> Any:
        return [to_api(self.attributes, item) for item in value if isinstance(item, Mapping)]

    def from_json(self, value: Any) -> Any:
        return [from_api(self.attributes, item) for item in value if isinstance(item, Mapping)]


class NestedAttribute(tfschema.Attribute):
    """A ``tf`` attribute served with ``nested_type`` (tf 1.2.0's ``Attribute.to_pb`` only sets ``type``).

    ``type`` stays the ``NestedObjects`` type, which tf uses to encode and decode state."""

    type: NestedObjects

    def to_pb(self) -> pb.Schema.Attribute:
        message = super().to_pb()
        message.ClearField("type")  # Terraform refuses an attribute with both a type and a nested type
        message.nested_type.CopyFrom(self.type.to_pb())
        return message


def list_of_objects(attrs: Iterable[Attr]) -> NestedObjects:
    """The type of a list nested attribute of objects described by ``attrs`` (``list(object({...}))``)."""
    return NestedObjects(attrs, Nesting.LIST)
