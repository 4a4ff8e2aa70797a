"""Base classes: CRUD, import, plan and refresh for every API resource, in terms of its declaration.

A resource module subclasses ``ApiResource`` and says what the resource is (attributes, paths, import ID,
natural key); everything about how Terraform and HTTP work is here and in ``provider/client.py``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

from tf import iface
from tf.schema import Schema
from tf.types import Unknown
from tf.utils import Diagnostics

from provider import timeouts
from provider.errors import ApiError, SinchError, is_not_found
from provider.review import Review
from provider.schema import (
    Attr,
    Problem,
    adopt_unreturned,
    build_schema,
    decode_config,
    fill_unknown,
    from_api,
    get_path,
    in_every_world,
    mark_unknown,
    merge_patch,
    to_api,
    validate_config,
)
from provider.stopping import Stopped
from provider.verification import CODE, METHOD, Verification
from provider.waiting import DONE, Verdict, wait_for

if TYPE_CHECKING:
    from provider.client import SinchClient
    from provider.provider import SinchProvider

log = logging.getLogger("sinch.resource")

_PLACEHOLDER = re.compile(r"{(\w+)}")
#: The attributes of a reviewed object's life (provider/review.py): its live state and the two settings.
STATE, CHANGE, WAIT = "state", "pending_change_status", "wait_for_state"


@dataclass
class PlanContext(iface.PlanContext):
    """tf's plan context plus the configuration: plan rules need to know what the user left null."""

    config: dict[str, Any] = field(default_factory=dict)


def report(diags: Diagnostics, exc: SinchError, hints: Mapping[str, str] | None = None) -> None:
    """An error as a diagnostic; ``hints`` add what the user can do about some PAPI error codes."""
    detail = exc.detail()
    hint = (hints or {}).get(getattr(exc, "error_code", None) or "")
    if hint:
        detail = f"{detail}\n{hint}" if detail else hint
    diags.add_error(exc.summary(), detail)


_SCHEMAS: dict[type, Schema] = {}


