"""A provider that does nothing, on the same `tf` framework and runner: the bridge's own floor, for bench/perf.py.

One resource, `noop_webhook`, with the attribute names and types of `sinch_webhook`: create returns the plan with
an id, read returns the state, update the plan, delete nothing. No I/O, no validation. Served by tf's own runner
(`tf.runner.run_provider`); the only change to tf's servicer is that a destroy plan passes through (tf 1.2.0
answers it with an error, as provider/servicer.py notes). Source address `registry.terraform.io/bench/noop`.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

from tf import provider as tf_provider
from tf import runner
from tf.iface import Config, CreateContext, DeleteContext, Provider, ReadContext, Resource, State, UpdateContext
from tf.schema import Attribute, Schema
from tf.types import Set, String, Unknown
from tf.utils import Diagnostics

MSGPACK_NIL = b"\xc0"


class NoopWebhook(Resource):
    def __init__(self, provider: Any) -> None:
        self.provider = provider

    @classmethod
    def get_name(cls) -> str:
        return "webhook"

    @classmethod
    def get_schema(cls) -> Schema:
        return Schema(
            version=1,
            attributes=[
                Attribute("id", String(), computed=True),
                Attribute("project_id", String(), optional=True, computed=True, requires_replace=True),
                Attribute("target", String(), required=True),
                Attribute("secret", String(), required=True, sensitive=True),
                Attribute("triggers", Set(String()), required=True),
            ],
        )

    def create(self, ctx: CreateContext, planned: State) -> State:
        project = planned.get("project_id")
        return {**planned, "id": uuid.uuid4().hex, "project_id": "noop" if project in (None, Unknown) else project}

    def read(self, ctx: ReadContext, current: State) -> State:
        return current

    def update(self, ctx: UpdateContext, current: State, planned: State) -> State:
        return planned

    def delete(self, ctx: DeleteContext, current: State) -> None:
        return None


def _known(value: Any) -> Any:
    """Unknown computed values become null (a create must answer with known values)."""
    if value is Unknown:
        return None
    if isinstance(value, dict):
        return {k: _known(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_known(v) for v in value]
    return value


class NoopTemplate(NoopWebhook):
    """`noop_whatsapp_template`: the schema `sinch_whatsapp_template` serves, and nothing behind it (with
    BENCH_NOOP_TEMPLATES=1: it imports the provider's resources, so it is off for the start-up figures)."""

    @classmethod
    def get_name(cls) -> str:
        return "whatsapp_template"

    @classmethod
    def get_schema(cls) -> Schema:
        from resources.whatsapp_template import WhatsappTemplate

        return WhatsappTemplate.get_schema()

    def create(self, ctx: CreateContext, planned: State) -> State:
        return _known({**planned, "project_id": planned.get("project_id") or "noop"})

    def update(self, ctx: UpdateContext, current: State, planned: State) -> State:
        return _known(planned)


class NoopProvider(Provider):
    def get_model_prefix(self) -> str:
        return "noop_"

    def full_name(self) -> str:
        return "registry.terraform.io/bench/noop"

    def get_provider_schema(self, diags: Diagnostics) -> Schema:
        return Schema(attributes=[])

    def validate_config(self, diags: Diagnostics, config: Config) -> None:
        return None

    def configure_provider(self, diags: Diagnostics, config: Config) -> None:
        return None

    def get_data_sources(self) -> list[Any]:
        return []

    def get_resources(self) -> list[Any]:
        return [NoopWebhook, NoopTemplate] if os.environ.get("BENCH_NOOP_TEMPLATES") else [NoopWebhook]


class NoopServicer(tf_provider.ProviderServicer):
    def PlanResourceChange(self, request: Any, context: Any) -> Any:
        if request.proposed_new_state.msgpack == MSGPACK_NIL:  # destroy: nothing to plan
            return tf_provider.pb.PlanResourceChange.Response(planned_state=request.proposed_new_state)
        return super().PlanResourceChange(request, context)


if __name__ == "__main__":
    tf_provider.ProviderServicer = NoopServicer  # the runner builds its servicer from this attribute
    runner.run_provider(NoopProvider())
