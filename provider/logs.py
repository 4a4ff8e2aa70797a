"""Provider logs: JSON lines on stderr in the shape go-plugin understands (``@level``, ``@message``).

Terraform reads a plugin's stderr; a JSON line with these keys is shown in ``TF_LOG`` output at its own
level and tagged with the provider's name. stdout is reserved for the plugin handshake.
"""

from __future__ import annotations

import logging
import os
import sys

from pythonjsonlogger.json import JsonFormatter

_LEVELS = {
    "TRACE": logging.DEBUG,
    "DEBUG": logging.DEBUG,
    "INFO": logging.INFO,
    "WARN": logging.WARNING,
    "ERROR": logging.ERROR,
    "OFF": logging.CRITICAL + 10,
}
_HCLOG_LEVEL = {"DEBUG": "debug", "INFO": "info", "WARNING": "warn", "ERROR": "error", "CRITICAL": "error"}


class HclogFormatter(JsonFormatter):
    def add_fields(self, log_record: dict, record: logging.LogRecord, message_dict: dict) -> None:
        super().add_fields(log_record, record, message_dict)
        log_record["@level"] = _HCLOG_LEVEL.get(record.levelname, "info")
        log_record["@message"] = log_record.pop("message", record.getMessage())
        log_record["@module"] = record.name
        log_record.pop("levelname", None)
        log_record.pop("name", None)


def setup() -> None:
    """Send the ``sinch`` loggers to stderr at the level of TF_LOG_PROVIDER (else TF_LOG; default WARN)."""
    level_name = (os.environ.get("TF_LOG_PROVIDER") or os.environ.get("TF_LOG") or "WARN").upper()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(HclogFormatter(timestamp="@timestamp"))
    root = logging.getLogger("sinch")
    root.handlers[:] = [handler]
    root.setLevel(_LEVELS.get(level_name, logging.WARNING))
    root.propagate = False