class _Declared:
    """What resources and data sources share: the provider, its client, its defaults, path building."""

    name: ClassVar[str]
    description: ClassVar[str]
    attributes: ClassVar[tuple[Attr, ...]]
    schema_version: ClassVar[int] = 1
    #: What the user can do about an API error, by PAPI error code (added to the error's detail).
    error_hints: ClassVar[dict[str, str]] = {}

    def __init__(self, provider: SinchProvider):
        self.provider = provider

    @classmethod
    def get_name(cls) -> str:
        return cls.name

    @classmethod
    def get_schema(cls) -> Schema:
        """Built once per class: tf asks for it on every UpgradeResourceState (once per resource per plan)."""
        schema = _SCHEMAS.get(cls)
        if schema is None:
            schema = _SCHEMAS[cls] = cls.make_schema()
        return schema

    @classmethod
    def make_schema(cls) -> Schema:
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

    @classmethod
    def make_schema(cls) -> Schema:
        blocks = (timeouts.BLOCK,) if cls.review is not None else ()
        return build_schema(cls.attributes, cls.schema_version, cls.description, blocks)

    def check(self, diags: Diagnostics, config: Mapping[str, Any]) -> None:
        super().check(diags, config)
        for attr in self.attributes:
            if attr.operation is not None and config.get(attr.name) is False:
                diags.add_error(
                    f"Invalid {attr.name}",
                    f"{attr.name} can only be set to true: the Sinch API has an operation that sets it, none that "
                    "undoes it. Leave it unset to only read it.",
                    path=[attr.name],
                )
        if self.review is not None:
            for path, message in timeouts.problems(config):
                diags.add_error("Invalid timeouts", message, path=path)

    collection_path: ClassVar[str]
    item_path: ClassVar[str]
    import_id: ClassVar[str]
    update_method: ClassVar[str] = "PUT"
    #: Query parameters of the DELETE (``deleteSubmitted=true`` for a template), and of the update.
    delete_params: ClassVar[dict[str, str]] = {}
    update_params: ClassVar[dict[str, str]] = {}
    #: The PATCH merges nested objects field by field (JSON merge patch): only what changed in them is sent, a
    #: removed field as null. Otherwise a changed nested object is sent whole.
    patch_merges: ClassVar[bool] = False
    #: Attributes unique within the collection: after a create whose answer was lost (a 5xx or a dropped
    #: connection once the request was sent), the object is looked up by them instead of being orphaned.
    natural_key: ClassVar[tuple[str, ...]] = ()
    list_items_key: ClassVar[str | None] = None
    #: Refresh from a listing of the collection when many objects of it are read (its list returns whole
    #: objects: provider/listing.py); the attributes that identify an object in it; the list's page size.
    list_reads: ClassVar[bool] = False
    list_identity: ClassVar[tuple[str, ...]] = ("id",)
    list_page_size: ClassVar[int | None] = None
    #: One object per collection (a project's WhatsApp account): a lost create is found by reading it.
    singleton: ClassVar[bool] = False
    #: Where the API says when an object was created: after a lost create that no natural key can find,
    #: the objects created since the request are named as candidates to import.
    created_attribute: ClassVar[str | None] = None
    #: PAPI error codes that mean "this object does not exist", besides HTTP 404
    #: (a project without a WhatsApp account answers 400 project_not_initialized).
    gone_error_codes: ClassVar[tuple[str, ...]] = ()
    #: PAPI error codes with which a create says "this object exists already" (a webhook's target).
    exists_error_codes: ClassVar[tuple[str, ...]] = ()
    #: The create answers every object of the collection under this key (WhatsApp solutions), not the one it made:
    #: the collection is listed first (``list_items_key``), and the created object is the one that was not in it
    #: (by ``natural_key`` when the answer holds several new ones).
    create_answer_list: ClassVar[str | None] = None
    #: Where the create answer lists what it could not create (``failedSolutions``): without a created object they
    #: are the error; beside one, a warning.
    create_failures: ClassVar[str | None] = None
    #: The API cannot delete the object (a WhatsApp solution, a bundle): destroy removes it from the state only, with
    #: this warning (what stays in Sinch, and what to do about it). Every argument should then force replacement
    #: when the API has no update either.
    undeletable: ClassVar[str | None] = None
    #: Attributes whose values the warning names as staying in Sinch (``id`` of each object in a list of objects):
    #: what a bundle created.
    undeletable_keeps: ClassVar[tuple[str, ...]] = ()
    #: The object cannot be imported (a WhatsApp comment has no ID): why, as the error of `terraform import`.
    #: Such a resource has no import examples.
    not_importable: ClassVar[str | None] = None
    #: How the object is created when not by POST to ``collection_path``: (method, path), e.g. a PUT that switches
    #: a setting on. A create answered without a body is followed by a read of ``item_path``.
    create_call: ClassVar[tuple[str, str] | None] = None
    #: (API field, value): the object exists only while the API body has that value there (a setting that is on);
    #: otherwise a refresh removes it from the state with a warning, and the next plan creates it again.
    exists_when: ClassVar[tuple[str, Any] | None] = None

    def is_gone(self, exc: SinchError) -> bool:
        return is_not_found(exc) or (isinstance(exc, ApiError) and exc.error_code in self.gone_error_codes)

    def requires_replace(
        self, prior: Mapping[str, Any], planned: Mapping[str, Any], config: Mapping[str, Any] | None = None
    ) -> list[str]:
        """Attributes whose change replaces the object. A value the API never returns is null after an
        import: adopting it from the configuration then is not a change (inside nested objects too). Nor is a
        value the server has yet to assign (planned unknown while the configuration leaves it null)."""
        config = config or {}
        return [
            a.name
            for a in self.attributes
            if a.force_new
            and not a.tf_type.semantically_equal(
                adopt_unreturned(a, prior.get(a.name), planned.get(a.name)), planned.get(a.name)
            )
            and (a.returned or prior.get(a.name) is not None)
            and not (planned.get(a.name) is Unknown and config.get(a.name) is None)
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
            return mark_unknown(self.attributes, planned, config, None)  # inside nested objects too
        changed = self.changed(current, planned)
        refused = self.refused_update(current, planned)
        if refused:  # a warning, not an error: `terraform destroy` plans an update while it refreshes
            diags.add_warning(*refused)
        if self.waiting(current):  # an apply has a wait left to do (a create that stopped or timed out)
            planned[STATE] = Unknown
            if CHANGE in planned:
                planned[CHANGE] = Unknown
        if changed or self.waiting(current):  # the server may change what it computes; stable values keep theirs
            log.debug("%s plan: %s changed", self.type_name(), ", ".join(changed))
            for attr in self.attributes:
                server_side = (attr.api is not None or attr.read_api is not None) and attr.returned
                # a stable value never changes once the server has set it; until then it may arrive now
                settled = attr.stable and current.get(attr.name) is not None
                if attr.computed and server_side and not settled and config.get(attr.name) is None:
                    planned[attr.name] = Unknown
        return mark_unknown(self.attributes, planned, config, current)

    def check_create(self, config: Mapping[str, Any]) -> list[Problem]:
        """Rules for creating the object (which arguments a new one needs), checked when a plan creates it: an
        existing object's configuration may leave create-only arguments out. Written for known values, like
        ``check_config``."""
        return []

    # ------------------------------------------------------------------ CRUD

    def apply_problems(self, planned: Mapping[str, Any], current: Mapping[str, Any] | None) -> list[Problem]:
        """Rules checked again at apply, before any request, on values a plan could not know yet (an input that
        was another resource's computed value): what the API would refuse only after the object exists.
        ``current``: the object's state before an update (None for a create)."""
        return []

    def refuse_at_apply(
        self, diags: Diagnostics, planned: Mapping[str, Any], current: Mapping[str, Any] | None = None
    ) -> bool:
        for path, message in self.apply_problems(planned, current):
            diags.add_error(f"Invalid {path[0]}", message + " (known at apply; nothing was sent)", path=path)
        return diags.has_errors()

    def create(self, ctx: iface.CreateContext, planned: dict[str, Any]) -> dict[str, Any] | None:
        diags = ctx.diagnostics
        if self.refuse_at_apply(diags, planned):
            return None
        client = self.client(diags)
        if client is None:
            return None
        created = self.send_create(diags, client, planned)
        if created is None:
            return None
        state = self.state_from_api(created, planned)
        # From here on the object exists: whatever fails, it stays in state (Terraform taints it) rather
        # than being orphaned, and the next apply sees it.
        try:
            return self.state_from_api(self.after_create(ctx, client, created, planned), planned)
        except Stopped as exc:  # not a failure: kept untainted, and the next apply carries on (see waiting)
            diags.add_warning(
                f"{self.type_name()} {self.describe(state)} was created; {exc.summary()}",
                "It exists in Sinch and is kept in the Terraform state; the next apply carries on from here.",
            )
        except SinchError as exc:
            report(diags, exc, self.error_hints)
            self.warn_kept(diags, state)
        except Exception as exc:
            log.exception("after-create step failed for %s", self.type_name())
            diags.add_error(f"{self.type_name()} was created but could not be completed", f"{exc}")
            self.warn_kept(diags, state)
        return state

    def warn_kept(self, diags: Diagnostics, state: Mapping[str, Any]) -> None:
        """After a create that failed once the object existed: Terraform taints it, and its next plan replaces it.
        An object the API cannot delete would then stay in Sinch beside its replacement: say how to keep it."""
        if self.undeletable is not None:
            diags.add_warning(
                f"{self.type_name()} {self.describe(state)} was created, and is kept in the state, tainted",
                "The Sinch API cannot delete it, so a replacement would leave it in Sinch beside the new one. To keep "
                "this one, run `terraform untaint` on this resource, correct what failed and apply again.",
            )

    def send_create(self, diags: Diagnostics, client: SinchClient, planned: Mapping[str, Any]) -> dict[str, Any] | None:
        """POST the object; None (with an error) when it was not created, or may have been and cannot be found.

        A create whose answer was lost (a 5xx or a dropped connection once sent) is looked up by its natural
        key: found, it is the created object; proven absent, the POST is sent again, within max_retries."""
        method, template = self.create_call or ("POST", self.collection_path)
        path = self.path(template, planned)
        body: dict[str, Any] | None = self.create_body(planned) if self.create_call is None else None
        since = datetime.now(UTC)
        before: set[str] | None = None
        if self.create_answer_list:
            try:
                before = {str(item.get("id")) for item in self.list_collection(client, planned)}
            except SinchError as exc:
                report(diags, exc, self.error_hints)
                return None
        attempts = client.settings.max_retries + 1
        for attempt in range(1, attempts + 1):
            try:
                created: dict[str, Any] = client.request(method, path, json=body) or {}
                if before is not None:
                    return self.pick_created(diags, planned, created, before)
                if not created and self.create_call is not None:  # no body: read what the call made
                    created = client.get(self.path(self.item_path, planned)) or {}
                return created
            except ApiError as exc:
                if exc.error_code in self.exists_error_codes:
                    self.report_exists(diags, client, planned, exc)
                    return None
                error: SinchError = exc
            except SinchError as exc:
                error = exc
            if not error.outcome_unknown:
                report(diags, error, self.error_hints)
                return None
            if before is not None:  # the created object is the new one in the collection, if any
                try:
                    listed = {self.create_answer_list or "": self.list_collection(client, planned, finishing=True)}
                except SinchError:
                    self.report_lost_create(diags, client, planned, error, since)
                    return None
                if any(str(item.get("id")) not in before for item in listed[self.create_answer_list or ""]):
                    return self.pick_created(diags, planned, listed, before)
                found, absent = None, True
            else:
                found, absent = self.find_created(client, planned)
            if found is not None:
                log.warning("create of %s answered %s, but the object exists: keeping it", self.type_name(), error)
                return found
            if not absent:
                self.report_lost_create(diags, client, planned, error, since)
                return None
            if attempt == attempts:
                break
            log.warning("create of %s answered %s and nothing was created: sending it again", self.type_name(), error)
            try:
                client.pause_before_retry(attempt)
            except Stopped:
                break
        report(diags, error, self.error_hints)
        return None

    def list_collection(
        self, client: SinchClient, planned: Mapping[str, Any], *, finishing: bool = False
    ) -> list[dict[str, Any]]:
        assert self.list_items_key, f"{self.type_name()} declares no list_items_key"
        return client.list_all(self.path(self.collection_path, planned), self.list_items_key, finishing=finishing)

    def pick_created(
        self, diags: Diagnostics, planned: Mapping[str, Any], answer: Mapping[str, Any], before: set[str]
    ) -> dict[str, Any] | None:
        """The created object in a create answer that lists the whole collection (``create_answer_list``): the
        one that was not there before; failures the answer lists (``create_failures``) are the error without it,
        a warning beside it."""
        items = [i for i in answer.get(self.create_answer_list or "") or [] if str(i.get("id")) not in before]
        failures = list(answer.get(self.create_failures or "") or []) if self.create_failures else []
        failed = "\n".join(
            "  - " + ", ".join(f"{k}: {v}" for k, v in failure.items() if v not in (None, "")) for failure in failures
        )
        if len(items) > 1 and self.natural_key:
            keys = tuple(self.attr(k) for k in self.natural_key)
            wanted = {k: planned.get(k) for k in self.natural_key}
            items = [i for i in items if self.key_of(keys, i) == wanted] or items
        if not items:
            if failures:
                diags.add_error(
                    f"Sinch could not create the {self.type_name()}",
                    f"The create answered {len(failures)} failure(s) and nothing new:\n{failed}",
                )
            else:
                diags.add_error(
                    f"Sinch created no new {self.type_name()}",
                    "The create succeeded but the collection holds nothing it did not hold before: the object may "
                    "exist already (the same input sent twice). " + self.import_hint(planned, None),
                )
            return None
        if len(items) > 1:
            diags.add_error(
                f"The create of {self.type_name()} made {len(items)} objects",
                "Sinch created: " + ", ".join(self.describe({**planned, **i}) for i in items) + ". None of them is "
                "kept in the state: " + self.import_hint(planned, str(items[0].get("id"))),
            )
            return None
        if failures:
            diags.add_warning(
                f"{self.type_name()} {self.describe({**planned, **items[0]})} was created, but not everything was",
                f"The create also answered {len(failures)} failure(s) (nothing was created for them):\n{failed}",
            )
        return dict(items[0])

    def find_created(self, client: SinchClient, planned: Mapping[str, Any]) -> tuple[dict[str, Any] | None, bool]:
        """After a lost create: (the object, False) when found; (None, True) when it provably does not exist;
        (None, False) when nobody can tell. The reads run even while Terraform stops the provider: they
        finish a request that is already on the wire."""
        if self.singleton:
            try:
                return client.get(self.path(self.item_path, planned), finishing=True), False
            except SinchError as exc:
                return None, self.is_gone(exc)
        wanted = {k: planned.get(k) for k in self.natural_key}
        if not (self.list_items_key and wanted) or any(v is None or v is Unknown for v in wanted.values()):
            return None, False
        keys = tuple(self.attr(k) for k in self.natural_key)
        try:
            items = client.list_all(self.path(self.collection_path, planned), self.list_items_key, finishing=True)
        except SinchError:
            return None, False
        for item in items:
            if self.key_of(keys, item) == wanted:
                return item, False
        return None, True

    def key_of(self, keys: tuple[Attr, ...], item: Mapping[str, Any]) -> dict[str, Any]:
        """The natural key of a listed object, read as state reads it (``live_view``): a reviewed object never
        approved yet has its details only in its pending change (a KakaoTalk template's ``changes.details.name``)."""
        return from_api(keys, self.live_view(item))

    def import_hint(self, planned: Mapping[str, Any], object_id: str | None) -> str:
        """The import command and the equivalent ``import {}`` block that adopt an existing object."""
        import_id = self.format_import_id({**planned, "id": object_id or "ID"})
        address = f"{self.type_name()}.<NAME>"
        return (
            f"Adopt it instead of creating another one (<NAME>: this resource's name in your configuration):\n"
            f"  terraform import {address} {import_id}\n"
            f"or add to the configuration, then apply:\n"
            f'  import {{\n    to = {address}\n    id = "{import_id}"\n  }}'
        )

    def report_exists(self, diags: Diagnostics, client: SinchClient, planned: Mapping[str, Any], exc: ApiError) -> None:
        """A create refused because the object exists: name it, and how to import it."""
        found, _ = self.find_created(client, planned)
        object_id = None
        if found is not None:
            object_id = str(self.state_from_api(found, planned).get("id") or "") or None
        what = f"{self.type_name()} {object_id}" if object_id else f"the existing {self.type_name()}"
        diags.add_error(
            f"{exc.summary()} ({exc.error_code})",
            f"{exc.method} {exc.path} answered HTTP {exc.status}. {what} already exists"
            + (f" in project {planned.get('project_id')}" if planned.get("project_id") else "")
            + ". "
            + self.import_hint(planned, object_id),
        )

    def report_lost_create(
        self, diags: Diagnostics, client: SinchClient, planned: Mapping[str, Any], exc: SinchError, since: datetime
    ) -> None:
        """A create that may have succeeded but cannot be found by its arguments: name the candidates."""
        candidates = self.created_since(client, planned, since)
        lines = [
            f"{exc.summary()}: {exc.detail()}",
            f"Sinch may have created the {self.type_name()}, but it cannot be found by its arguments "
            "(the API does not return them), so the request was not sent again.",
        ]
        if candidates:
            lines.append(f"Created in the project since the request ({len(candidates)}):")
            lines += [f"  - {self.describe(c)}: {self.status_text(c)}, created {c.get(self.created_attribute or '')}"
                      for c in candidates]  # fmt: skip
            lines.append("If one of them is this one: " + self.import_hint(planned, candidates[0].get("id")))
        else:
            lines.append("Nothing was created in the project since the request: applying again creates it.")
        diags.add_error(f"The answer to the create of {self.type_name()} was lost", "\n".join(lines))

    def created_since(self, client: SinchClient, planned: Mapping[str, Any], since: datetime) -> list[dict[str, Any]]:
        if not (self.created_attribute and self.list_items_key):
            return []
        margin = since - timedelta(seconds=60)  # the API's clock and ours may differ a little
        try:
            items = client.list_all(self.path(self.collection_path, planned), self.list_items_key, finishing=True)
        except SinchError:
            return []
        found = []
        for item in items:
            try:
                created = datetime.fromisoformat(str(item.get(self.created_attribute)))
            except ValueError:
                continue
            if created >= margin:
                found.append({**item, "project_id": planned.get("project_id")})
        return found

    def read(self, ctx: iface.ReadContext, current: dict[str, Any]) -> dict[str, Any] | None:
        diags = ctx.diagnostics
        client = self.client(diags)
        if client is None:
            return current
        try:
            body = self.read_body(client, current)
        except SinchError as exc:
            if self.is_gone(exc):
                self.forget(diags, current)
                return None
            report(diags, exc, self.error_hints)
            return current
        if self.exists_when is not None and get_path(body, self.exists_when[0]) != self.exists_when[1]:
            field_, value = self.exists_when
            self.forget(diags, current, f"Sinch reports `{field_}` as {get_path(body, field_)!r}, not {value!r}")
            return None
        self.observe(diags, body)
        return self.state_from_api(body, current)

    def forget(
        self, diags: Diagnostics, current: Mapping[str, Any], why: str = "It was deleted outside Terraform"
    ) -> None:
        """A refreshed object that no longer exists: removed from the state, with a warning."""
        diags.add_warning(
            f"{self.type_name()} {self.describe(current)} no longer exists",
            f"{why}, so it is removed from the state; the next plan will create it again.",
        )

    def read_body(self, client: SinchClient, current: Mapping[str, Any]) -> dict[str, Any]:
        """The object's API body: from a listing of its collection when many are read (``list_reads``), else
        (and whenever the listing lacks it) its own GET."""
        if self.list_reads and self.list_items_key:
            collection = self.path(self.collection_path, current)
            keys = tuple(self.attr(name) for name in self.list_identity)
            items_key = self.list_items_key

            def list_all() -> list[dict[str, Any]]:
                return client.list_all(collection, items_key, page_size=self.list_page_size)

            def identity(item: Mapping[str, Any]) -> tuple[Any, ...]:
                values = from_api(keys, item)
                return tuple(values.get(name) for name in self.list_identity)

            wanted = tuple(current.get(name) for name in self.list_identity)
            found = client.listings.find(collection, list_all, identity, wanted)
            if found is not None:
                return found
        body: dict[str, Any] = client.get(self.path(self.item_path, current)) or {}
        return body

    def observe(self, diags: Diagnostics, body: Mapping[str, Any]) -> None:
        """Look at a refreshed object and warn about what the user should know (a rejected change)."""
        reason = self.review.rejection(body) if self.review else None
        if reason is not None and self.review is not None:
            diags.add_warning(
                f"{self.type_name()} {body.get('id') or self.describe(self.state_from_api(body, {}))}: "
                f"{self.review.rejection_warning}",
                f"{reason or 'No reason was given.'} The plan shows the live values; apply again to resubmit.",
            )

    def refused_update(self, current: Mapping[str, Any] | None, planned: Mapping[str, Any]) -> tuple[str, str] | None:
        """(summary, detail) when the API takes no change in the object's current state (review.updatable)."""
        review = self.review
        if current is None or review is None or not review.refuses_update(current.get(STATE), current.get(CHANGE)):
            return None
        changed = [n for n in self.changed(current, planned) if not self.attr(n).action]
        if not changed:
            return None
        if current.get(CHANGE) in review.frozen_while:
            where, when = f"its change is {current.get(CHANGE)}", "while no change of it is under review"
        else:
            where = f"it is {current.get(STATE) or 'under review'}"
            when = "only while it is " + " or ".join(s or "a draft" for s in review.updatable or ())
        return (
            f"{self.type_name()} cannot be updated while {where}",
            f"The Sinch API accepts changes to a {self.type_name()} {when} (changed here: {', '.join(changed)}). "
            "Revert the change, or wait for the review.",
        )

    def update(self, ctx: iface.UpdateContext, current: dict[str, Any], planned: dict[str, Any]) -> dict[str, Any]:
        diags = ctx.diagnostics
        refused = self.refused_update(current, planned)
        if refused:
            diags.add_error(*refused)
            return current
        if self.refuse_at_apply(diags, planned, current):
            return current
        changed = self.changed(current, planned)
        if not changed and not self.waiting(current):
            # only Terraform-side values changed (settings, inputs adopted after an import)
            return self.settle(current, planned)
        client = self.client(diags)
        if client is None:
            return current
        try:
            body = self.apply_update(diags, client, current, planned, changed)
        except Stopped as exc:
            diags.add_warning(f"{self.type_name()} {self.describe(current)}: {exc.summary()}", exc.detail())
            return current
        except SinchError as exc:
            report(diags, exc, self.error_hints)
            return current
        return self.state_from_api(body, planned)

    def apply_update(
        self,
        diags: Diagnostics,
        client: SinchClient,
        current: Mapping[str, Any],
        planned: Mapping[str, Any],
        changed: list[str],
    ) -> dict[str, Any]:
        """Finish a wait an earlier apply could not (a create stopped or timed out), then send the changes."""
        body: dict[str, Any] = {}
        if self.waiting(current):
            body = self.await_state(
                diags, client, client.get(self.path(self.item_path, current)), planned, operation="update"
            )
            if diags.has_errors():
                return body
        elif self.awaits_code(current):
            body = self.verify(diags, client, current, planned, changed)
            if diags.has_errors():
                return body
        body = self.send_update(diags, client, current, planned, [n for n in changed if not self.attr(n).action], body)
        if changed and self.review and self.review.updates_reviewed and not diags.has_errors():
            # the change is reviewed, as a create is
            body = self.await_state(diags, client, body, planned, operation="update")
        return body

    def send_update(
        self,
        diags: Diagnostics,
        client: SinchClient,
        current: Mapping[str, Any],
        planned: Mapping[str, Any],
        changed: list[str],
        body: dict[str, Any],
    ) -> dict[str, Any]:
        """Send the changed attributes (one PUT or PATCH); ``body``: the object's latest API body if a wait just
        read it (else empty). Returns the latest API body."""
        operations = [n for n in changed if self.attr(n).operation is not None and planned.get(n) is True]
        rest = [n for n in changed if self.attr(n).operation is None]
        if rest:
            path = self.path(self.item_path, current)
            body = client.request(self.update_method, path, json=self.update_body(current, planned, rest),
                                  params=self.update_params or None)  # fmt: skip
        if operations:
            body = self.run_operations(client, current, operations)
        return body

    @staticmethod
    def settle(current: Mapping[str, Any], planned: Mapping[str, Any]) -> dict[str, Any]:
        """The planned state with every value still unknown (nested ones too) taken from the current state."""
        return {k: fill_unknown(v, current.get(k)) for k, v in planned.items()}

    def delete(self, ctx: iface.DeleteContext, current: dict[str, Any]) -> None:
        diags = ctx.diagnostics
        if self.undeletable is not None:  # nothing to call: only the state forgets it
            kept = [f"\n  {name}: {_shown_ids(current[name])}" for name in self.undeletable_keeps if current.get(name)]
            diags.add_warning(
                f"{self.type_name()} {self.describe(current)} was removed from the Terraform state only",
                self.undeletable + ("\nWhat stays in Sinch:" + "".join(kept) if kept else ""),
            )
            return None
        client = self.client(diags)
        if client is None:
            return None
        try:
            client.delete(self.path(self.item_path, current), params=self.delete_params or None)
        except SinchError as exc:
            if not self.is_gone(exc):  # already gone is what delete wanted
                report(diags, exc, self.error_hints)
                return None
        self.after_delete(ctx, current)
        return None

    def import_(self, ctx: iface.ImportContext, id: str) -> dict[str, Any] | None:
        if self.not_importable is not None:
            ctx.diagnostics.add_error(f"{self.type_name()} cannot be imported", self.not_importable)
            return None
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
        if self.review is not None:
            state[timeouts.NAME] = None
        return state

    def upgrade(self, ctx: iface.UpgradeContext, version: int, old: dict[str, Any]) -> dict[str, Any]:
        """A state of an earlier schema version, brought to this one by ``state_upgrades`` in turn, then fitted
        to the schema (attributes it no longer has go, new ones are null)."""
        state = dict(old)
        for step in range(version or 0, self.schema_version):
            if step in self.state_upgrades:
                state = self.state_upgrades[step](state)
        names = [a.name for a in self.attributes] + ([timeouts.NAME] if self.review is not None else [])
        return {name: state.get(name) for name in names}

    # ------------------------------------------------------------------ hooks a resource may override

    def create_body(self, planned: Mapping[str, Any]) -> dict[str, Any]:
        return to_api(self.attributes, planned)

    def update_body(self, current: Mapping[str, Any], planned: Mapping[str, Any], changed: list[str]) -> dict[str, Any]:
        """PUT: the whole object; PATCH: what changed, with null meaning "delete this field"."""
        if self.update_method == "PATCH" and self.patch_merges:
            return merge_patch(self.attributes, current, planned, changed)
        if self.update_method == "PATCH":
            return to_api(self.attributes, planned, include=changed, create=False, nulls=True)
        return to_api(self.attributes, planned, create=False)

    def state_from_api(self, body: Mapping[str, Any], prior: Mapping[str, Any]) -> dict[str, Any]:
        path_values = {n: prior.get(n) for n in _PLACEHOLDER.findall(self.item_path) if n != "id"}
        state = from_api(self.attributes, self.live_view(body or {}), prior=prior, extra=path_values)
        if self.review is not None:  # Terraform-side: what the configuration says
            state[timeouts.NAME] = prior.get(timeouts.NAME)
        return state

    def live_view(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """The API body as state shows it: with a review, the pending change over the live details."""
        return self.review.live_view(body) if self.review else dict(body)

    def after_create(
        self, ctx: iface.CreateContext, client: SinchClient, body: dict[str, Any], planned: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Runs once the API has the object; returns its latest API body. By default: the operations of
        attributes set to true (``Attr.operation``), then wait for the target state when the resource has a
        review. Errors keep the object in state, tainted."""
        wanted = [a.name for a in self.attributes if a.operation is not None and planned.get(a.name) is True]
        if wanted:
            body = self.run_operations(client, self.state_from_api(body, planned), wanted)
        if self.review is None:
            return body
        return self.await_state(ctx.diagnostics, client, body, planned)

    def run_operations(self, client: SinchClient, state: Mapping[str, Any], names: list[str]) -> dict[str, Any]:
        """POST the operation of each attribute named (``Attr.operation``); returns the object as the last one answered
        it, else read again."""
        answer: Any = None
        for name in names:
            operation = self.attr(name).operation
            assert operation is not None
            answer = client.post(self.path(operation, state), None, repeatable=True)  # doing it twice does it once
        if isinstance(answer, Mapping) and answer.get("id") is not None:  # it answered the object (an RCS launch)
            return dict(answer)
        body: dict[str, Any] = client.get(self.path(self.item_path, state)) or {}
        return body

    # ------------------------------------------------------------------ asynchronous objects

    #: The reviewed life of the object (provider/review.py): its `state`, its setting `wait_for_state` and its
    #: `timeouts` block, and how create waits. None: the API answers a create with the finished object.
    review: ClassVar[Review | None] = None
    #: State upgrades: from schema version N to N+1 (applied in turn; a reviewed resource's `create_timeout`
    #: of version 1 became the `timeouts` block of version 2).
    state_upgrades: ClassVar[dict[int, Callable[[dict[str, Any]], dict[str, Any]]]] = {}

    def judge(self, body: dict[str, Any], planned: Mapping[str, Any], client: SinchClient) -> Verdict:
        """Is the object where the configuration wants it? A rejection's reason is looked up in the activities
        (``rejection_activities``); an object that can take a verification code has one sent, and the wait ends
        there (``verification``)."""
        if self.review is None:
            return DONE
        if self.rejection_activities and "REJECTED" in (self.review.state(body), self.review.change_status(body)):
            reason_path = self.review.reason_paths[0]
            body = {**body, reason_path: self.rejection_reason(client, body, planned)}
        verdict = self.review.judge(body, planned.get(WAIT))
        flow = self.verification
        if flow is None or verdict.done or verdict.failure or self._verified or not flow.requestable(body):
            return verdict
        # A code is only ever verified by an update: one already in the configuration at create time is stale (a
        # replacement), and failing on it would taint and re-create the object forever.
        body = self.request_code(client, self.state_from_api(body, planned), planned) or body
        return Verdict(
            done=True,
            body=body,
            warning=f"waiting for verification: a code was sent {flow.where(planned)}",
            detail=f"Set {CODE} to the new 6-digit code and apply again to make it {flow.target}.",
        )

    # ------------------------------------------------------------------ rejections and verification

    #: Under the object's path, its activities, when the API keeps a rejection's reason only there: the comment of
    #: the latest REJECTED activity is the reason a failed wait names.
    rejection_activities: ClassVar[str | None] = None
    #: Verification with a code sent to a phone (provider/verification.py).
    verification: ClassVar[Verification | None] = None
    #: Set once this call verified the object (each call has its own resource instance).
    _verified = False

    def rejection_reason(self, client: SinchClient, body: Mapping[str, Any], planned: Mapping[str, Any]) -> str:
        """The comment of the latest REJECTED activity; "" when there is none or it cannot be read."""
        try:
            path = self.path(self.item_path, self.state_from_api(body, planned)) + str(self.rejection_activities)
            answer = client.get(path, params={"pageSize": "100"}) or {}
        except SinchError:
            return ""
        rejected = [n for n in answer.get("notifications") or [] if n.get("type") == "REJECTED"]
        rejected.sort(key=lambda n: str(n.get("created") or ""))
        return str(rejected[-1].get("comment") or "") if rejected else ""

    def awaits_code(self, state: Mapping[str, Any]) -> bool:
        return self.verification is not None and state.get(STATE) == self.verification.awaiting

    def request_code(
        self, client: SinchClient, state: Mapping[str, Any], planned: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        """Ask for a code (again: the latest one counts). Returns the object when the API answers with it."""
        assert self.verification is not None and self.review is not None
        flow = self.verification
        path = self.path(self.item_path, state) + flow.request_path
        answer = client.post(path, flow.request_body(planned), repeatable=True)
        return dict(answer) if isinstance(answer, Mapping) and self.review.state(answer) == flow.awaiting else None

    def verify(
        self,
        diags: Diagnostics,
        client: SinchClient,
        current: Mapping[str, Any],
        planned: Mapping[str, Any],
        changed: list[str],
    ) -> dict[str, Any]:
        """An object awaiting its code: a new method asks for a new code; a new code verifies it, then the update
        waits for the verified state. Returns the object's latest API body."""
        assert self.verification is not None
        flow = self.verification
        answer: Any = None
        if METHOD in changed and CODE not in changed:
            self.request_code(client, current, planned)
        if CODE in changed and planned.get(CODE):
            path = self.path(self.item_path, current) + flow.verify_path
            answer = client.post(path, flow.verify_body(planned[CODE]))
            self._verified = True
        # the object as the verification answered it (KakaoTalk), else read (WhatsApp answers 204)
        body: dict[str, Any] = (
            dict(answer)
            if isinstance(answer, Mapping) and answer.get("id") is not None
            else client.get(self.path(self.item_path, current)) or {}
        )
        if self._verified and self.review is not None and self.review.state(body) != flow.target:
            body = self.await_state(diags, client, body, {**planned, WAIT: flow.target},
                                    goal=f"{flow.target} after verification", operation="update")  # fmt: skip
        return body

    def waiting(self, state: Mapping[str, Any]) -> bool:
        """Is the object still on its way to what the configuration waits for (a create that was stopped or
        timed out)? Then the plan shows an update, and the update waits: applying again keeps waiting."""
        if self.review is None or state.get(WAIT) is Unknown or self.awaits_code(state):
            return False
        return self.review.in_progress(state.get(STATE), state.get(CHANGE), state.get(WAIT))

    def await_state(
        self,
        diags: Diagnostics,
        client: SinchClient,
        body: dict[str, Any],
        planned: Mapping[str, Any],
        *,
        goal: str | None = None,
        operation: str = "create",
    ) -> dict[str, Any]:
        """Poll until ``judge`` is final or the timeout passes; failures and time-outs become errors, and a
        stop (Ctrl-C) ends the wait with a warning: the object stays in state and the next apply waits on."""
        assert self.review is not None
        goal = goal or str(planned.get(WAIT) or "the requested state")
        timeout_text = timeouts.text(planned, operation)
        timeout = timeouts.seconds(planned, operation)
        path = self.path(self.item_path, self.state_from_api(body, planned))
        last = [body]

        def fetch() -> dict[str, Any]:
            last[0] = client.get(path)
            return last[0]

        def judge(latest: dict[str, Any]) -> Verdict:
            return self.judge(latest, planned, client)

        try:
            result = wait_for(fetch, judge, timeout, first=body, sleep=client.stop.sleep)
        except Stopped as exc:
            name = f"{self.type_name()} {self.describe(self.state_from_api(last[0], planned))}"
            diags.add_warning(
                f"Stopped waiting for {name} to reach {goal}",
                f"{exc.reason}. It was last seen as: {self.status_text(last[0])}. It exists in Sinch and stays in "
                "the Terraform state; the next apply plans an update that waits on.",
            )
            return last[0]
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
                f"It was last seen as: {self.status_text(result.body)}. It exists in Sinch, so it stays in the "
                "Terraform state, marked tainted: the next apply replaces it. To keep waiting for this one "
                "instead, run `terraform untaint` on this resource and apply again (the plan then shows an update "
                f"that waits for up to `timeouts.update`; raise it if needed).",
            )
        return result.body

    def status_text(self, body: Mapping[str, Any]) -> str:
        """A short description of where an asynchronous object is, for messages."""
        return self.review.describe(body) if self.review else "unknown"

    def after_delete(self, ctx: iface.DeleteContext, state: Mapping[str, Any]) -> None:
        """Runs once the API accepted the delete (e.g. to warn that removal is delayed)."""

    def changed(self, current: Mapping[str, Any], planned: Mapping[str, Any]) -> list[str]:
        """The attributes an update sends to the API whose planned value differs from the current one. Actions (a
        verification code) count only while the object awaits its code."""
        awaits_code = self.awaits_code(current)
        return [
            a.name
            for a in self.attributes
            if (a.api is not None or (a.action and awaits_code))
            and not a.create_only
            and planned.get(a.name) is not Unknown  # the server decides it: not something to send
            and not a.tf_type.semantically_equal(current.get(a.name), planned.get(a.name))
        ]

    def describe(self, state: Mapping[str, Any]) -> str:
        return f'"{self.format_import_id(state)}"'

    def format_import_id(self, values: Mapping[str, Any]) -> str:
        """The object's import ID, as `terraform import` takes it: the values as they are, not URL-encoded as
        ``path`` makes them (a sender ``@shop`` is ``%40shop`` in a URL, which an import would then encode again)."""
        return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), self.import_id)


