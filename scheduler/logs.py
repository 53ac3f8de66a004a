"""Structured log lines for the service: one event per line on stderr.

    ts=2026-11-23T15:02:11Z level=info event=run.finished source=dailynk-en pages=12

``logfmt`` (key=value, quoted where needed) by default, or one JSON object a
line. Values are whatever the caller passes: the service never passes a
database URL with its password (see ``archive.Archive.where``).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

__all__ = ["LOGGER", "configure", "log_event"]

LOGGER = logging.getLogger("nkmon")
_FIELDS = "nkmon_fields"


def log_event(event: str, *, level: int = logging.INFO, **fields: Any) -> None:
    """Log ``event`` with ``fields`` (None values are left out)."""
    LOGGER.log(level, event, extra={_FIELDS: {k: v for k, v in fields.items() if v is not None}})


class _Formatter(logging.Formatter):
    def __init__(self, fmt: str) -> None:
        super().__init__()
        self.json = fmt == "json"

    def format(self, record: logging.LogRecord) -> str:
        ts = datetime.fromtimestamp(record.created, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
        fields: dict[str, Any] = {
            "ts": ts + "Z",
            "level": record.levelname.lower(),
            "event": record.getMessage(),
            **getattr(record, _FIELDS, {}),
        }
        if record.exc_info:
            fields["error"] = self.formatException(record.exc_info).splitlines()[-1]
        if self.json:
            return json.dumps(fields, ensure_ascii=False, default=str)
        return " ".join(f"{k}={_logfmt(v)}" for k, v in fields.items())


def _logfmt(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    if text and not any(c in text for c in ' ="\\\n\t'):
        return text
    return json.dumps(text, ensure_ascii=False)


def configure(level: str = "info", fmt: str = "logfmt") -> None:
    """Send nkmon's log events to stderr at ``level`` (debug, info, warning, error)."""
    numeric = logging.getLevelName(level.upper())
    if not isinstance(numeric, int):
        raise ValueError(f"unknown log level {level!r}: use debug, info, warning or error")
    if fmt not in ("logfmt", "json"):
        raise ValueError(f"unknown log format {fmt!r}: use logfmt or json")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter(fmt))
    LOGGER.handlers[:] = [handler]
    LOGGER.setLevel(numeric)
    LOGGER.propagate = False
    # APScheduler's own messages, in the same format, warnings and up.
    aps = logging.getLogger("apscheduler")
    aps.handlers[:] = [handler]
    aps.setLevel(max(numeric, logging.WARNING))
    aps.propagate = False
