"""The standard ``timeouts { create = "30m"  update = "30m" }`` block of resources that wait.

HashiCorp's providers (terraform-plugin-framework-timeouts) let a configuration bound each waiting operation in
a ``timeouts`` block; users expect the same here. tf 1.2.0 knows the SINGLE nesting mode of a block but has no
class for it: this is that class, for this one block. The values are Terraform-side settings (state keeps
what the configuration says) and default to 20 minutes when left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tf.schema import Block, NestedBlock, NestMode

from provider.schema import Attr
from provider.types import Duration, parse_duration

NAME = "timeouts"
DEFAULT = "20m"
#: The operations that wait, and what they wait for.
OPERATIONS: dict[str, str] = {
    "create": "How long create waits for `wait_for_state`",
    "update": "How long an update waits (for a change under review, a verification, or a wait an earlier apply "
    "could not finish)",
}
ATTRIBUTES = tuple(
    Attr(op, Duration, f'{what}, e.g. "30m" or "1h" (default "{DEFAULT}").', optional=True)
    for op, what in OPERATIONS.items()
)


class TimeoutsBlock(NestedBlock):
    """``timeouts {}``: one optional block (null when the configuration has none)."""

    def __init__(self) -> None:
        super().__init__(
            NAME,
            NestMode.Single,
            Block(attributes=[a.to_tf() for a in ATTRIBUTES], description="How long operations wait."),
        )

    def encode(self, value: Any) -> Any:
        return None if value is None else {a.name: value.get(a.name) for a in ATTRIBUTES}

    def decode(self, value: Any) -> Any:
        return None if value is None else {a.name: value.get(a.name) for a in ATTRIBUTES}

    def semantically_equal(self, a_decoded: Any, b_decoded: Any) -> bool:
        return bool(a_decoded == b_decoded)


BLOCK = TimeoutsBlock()


def text(state: Mapping[str, Any], operation: str) -> str:
    """The configured duration of ``operation`` ("20m" when the configuration leaves it out)."""
    block = state.get(NAME)
    value = block.get(operation) if isinstance(block, Mapping) else None
    return value if isinstance(value, str) and value else DEFAULT


def seconds(state: Mapping[str, Any], operation: str) -> float:
    return parse_duration(text(state, operation))


def problems(config: Mapping[str, Any]) -> list[tuple[list[Any], str]]:
    """Bad durations in the configuration's block, with their paths (unknown values are skipped)."""
    block = config.get(NAME)
    if not isinstance(block, Mapping):
        return []
    found: list[tuple[list[Any], str]] = []
    for attr in ATTRIBUTES:
        for _, message in attr.validate(block.get(attr.name)):
            found.append(([NAME, attr.name], f"{NAME}.{message}"))
    return found


def upgrade_create_timeout(state: dict[str, Any]) -> dict[str, Any]:
    """Schema version 1 -> 2: the ``create_timeout`` attribute became ``timeouts { create }`` (its default, 20m,
    becomes no block at all, as a configuration without one plans it)."""
    old = state.pop("create_timeout", None)
    if state.get(NAME) is None:
        state[NAME] = {"create": old, "update": None} if old not in (None, DEFAULT) else None
    return state