def _shown_ids(value: Any) -> str:
    """A value for a message: a list of objects by their ``id``s."""
    if isinstance(value, list):
        return ", ".join(str(v.get("id") if isinstance(v, Mapping) else v) for v in value)
    return str(value)


def _segment(value: str) -> str:
    """One URL path segment. "." and ".." are encoded too: left as they are, they would be resolved away
    (``senders/..`` is the WhatsApp account)."""
    if value in (".", ".."):
        return value.replace(".", "%2E")
    return quote(value, safe="")


def computed_copy(attrs: tuple[Attr, ...], *, exclude: tuple[str, ...] = ()) -> tuple[Attr, ...]:
    """A resource's attributes as read-only results (for the data source of the same object, or the items of a
    list data source). Each keeps its description and its ``sensitive`` flag, nested attributes included."""
    return tuple(a.read_only() for a in attrs if a.name not in exclude)


class ObjectDataSource(_Declared, iface.DataSource):
    """A data source reading one object: mapped to state by the resource of the same object (``resource``), or,
    for an object no resource manages (read-only API information), read from ``item_path`` and mapped by the data
    source's own attributes."""

    resource: ClassVar[type[ApiResource] | None] = None
    #: The object's path, when there is no ``resource`` (placeholders: the data source's attributes).
    item_path: ClassVar[str | None] = None

    def read(self, ctx: iface.ReadDataContext, config: dict[str, Any]) -> dict[str, Any] | None:
        diags = ctx.diagnostics
        state: dict[str, Any] = {a.name: config.get(a.name) for a in self.attributes}
        self.fill_provider_defaults(diags, state, config)
        client = self.client(diags)
        if client is None or diags.has_errors():
            return None
        resource = self.resource(self.provider) if self.resource is not None else None
        template = resource.item_path if resource is not None else self.item_path
        assert template is not None, f"{self.type_name()} declares neither resource nor item_path"
        try:
            body = client.get(self.path(template, state)) or {}
        except SinchError as exc:
            report(diags, exc, self.error_hints)
            return None
        if resource is not None:
            mapped = resource.state_from_api(body, state)
        else:
            inputs = {a.name: state.get(a.name) for a in self.attributes if a.user_settable}
            mapped = from_api(self.attributes, body, extra=inputs)
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
            report(diags, exc, self.error_hints)
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
