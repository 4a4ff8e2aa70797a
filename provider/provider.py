"""The provider: its schema, its configuration, and the one client every resource shares."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field
from tf import iface
from tf import types as tftypes
from tf.schema import Schema
from tf.types import Unknown
from tf.utils import Diagnostics

from provider.schema import Attr, build_schema, decode_config, validate_config
from provider.stopping import StopFlag
from provider.types import BaseUrl, IdSegment, text

if TYPE_CHECKING:
    from provider.client import SinchClient

log = logging.getLogger("sinch.provider")

PROVIDER_ADDRESS = "registry.terraform.io/sinch/sinch"

#: Each setting: its attribute and the environment variable it falls back to.
SETTINGS: tuple[tuple[Attr, str], ...] = (
    (
        Attr("key_id", IdSegment, "Access key ID of the Sinch project (Sinch Build dashboard).", optional=True),
        "SINCH_KEY_ID",
    ),
    (Attr("key_secret", text(1), "Access key secret.", optional=True, sensitive=True), "SINCH_KEY_SECRET"),
    (
        Attr(
            "project_id",
            IdSegment,
            "Default project for every resource and data source that does not set its own.",
            optional=True,
        ),
        "SINCH_PROJECT_ID",
    ),
    (
        Attr(
            "provisioning_url",
            BaseUrl,
            "Base URL of the Provisioning API. Default "
            "`https://provisioning.api.sinch.com`; point it at `sinch-emulator` to work locally.",
            optional=True,
        ),
        "SINCH_PROVISIONING_URL",
    ),
    (
        Attr(
            "auth_url", BaseUrl, "OAuth2 token endpoint. Default `https://auth.sinch.com/oauth2/token`.", optional=True
        ),
        "SINCH_AUTH_URL",
    ),
    (
        Attr(
            "auth",
            Literal["oauth2", "basic"],
            "How requests authenticate: `oauth2` (default; client-credentials "
            "bearer tokens, cached and refreshed) or `basic` (the key itself on every call; Sinch rate-limits it "
            "heavily and means it for tests).",
            optional=True,
        ),
        "SINCH_AUTH",
    ),
    (
        Attr(
            "request_timeout",
            Annotated[float, Field(gt=0, le=600)],
            "Seconds to wait for one HTTP answer (up to 600). Default 30.",
            optional=True,
        ),
        "SINCH_REQUEST_TIMEOUT",
    ),
    (
        Attr(
            "max_retries",
            Annotated[int, Field(ge=0, le=10)],
            "How many times a call is retried after HTTP 429, a 5xx on an idempotent call, or "
            "a connection failure (a create only when Sinch provably has not made the object), with "
            "exponential backoff that honours `Retry-After`: about 25 s in all at most. Default 6.",
            optional=True,
        ),
        "SINCH_MAX_RETRIES",
    ),
)
_ATTRS = tuple(attr for attr, _ in SETTINGS)
_ENV = {attr.name: env for attr, env in SETTINGS}


class SinchProvider(iface.Provider):
    def __init__(
        self,
        resources: Sequence[type[iface.Resource]] = (),
        data_sources: Sequence[type[iface.DataSource]] = (),
    ) -> None:
        #: Handed in by the entry point (resources/main.py): the bridge knows no resource by name.
        self._resources = tuple(resources)
        self._data_sources = tuple(data_sources)
        self.client: SinchClient | None = None
        self.not_configured_reason: str | None = "ConfigureProvider has not been called."
        self._defaults: dict[str, Any] = {}
        #: Set by StopProvider, SIGINT or a dead parent; the client and every wait obey it.
        self.stop = StopFlag()
        self._environment_checked = False
        self._environment_lock = threading.Lock()

    # ------------------------------------------------------------------ identity and schema

    def get_model_prefix(self) -> str:
        return "sinch_"

    def full_name(self) -> str:
        return PROVIDER_ADDRESS

    def get_provider_schema(self, diags: Diagnostics) -> Schema:
        return build_schema(_ATTRS, 0, "Manage Sinch Provisioning API resources.")

    def get_resources(self) -> list[type[iface.Resource]]:
        return list(self._resources)

    def get_data_sources(self) -> list[type[iface.DataSource]]:
        return list(self._data_sources)

    def secret_api_keys(self) -> frozenset[str]:
        """The JSON keys of every sensitive attribute of the resources and data sources (nested ones too):
        what TRACE logs of request and answer bodies redact."""
        keys: set[str] = set()
        stack: list[Attr] = [
            a for cls in (*self._resources, *self._data_sources) for a in getattr(cls, "attributes", ())
        ]
        while stack:
            attr = stack.pop()
            if attr.nested is not None:
                stack += attr.nested.attributes
            if attr.sensitive:
                keys.add(attr.name)
                keys |= {path.rsplit(".", 1)[-1] for path in (attr.api, attr.read_api) if isinstance(path, str)}
        return frozenset(keys)

    # ------------------------------------------------------------------ configuration

    def validate_config(self, diags: Diagnostics, config: Mapping[str, Any]) -> None:
        """The provider block, and the SINCH_* variables its null arguments fall back to."""
        config = decode_config(_ATTRS, config)
        for path, message in validate_config(_ATTRS, config):
            diags.add_error(f"Invalid provider {path[0]}", message, path=path)
        with self._environment_lock:
            self._environment_checked = True
        for attr in _ATTRS:
            if config.get(attr.name) is None:
                self._from_environment(diags, attr)

    def check_environment(self, diags: Diagnostics) -> None:
        """Check every SINCH_* setting once, unless the provider block was validated (which checks those its
        arguments leave null). `terraform validate` validates an empty or absent provider block not at all, so
        resources and data sources call this: a bad SINCH_PROVISIONING_URL then fails at validate, not as a
        connection error at plan."""
        with self._environment_lock:
            if self._environment_checked:
                return
            self._environment_checked = True
        for attr in _ATTRS:
            self._from_environment(diags, attr)

    def env_name(self, setting: str) -> str:
        return _ENV[setting]

    def default_for(self, setting: str) -> Any:
        """A provider setting that resources fall back to (``project_id``): a value, None, or Unknown."""
        return self._defaults.get(setting)

    def configure_provider(self, diags: Diagnostics, config: Mapping[str, Any]) -> None:
        from provider.client import DEFAULT_AUTH_URL, DEFAULT_PROVISIONING_URL, ClientSettings, SinchClient
        from provider.errors import SinchError

        config = decode_config(_ATTRS, config)
        values = {attr.name: self._resolve(diags, attr, config) for attr in _ATTRS}
        if diags.has_errors():
            self.not_configured_reason = "The provider configuration is invalid."
            return
        self._defaults = {"project_id": values["project_id"]}
        if any(v is Unknown for v in values.values()):
            # Terraform configures with unknown values when the provider block depends on other resources;
            # it configures again, with known values, before anything is applied.
            self.not_configured_reason = "The provider configuration depends on values not known until apply."
            return
        missing = [name for name in ("key_id", "key_secret") if not values[name]]
        for name in missing:
            diags.add_error(
                f"Missing provider {name}",
                f"Set {name} in the provider block or the {_ENV[name]} environment variable.",
                path=[name],
            )
        if missing:
            self.not_configured_reason = "The provider has no credentials."
            return
        settings = ClientSettings(
            key_id=values["key_id"],
            key_secret=values["key_secret"],
            provisioning_url=values["provisioning_url"] or DEFAULT_PROVISIONING_URL,
            auth_url=values["auth_url"] or DEFAULT_AUTH_URL,
            auth=values["auth"] or "oauth2",
            request_timeout=float(values["request_timeout"] if values["request_timeout"] is not None else 30.0),
            max_retries=int(values["max_retries"] if values["max_retries"] is not None else 6),
        )
        client = SinchClient(settings, stop=self.stop)
        client.secret_keys = self.secret_api_keys()
        try:
            client.check_credentials(values["project_id"])
        except SinchError as exc:
            client.close()
            diags.add_error(exc.summary(), exc.detail())
            self.not_configured_reason = f"The credentials were refused: {exc.summary()}"
            return
        self.client = client
        self.not_configured_reason = None

    def _resolve(self, diags: Diagnostics, attr: Attr, config: Mapping[str, Any]) -> Any:
        """Configuration first, then the environment variable; both checked with the same rules (a value not
        known at validate is checked here, once it is)."""
        value = config.get(attr.name)
        if value is Unknown:
            return value
        if value is not None:
            for path, message in attr.validate(value):
                diags.add_error(f"Invalid provider {path[0]}", message, path=path)
            return value
        return self._from_environment(diags, attr)

    def _from_environment(self, diags: Diagnostics, attr: Attr) -> Any:
        """The setting's environment variable (None when unset or empty), checked with the attribute's rules."""
        env = _ENV[attr.name]
        raw = os.environ.get(env)
        if raw is None or raw == "":
            return None
        parsed: Any = raw
        if isinstance(attr.tf_type, tftypes.Number):
            try:
                parsed = int(raw) if raw.strip().lstrip("+-").isdigit() else float(raw)
            except ValueError:
                diags.add_error(
                    f"Invalid {env}", f"{env} must be a number, got {raw!r} (it sets the provider's {attr.name})"
                )
                return None
        for _, message in attr.validate(parsed):
            diags.add_error(f"Invalid {env}", f"{env}: {message}")  # the message names the attribute
        return parsed
