"""Base classes: CRUD, import, plan and refresh for every API resource, in terms of its declaration.

A resource module subclasses ``ApiResource`` and says what the resource is (attributes, paths, import ID,
natural key); everything about how Terraform and HTTP work is here and in ``provider/client.py``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

from tf import iface
from tf.schema import Schema
from tf.types import Unknown
from tf.utils import Diagnostics

from provider.errors import ApiError, SinchError, is_not_found
from provider.schema import (
    Attr,
    Problem,
    build_schema,
    decode_config,
    from_api,
    in_every_world,
    to_api,
    validate_config,
)
from provider.types import parse_duration
from provider.waiting import DONE, Verdict, wait_for

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
        # `terraform validate` skips the provider's own validation when its block is empty or absent: settings
        # taken from SINCH_* variables are checked here then, once.
        self.provider.check_environment(diags)
        self.check(diags, decode_config(self.attributes, config))

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
        return _PLACEHOLDER.sub(lambda m: _segment(str(values[m.group(1)])), template)

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
        for path, message in in_every_world(self.check_config, config, self.attributes):
            diags.add_error(f"Invalid {path[0]}", message, path=path)

    def check_config(self, config: Mapping[str, Any]) -> list[Problem]:
        """Rules across attributes (which go together, which exclude each other), checked at validate.
        Written for known values: it runs once per way the unknown values may turn out (``in_every_world``)."""
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
    #: PAPI error codes that mean "this object does not exist", besides HTTP 404
    #: (a project without a WhatsApp account answers 400 project_not_initialized).
    gone_error_codes: ClassVar[tuple[str, ...]] = ()

    def is_gone(self, exc: SinchError) -> bool:
        return is_not_found(exc) or (isinstance(exc, ApiError) and exc.error_code in self.gone_error_codes)

    def requires_replace(self, prior: Mapping[str, Any], planned: Mapping[str, Any]) -> list[str]:
        """Attributes whose change replaces the object. A value the API never returns is null after an
        import: adopting it from the configuration then is not a change."""
        return [
            a.name
            for a in self.attributes
            if a.force_new
            and not a.tf_type.semantically_equal(prior.get(a.name), planned.get(a.name))
            and (a.returned or prior.get(a.name) is not None)
        ]

    # ------------------------------------------------------------------ validation and plan

    def plan(self, ctx: iface.PlanContext, current: dict[str, Any] | None, planned: dict[str, Any]) -> dict[str, Any]:
        config = ctx.config if isinstance(ctx, PlanContext) else {}
        diags = ctx.diagnostics
        self.fill_provider_defaults(diags, planned, config)
        for attr in self.attributes:
            if attr.default is not None and config.get(attr.name) is None:
                planned[attr.name] = attr.default
        if current is None:  # create: whatever the API computes is unknown until apply
            if isinstance(ctx, PlanContext):
                for path, message in in_every_world(self.check_create, config, self.attributes):
                    diags.add_error(f"Invalid {path[0]}", message, path=path)
            for attr in self.attributes:
                if attr.computed and planned.get(attr.name) is None and config.get(attr.name) is None:
                    planned[attr.name] = Unknown
            return planned
        changed = self.changed(current, planned)
        if changed:  # the server may change what it computes; values that never change keep theirs
            log.debug("%s plan: %s changed", self.type_name(), ", ".join(changed))
            for attr in self.attributes:
                server_side = attr.api is not None or attr.read_api is not None
                if attr.computed and server_side and not attr.stable and config.get(attr.name) is None:
                    planned[attr.name] = Unknown
        return planned

    def check_create(self, config: Mapping[str, Any]) -> list[Problem]:
        """Rules for creating the object (which arguments a new one needs), checked when a plan creates it: an
        existing object's configuration may leave create-only arguments out. Written for known values, like
        ``check_config``."""
        return []

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
        # From here on the object exists: whatever fails, it stays in state (Terraform taints it) rather
        # than being orphaned, and the next apply sees it.
        try:
            return self.state_from_api(self.after_create(ctx, client, created, planned), planned)
        except SinchError as exc:
            report(diags, exc)
        except Exception as exc:
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
            if self.is_gone(exc):
                diags.add_warning(
                    f"{self.type_name()} {self.describe(current)} no longer exists",
                    "It was deleted outside Terraform, so it is removed from the state; "
                    "the next plan will create it again.",
                )
                return None
            report(diags, exc)
            return current
        self.observe(diags, body)
        return self.state_from_api(body, current)

    def observe(self, diags: Diagnostics, body: Mapping[str, Any]) -> None:
        """Look at a refreshed object and warn about what the user should know (a rejected change)."""

    def update(self, ctx: iface.UpdateContext, current: dict[str, Any], planned: dict[str, Any]) -> dict[str, Any]:
        diags = ctx.diagnostics
        changed = self.changed(current, planned)
        if not changed:  # only Terraform-side values changed (settings, inputs adopted after an import)
            return self.settle(current, planned)
        client = self.client(diags)
        if client is None:
            return current
        try:
            body = client.request(
                self.update_method, self.path(self.item_path, current), json=self.update_body(current, planned, changed)
            )
        except SinchError as exc:
            report(diags, exc)
            return current
        return self.state_from_api(body, planned)

    @staticmethod
    def settle(current: Mapping[str, Any], planned: Mapping[str, Any]) -> dict[str, Any]:
        """The planned state with every value still unknown taken from the current state."""
        return {k: (current.get(k) if v is Unknown else v) for k, v in planned.items()}

    def delete(self, ctx: iface.DeleteContext, current: dict[str, Any]) -> None:
        diags = ctx.diagnostics
        client = self.client(diags)
        if client is None:
            return None
        try:
            client.delete(self.path(self.item_path, current))
        except SinchError as exc:
            if not self.is_gone(exc):  # already gone is what delete wanted
                report(diags, exc)
                return None
        self.after_delete(ctx, current)
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

    def update_body(self, current: Mapping[str, Any], planned: Mapping[str, Any], changed: list[str]) -> dict[str, Any]:
        """PUT: the whole object; PATCH: what changed, with null meaning "delete this field"."""
        if self.update_method == "PATCH":
            return to_api(self.attributes, planned, include=changed, create=False, nulls=True)
        return to_api(self.attributes, planned, create=False)

    def state_from_api(self, body: Mapping[str, Any], prior: Mapping[str, Any]) -> dict[str, Any]:
        path_values = {n: prior.get(n) for n in _PLACEHOLDER.findall(self.item_path) if n != "id"}
        return from_api(self.attributes, body or {}, prior=prior, extra=path_values)

    def after_create(
        self, ctx: iface.CreateContext, client: SinchClient, body: dict[str, Any], planned: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Runs once the API has the object; returns its latest API body. By default: wait for the target
        state when the resource has a timeout setting. Errors keep the object in state, tainted."""
        if self.timeout_setting is None:
            return body
        return self.await_state(ctx.diagnostics, client, body, planned)

    # ------------------------------------------------------------------ asynchronous objects

    #: The attribute holding the create timeout (a duration such as "20m"); None: create does not wait.
    timeout_setting: ClassVar[str | None] = None

    def judge(self, body: dict[str, Any], planned: Mapping[str, Any], client: SinchClient) -> Verdict:
        """Is the object where the configuration wants it? May act (e.g. request a verification code)."""
        return DONE

    def await_state(
        self,
        diags: Diagnostics,
        client: SinchClient,
        body: dict[str, Any],
        planned: Mapping[str, Any],
        *,
        goal: str = "the requested state",
    ) -> dict[str, Any]:
        """Poll until ``judge`` is final or the timeout passes; failures and time-outs become errors."""
        assert self.timeout_setting is not None
        timeout_text = str(planned.get(self.timeout_setting) or "20m")
        timeout = parse_duration(timeout_text)
        path = self.path(self.item_path, self.state_from_api(body, planned))
        result = wait_for(lambda: client.get(path), lambda b: self.judge(b, planned, client), timeout, first=body)
        name = f"{self.type_name()} {self.describe(self.state_from_api(result.body, planned))}"
        log.info("%s: waited %.1fs, %d polls", name, result.seconds, result.polls)
        if result.verdict.warning:
            diags.add_warning(f"{name}: {result.verdict.warning}", result.verdict.detail)
        if result.verdict.failure:
            diags.add_error(
                f"{name} failed: {result.verdict.failure}",
                (result.verdict.detail + "\n" if result.verdict.detail else "")
                + "The object exists in Sinch, so it stays in the Terraform state, marked tainted: the next "
                "apply replaces it (or run `terraform untaint` to keep it).",
            )
        elif result.timed_out:
            diags.add_error(
                f"Timed out after {timeout_text} waiting for {name} to reach {goal}",
                f"It was last seen as: {self.status_text(result.body)}. The object exists in Sinch, so it stays "
                f"in the Terraform state, marked tainted; raise `{self.timeout_setting}`, or run "
                "`terraform untaint` and apply again to keep waiting.",
            )
        return result.body

    def status_text(self, body: Mapping[str, Any]) -> str:
        """A short description of where an asynchronous object is, for messages."""
        return str(body.get("state") or (body.get("changes") or {}).get("status") or "unknown")

    def after_delete(self, ctx: iface.DeleteContext, state: Mapping[str, Any]) -> None:
        """Runs once the API accepted the delete (e.g. to warn that removal is delayed)."""

    def changed(self, current: Mapping[str, Any], planned: Mapping[str, Any]) -> list[str]:
        """The attributes an update sends to the API whose planned value differs from the current one."""
        return [
            a.name
            for a in self.attributes
            if (a.api is not None or a.action)
            and not a.create_only
            and planned.get(a.name) is not Unknown  # the server decides it: not something to send
            and not a.tf_type.semantically_equal(current.get(a.name), planned.get(a.name))
        ]

    def describe(self, state: Mapping[str, Any]) -> str:
        return f'"{self.path(self.import_id, state)}"'

    # ------------------------------------------------------------------ internals

    def _recover_lost_create(
        self, client: SinchClient, planned: Mapping[str, Any], exc: SinchError
    ) -> dict[str, Any] | None:
        """After a create whose answer was lost, find the object by its natural key (or give up)."""
        wanted = {k: planned.get(k) for k in self.natural_key}
        if not (exc.outcome_unknown and self.list_items_key and wanted) or any(
            v is None or v is Unknown for v in wanted.values()
        ):
            return None
        keys = tuple(self.attr(k) for k in self.natural_key)
        try:
            items = client.list_all(self.path(self.collection_path, planned), self.list_items_key)
        except SinchError:
            return None
        for item in items:
            if from_api(keys, item) == wanted:
                log.warning("create of %s answered %s, but the object exists: keeping it", self.type_name(), exc)
                return item
        return None


