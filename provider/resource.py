"""Base classes: CRUD, import, plan and refresh for every API resource, in terms of its declaration.

A resource module subclasses ``ApiResource`` and says what the resource is (attributes, paths, import ID,
natural key); everything about how Terraform and HTTP work is here and in ``provider/client.py``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

from tf import iface
from tf.schema import Schema
from tf.types import Unknown
from tf.utils import Diagnostics

from provider.errors import SinchError, is_not_found
from provider.schema import Attr, build_schema, from_api, to_api, validate_config

if TYPE_CHECKING:
    from provider.client import SinchClient
    from provider.provider import SinchProvider

log = logging.getLogger("sinch.resource")

_PLACEHOLDER = re.compile(r"{(\w+)}")


@dataclass
class PlanContext(iface.PlanContext):
    """tf's plan context plus the configuration: plan rules need to know what the user left null."""

    config: dict[str, Any] = field(default_factory=dict)


def report(diags: Diagnostics, exc: SinchError, path: list[Any] | None = None) -> None:
    diags.add_error(exc.summary(), exc.detail(), path=path)


class _Declared:
    """What resources and data sources share: the provider, its client, its defaults, path building."""

    name: ClassVar[str]
    description: ClassVar[str]
    attributes: ClassVar[tuple[Attr, ...]]
    schema_version: ClassVar[int] = 1

    def __init__(self, provider: SinchProvider):
        self.provider = provider

    @classmethod
    def get_name(cls) -> str:
        return cls.name

    @classmethod
    def get_schema(cls) -> Schema:
        return build_schema(cls.attributes, cls.schema_version, cls.description)

    def validate(self, diags: Diagnostics, type_name: str, config: dict[str, Any]) -> None:
        self.check(diags, config)

    @classmethod
    def attr(cls, name: str) -> Attr:
        return next(a for a in cls.attributes if a.name == name)

    def client(self, diags: Diagnostics) -> SinchClient | None:
        client = self.provider.client
        if client is None:
            diags.add_error(
                "The Sinch provider is not configured",
                self.provider.not_configured_reason or "The provider block could not be configured.",
            )
        return client

    @staticmethod
    def path(template: str, values: Mapping[str, Any]) -> str:
        return _PLACEHOLDER.sub(lambda m: quote(str(values[m.group(1)]), safe=""), template)

    def fill_provider_defaults(self, diags: Diagnostics, state: dict[str, Any], config: Mapping[str, Any]) -> None:
        for attr in self.attributes:
            if attr.provider_default and config.get(attr.name) is None:
                value = self.provider.default_for(attr.provider_default)
                if value is Unknown:
                    state[attr.name] = Unknown
                elif value is None:
                    env = self.provider.env_name(attr.provider_default)
                    diags.add_error(
                        f"{attr.name} is not set",
                        f"Set {attr.name} on this {self.type_name()} or `{attr.provider_default}` in the provider "
                        f"block (or the {env} environment variable).",
                        path=[attr.name],
                    )
                else:
                    state[attr.name] = value

    @classmethod
    def type_name(cls) -> str:
        return f"sinch_{cls.name}"

    def check(self, diags: Diagnostics, config: Mapping[str, Any]) -> None:
        for path, message in validate_config(self.attributes, config):
            diags.add_error(f"Invalid {path[0]}", message, path=path)
        for path, message in self.check_config(config):
            diags.add_error(f"Invalid {path[0]}", message, path=path)

    def check_config(self, config: Mapping[str, Any]) -> list[tuple[list[Any], str]]:
        """Rules across attributes (which go together, which exclude each other). Skip unknown values."""
        return []


