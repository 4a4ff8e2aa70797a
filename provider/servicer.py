"""Where the ``tf`` framework's known gaps are bridged, once, for every resource.

- ``PlanResourceChange``: tf 1.2.0 calls ``Resource.plan()`` only on update and without the configuration,
  and decides replacement before ``plan()`` runs. Here ``plan()`` runs for create and update, sees the
  configuration (to tell "left null" from "set"), and replacement is decided on the final plan, so a
  provider-level default (``project_id``) that changes still replaces the resource, and ``force_new``
  attributes inside nested objects replace it too (tf knows top-level attributes only). Destroy plans pass
  through (tf 1.2.0 reports them as an error).
- Unknown values: Terraform >= 1.6 sends *refined* unknowns (msgpack extension 12: "unknown, but a string
  starting with https://..."); tf 1.2.0 decodes only extension 0 as unknown and hands the rest to
  resources as opaque objects. Every msgpack extension in the plugin wire format is an unknown value.
- ``ReadDataSource``: tf 1.2.0 hands a data source its raw configuration and sends the dict it returns as is.
  Here both go through the attribute types, like resource state: the objects of a nested attribute get
  exactly their declared keys, and a wrong key is an error here rather than a malformed value for Terraform.
- Every RPC: an exception becomes an error diagnostic (tf re-raises it as a raw gRPC error, which
  Terraform shows as a crash), and is logged with its traceback on stderr for ``TF_LOG``.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from copy import deepcopy
from typing import Any

import grpc
from tf import utils as tf_utils
from tf.gen import tfplugin_pb2 as pb
from tf.iface import ReadDataContext
from tf.provider import ProviderServicer, _decode_state, _encode_state
from tf.schema import Attribute
from tf.types import Unknown
from tf.utils import Diagnostic, Diagnostics, _to_attribute_path

from provider import logs
from provider.resource import PlanContext
from provider.schema import nested_replacements

log = logging.getLogger("sinch.servicer")


def _decode_extension(code: int, data: bytes) -> Any:
    """cty's msgpack extensions: 0 is an unknown value, 12 an unknown value with refinements."""
    return Unknown


tf_utils._msgpack_ext_hook = _decode_extension  # read_dynamic_value looks it up at call time


class SinchServicer(ProviderServicer):
    def __init__(self, app: Any):
        super().__init__(app)
        self._ds_attr_map: dict[str, dict[str, Attribute]] = {}

    def PlanResourceChange(self, request: Any, context: grpc.ServicerContext) -> Any:
        response = pb.PlanResourceChange.Response
        type_name = request.type_name
        diags = Diagnostics()
        attrs = self._get_res_attrs(type_name)
        blocks = self._get_res_blocks(type_name)
        _, prior = _decode_state(diags, attrs, blocks, request.prior_state)
        proposed_enc, proposed = _decode_state(diags, attrs, blocks, request.proposed_new_state)
        _, config = _decode_state(diags, attrs, blocks, request.config)
        if diags.has_errors():
            return response(diagnostics=diags.to_pb())
        if proposed is None:  # destroy
            return response(planned_state=request.proposed_new_state, diagnostics=diags.to_pb())

        resource = self.app.new_resource(self._get_res_cls(type_name))
        ctx = PlanContext(diags, type_name, changed_fields=set(), config=config or {})
        planned = resource.plan(ctx, deepcopy(prior), deepcopy(proposed))
        if diags.has_errors():
            return response(diagnostics=diags.to_pb())

        requires_replace = []
        if prior is not None:
            names = resource.requires_replace(prior, planned, config or {})
            requires_replace = [_to_attribute_path([name]) for name in names]
            # force_new attributes inside nested objects (tf 1.2.0 knows top-level attributes only)
            attributes = getattr(resource, "attributes", ())
            requires_replace += [_to_attribute_path(p) for p in nested_replacements(attributes, prior, planned)]
        return response(
            planned_state=_encode_state(attrs, blocks, planned, proposed_enc),
            requires_replace=requires_replace,
            diagnostics=diags.to_pb(),
        )

    def StopProvider(self, request: Any, context: grpc.ServicerContext) -> Any:
        """Answer at once: calls in flight finish what they sent and report it; nothing new is sent."""
        self.app.stop.stop("Terraform asked the provider to stop (interrupted)")
        return pb.StopProvider.Response()

    def ReadDataSource(self, request: Any, context: grpc.ServicerContext) -> Any:
        response = pb.ReadDataSource.Response
        type_name = request.type_name
        diags = Diagnostics()
        attrs = self._get_ds_attrs(type_name)
        _, config = _decode_state(diags, attrs, {}, request.config)
        if diags.has_errors():
            return response(diagnostics=diags.to_pb())
        data_source = self.app.new_data_source(self._get_ds_cls(type_name))
        state = data_source.read(ReadDataContext(diags, type_name), config or {})
        return response(state=_encode_state(attrs, {}, state, None), diagnostics=diags.to_pb())

    def _get_ds_attrs(self, type_name: str) -> dict[str, Attribute]:
        if type_name not in self._ds_attr_map:
            schema = self._get_ds_cls(type_name).get_schema()
            self._ds_attr_map[type_name] = {a.name: a for a in schema.attributes}
        return self._ds_attr_map[type_name]


def _with_diagnostics(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    response_cls = getattr(pb, name).Response

    @functools.wraps(method)
    def wrapper(self: SinchServicer, request: Any, context: grpc.ServicerContext) -> Any:
        try:
            with logs.in_rpc(name, getattr(request, "type_name", None)):
                return method(self, request, context)
        except Exception as exc:
            log.exception("%s failed", name)
            diag = Diagnostic.error(
                f"Internal error in the Sinch provider during {name}",
                f"{type(exc).__name__}: {exc}\nThis is a bug in terraform-provider-sinch; "
                "please report it with the output of TF_LOG_PROVIDER=DEBUG.",
            )
            return response_cls(diagnostics=[diag.to_pb()])

    return wrapper


_RPCS = (
    "GetProviderSchema",
    "ValidateProviderConfig",
    "ValidateResourceConfig",
    "ValidateDataResourceConfig",
    "UpgradeResourceState",
    "ConfigureProvider",
    "ReadResource",
    "PlanResourceChange",
    "ApplyResourceChange",
    "ImportResourceState",
    "ReadDataSource",
)
for _name in _RPCS:
    setattr(SinchServicer, _name, _with_diagnostics(_name, getattr(SinchServicer, _name)))