def _segment(value: str) -> str:
    """One URL path segment. "." and ".." are encoded too: left as they are, they would be resolved away
    (``senders/..`` is the WhatsApp account)."""
    if value in (".", ".."):
        return value.replace(".", "%2E")
    return quote(value, safe="")


def computed_copy(attrs: tuple[Attr, ...], *, exclude: tuple[str, ...] = ()) -> tuple[Attr, ...]:
    """A resource's attributes as read-only results (for the data source of the same object)."""
    return tuple(
        replace(a, required=False, optional=False, computed=True, force_new=False, provider_default=None, default=None)
        for a in attrs
        if a.name not in exclude
    )


class ObjectDataSource(_Declared, iface.DataSource):
    """A data source reading one object, mapped to state by the resource of the same object."""

    resource: ClassVar[type[ApiResource]]

    def read(self, ctx: iface.ReadDataContext, config: dict[str, Any]) -> dict[str, Any] | None:
        diags = ctx.diagnostics
        state: dict[str, Any] = {a.name: config.get(a.name) for a in self.attributes}
        self.fill_provider_defaults(diags, state, config)
        client = self.client(diags)
        if client is None or diags.has_errors():
            return None
        resource = self.resource(self.provider)
        try:
            body = client.get(self.path(resource.item_path, state))
        except SinchError as exc:
            report(diags, exc)
            return None
        mapped = resource.state_from_api(body, state)
        return {a.name: mapped.get(a.name, state.get(a.name)) for a in self.attributes}