class ApiResource(_Declared, iface.Resource):
    """A managed resource backed by one API object."""

    collection_path: ClassVar[str]
    item_path: ClassVar[str]
    import_id: ClassVar[str]
    update_method: ClassVar[str] = "PUT"
    #: Attributes unique within the collection: after a create whose answer was lost (a 5xx or a dropped
    #: connection once the request was sent), the object is looked up by them instead of being orphaned.
    natural_key: ClassVar[tuple[str, ...]] = ()
    list_items_key: ClassVar[str | None] = None

    # ------------------------------------------------------------------ validation and plan

    def plan(self, ctx: iface.PlanContext, current: dict[str, Any] | None, planned: dict[str, Any]) -> dict[str, Any]:
        config = ctx.config if isinstance(ctx, PlanContext) else {}
        diags = ctx.diagnostics
        self.fill_provider_defaults(diags, planned, config)
        for attr in self.attributes:
            if attr.default is not None and config.get(attr.name) is None:
                planned[attr.name] = attr.default
        if current is None:  # create: whatever the API computes is unknown until apply
            for attr in self.attributes:
                if attr.computed and planned.get(attr.name) is None and config.get(attr.name) is None:
                    planned[attr.name] = Unknown
            return planned
        api_changed = [
            a.name
            for a in self.attributes
            if a.api is not None and not a.tf_type.semantically_equal(current.get(a.name), planned.get(a.name))
        ]
        if api_changed:  # the server may change what it computes; values that never change keep theirs
            for attr in self.attributes:
                if attr.computed and not attr.stable and config.get(attr.name) is None:
                    planned[attr.name] = Unknown
        return planned

    # ------------------------------------------------------------------ CRUD

    def create(self, ctx: iface.CreateContext, planned: dict[str, Any]) -> dict[str, Any] | None:
        diags = ctx.diagnostics
        client = self.client(diags)
        if client is None:
            return None
        try:
            created = client.post(self.path(self.collection_path, planned), self.create_body(planned))
        except SinchError as exc:
            created = self._recover_lost_create(client, planned, exc)
            if created is None:
                report(diags, exc)
                return None
        state = self.state_from_api(created, planned)
        try:
            return self.after_create(ctx, state, planned)
        except Exception as exc:  # the object exists: keep it in state (tainted) rather than orphan it
            log.exception("after-create step failed for %s", self.type_name())
            diags.add_error(f"{self.type_name()} was created but could not be completed", f"{exc}")
            return state

    def read(self, ctx: iface.ReadContext, current: dict[str, Any]) -> dict[str, Any] | None:
        diags = ctx.diagnostics
        client = self.client(diags)
        if client is None:
            return current
        try:
            body = client.get(self.path(self.item_path, current))
        except SinchError as exc:
            if is_not_found(exc):
                diags.add_warning(
                    f"{self.type_name()} {self.describe(current)} no longer exists",
                    "It was deleted outside Terraform, so it is removed from the state; "
                    "the next plan will create it again.",
                )
                return None
            report(diags, exc)
            return current
        return self.state_from_api(body, current)

    def update(self, ctx: iface.UpdateContext, current: dict[str, Any], planned: dict[str, Any]) -> dict[str, Any]:
        diags = ctx.diagnostics
        if all(
            a.api is None or a.tf_type.semantically_equal(current.get(a.name), planned.get(a.name))
            for a in self.attributes
        ):  # only Terraform-side settings changed: nothing to send
            return {k: (current.get(k) if v is Unknown else v) for k, v in planned.items()}
        client = self.client(diags)
        if client is None:
            return current
        try:
            body = client.request(
                self.update_method, self.path(self.item_path, current), json=self.update_body(current, planned)
            )
        except SinchError as exc:
            report(diags, exc)
            return current
        return self.state_from_api(body, planned)

    def delete(self, ctx: iface.DeleteContext, current: dict[str, Any]) -> None:
        diags = ctx.diagnostics
        client = self.client(diags)
        if client is None:
            return None
        try:
            client.delete(self.path(self.item_path, current))
        except SinchError as exc:
            if not is_not_found(exc):  # already gone is what delete wanted
                report(diags, exc)
        return None

    def import_(self, ctx: iface.ImportContext, id: str) -> dict[str, Any] | None:
        names = _PLACEHOLDER.findall(self.import_id)
        parts = id.split("/")
        problems = []
        if len(parts) != len(names) or any(not p for p in parts):
            problems.append(f"expected `{self.import_id}`, got {id!r}")
        else:
            for name, part in zip(names, parts, strict=True):
                problems += [msg for _, msg in self.attr(name).validate(part)]
        if problems:
            ctx.diagnostics.add_error(
                f"Invalid import ID for {self.type_name()}",
                "The import ID must have the form "
                + f"`{self.import_id}` ({len(names)} parts separated by '/'): "
                + "; ".join(problems),
            )
            return None
        state: dict[str, Any] = {a.name: None for a in self.attributes}
        state.update(zip(names, parts, strict=True))
        for attr in self.attributes:
            if attr.default is not None:
                state[attr.name] = attr.default
        return state

    # ------------------------------------------------------------------ hooks a resource may override

    def create_body(self, planned: Mapping[str, Any]) -> dict[str, Any]:
        return to_api(self.attributes, planned)

    def update_body(self, current: Mapping[str, Any], planned: Mapping[str, Any]) -> dict[str, Any]:
        return to_api(self.attributes, planned)

    def state_from_api(self, body: Mapping[str, Any], prior: Mapping[str, Any]) -> dict[str, Any]:
        path_values = {n: prior.get(n) for n in _PLACEHOLDER.findall(self.item_path) if n != "id"}
        return from_api(self.attributes, body or {}, prior=prior, extra=path_values)

    def after_create(
        self, ctx: iface.CreateContext, state: dict[str, Any], planned: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Runs once the API has the object (e.g. wait for a state). An exception keeps it in state, tainted."""
        return state

    def describe(self, state: Mapping[str, Any]) -> str:
        return f'"{self.path(self.import_id, state)}"'

    # ------------------------------------------------------------------ internals

    def _recover_lost_create(
        self, client: SinchClient, planned: Mapping[str, Any], exc: SinchError
    ) -> dict[str, Any] | None:
        if not (exc.outcome_unknown and self.natural_key and self.list_items_key):
            return None
        wanted = {k: planned.get(k) for k in self.natural_key}
        body = to_api([self.attr(k) for k in self.natural_key], wanted)
        try:
            items = client.list_all(self.path(self.collection_path, planned), self.list_items_key)
        except SinchError:
            return None
        for item in items:
            if all(item.get(key) == value for key, value in body.items()):
                log.warning("create of %s answered %s, but the object exists: keeping it", self.type_name(), exc)
                return item
        return None


class ListDataSource(_Declared, iface.DataSource):
    """A data source listing every object of a project-scoped collection (all pages)."""

    collection_path: ClassVar[str]
    items_key: ClassVar[str]
    item_attributes: ClassVar[tuple[Attr, ...]]
    page_size: ClassVar[int | None] = None

    def read(self, ctx: iface.ReadDataContext, config: dict[str, Any]) -> dict[str, Any] | None:
        diags = ctx.diagnostics
        state: dict[str, Any] = {a.name: config.get(a.name) for a in self.attributes}
        self.fill_provider_defaults(diags, state, config)
        client = self.client(diags)
        if client is None or diags.has_errors():
            return None
        try:
            items = client.list_all(self.path(self.collection_path, state), self.items_key, page_size=self.page_size)
        except SinchError as exc:
            report(diags, exc)
            return None
        path_values = {n: state[n] for n in _PLACEHOLDER.findall(self.collection_path)}
        state[self.items_attribute_name()] = [from_api(self.item_attributes, item, extra=path_values) for item in items]
        return state

    @classmethod
    def items_attribute_name(cls) -> str:
        return next(a.name for a in cls.attributes if a.computed_only)
