"""Reading times from the command line: '7d', '12h', '2026-11-01', ISO datetimes."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import click

__all__ = ["TimeParam"]

_AGO = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class TimeParam(click.ParamType):
    """A moment: a duration back from now (``7d``, ``12h``) or a date / ISO datetime (UTC
    unless it says otherwise). A bare date is the start of that day, or its end
    with ``end_of_day`` (for --until: "until 2026-11-01" includes that day)."""

    name = "TIME"

    def __init__(self, *, end_of_day: bool = False) -> None:
        self.end_of_day = end_of_day

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if isinstance(value, datetime):
            return value
        if match := _AGO.match(value):
            return datetime.now(UTC) - timedelta(**{_UNITS[match[2]]: int(match[1])})
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            self.fail(f"{value!r} is neither a duration like 7d or 12h nor a date like 2026-11-01")
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        if self.end_of_day and len(value.strip()) == 10:
            parsed += timedelta(days=1) - timedelta(microseconds=1)
        return parsed.astimezone(UTC)
