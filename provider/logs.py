"""Provider logs: JSON lines on stderr in the shape go-plugin understands (``@level``, ``@message``).

Terraform reads a plugin's stderr; a JSON line with these keys is shown in ``TF_LOG`` output at its own
level and tagged with the provider's name. stdout is reserved for the plugin handshake.

- ``TF_LOG_PROVIDER`` (else ``TF_LOG``) sets the level; ``TRACE`` shows more than ``DEBUG``: the bodies of
  requests and answers, with every secret replaced by ``REDACTED`` (``redact``).
- Every line carries the RPC it belongs to (``tf_rpc``) and the resource or data source type (``tf_type``), set
  per gRPC call by the servicer (``in_rpc``): among ten calls at once, a line says whose it is.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any

TRACE = 5
logging.addLevelName(TRACE, "TRACE")

_LEVELS = {
    "TRACE": TRACE,
    "DEBUG": logging.DEBUG,
    "INFO": logging.INFO,
    "WARN": logging.WARNING,
    "ERROR": logging.ERROR,
    "OFF": logging.CRITICAL + 10,
}
_HCLOG_LEVEL = {
    "TRACE": "trace",
    "DEBUG": "debug",
    "INFO": "info",
    "WARNING": "warn",
    "ERROR": "error",
    "CRITICAL": "error",
}

_rpc: contextvars.ContextVar[str | None] = contextvars.ContextVar("tf_rpc", default=None)
_type: contextvars.ContextVar[str | None] = contextvars.ContextVar("tf_type", default=None)

#: Keys whose values never reach a log, whatever the level (besides the provider's sensitive attributes).
ALWAYS_SECRET = frozenset(
    {"secret", "password", "token", "accesstoken", "access_token", "clientsecret", "client_secret", "code",
     "authorization", "keysecret", "key_secret"}
)  # fmt: skip


@contextlib.contextmanager
def in_rpc(rpc: str, type_name: str | None) -> Iterator[None]:
    """Tag the log lines of one gRPC call (the handler's thread) with the RPC and the type it serves."""
    rpc_token, type_token = _rpc.set(rpc), _type.set(type_name or None)
    try:
        yield
    finally:
        _rpc.reset(rpc_token)
        _type.reset(type_token)


class _Context(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.tf_rpc = _rpc.get()
        record.tf_type = _type.get()
        return True


def hclog_formatter() -> logging.Formatter:
    """python-json-logger's formatter with go-plugin's keys (``@level``, ``@message``, ``@module``)."""
    from pythonjsonlogger.json import JsonFormatter

    class HclogFormatter(JsonFormatter):
        def add_fields(self, log_record: dict, record: logging.LogRecord, message_dict: dict) -> None:
            super().add_fields(log_record, record, message_dict)
            log_record["@level"] = _HCLOG_LEVEL.get(record.levelname, "info")
            log_record["@message"] = log_record.pop("message", record.getMessage())
            log_record["@module"] = record.name
            log_record.pop("levelname", None)
            log_record.pop("name", None)
            for key in ("tf_rpc", "tf_type"):
                if log_record.get(key) is None:
                    log_record.pop(key, None)

    return HclogFormatter(timestamp="@timestamp")


class _OnFirstLine(logging.Formatter):
    """Builds the JSON formatter when the first line is logged: most provider processes log nothing at the
    default level, and Terraform starts several per command (start-up stays lean)."""

    def __init__(self) -> None:
        super().__init__()
        self._formatter: logging.Formatter | None = None

    def format(self, record: logging.LogRecord) -> str:
        if self._formatter is None:
            self._formatter = hclog_formatter()
        return self._formatter.format(record)


def setup() -> None:
    """Send the ``sinch`` loggers to stderr at the level of TF_LOG_PROVIDER (else TF_LOG; default WARN)."""
    level_name = (os.environ.get("TF_LOG_PROVIDER") or os.environ.get("TF_LOG") or "WARN").upper()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OnFirstLine())
    handler.addFilter(_Context())
    root = logging.getLogger("sinch")
    root.handlers[:] = [handler]
    root.setLevel(_LEVELS.get(level_name, logging.WARNING))
    root.propagate = False


def redact(value: Any, secret_keys: Iterable[str] = ()) -> Any:
    """``value`` (decoded JSON) with the value of every secret key replaced by "REDACTED", at any depth. Keys
    compare case-insensitively and without underscores: ``bearerToken``, ``bearer_token``."""
    keys = {_fold(k) for k in (*ALWAYS_SECRET, *secret_keys)}

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: ("REDACTED" if _fold(str(k)) in keys and v is not None else walk(v)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(value)


def _fold(key: str) -> str:
    return key.replace("_", "").lower()