class ListDataSource(_Declared, iface.DataSource):
    """A data source listing every object of a project-scoped collection (all pages)."""

    collection_path: ClassVar[str]
    items_key: ClassVar[str]
    item_attributes: ClassVar[tuple[Attr, ...]]
    page_size: ClassVar[int | None] = None
    #: Filter attributes and the query parameter each becomes (a list repeats the parameter).
    query: ClassVar[dict[str, str]] = {}

    def read(self, ctx: iface.ReadDataContext, config: dict[str, Any]) -> dict[str, Any] | None:
        diags = ctx.diagnostics
        state: dict[str, Any] = {a.name: config.get(a.name) for a in self.attributes}
        self.fill_provider_defaults(diags, state, config)
        client = self.client(diags)
        if client is None or diags.has_errors():
            return None
        params = {
            param: sorted(state[name]) if isinstance(state[name], list) else state[name]
            for name, param in self.query.items()
            if state.get(name) is not None
        }
        path = self.path(self.collection_path, state)
        try:
            items = [
                self.enrich(client, item, state)
                for item in client.list_all(path, self.items_key, page_size=self.page_size, params=params)
            ]
        except SinchError as exc:
            report(diags, exc)
            return None
        path_values = {n: state[n] for n in _PLACEHOLDER.findall(self.collection_path)}
        state[self.items_attribute_name()] = [self.map_item(item, path_values) for item in items]
        return state

    def map_item(self, item: Mapping[str, Any], path_values: Mapping[str, Any]) -> dict[str, Any]:
        return from_api(self.item_attributes, item, extra=path_values)

    def enrich(self, client: SinchClient, item: dict[str, Any], state: Mapping[str, Any]) -> dict[str, Any]:
        """Per-item extra reads (e.g. a flow's screens). Default: the item as listed."""
        return item

    @classmethod
    def items_attribute_name(cls) -> str:
        return next(a.name for a in cls.attributes if a.computed_only)
